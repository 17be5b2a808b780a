/// The walk minutes, walking speeds and tiers at which a category's coverage is measured for the
/// sensitivity curves, and the search bound they need.
///
/// Standard: minutes 1 to 30 at the category's speed; speeds 60 to 90 m/min in steps of 5 at the
/// category's threshold (50 to 70 m/min for an `age60plus` category when the plan sets an elder
/// speed); tiers 5, 10 and 15 minutes.
package struct SensitivityBand: Hashable, Sendable {
    /// Walk minutes of the minutes curve, ascending.
    package var minutes: [Double]
    /// Walking speeds (metres per minute) of the speed curve, ascending.
    package var speeds: [Double]
    /// The tiers reported side by side (minutes), ascending.
    package var tiers: [Double]
    /// The margin of "fragile" coverage, minutes either side of the threshold.
    package var fragileMinutes: Double = 1

    /// The general band: 1–30 minutes, 60–90 m/min.
    package static let general = SensitivityBand(
        minutes: (1...30).map(Double.init), speeds: [60, 65, 70, 75, 80, 85, 90], tiers: [5, 10, 15])
    /// The elder band: 1–30 minutes, 50–70 m/min.
    package static let elder = SensitivityBand(
        minutes: (1...30).map(Double.init), speeds: [50, 55, 60, 65, 70], tiers: [5, 10, 15])

    /// The band for a category: the elder band for an `age60plus` category when the plan sets an
    /// elder speed, else the general band.
    package static func standard(for category: Category, walking: Walking) -> SensitivityBand {
        category.demand == .age60plus && walking.elderSpeedMetersPerMinute != nil ? .elder : .general
    }

    /// The longest walk any figure needs, metres: the largest of the curve's minutes, the tiers and
    /// the threshold plus the fragile margin, times the faster of the band's top speed and the
    /// category's own speed.
    ///
    /// A life-circle time class up to the band's last minute is known from a search this long, too.
    package func bound(thresholdMinutes: Double, speed: Double) -> Double {
        let longest = max(minutes.max() ?? 0, tiers.max() ?? 0, thresholdMinutes + fragileMinutes)
        return longest * max(speeds.max() ?? 0, speed)
    }
}

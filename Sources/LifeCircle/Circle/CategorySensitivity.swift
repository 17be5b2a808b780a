/// How sure a category's coverage is: coverage as a curve over walk minutes and over walking
/// speeds, at several tiers, and the demand within a minute of the threshold either way.
///
/// Every figure is a division of one search's distances (``ReachDistances``): a point is covered at
/// m minutes and v metres per minute when its walk is within m × v metres (``DistanceTolerance``).
package struct CategorySensitivity: Hashable, Sendable {
    /// Coverage at one setting.
    package struct Point: Hashable, Sendable {
        /// Walk minutes.
        package var minutes: Double
        /// Walking speed, metres per minute.
        package var speed: Double
        /// Covered demand.
        package var covered: Double
        /// Covered share of all demand, or nil without demand.
        package var share: Double?
    }

    /// The category's id.
    package var category: String
    /// The category's threshold (minutes) and speed (metres per minute).
    package var thresholdMinutes: Double
    package var speed: Double
    /// Demand of all resident points (the category's demand base).
    package var demand: Double
    /// Covered demand at the category's own threshold and speed.
    package var covered: Double
    /// Coverage at each of the band's minutes, at the category's speed.
    package var byMinutes: [Point]
    /// Coverage at each of the band's speeds, at the category's threshold.
    package var bySpeed: [Point]
    /// Coverage at each tier, at the category's speed.
    package var tiers: [Point]
    /// The fragile margin, minutes.
    package var fragileMinutes: Double
    /// Covered, but not within (threshold − margin) minutes: demand and points that a slower walk
    /// or a longer way would lose.
    package var fragileCovered: Double
    package var fragileCoveredPoints: Int
    /// Not covered, but within (threshold + margin) minutes: demand and points that are almost there.
    package var fragileUncovered: Double
    package var fragileUncoveredPoints: Int

    /// The curves of one category from its distances.
    ///
    /// - Parameters:
    ///   - reach: The category's distances, searched at least to `band.bound(...)`.
    ///   - weights: Each point's demand weight (the category's demand base).
    ///   - band: The minutes, speeds and tiers.
    /// - Complexity: O(R · (M + S + T)) for R points, M minutes, S speeds and T tiers (a point's
    ///   smallest covering minute is found by a scan that stops at the first hit).
    package init(reach: ReachDistances, demand weights: [Double], band: SensitivityBand) {
        category = reach.category
        thresholdMinutes = reach.thresholdMinutes
        speed = reach.speed
        fragileMinutes = band.fragileMinutes
        let threshold = reach.thresholdMinutes, v = reach.speed
        var total = 0.0, own = 0.0
        var atMinute = [Double](repeating: 0, count: band.minutes.count)
        var atSpeed = [Double](repeating: 0, count: band.speeds.count)
        var atTier = [Double](repeating: 0, count: band.tiers.count)
        var lose = 0.0, gain = 0.0, losePoints = 0, gainPoints = 0
        let shorter = max(threshold - band.fragileMinutes, 0), longer = threshold + band.fragileMinutes
        for i in reach.meters.indices {
            let w = i < weights.count ? weights[i] : 0
            total += w
            guard reach.meters[i].isFinite else { continue }
            // Curves are monotone in minutes and speed: add the weight at the first setting that covers.
            if let k = band.minutes.firstIndex(where: { reach.within(i, minutes: $0, speed: v) }) { atMinute[k] += w }
            if let k = band.speeds.firstIndex(where: { reach.within(i, minutes: threshold, speed: $0) }) { atSpeed[k] += w }
            if let k = band.tiers.firstIndex(where: { reach.within(i, minutes: $0, speed: v) }) { atTier[k] += w }
            if reach.status[i] == .covered {
                own += w
                if !reach.within(i, minutes: shorter, speed: v) { lose += w; losePoints += 1 }
            } else if reach.within(i, minutes: longer, speed: v) {
                gain += w
                gainPoints += 1
            }
        }
        func cumulative(_ xs: [Double]) -> [Double] {
            var sum = 0.0
            return xs.map { sum += $0; return sum }
        }
        let share: (Double) -> Double? = { total > 0 ? $0 / total : nil }
        demand = total
        covered = own
        byMinutes = zip(band.minutes, cumulative(atMinute)).map { Point(minutes: $0, speed: v, covered: $1, share: share($1)) }
        bySpeed = zip(band.speeds, cumulative(atSpeed)).map { Point(minutes: threshold, speed: $0, covered: $1, share: share($1)) }
        tiers = zip(band.tiers, cumulative(atTier)).map { Point(minutes: $0, speed: v, covered: $1, share: share($1)) }
        fragileCovered = lose
        fragileCoveredPoints = losePoints
        fragileUncovered = gain
        fragileUncoveredPoints = gainPoints
    }

    /// Covered share at the category's own threshold and speed, or nil without demand.
    package var share: Double? { demand > 0 ? covered / demand : nil }
}

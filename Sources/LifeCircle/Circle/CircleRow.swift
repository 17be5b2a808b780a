/// The life circle of one area (a street, the points outside all streets, or the whole district):
/// who lives in a complete life circle, how many categories they reach, their life-circle time, and
/// which category binds.
///
/// Figures count each point's population; a `…60plus` figure counts its residents aged 60+ only.
package struct CircleRow: Hashable, Sendable {
    /// The street's index, or nil for the outside and district rows.
    package var street: Int?
    /// Priority among streets: 1 = most residents not in a complete life circle; nil outside streets.
    package var rank: Int?
    /// Resident points.
    package var points = 0
    /// Residents, and residents aged 60+.
    package var population = 0.0
    package var population60plus = 0.0
    /// Residents in a complete life circle, and those aged 60+.
    package var complete = 0.0
    package var complete60plus = 0.0
    /// `reachAtLeast[k − 1]`: residents at points that reach at least k of the essential categories
    /// (k = 1…n), and the same for the 60+.
    package var reachAtLeast: [Double]
    package var reachAtLeast60plus: [Double]
    /// Residents by life-circle time class (`CircleCompleteness.timeLimits`, then one class for
    /// beyond the last limit or unreachable), and the same for the 60+.
    package var timeClasses: [Double]
    package var timeClasses60plus: [Double]
    /// The median life-circle time, minutes; infinity when the middle resident has no walk within the
    /// searched bound; nil without residents.
    package var medianMinutes: Double?
    package var medianMinutes60plus: Double?
    /// `gain[j]`: residents who would be in a complete life circle if essential category j alone
    /// reached everyone (those it alone keeps out), and the same for the 60+.
    package var gain: [Double]
    package var gain60plus: [Double]

    /// An empty row for `essentialCount` categories and `classCount` time classes (beyond included).
    package init(street: Int?, essentialCount: Int, classCount: Int) {
        self.street = street
        reachAtLeast = Array(repeating: 0, count: essentialCount)
        reachAtLeast60plus = Array(repeating: 0, count: essentialCount)
        timeClasses = Array(repeating: 0, count: classCount)
        timeClasses60plus = Array(repeating: 0, count: classCount)
        gain = Array(repeating: 0, count: essentialCount)
        gain60plus = Array(repeating: 0, count: essentialCount)
    }

    /// Share of residents in a complete life circle, or nil without residents.
    package var completeShare: Double? { population > 0 ? complete / population : nil }
    /// Share of residents 60+ in a complete life circle, or nil without residents 60+.
    package var completeShare60plus: Double? { population60plus > 0 ? complete60plus / population60plus : nil }
    /// Residents not in a complete life circle.
    package var incomplete: Double { population - complete }

    /// The binding category: the essential category (index into the essential list) whose reaching
    /// everyone would complete the most residents; ties go to the earlier category; nil when no
    /// single category would complete anyone.
    package var binding: Int? { Self.largest(gain) }
    /// The binding category for the 60+ (by `gain60plus`).
    package var binding60plus: Int? { Self.largest(gain60plus) }

    private static func largest(_ xs: [Double]) -> Int? {
        var best: Int?
        for j in xs.indices where xs[j] > 0 && (best.map { xs[j] > xs[$0] } ?? true) { best = j }
        return best
    }
}

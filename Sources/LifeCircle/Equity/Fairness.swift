/// Inequality indices of one measure over one kind of unit (residents or streets): the Gini
/// coefficient, the Palma ratio, the weighted mean and the Lorenz curve sampled for output.
///
/// A summary of a ``LorenzCurve``; see there for the exact definitions.
package struct Fairness: Hashable, Sendable {
    /// Units that counted (positive weight).
    package var units: Int
    /// Σ w over those units.
    package var totalWeight: Double
    /// The weighted mean Σ w·v / Σ w.
    package var mean: Double
    /// G = 1 − 2 × (area under the Lorenz curve).
    package var gini: Double
    /// (1 − L(0.9)) / L(0.4); nil when the bottom 40% of the weight hold nothing.
    package var palma: Double?
    /// The Lorenz curve at evenly spaced weight shares, (0, 0) to (1, 1).
    package var lorenz: [LorenzPoint]

    /// The number of Lorenz points kept for output (weight shares 0, 0.05, …, 1).
    package static let lorenzPointCount = 21

    /// The indices of `values` weighted by `weights`.
    ///
    /// - Returns: nil when the Lorenz curve does not exist (no positive weight; a negative, NaN or
    ///   infinite value or weight).
    /// - Complexity: as ``LorenzCurve/init(values:weights:)``; O(n) without sorting above 4,096 units
    ///   of at most 16 distinct values.
    package init?(values: [Double], weights: [Double], lorenzPoints: Int = Fairness.lorenzPointCount) {
        // One pass over the sorted units, the same figures as `init(curve:)` without keeping the curve;
        // above the comparator sort's limit, units of at most 16 distinct values are grouped by value
        // instead of sorted (the same figures up to rounding: see `LorenzCurve.groupedUnits`).
        let sorted: LorenzCurve.SortedUnits, unitCount: Int
        let many = min(values.count, weights.count) > LorenzCurve.comparatorSortLimit
        switch many ? LorenzCurve.groupedUnits(values: values, weights: weights) : .many {
        case .invalid:
            return nil
        case .grouped(let groups, let count):
            (sorted, unitCount) = (groups, count)
        case .many:
            guard let units = LorenzCurve.sortedUnits(values: values, weights: weights) else { return nil }
            (sorted, unitCount) = (units, units.values.count)
        }
        let k = max(lorenzPoints, 2)
        let shares = (0..<k).map { i in i == k - 1 ? 1 : Double(i) / Double(k - 1) }
        let (gini, heights) = LorenzCurve.summary(sorted, at: shares + [0.4, 0.9])
        units = unitCount
        totalWeight = sorted.totalWeight
        mean = sorted.totalValue / sorted.totalWeight
        self.gini = gini
        let bottom = heights[k], top = 1 - heights[k + 1]
        palma = sorted.totalValue > 0 && bottom > 0 ? max(top, 0) / bottom : nil
        lorenz = (0..<k).map { LorenzPoint(weightShare: shares[$0], valueShare: heights[$0]) }
    }

    /// The indices read off a curve.
    ///
    /// - Complexity: O(n + lorenzPoints · log n).
    package init(curve: LorenzCurve, lorenzPoints: Int = Fairness.lorenzPointCount) {
        units = curve.weightShares.count - 1
        totalWeight = curve.totalWeight
        mean = curve.mean
        gini = curve.gini
        palma = curve.palma
        lorenz = curve.sampled(count: lorenzPoints)
    }
}

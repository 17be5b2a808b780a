extension LorenzCurve {
    /// What ``groupedUnits(values:weights:limit:)`` found.
    enum Grouping {
        /// No curve: a value or weight is negative or not finite, or no weight is positive.
        case invalid
        /// More distinct values than the limit among the units that count: sort them instead.
        case many
        /// The units that count grouped by value: one unit per distinct value, ascending, weighing
        /// the group's total weight; W and Σ w·v summed over the single units in input order (as
        /// ``sortedUnits(values:weights:)`` sums them); `unitCount` units with positive weight.
        case grouped(SortedUnits, unitCount: Int)
    }

    /// The units of `values` weighted by `weights` grouped by value, when they hold at most `limit`
    /// distinct values (coverage 0/1, counts of categories): no sort at all.
    ///
    /// Units of equal value lie on one straight stretch of the Lorenz curve (each adds w to X and
    /// w·v to Y, the same slope), so the curve through the groups' end corners is the curve through
    /// every unit's: its area (the Gini), its heights (the Palma ratio, the sampled points) are the
    /// same, up to the rounding of the sums (a group's Σ w·v is formed as W_g·v).
    ///
    /// - Complexity: O(n · k) for the k ≤ `limit` distinct values (O(n) when equal values come in
    ///   runs); stops at the first value beyond the limit.
    static func groupedUnits(values: [Double], weights: [Double], limit: Int = 16) -> Grouping {
        let n = min(values.count, weights.count)
        var distinct: [Double] = [], groupWeight: [Double] = []
        distinct.reserveCapacity(limit)
        groupWeight.reserveCapacity(limit)
        var w = 0.0, t = 0.0, count = 0
        var last = -1.0, slot = 0  // values are ≥ 0 by the time they are compared: −1 matches none
        let outcome: Grouping? = values.withUnsafeBufferPointer { vs in
            weights.withUnsafeBufferPointer { ws in
                for i in 0..<n {
                    let v = vs[i], wi = ws[i]
                    guard v.isFinite, wi.isFinite, v >= 0, wi >= 0 else { return .invalid }
                    guard wi > 0 else { continue }
                    if v != last {  // −0 equals +0: they share a group, whose value is +0
                        if let k = distinct.firstIndex(of: v) {
                            slot = k
                        } else {
                            guard distinct.count < limit else { return .many }
                            slot = distinct.count
                            distinct.append(v == 0 ? 0 : v)
                            groupWeight.append(0)
                        }
                        last = v
                    }
                    groupWeight[slot] += wi
                    w += wi
                    t += wi * v
                    count += 1
                }
                return nil
            }
        }
        if let outcome { return outcome }
        guard w > 0, w.isFinite, t.isFinite else { return .invalid }
        let order = distinct.indices.sorted { distinct[$0] < distinct[$1] }
        let units = SortedUnits(values: order.map { distinct[$0] }, weights: order.map { groupWeight[$0] },
                                totalWeight: w, totalValue: t)
        return .grouped(units, unitCount: count)
    }
}

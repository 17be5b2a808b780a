/// A two-step floating catchment (2SFCA) over given resident–facility pairs: the supply each
/// resident can reach, shared among all the demand that can reach the same facilities.
///
/// With P_i the demand of resident point i, S_j the supply of facility j, t_ij the walk minutes of a
/// pair within the catchment t0 and f the decay (``CatchmentDecay``):
///
///     step 1  R_j = S_j / Σ_{i: t_ij ≤ t0} P_i·f(t_ij)      (supply per unit of demand at facility j)
///     step 2  A_i = Σ_{j: t_ij ≤ t0} R_j·f(t_ij)             (supply within reach of resident i, per head)
///
/// the same as PySAL `access`'s `two_stage_fca(max_cost=t0, weight_fn=f)`. A facility whose
/// weighted demand is 0 (no one, or no weight, within reach) gets R_j = 0: its supply serves no one
/// (PySAL gives S_j / 0 there). A resident reaching no facility has A_i = 0. The inverse 1 / A_i is the
/// number of people per unit of supply within reach.
///
/// Whatever f, the supply that reaches any demand is shared out in full:
/// Σ_i P_i·A_i = Σ_{j: R_j > 0} S_j.
package struct FloatingCatchment: Hashable, Sendable {
    package let decay: CatchmentDecay
    /// The catchment t0, minutes.
    package let thresholdMinutes: Double
    /// Σ_i P_i·f(t_ij) per facility.
    package let weightedDemand: [Double]
    /// R_j per facility.
    package let ratio: [Double]
    /// A_i per resident point.
    package let access: [Double]

    /// Runs both steps.
    ///
    /// - Parameters:
    ///   - pairs: The pairs within the catchment (their times should not exceed t0; a time above
    ///     weighs as at t0).
    ///   - demand: P_i per resident (missing, negative or non-finite entries count as 0).
    ///   - supply: S_j per facility (likewise).
    /// - Complexity: O(P + R + F) for P pairs.
    package init(pairs: CatchmentPairs, demand: [Double], supply: [Double], thresholdMinutes t0: Double,
                decay: CatchmentDecay) {
        func clean(_ xs: [Double], _ i: Int) -> Double {
            guard i < xs.count, xs[i].isFinite, xs[i] > 0 else { return 0 }
            return xs[i]
        }
        let f = pairs.count
        var weight = [Double](repeating: 1, count: decay == .uniform ? 0 : f)
        if decay != .uniform { for k in 0..<f { weight[k] = decay.weight(pairs.minutes[k], threshold: t0) } }
        var seen = [Double](repeating: 0, count: pairs.facilityCount)
        var ratio = [Double](repeating: 0, count: pairs.facilityCount)
        for j in 0..<pairs.facilityCount {
            var d = 0.0
            for k in pairs.pairs(ofFacility: j) {
                let p = clean(demand, Int(pairs.resident[k]))
                d += decay == .uniform ? p : p * weight[k]
            }
            seen[j] = d
            let s = clean(supply, j)
            ratio[j] = d > 0 ? s / d : 0
        }
        var access = [Double](repeating: 0, count: pairs.residentCount)
        for j in 0..<pairs.facilityCount where ratio[j] > 0 {
            let r = ratio[j]
            for k in pairs.pairs(ofFacility: j) {
                access[Int(pairs.resident[k])] += decay == .uniform ? r : r * weight[k]
            }
        }
        self.decay = decay
        thresholdMinutes = t0
        weightedDemand = seen
        self.ratio = ratio
        self.access = access
    }

    /// People per unit of supply within reach of resident i, 1 / A_i; nil when nothing is within reach.
    package func peoplePerSupply(_ i: Int) -> Double? {
        guard i >= 0, i < access.count, access[i] > 0 else { return nil }
        return 1 / access[i]
    }
}

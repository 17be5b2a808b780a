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
        self = Self.run(parts: [pairs], demand: demand, supply: supply, thresholdMinutes: t0, decays: [decay])[0]
    }

    init(decay: CatchmentDecay, thresholdMinutes: Double, weightedDemand: [Double], ratio: [Double], access: [Double]) {
        self.decay = decay
        self.thresholdMinutes = thresholdMinutes
        self.weightedDemand = weightedDemand
        self.ratio = ratio
        self.access = access
    }

    /// Both steps for several decays on the same pairs, given in parts of consecutive facilities
    /// (part k holds the facilities after those of parts 0..<k, with local indices).
    ///
    /// Step 1 runs on the parts in parallel (``WeighedPart``), step 2 as
    /// ``run(weighed:supply:residentCount:thresholdMinutes:decays:)``. The sums are those of one pass
    /// over the concatenated pairs, bit for bit, whatever the parts.
    ///
    /// - Returns: One result per decay, in the order given.
    /// - Complexity: O(D · (P + R + F)) for D decays and P pairs, spread over the cores.
    static func run(parts: [CatchmentPairs], demand: [Double], supply: [Double], thresholdMinutes t0: Double,
                    decays: [CatchmentDecay]) -> [FloatingCatchment] {
        let residentCount = parts.first?.residentCount ?? 0
        let people = people(demand, residentCount: residentCount)
        let weighed = Parallel.tasks(count: parts.count) { k -> WeighedPart in
            let pairs = parts[k]
            var part = WeighedPart(decays: decays, thresholdMinutes: t0, facilityCount: pairs.facilityCount)
            people.withUnsafeBufferPointer { people in
                pairs.resident.withUnsafeBufferPointer { resident in
                    pairs.minutes.withUnsafeBufferPointer { minutes in
                        for j in 0..<pairs.facilityCount {
                            let range = pairs.start[j]..<pairs.start[j + 1]
                            part.add(residents: UnsafeBufferPointer(rebasing: resident[range]),
                                     minutes: UnsafeBufferPointer(rebasing: minutes[range]), people: people)
                        }
                    }
                }
            }
            return part
        }
        return run(weighed: weighed, supply: supply, residentCount: residentCount, thresholdMinutes: t0, decays: decays)
    }

    /// P_i per resident: `demand[i]`, or 0 when it is missing, negative or not finite.
    ///
    /// - Complexity: O(R).
    static func people(_ demand: [Double], residentCount: Int) -> [Double] {
        (0..<residentCount).map { Self.clean(demand, $0) }
    }

    /// Step 1 on one part of consecutive facilities, for several decays: each pair's resident and,
    /// per decay that weighs, its weight f(t_ij); per decay, each facility's weighted demand
    /// Σ_i P_i·f(t_ij), summed in pair order. The walk times themselves are not kept.
    struct WeighedPart: Sendable {
        let decays: [CatchmentDecay]
        let thresholdMinutes: Double
        /// CSR offsets: the pairs of the part's facility j are `start[j] ..< start[j + 1]`.
        private(set) var start = [0]
        private(set) var resident: [Int32] = []
        /// Per decay, the weighted demand of each facility of the part.
        private(set) var seen: [[Double]]
        /// Per decay, each pair's weight; empty for the uniform decay (weight 1).
        private(set) var weight: [[Double]]
        /// The current facility's P_i per pair (scratch, reused).
        private var gathered: [Double] = []

        /// An empty part for `facilityCount` facilities (room reserved).
        init(decays: [CatchmentDecay], thresholdMinutes: Double, facilityCount: Int) {
            self.decays = decays
            self.thresholdMinutes = thresholdMinutes
            start.reserveCapacity(facilityCount + 1)
            seen = decays.map { _ in
                var s: [Double] = []
                s.reserveCapacity(facilityCount)
                return s
            }
            weight = decays.map { _ in [] }
        }

        var facilityCount: Int { start.count - 1 }
        var pairCount: Int { resident.count }

        /// Adds the next facility, whose catchment holds `residents` at walk times `minutes` (the same
        /// count), P_i in `people`.
        ///
        /// - Complexity: O(D · p) for its p pairs and D decays.
        mutating func add(residents rs: UnsafeBufferPointer<Int32>, minutes ms: UnsafeBufferPointer<Double>,
                          people: UnsafeBufferPointer<Double>) {
            let base = resident.count, n = min(rs.count, ms.count), t0 = thresholdMinutes
            resident.append(contentsOf: rs[0..<n])
            // P_i of each pair gathered once for all decays (the sums are those of a gather per decay).
            if gathered.count < n { gathered = [Double](repeating: 0, count: max(n, 2 * gathered.count)) }
            gathered.withUnsafeMutableBufferPointer { p in
                for q in 0..<n { p[q] = people[Int(rs[q])] }
            }
            for (m, decay) in decays.enumerated() {
                var d = 0.0
                gathered.withUnsafeBufferPointer { p in
                    if decay == .uniform {
                        for q in 0..<n { d += p[q] }
                    } else {
                        weight[m].append(contentsOf: repeatElement(0, count: n))
                        weight[m].withUnsafeMutableBufferPointer { w in
                            for q in 0..<n {
                                let f = decay.weight(ms[q], threshold: t0)
                                w[base + q] = f
                                d += p[q] * f
                            }
                        }
                    }
                }
                seen[m].append(d)
            }
            start.append(resident.count)
        }
    }

    /// Step 2 for each decay (in parallel), from step 1 on parts of consecutive facilities: R_j from
    /// the weighted demands, then A_i summed over the facilities in order.
    ///
    /// - Returns: One result per decay of the parts (all made for `decays`), in that order.
    /// - Complexity: O(D · (P + R + F)) for D decays and P pairs, spread over the cores.
    static func run(weighed parts: [WeighedPart], supply: [Double], residentCount: Int, thresholdMinutes t0: Double,
                    decays: [CatchmentDecay]) -> [FloatingCatchment] {
        Parallel.tasks(count: decays.count) { m -> FloatingCatchment in
            let decay = decays[m]
            var seen = [Double](), ratio = [Double]()
            for part in parts {
                for d in part.seen[m] {
                    let j = seen.count
                    seen.append(d)
                    let s = Self.clean(supply, j)
                    ratio.append(d > 0 ? s / d : 0)
                }
            }
            var access = [Double](repeating: 0, count: residentCount)
            var base = 0
            access.withUnsafeMutableBufferPointer { access in
                for part in parts {
                    part.resident.withUnsafeBufferPointer { resident in
                        part.weight[m].withUnsafeBufferPointer { weight in
                            for j in 0..<part.facilityCount where ratio[base + j] > 0 {
                                let r = ratio[base + j]
                                let pairs = part.start[j]..<part.start[j + 1]
                                if decay == .uniform {
                                    for q in pairs { access[Int(resident[q])] += r }
                                } else {
                                    for q in pairs { access[Int(resident[q])] += r * weight[q] }
                                }
                            }
                        }
                    }
                    base += part.facilityCount
                }
            }
            return FloatingCatchment(decay: decay, thresholdMinutes: t0, weightedDemand: seen, ratio: ratio, access: access)
        }
    }

    /// `xs[i]`, or 0 when it is missing, negative or not finite.
    private static func clean(_ xs: [Double], _ i: Int) -> Double {
        guard i < xs.count, xs[i].isFinite, xs[i] > 0 else { return 0 }
        return xs[i]
    }

    /// People per unit of supply within reach of resident i, 1 / A_i; nil when nothing is within reach.
    package func peoplePerSupply(_ i: Int) -> Double? {
        guard i >= 0, i < access.count, access[i] > 0 else { return nil }
        return 1 / access[i]
    }
}

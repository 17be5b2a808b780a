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
    /// Step 1 runs on the parts in parallel (each facility's sums in its pairs' order, each decay's
    /// weights computed once); step 2 runs the decays in parallel, each over the facilities in order.
    /// The sums are those of one pass over the concatenated pairs, bit for bit, whatever the parts.
    ///
    /// - Returns: One result per decay, in the order given.
    /// - Complexity: O(D · (P + R + F)) for D decays and P pairs, spread over the cores.
    static func run(parts: [CatchmentPairs], demand: [Double], supply: [Double], thresholdMinutes t0: Double,
                    decays: [CatchmentDecay]) -> [FloatingCatchment] {
        var starts = [0]
        for p in parts { starts.append(starts[starts.count - 1] + p.facilityCount) }
        let firstFacility = starts, facilityCount = starts[starts.count - 1]
        let residentCount = parts.first?.residentCount ?? 0
        // Missing, negative or non-finite demand and supply count as 0.
        let people = (0..<residentCount).map { Self.clean(demand, $0) }
        // Step 1, part by part, facility by facility, every decay while the facility's pairs are in
        // cache: per decay, the weighted demand of each facility (`seen[m · F + j]` for the part's F
        // facilities) and, per decay that weighs, each pair's weight (`weight[slot[m] · P + q]`).
        var slot = [Int](repeating: -1, count: decays.count), weighing = 0
        for (m, decay) in decays.enumerated() where decay != .uniform {
            slot[m] = weighing
            weighing += 1
        }
        let weightSlot = slot, weighingCount = weighing
        struct Step1: Sendable {
            var seen: [Double]
            var weight: [Double]
        }
        let step1 = Parallel.tasks(count: parts.count) { k -> Step1 in
            let pairs = parts[k]
            let f = pairs.facilityCount, p = pairs.count
            var seen = [Double](repeating: 0, count: decays.count * f)
            var weight = [Double](repeating: 1, count: weighingCount * p)
            people.withUnsafeBufferPointer { people in
                pairs.resident.withUnsafeBufferPointer { resident in
                    pairs.minutes.withUnsafeBufferPointer { minutes in
                        seen.withUnsafeMutableBufferPointer { seen in
                            weight.withUnsafeMutableBufferPointer { weight in
                                for j in 0..<f {
                                    let range = pairs.start[j]..<pairs.start[j + 1]
                                    for (m, decay) in decays.enumerated() {
                                        var d = 0.0
                                        if decay == .uniform {
                                            for q in range { d += people[Int(resident[q])] }
                                        } else {
                                            let base = weightSlot[m] * p
                                            for q in range {
                                                let w = decay.weight(minutes[q], threshold: t0)
                                                weight[base + q] = w
                                                d += people[Int(resident[q])] * w
                                            }
                                        }
                                        seen[m * f + j] = d
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return Step1(seen: seen, weight: weight)
        }
        // Step 2, decay by decay.
        return Parallel.tasks(count: decays.count) { m -> FloatingCatchment in
            let decay = decays[m]
            var seen = [Double](), ratio = [Double]()
            seen.reserveCapacity(facilityCount)
            ratio.reserveCapacity(facilityCount)
            for k in parts.indices {
                let f = parts[k].facilityCount
                for d in step1[k].seen[(m * f)..<(m * f + f)] {
                    let j = seen.count
                    seen.append(d)
                    let s = Self.clean(supply, j)
                    ratio.append(d > 0 ? s / d : 0)
                }
            }
            var access = [Double](repeating: 0, count: residentCount)
            access.withUnsafeMutableBufferPointer { access in
                for (k, pairs) in parts.enumerated() {
                    let base = firstFacility[k], offset = max(weightSlot[m], 0) * pairs.count
                    pairs.resident.withUnsafeBufferPointer { resident in
                        step1[k].weight.withUnsafeBufferPointer { weight in
                            for j in 0..<pairs.facilityCount where ratio[base + j] > 0 {
                                let r = ratio[base + j]
                                if decay == .uniform {
                                    for q in pairs.start[j]..<pairs.start[j + 1] { access[Int(resident[q])] += r }
                                } else {
                                    for q in pairs.start[j]..<pairs.start[j + 1] { access[Int(resident[q])] += r * weight[offset + q] }
                                }
                            }
                        }
                    }
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

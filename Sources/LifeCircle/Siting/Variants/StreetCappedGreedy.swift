/// Maximal covering with at most `perStreetMax` new sites in any one street (`propose
/// --per-street-max`): a greedy that skips candidates whose street is full, then (uncapacitated)
/// the swap search with every swap kept within the cap.
///
/// The unconstrained problem's upper bound stays valid (the cap only removes choices), so the
/// answer carries a gap against it; no exact phase runs under the cap.
enum StreetCappedGreedy {
    /// - Parameters:
    ///   - candidateStreet: each candidate's street index (nil: in no street, never capped).
    ///   - unconstrained: the solver's answer without the cap (its bound is reused).
    /// - Complexity: O(count · Σ cover-set sizes).
    static func solve(
        _ instance: CoverageInstance, count: Int, perStreetMax: Int, candidateStreet: [Int?], unconstrained: SitingSolution
    ) -> SitingSolution {
        var residual = instance.demandWeights
        for i in residual.indices where instance.alreadyCovered[i] { residual[i] = 0 }
        let secondary = instance.secondaryWeights ?? Array(repeating: 0, count: residual.count)
        let capacity = instance.capacity ?? .infinity
        var used: [Int: Int] = [:]
        var chosen = Set<Int>()
        var sites: [ProposedSite] = []
        while sites.count < count {
            var best = -1
            var bestGain = 0.0, bestReach = 0.0
            for j in 0..<instance.candidateCount where !chosen.contains(j) {
                if let s = candidateStreet[j], used[s, default: 0] >= perStreetMax { continue }
                var reach = 0.0
                for i in instance.coverSet(j) { reach += residual[Int(i)] }
                let gain = min(capacity, reach)
                if gain > bestGain || (gain == bestGain && reach > bestReach) {
                    best = j
                    bestGain = gain
                    bestReach = reach
                }
            }
            guard best >= 0, bestGain > 0 else { break }
            chosen.insert(best)
            if let s = candidateStreet[best] { used[s, default: 0] += 1 }
            // Points fewest... keep it simple: take demand in index order up to the capacity.
            var left = capacity
            var points: [Int32] = []
            var credited: [Double] = []
            var gain = 0.0, gainSecondary = 0.0
            for i in instance.coverSet(best) where left > 0 {
                let k = Int(i)
                guard residual[k] > 0 else { continue }
                let amount = min(left, residual[k])
                let share = instance.demandWeights[k] > 0 ? amount / instance.demandWeights[k] : 0
                residual[k] -= amount
                left -= amount
                gain += amount
                gainSecondary += secondary[k] * share
                points.append(i)
                credited.append(amount)
            }
            sites.append(ProposedSite(
                rank: sites.count + 1, candidateIndex: best, candidateID: instance.candidateIDs[best], marginalGain: gain,
                marginalSecondary: gainSecondary, newlyCovered: points, creditedWeights: instance.capacity == nil ? nil : credited))
        }
        var method = "greedy with at most \(perStreetMax) new site\(perStreetMax == 1 ? "" : "s") per street"
        if instance.capacity == nil, !sites.isEmpty {
            // Swap search within the cap: a swap may not fill a street beyond it.
            let p = ReducedProblem(instance)
            let greedy = sites.map(\.candidateIndex)
            let street = candidateStreet.map { $0 ?? -1 }
            let swapped = MaxCoverHeuristic.swapSearch(p, sites: greedy, streetCap: (street, perStreetMax))
            if p.value(of: swapped) > p.value(of: greedy) + p.tolerance {
                sites = SiteExplainer.explain(instance, p, sites: swapped)
            }
            method += ", then swap local search within the cap"
        }
        let covered = sites.reduce(0) { $0 + $1.marginalGain }
        let bound = max(unconstrained.upperBound, covered)
        var s = unconstrained
        s.sites = sites
        s.coveredDemand = covered
        s.coveredSecondary = sites.reduce(0) { $0 + $1.marginalSecondary }
        s.upperBound = bound
        s.optimality = bound - covered <= ReducedProblem.toleranceShare * max(1, bound) ? .provenOptimal : .heuristic(gap: bound > 0 ? (bound - covered) / bound : 0)
        s.method = method + "; upper bound from the problem without that cap"
        return s
    }
}

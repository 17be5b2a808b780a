/// Turns chosen sites into ranked `ProposedSite`s with the demand each newly covers.
enum SiteExplainer {
    /// Uncapacitated: orders `sites` greedily (largest marginal gain first, ties by lower index),
    /// drops sites that add nothing, and lists each site's newly covered points.
    ///
    /// - Complexity: O(points + members of the sites · log sites).
    static func explain(_ instance: CoverageInstance, _ p: ReducedProblem, sites: [Int]) -> [ProposedSite] {
        let order = MaxCoverHeuristic.lazyGreedy(p, count: sites.count, among: sites.sorted())
        var covered = [Bool](repeating: false, count: p.pointCount)
        var result: [ProposedSite] = []
        for (r, j) in order.enumerated() {
            var points: [Int32] = []
            var gain = 0.0
            var secondary = 0.0
            for k in p.offsets[j] ..< p.offsets[j + 1] {
                let i = Int(p.members[k])
                if !covered[i] {
                    covered[i] = true
                    points.append(contentsOf: p.originalPoints(i))
                    gain += p.weights[i]
                    secondary += p.secondary[i]
                }
            }
            points.sort()
            result.append(ProposedSite(
                rank: r + 1, candidateIndex: j, candidateID: instance.candidateIDs[j], marginalGain: gain,
                marginalSecondary: secondary, newlyCovered: points, creditedWeights: nil))
        }
        return result
    }

    /// Capacitated: the greedy picks as they were chosen, with the demand credited per point (`p`
    /// must not be aggregated, so that each kept point is one original point).
    static func explain(_ instance: CoverageInstance, _ p: ReducedProblem, picks: [CapacitatedGreedy.Pick]) -> [ProposedSite] {
        picks.enumerated().map { r, pick in
            var secondary = 0.0
            for (point, amount) in zip(pick.points, pick.amounts) {
                let i = Int(point)
                secondary += p.secondary[i] * amount / p.weights[i]
            }
            return ProposedSite(
                rank: r + 1, candidateIndex: pick.candidate, candidateID: instance.candidateIDs[pick.candidate],
                marginalGain: pick.gain, marginalSecondary: secondary,
                newlyCovered: pick.points.flatMap { p.originalPoints(Int($0)) }, creditedWeights: pick.amounts)
        }
    }
}

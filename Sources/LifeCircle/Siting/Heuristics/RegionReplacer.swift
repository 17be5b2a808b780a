/// The exact inner step of the neighbourhood searches: with some chosen sites taken out (their
/// points' cover counts in `counts` already lowered), the best re-placement of a given number of
/// sites among the `poolSize` candidates that gain most on the demand left uncovered (plus the
/// removed sites), by branch and bound on that compact inner problem with its own Lagrangian bound;
/// optimal within the pool unless the node budget stops it.
struct RegionReplacer {
    let p: ReducedProblem
    var neighbourhoods: SiteNeighbourhoods
    private var localIndex: [Int32]
    private var gainOf: [Double]
    private var seen: [Bool]
    private var hits: [Int32]

    /// Nodes per inner search.
    static let innerNodes = 4_000
    /// Subgradient iterations for the inner problem's Lagrangian (fixing and node bounds).
    static let innerLagrangianIterations = 50

    /// Inner branch-and-bound nodes up to this depth re-optimise λ (see ``MaxCoverBranchAndBound``).
    let refineDepth: Int
    /// Smoothed-dual evaluations per re-optimised inner node: more than the main search's, since
    /// the inner problems are small and their node budget, not time, limits them.
    static let innerRefineEvaluations = 400

    init(_ p: ReducedProblem, refineDepth: Int = 0) {
        self.p = p
        self.refineDepth = refineDepth
        neighbourhoods = SiteNeighbourhoods(p)
        localIndex = [Int32](repeating: -1, count: p.pointCount)
        hits = [Int32](repeating: 0, count: p.pointCount)
        gainOf = [Double](repeating: 0, count: p.candidateCount)
        seen = [Bool](repeating: false, count: p.candidateCount)
    }

    /// A re-placement: the sites placed and the weight they cover that the kept sites do not
    /// (`value`), against the same for the removed sites (`before`).
    struct Placement {
        var sites: [Int]
        var value: Double
        var before: Double
    }

    /// For each of `siteCounts`, the best that many sites for the demand `removed` leave uncovered
    /// (`counts`: cover counts of the kept sites). The pool and the inner problem are built once for
    /// all of them. For a number below the removed number, the removed sites minus the one whose
    /// loss is least are the fallback, so there is always an answer; otherwise nil when nothing
    /// beats the removed sites' own value (and for a number below 1).
    ///
    /// - Complexity: O(members of the removed sites' points' coverers + Σ inner nodes · pool members).
    mutating func best(
        removed: [Int], siteCounts: [Int], counts: [Int32], isChosen: [Bool], poolSize: Int,
        deadline: ContinuousClock.Instant
    ) -> [Placement?] {
        guard siteCounts.contains(where: { $0 > 0 }) else { return siteCounts.map { _ in nil } }
        var local: [Int] = []
        var before = 0.0
        for j in removed {
            for k in p.offsets[j] ..< p.offsets[j + 1] where counts[Int(p.members[k])] == 0 {
                let i = Int(p.members[k])
                if hits[i] == 0 { before += p.weights[i] }
                hits[i] += 1
                for c in neighbourhoods.candidates(of: i) where !seen[c] && !isChosen[c] {
                    seen[c] = true
                    local.append(c)
                }
            }
        }
        // Fewer sites than removed: dropping the removed site with the least own loss is feasible.
        var drop = -1
        var least = Double.infinity
        if siteCounts.contains(where: { $0 < removed.count }) {
            for r in removed {
                var only = 0.0
                for k in p.offsets[r] ..< p.offsets[r + 1] where counts[Int(p.members[k])] == 0 && hits[Int(p.members[k])] == 1 {
                    only += p.weights[Int(p.members[k])]
                }
                if only < least { (least, drop) = (only, r) }
            }
        }
        for j in removed {
            for k in p.offsets[j] ..< p.offsets[j + 1] { hits[Int(p.members[k])] = 0 }
        }
        for j in removed where !seen[j] {
            seen[j] = true
            local.append(j)
        }
        for c in local {
            seen[c] = false
            gainOf[c] = p.gain(c, counts: counts)
        }
        local.sort { gainOf[$0] > gainOf[$1] || (gainOf[$0] == gainOf[$1] && $0 < $1) }
        var pool = Set(local.prefix(poolSize))
        for j in removed { pool.insert(j) }
        let poolList = pool.sorted()
        let tol = p.tolerance
        // The inner problem, compact: the pool's candidates and the points they reach that nothing
        // kept covers.
        let sub = p.subproblem(candidates: poolList, counts: counts, scratch: &localIndex).problem
        return siteCounts.map { count -> Placement? in
            guard count > 0 else { return nil }
            let fallback = count < removed.count
                ? Placement(sites: Array(removed.filter { $0 != drop }.prefix(count)), value: before - least, before: before)
                : nil
            let floor = fallback?.value ?? before
            let dual = LagrangianBound(sub, count: count, lowerBound: floor, iterations: Self.innerLagrangianIterations)
            let found = MaxCoverBranchAndBound.search(
                sub, count: count, threshold: floor + tol, stopAtFirst: false, lagrangian: dual,
                candidateLimit: poolList.count, deadline: deadline, nodeBudget: Self.innerNodes, refineDepth: refineDepth,
                refineEvaluations: Self.innerRefineEvaluations)
            if let inner = found.sites, found.value > floor + tol {
                return Placement(sites: inner.map { poolList[$0] }, value: found.value, before: before)
            }
            return fallback
        }
    }
}

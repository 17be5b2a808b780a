/// Maximal covering (MCLP): choose `count` new sites covering the most demand not yet covered.
///
/// The model (Church and ReVelle 1974), as spopt's `MCLP` writes it:
///
///     maximise    Σᵢ wᵢ yᵢ
///     subject to  Σ_{j ∈ Nᵢ} xⱼ ≥ yᵢ     for every demand point i
///                 Σⱼ xⱼ = N
///                 xⱼ ∈ {0, 1}, yᵢ ∈ {0, 1}
///
/// - i: a demand point that no fixed facility (existing or planned) covers, with weight wᵢ > 0
///   (residents, or residents aged 60+); points fixed facilities cover are constants outside the
///   model and count toward coverage only.
/// - j: a candidate site; Nᵢ the candidates within the walk threshold of i (the cover sets of
///   ``CoverageInstance`` turned around); xⱼ = 1 when j is chosen.
/// - yᵢ = 1 when i is covered by a chosen site; N = `count`.
///
/// The solver works on a ``ReducedProblem`` (points with the same coverers merged, which changes
/// no value) in phases that share one deadline, `exactTimeBudgetSeconds` after the solve starts
/// (``SolveDeadline``), and records each in a typed log (``Phase``) from which
/// ``SitingSolution/method`` is rendered:
/// 1. lazy greedy, then swap local search until no single swap improves;
/// 2. bounds: the submodular bound at the solution and the Lagrangian bound by subgradient
///    (``LagrangianBound``), whose site choices are further starts for the swap search;
/// 3. when a gap remains and the exact phase is on, the smoothed dual (``SmoothedDual``) brings the
///    Lagrangian bound to (nearly) the LP bound, and its fractional sites give one more start;
/// 4. a short branch and bound (Lagrangian fixing, dominance, node bounds and node fixing, λ
///    re-optimised at nodes up to ``refineDepth`` deep);
/// 5. if still open: iterated local search (``MaxCoverHeuristic/perturb(_:sites:rounds:stopAt:)``),
///    tabu search (``TabuSearch``), the exact neighbourhood search (``NeighbourhoodSearch``), its
///    paired regional exchange (a site moved between two regions, both re-placed exactly) and a
///    sweep of exact 8-site region re-placements, each with a work cap that depends on the instance
///    size, not on the clock;
/// 6. the branch and bound again with the better incumbent, until the deadline.
/// The answer is marked proven optimal when the bound meets it or a branch and bound finishes.
///
/// With a capacity, see ``CapacitatedGreedy`` for the model, heuristic and bound.
/// Ties break by lower candidate index throughout, so results are deterministic (up to where the
/// deadline cuts a search: the smoothed dual and the branch and bound also stop at the clock).
package struct MCLPSolver: Sendable {
    package var options: SitingOptions

    package init(options: SitingOptions = SitingOptions()) {
        self.options = options
    }

    /// The uncapacitated core result on a reduced problem.
    struct Core {
        var sites: [Int]
        var value: Double
        var bound: Double
        var proven: Bool
        var lagrangian: LagrangianBound?
        /// The phases run, in order, with their outcomes.
        var log: [Phase]
    }

    /// Solves the MCLP for `count` new sites.
    ///
    /// - Complexity: greedy O(members · log candidates); each swap pass O(members + candidates ·
    ///   count); the bound O(iterations · members); the exact phase is capped by the time budget.
    package func solve(_ instance: CoverageInstance, count: Int) -> SitingSolution {
        let deadline = SolveDeadline(budgetSeconds: options.exactTimeBudgetSeconds)
        let p = ReducedProblem(instance, aggregate: instance.capacity == nil)
        let n = max(0, count)
        let sites: [ProposedSite]
        let bound: Double
        let proven: Bool
        var log: [Phase]
        if let capacity = instance.capacity {
            let picks = CapacitatedGreedy.run(p, capacity: capacity, count: n)
            let value = picks.reduce(0) { $0 + $1.gain }
            var boundOnly = options
            boundOnly.localSearch = false
            let uncapacitated = n > 0
                ? MCLPSolver(options: boundOnly).solveCore(p, count: n, exact: false, deadline: deadline).bound : 0
            bound = max(value, CapacitatedGreedy.bound(p, capacity: capacity, count: n, uncapacitatedBound: uncapacitated))
            proven = bound - value <= p.tolerance
            log = [.capacitatedGreedy(capacity: capacity), .capacitatedBound]
            sites = SiteExplainer.explain(instance, p, picks: picks)
        } else {
            let core = solveCore(p, count: n, exact: true, deadline: deadline)
            bound = core.bound
            proven = core.proven
            log = core.log
            sites = SiteExplainer.explain(instance, p, sites: core.sites)
        }
        let covered = sites.reduce(0) { $0 + $1.marginalGain }
        if sites.count < n { log.append(.fewerSitesAddCoverage(sites.count)) }
        return SitingSolution(
            goal: .count(n), sites: sites, coveredDemand: covered,
            coveredSecondary: sites.reduce(0) { $0 + $1.marginalSecondary },
            alreadyCoveredDemand: p.alreadyCoveredDemand, totalDemand: p.totalDemand,
            unreachableDemand: p.unreachableDemand, upperBound: max(bound, covered),
            siteCountLowerBound: nil, targetMet: nil,
            bestReachableCoverage: p.totalDemand > 0 ? (p.alreadyCoveredDemand + p.reachableDemand) / p.totalDemand : 1,
            optimality: proven ? .provenOptimal : .heuristic(gap: bound > 0 ? (bound - covered) / bound : 0),
            method: Phase.render(log))
    }

    // MARK: Work caps (they depend on the instance's size, never on the clock, so the answer is the
    // same on any machine)

    /// Branch-and-bound nodes up to this depth re-optimise λ for their subtree.
    static let refineDepth = 32

    /// Nodes of the quick branch and bound tried before iterated local search.
    static let quickNodeBudget = 5_000

    /// The most function evaluations of ``SmoothedDual`` and the member visits they may cost in all.
    static let smoothedEvaluationCap = 3_000, smoothedWorkCap = 3_000_000_000, smoothedEvaluationFloor = 50

    /// Member visits all Lagrangian iterations may cost, and the fewest iterations run.
    static let lagrangianWorkCap = 2_000_000_000, lagrangianIterationFloor = 20

    /// Operations all iterated-local-search rounds may cost, and the fewest rounds run.
    static let perturbationWorkCap = 200_000_000, perturbationRoundFloor = 2

    /// The most tabu-search iterations and the operations they may cost in all.
    static let tabuIterationCap = 3_000, tabuWorkCap = 1_000_000_000

    /// The shortest tabu tenure, and the share of the candidates it grows to (at most `count`).
    static let tabuTenureFloor = 10, tabuTenureDivisor = 10

    /// The most moves of ``NeighbourhoodSearch`` (``neighbourhoodMovesPerSite`` per site up to this),
    /// and the sites each move takes out.
    static let neighbourhoodMoves = 400, neighbourhoodMovesPerSite = 4, neighbourhoodSize = 4

    /// The most sweeps of ``NeighbourhoodSearch/exchange(_:sites:sweeps:size:poolSize:stopAt:deadline:)``
    /// (it stops at the first sweep that finds no improving pair), and the sites of each region.
    static let exchangeSweeps = 6, exchangeSize = 4

    /// The most seeds of the sweep of 8-site regions (one per site up to this): each move re-places
    /// a cluster exactly, with λ re-optimised in the inner branch and bound, so it costs far more
    /// than a 4-site move. `regionSize` sites are taken out, among `regionPoolSize` candidates.
    static let regionMoves = 100, regionSize = 8, regionPoolSize = 128

    /// A site whose smoothed LP value σⱼ is at least this is kept in the rounded start.
    static let roundingThreshold = 0.5

    /// Function evaluations allowed to ``SmoothedDual``: ``smoothedEvaluationCap``, fewer when one
    /// evaluation (two passes over the cover sets) is expensive, so that the work, not the clock,
    /// ends it and the result is the same on any machine.
    func smoothedEvaluations(_ p: ReducedProblem) -> Int {
        let work = max(1, 2 * p.members.count + p.pointCount + p.candidateCount)
        return max(Self.smoothedEvaluationFloor, min(Self.smoothedEvaluationCap, Self.smoothedWorkCap / work))
    }

    /// Lagrangian iterations for a problem of this size: the configured number, fewer when one
    /// iteration is expensive.
    func lagrangianIterations(_ p: ReducedProblem) -> Int {
        let work = max(1, p.members.count + p.pointCount + p.candidateCount)
        return max(Self.lagrangianIterationFloor, min(options.lagrangianIterations, Self.lagrangianWorkCap / work))
    }

    /// Iterated-local-search rounds for a problem of this size: the configured number, fewer when
    /// one swap pass is expensive.
    func perturbationRounds(_ p: ReducedProblem, count: Int) -> Int {
        let work = max(1, p.members.count + p.candidateCount * count)
        return min(options.perturbationRounds, max(Self.perturbationRoundFloor, Self.perturbationWorkCap / work))
    }

    /// Tabu-search iterations for a problem of this size: at most ``tabuIterationCap``, fewer when
    /// one iteration (a pass over all swaps) is expensive.
    func tabuIterations(_ p: ReducedProblem, count: Int) -> Int {
        let work = max(1, p.members.count + p.candidateCount * count)
        return min(Self.tabuIterationCap, Self.tabuWorkCap / work)
    }

    /// The sites whose LP-like value σⱼ is at least ``roundingThreshold`` (at most `count`, largest
    /// first), filled up greedily to `count`.
    static func roundedStart(_ p: ReducedProblem, count: Int, sites sigma: [Double]) -> [Int] {
        let kept = sigma.indices
            .filter { sigma[$0] >= roundingThreshold }
            .sorted { sigma[$0] > sigma[$1] || (sigma[$0] == sigma[$1] && $0 < $1) }
            .prefix(count)
        return MaxCoverHeuristic.lazyGreedy(p, count: count, startingWith: Array(kept))
    }
}

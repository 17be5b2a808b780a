/// Maximal covering (MCLP): choose `count` new sites covering the most demand not yet covered.
///
/// Uncapacitated, on a ``ReducedProblem`` (points with the same coverers merged):
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
/// 6. the branch and bound again with the better incumbent within `exactTimeBudgetSeconds`.
/// The answer is marked proven optimal when the bound meets it or a branch and bound finishes.
///
/// With a capacity, see ``CapacitatedGreedy`` for the model, heuristic and bound.
/// Ties break by lower candidate index throughout, so results are deterministic (up to where a
/// time budget cuts a search: the smoothed dual and the branch and bound also stop at the clock).
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
        var method: [String]
    }

    /// Solves the MCLP for `count` new sites.
    ///
    /// - Complexity: greedy O(members · log candidates); each swap pass O(members + candidates ·
    ///   count); the bound O(iterations · members); the exact phase is capped by the time budget.
    package func solve(_ instance: CoverageInstance, count: Int) -> SitingSolution {
        let p = ReducedProblem(instance, aggregate: instance.capacity == nil)
        let n = max(0, count)
        let sites: [ProposedSite]
        let bound: Double
        var proven: Bool
        var method: [String]
        if let capacity = instance.capacity {
            let picks = CapacitatedGreedy.run(p, capacity: capacity, count: n)
            let value = picks.reduce(0) { $0 + $1.gain }
            var boundOnly = options
            boundOnly.localSearch = false
            let uncapacitated = n > 0 ? MCLPSolver(options: boundOnly).solveCore(p, count: n, exact: false).bound : 0
            bound = max(value, CapacitatedGreedy.bound(p, capacity: capacity, count: n, uncapacitatedBound: uncapacitated))
            proven = bound - value <= p.tolerance
            method = ["capacitated greedy (capacity \(capacity), divisible demand)",
                      "bound min(N·capacity, top-N capped cover weights, uncapacitated bound)"]
            sites = SiteExplainer.explain(instance, p, picks: picks)
        } else {
            let core = solveCore(p, count: n, exact: true)
            bound = core.bound
            proven = core.proven
            method = core.method
            sites = SiteExplainer.explain(instance, p, sites: core.sites)
        }
        let covered = sites.reduce(0) { $0 + $1.marginalGain }
        if sites.count < n { method.append("only \(sites.count) sites add coverage") }
        return SitingSolution(
            goal: .count(n), sites: sites, coveredDemand: covered,
            coveredSecondary: sites.reduce(0) { $0 + $1.marginalSecondary },
            alreadyCoveredDemand: p.alreadyCoveredDemand, totalDemand: p.totalDemand,
            unreachableDemand: p.unreachableDemand, upperBound: max(bound, covered),
            siteCountLowerBound: nil, targetMet: nil,
            bestReachableCoverage: p.totalDemand > 0 ? (p.alreadyCoveredDemand + p.reachableDemand) / p.totalDemand : 1,
            optimality: proven ? .provenOptimal : .heuristic(gap: bound > 0 ? (bound - covered) / bound : 0),
            method: method.joined(separator: "; "))
    }

    /// Branch-and-bound nodes up to this depth re-optimise λ for their subtree.
    static let refineDepth = 32

    /// Function evaluations allowed to ``SmoothedDual``: 3,000, fewer when one evaluation (two
    /// passes over the cover sets) is expensive (about 3·10⁹ member visits in all), so that the
    /// work, not the clock, ends it and the result is the same on any machine.
    func smoothedEvaluations(_ p: ReducedProblem) -> Int {
        let work = max(1, 2 * p.members.count + p.pointCount + p.candidateCount)
        return max(50, min(3_000, 3_000_000_000 / work))
    }

    /// Nodes of the quick branch and bound tried before iterated local search.
    static let quickNodeBudget = 5_000

    /// Lagrangian iterations for a problem of this size: the configured number, fewer when one
    /// iteration is expensive (about 2·10⁹ member visits at most).
    func lagrangianIterations(_ p: ReducedProblem) -> Int {
        let work = max(1, p.members.count + p.pointCount + p.candidateCount)
        return max(20, min(options.lagrangianIterations, 2_000_000_000 / work))
    }

    /// Iterated-local-search rounds for a problem of this size: the configured number, fewer when
    /// one swap pass is expensive (about 2·10⁸ operations per pass in all).
    func perturbationRounds(_ p: ReducedProblem, count: Int) -> Int {
        let work = max(1, p.members.count + p.candidateCount * count)
        return min(options.perturbationRounds, max(2, 200_000_000 / work))
    }

    /// The sites whose LP-like value σⱼ is at least 0.5 (at most `count`, largest first), filled up
    /// greedily to `count`.
    static func roundedStart(_ p: ReducedProblem, count: Int, sites sigma: [Double]) -> [Int] {
        let kept = sigma.indices
            .filter { sigma[$0] >= 0.5 }
            .sorted { sigma[$0] > sigma[$1] || (sigma[$0] == sigma[$1] && $0 < $1) }
            .prefix(count)
        return MaxCoverHeuristic.lazyGreedy(p, count: count, startingWith: Array(kept))
    }

    /// Tabu-search iterations for a problem of this size: at most 3,000, fewer when one iteration
    /// (a pass over all swaps) is expensive (about 10⁹ operations in all).
    func tabuIterations(_ p: ReducedProblem, count: Int) -> Int {
        let work = max(1, p.members.count + p.candidateCount * count)
        return min(3_000, 1_000_000_000 / work)
    }

    /// The most moves of ``NeighbourhoodSearch`` (4 per site up to this).
    static let neighbourhoodMoves = 400

    /// The most sweeps of ``NeighbourhoodSearch/exchange(_:sites:sweeps:size:poolSize:stopAt:deadline:)``
    /// (it stops at the first sweep that finds no improving pair).
    static let exchangeSweeps = 6

    /// The most seeds of the sweep of 8-site regions (one per site up to this): each move re-places
    /// a cluster exactly, with λ re-optimised in the inner branch and bound, so it costs far more
    /// than a 4-site move.
    static let regionMoves = 100

    /// Greedy, swap search, bounds and (optionally) the exact phase, uncapacitated.
    /// With a `goal` (LSCP asking whether `count` sites suffice), it returns as soon as a solution
    /// reaches the goal, with the bound not computed (set to the value).
    func solveCore(_ p: ReducedProblem, count: Int, exact: Bool, goal: Double = .infinity) -> Core {
        var method = ["lazy greedy"]
        var sites = MaxCoverHeuristic.lazyGreedy(p, count: count)
        if sites.count < count || count == 0 {
            method.append("every reachable point covered")
            return Core(sites: sites, value: p.value(of: sites), bound: p.value(of: sites), proven: true,
                        lagrangian: nil, method: method)
        }
        if options.localSearch {
            sites = MaxCoverHeuristic.swapSearch(p, sites: sites)
            method.append("swap local search")
        }
        var value = p.value(of: sites)
        let tol = p.tolerance
        /// Takes `other` when it covers more; says whether it did.
        func keepIfBetter(_ other: [Int]) -> Bool {
            let otherValue = p.value(of: other)
            guard otherValue > value + tol else { return false }
            sites = other
            value = otherValue
            return true
        }
        if value >= goal - tol {
            return Core(sites: sites, value: value, bound: value, proven: false, lagrangian: nil, method: method)
        }
        var bound = min(p.reachableDemand, MaxCoverHeuristic.marginalBound(p, sites: sites, count: count))
        var lagrangian: LagrangianBound?
        if bound - value > tol {
            let lb = LagrangianBound(p, count: count, lowerBound: value, iterations: lagrangianIterations(p))
            bound = min(bound, lb.value)
            lagrangian = lb
            method.append("Lagrangian bound")
            // The Lagrangian's own site choices (the best few met) are further starts for the swap search.
            if options.localSearch {
                var better = false
                for start in lb.primals where Set(start) != Set(sites) {
                    if keepIfBetter(MaxCoverHeuristic.swapSearch(p, sites: start)) { better = true }
                }
                if better { method.append("better start from the Lagrangian solutions") }
            }
        } else {
            method.append("submodular bound")
        }
        // The subgradient stops well above the LP bound on large instances; the smoothed dual gets
        // close to it, and a tighter bound fixes far more candidates for the branch and bound.
        if exact, options.exactTimeBudgetSeconds > 0, bound - value > tol, var first = lagrangian,
           let better = SmoothedDual.minimise(
               p, count: count, lowerBound: value, start: first.lambda, evaluations: smoothedEvaluations(p),
               deadline: ContinuousClock.now + .milliseconds(Int64(saturating: options.exactTimeBudgetSeconds * 1000))),
           first.adopt(p, lambda: better.lambda, count: count) {
            lagrangian = first
            bound = min(bound, first.value)
            method.append("smoothed dual bound")
            if options.localSearch {
                // Near the LP optimum, the smoothed primal σ approximates the LP's site variables:
                // keeping the sites it sets near 1 and refilling greedily is a strong start.
                let start = Self.roundedStart(p, count: count, sites: better.sites)
                if keepIfBetter(MaxCoverHeuristic.swapSearch(p, sites: start)) {
                    method.append("better start from the smoothed dual")
                }
            }
        }
        // Asked only whether `goal` can be reached (LSCP), a bound below it is the whole answer.
        if goal.isFinite, bound < goal - tol {
            method.append("bound below the goal")
            return Core(sites: sites, value: value, bound: bound, proven: false, lagrangian: lagrangian, method: method)
        }
        // A short branch and bound first: on instances it can settle quickly (few free candidates
        // after Lagrangian fixing) it proves the answer before any iterated local search is spent.
        if exact, options.exactTimeBudgetSeconds > 0, bound - value > tol {
            let outcome = MaxCoverBranchAndBound.search(
                p, count: count, threshold: value + tol, stopAtFirst: false, lagrangian: lagrangian,
                candidateLimit: options.exactCandidateLimit,
                deadline: ContinuousClock.now + .milliseconds(Int64(saturating: options.exactTimeBudgetSeconds * 1000)),
                nodeBudget: min(options.exactNodeBudget ?? Int.max, Self.quickNodeBudget), refineDepth: Self.refineDepth)
            if let better = outcome.sites {
                // A best met on the way down may hold fewer sites than `count`: refill greedily.
                sites = MaxCoverHeuristic.lazyGreedy(p, count: count, startingWith: better)
                value = p.value(of: sites)
            }
            if outcome.finished, let free = outcome.freeCandidates {
                method.append("branch and bound over \(free) free candidates (\(outcome.nodes) nodes) proved optimal")
                return Core(sites: sites, value: value, bound: value, proven: true, lagrangian: lagrangian, method: method)
            }
        }
        let rounds = perturbationRounds(p, count: count)
        if options.localSearch, rounds > 0, bound - value > tol {
            if keepIfBetter(MaxCoverHeuristic.perturb(p, sites: sites, rounds: rounds, stopAt: goal)) {
                bound = min(bound, MaxCoverHeuristic.marginalBound(p, sites: sites, count: count))
            }
            method.append("\(rounds) rounds of iterated local search")
        }
        if options.localSearch, rounds > 0, bound - value > tol {
            let iterations = tabuIterations(p, count: count)
            let tenure = max(10, min(p.candidateCount / 10, count))
            let other = TabuSearch.run(p, sites: sites, iterations: iterations, tenure: tenure, stopAt: goal)
            if keepIfBetter(other) { _ = keepIfBetter(MaxCoverHeuristic.swapSearch(p, sites: other)) }
            method.append("\(iterations) iterations of tabu search")
        }
        if options.localSearch, rounds > 0, bound - value > tol {
            let moves = min(Self.neighbourhoodMoves, 4 * count)
            _ = keepIfBetter(NeighbourhoodSearch.improve(
                p, sites: sites, rounds: moves, stopAt: goal,
                deadline: ContinuousClock.now + .milliseconds(Int64(saturating: max(1, options.exactTimeBudgetSeconds) * 1000))))
            method.append("\(moves) moves of exact neighbourhood search")
        }
        if options.localSearch, rounds > 0, bound - value > tol {
            _ = keepIfBetter(NeighbourhoodSearch.exchange(
                p, sites: sites, sweeps: Self.exchangeSweeps, size: 4, poolSize: NeighbourhoodSearch.poolSize, stopAt: goal,
                deadline: ContinuousClock.now + .milliseconds(Int64(saturating: max(1, options.exactTimeBudgetSeconds) * 1000))))
            method.append("paired regional exchange")
        }
        if options.localSearch, rounds > 0, bound - value > tol {
            let moves = min(count, Self.regionMoves)
            _ = keepIfBetter(NeighbourhoodSearch.improve(
                p, sites: sites, rounds: moves, size: 8, poolSize: 128, refineDepth: Self.refineDepth, sweep: true,
                stopAt: goal,
                deadline: ContinuousClock.now + .milliseconds(Int64(saturating: max(1, options.exactTimeBudgetSeconds) * 1000))))
            method.append("\(moves) exact re-placements of 8-site regions")
        }
        var proven = bound - value <= tol
        if !proven && exact && options.exactTimeBudgetSeconds > 0 {
            let deadline = ContinuousClock.now + .milliseconds(Int64(saturating: options.exactTimeBudgetSeconds * 1000))
            let outcome = MaxCoverBranchAndBound.search(
                p, count: count, threshold: value + tol, stopAtFirst: false, lagrangian: lagrangian,
                candidateLimit: options.exactCandidateLimit, deadline: deadline,
                nodeBudget: options.exactNodeBudget, refineDepth: Self.refineDepth)
            if let better = outcome.sites {
                // A best met on the way down may hold fewer sites than `count`: refill greedily.
                sites = MaxCoverHeuristic.lazyGreedy(p, count: count, startingWith: better)
                value = p.value(of: sites)
            }
            if outcome.finished, let free = outcome.freeCandidates {
                proven = true
                bound = value
                method.append("branch and bound over \(free) free candidates (\(outcome.nodes) nodes) proved optimal")
            } else if let free = outcome.freeCandidates {
                method.append("branch and bound over \(free) free candidates stopped at its budget (\(outcome.nodes) nodes)")
            } else {
                method.append("too many free candidates for branch and bound (\(outcome.unfixedCandidates) after Lagrangian fixing, limit \(options.exactCandidateLimit))")
            }
        }
        if proven && !method.contains(where: { $0.hasPrefix("branch") }) { method.append("bound meets value: optimal") }
        return Core(sites: sites, value: value, bound: max(bound, value), proven: proven, lagrangian: lagrangian, method: method)
    }
}

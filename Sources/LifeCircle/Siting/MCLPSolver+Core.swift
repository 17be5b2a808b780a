extension MCLPSolver {
    /// Greedy, swap search, bounds and (with `exact`) the exact phases, uncapacitated: the phases of
    /// ``MCLPSolver`` in turn on one ``CoreRun``, each skipped once the run is finished, all
    /// stopping at the one `deadline`.
    /// With a `goal` (LSCP asking whether `count` sites suffice), it returns as soon as a solution
    /// reaches the goal, with the bound not computed (set to the value).
    func solveCore(
        _ p: ReducedProblem, count: Int, exact: Bool, goal: Double = .infinity, deadline: SolveDeadline
    ) -> Core {
        var run = CoreRun(solver: self, p, count: count, exact: exact, goal: goal, deadline: deadline)
        let phases: [(inout CoreRun) -> Void] = [
            { $0.greedy() },
            { $0.swapSearch() },
            { $0.stopAtGoal() },
            { $0.bounds() },
            { $0.smoothedDual() },
            { $0.stopBelowGoal() },
            { $0.branchAndBound(quick: true) },
            { $0.improve { $0.iteratedLocalSearch() } },
            { $0.improve { $0.tabuSearch() } },
            { $0.improve { $0.neighbourhoodSearch() } },
            { $0.improve { $0.regionalExchange() } },
            { $0.improve { $0.regionReplacements() } },
            { $0.branchAndBound(quick: false) },
        ]
        for phase in phases where run.result == nil { phase(&run) }
        return run.result ?? run.conclusion()
    }

    /// The state one uncapacitated solve hands from phase to phase: the incumbent, the bound, the
    /// Lagrangian, the log; `result` once a phase settles the answer.
    struct CoreRun {
        let options: SitingOptions
        let solver: MCLPSolver
        let p: ReducedProblem
        let count: Int
        let exact: Bool
        let goal: Double
        let deadline: SolveDeadline
        let tol: Double
        var sites: [Int] = []
        var value = 0.0
        var bound = Double.infinity
        var lagrangian: LagrangianBound?
        var log: [Phase] = []
        /// Set by the phase that ends the run.
        var result: Core?

        init(solver: MCLPSolver, _ p: ReducedProblem, count: Int, exact: Bool, goal: Double, deadline: SolveDeadline) {
            self.solver = solver
            options = solver.options
            self.p = p
            self.count = count
            self.exact = exact
            self.goal = goal
            self.deadline = deadline
            tol = p.tolerance
        }

        /// Whether the bound still leaves room above the incumbent.
        var gapOpen: Bool { bound - value > tol }
        /// Whether the exact phases (smoothed dual, branch and bound) may run.
        var exactOn: Bool { exact && options.exactTimeBudgetSeconds > 0 }

        /// Ends the run with the incumbent and the given bound.
        mutating func finish(bound: Double, proven: Bool) {
            result = Core(sites: sites, value: value, bound: bound, proven: proven, lagrangian: lagrangian, log: log)
        }

        /// The answer after the last phase, read from the log: when the last branch and bound ran
        /// (the bound left a gap after the searches), proven only if it finished; otherwise proven
        /// when the bound meets the value.
        mutating func conclusion() -> Core {
            let last = log.last(where: { if case .branchAndBound(_, quick: false) = $0 { true } else { false } })
            let proven = last.map(\.provesOptimality) ?? !gapOpen
            if proven && last == nil { log.append(.boundMeetsValue) }
            return Core(sites: sites, value: value, bound: max(bound, value), proven: proven, lagrangian: lagrangian, log: log)
        }

        /// Takes `other` when it covers more; says whether it did.
        mutating func keepIfBetter(_ other: [Int]) -> Bool {
            let otherValue = p.value(of: other)
            guard otherValue > value + tol else { return false }
            sites = other
            value = otherValue
            return true
        }

        /// Sets the incumbent to `better` (from a branch and bound, which may hold fewer sites than
        /// `count` when the best was met on the way down), refilled greedily.
        mutating func adoptRefilled(_ better: [Int]) {
            sites = MaxCoverHeuristic.lazyGreedy(p, count: count, startingWith: better)
            value = p.value(of: sites)
        }

        // MARK: Phases

        /// Lazy greedy; when it runs out of candidates that add anything, every reachable point is
        /// covered and that is optimal.
        mutating func greedy() {
            log.append(.lazyGreedy)
            sites = MaxCoverHeuristic.lazyGreedy(p, count: count)
            value = p.value(of: sites)
            if sites.count < count || count == 0 {
                log.append(.everyReachablePointCovered)
                finish(bound: value, proven: true)
            }
        }

        mutating func swapSearch() {
            guard options.localSearch else { return }
            sites = MaxCoverHeuristic.swapSearch(p, sites: sites)
            value = p.value(of: sites)
            log.append(.swapSearch)
        }

        /// Asked only whether `goal` can be reached (LSCP): a solution reaching it is the answer.
        mutating func stopAtGoal() {
            if value >= goal - tol { finish(bound: value, proven: false) }
        }

        /// The submodular bound at the incumbent, then, while a gap remains, the Lagrangian bound,
        /// whose own site choices (the best few met) are further starts for the swap search.
        mutating func bounds() {
            bound = min(p.reachableDemand, MaxCoverHeuristic.marginalBound(p, sites: sites, count: count))
            guard gapOpen else {
                log.append(.submodularBound)
                return
            }
            let lb = LagrangianBound(p, count: count, lowerBound: value, iterations: solver.lagrangianIterations(p))
            bound = min(bound, lb.value)
            lagrangian = lb
            var better = false
            if options.localSearch {
                for start in lb.primals where Set(start) != Set(sites) {
                    if keepIfBetter(MaxCoverHeuristic.swapSearch(p, sites: start)) { better = true }
                }
            }
            log.append(.lagrangianBound(betterStart: better))
        }

        /// The subgradient stops well above the LP bound on large instances; the smoothed dual gets
        /// close to it, and a tighter bound fixes far more candidates for the branch and bound.
        mutating func smoothedDual() {
            guard exactOn, gapOpen, var first = lagrangian,
                  let better = SmoothedDual.minimise(
                      p, count: count, lowerBound: value, start: first.lambda,
                      evaluations: solver.smoothedEvaluations(p), deadline: deadline.exact),
                  first.adopt(p, lambda: better.lambda, count: count)
            else { return }
            lagrangian = first
            bound = min(bound, first.value)
            var improved = false
            if options.localSearch {
                // Near the LP optimum, the smoothed primal σ approximates the LP's site variables:
                // keeping the sites it sets near 1 and refilling greedily is a strong start.
                let start = MCLPSolver.roundedStart(p, count: count, sites: better.sites)
                improved = keepIfBetter(MaxCoverHeuristic.swapSearch(p, sites: start))
            }
            log.append(.smoothedDual(betterStart: improved))
        }

        /// Asked only whether `goal` can be reached (LSCP), a bound below it is the whole answer.
        mutating func stopBelowGoal() {
            guard goal.isFinite, bound < goal - tol else { return }
            log.append(.boundBelowGoal)
            finish(bound: bound, proven: false)
        }

        /// The branch and bound from the incumbent. The quick one (a small node budget, before the
        /// searches) settles instances with few free candidates after Lagrangian fixing before any
        /// search is spent; the last one runs to the node budget or the deadline.
        mutating func branchAndBound(quick: Bool) {
            guard exactOn, gapOpen else { return }
            let nodeBudget = quick
                ? min(options.exactNodeBudget ?? Int.max, MCLPSolver.quickNodeBudget) : options.exactNodeBudget
            let outcome = MaxCoverBranchAndBound.search(
                p, count: count, threshold: value + tol, stopAtFirst: false, lagrangian: lagrangian,
                candidateLimit: options.exactCandidateLimit, deadline: deadline.exact,
                nodeBudget: nodeBudget, refineDepth: MCLPSolver.refineDepth)
            if let better = outcome.sites { adoptRefilled(better) }
            let result: Phase.BranchAndBoundResult
            if let free = outcome.freeCandidates {
                result = outcome.finished
                    ? .provedOptimal(freeCandidates: free, nodes: outcome.nodes)
                    : .stoppedAtBudget(freeCandidates: free, nodes: outcome.nodes)
            } else {
                result = .tooManyFreeCandidates(unfixed: outcome.unfixedCandidates, limit: options.exactCandidateLimit)
            }
            log.append(.branchAndBound(result, quick: quick))
            if case .provedOptimal = result {
                bound = value
                if quick { finish(bound: value, proven: true) }
            }
        }

        /// Runs an improvement search while the bound leaves a gap, local search is on and the
        /// instance allows any iterated-local-search rounds.
        mutating func improve(_ search: (inout CoreRun) -> Void) {
            guard options.localSearch, solver.perturbationRounds(p, count: count) > 0, gapOpen else { return }
            search(&self)
        }

        mutating func iteratedLocalSearch() {
            let rounds = solver.perturbationRounds(p, count: count)
            if keepIfBetter(MaxCoverHeuristic.perturb(p, sites: sites, rounds: rounds, stopAt: goal)) {
                bound = min(bound, MaxCoverHeuristic.marginalBound(p, sites: sites, count: count))
            }
            log.append(.iteratedLocalSearch(rounds: rounds))
        }

        mutating func tabuSearch() {
            let iterations = solver.tabuIterations(p, count: count)
            let tenure = max(MCLPSolver.tabuTenureFloor, min(p.candidateCount / MCLPSolver.tabuTenureDivisor, count))
            let other = TabuSearch.run(p, sites: sites, iterations: iterations, tenure: tenure, stopAt: goal)
            if keepIfBetter(other) { _ = keepIfBetter(MaxCoverHeuristic.swapSearch(p, sites: other)) }
            log.append(.tabuSearch(iterations: iterations))
        }

        mutating func neighbourhoodSearch() {
            let moves = min(MCLPSolver.neighbourhoodMoves, MCLPSolver.neighbourhoodMovesPerSite * count)
            _ = keepIfBetter(NeighbourhoodSearch.improve(
                p, sites: sites, rounds: moves, size: MCLPSolver.neighbourhoodSize, stopAt: goal, deadline: deadline.search))
            log.append(.neighbourhoodSearch(moves: moves))
        }

        mutating func regionalExchange() {
            _ = keepIfBetter(NeighbourhoodSearch.exchange(
                p, sites: sites, sweeps: MCLPSolver.exchangeSweeps, size: MCLPSolver.exchangeSize,
                poolSize: NeighbourhoodSearch.poolSize, stopAt: goal, deadline: deadline.search))
            log.append(.regionalExchange)
        }

        mutating func regionReplacements() {
            let moves = min(count, MCLPSolver.regionMoves)
            _ = keepIfBetter(NeighbourhoodSearch.improve(
                p, sites: sites, rounds: moves, size: MCLPSolver.regionSize, poolSize: MCLPSolver.regionPoolSize,
                refineDepth: MCLPSolver.refineDepth, sweep: true, stopAt: goal, deadline: deadline.search))
            log.append(.regionReplacements(moves: moves))
        }
    }
}

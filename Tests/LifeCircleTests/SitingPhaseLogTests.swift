import Testing
@testable import LifeCircle

/// The MCLP solver's typed phase log: the `method` text it renders (part of the outputs, so fixed
/// word for word), what it decides (proven or not), and the one deadline of a solve.
@Suite("Siting phase log")
struct SitingPhaseLogTests {
    typealias Phase = MCLPSolver.Phase

    @Test("Rendering: the words of the Jing'an report and of a long synthetic run, word for word")
    func rendering() {
        // As in Reports/jingan/report.md.
        #expect(Phase.render([
            .lazyGreedy, .swapSearch, .lagrangianBound(betterStart: false),
            .branchAndBound(.provedOptimal(freeCandidates: 4, nodes: 3), quick: true),
        ]) == "lazy greedy; swap local search; Lagrangian bound; branch and bound over 4 free candidates (3 nodes) proved optimal")
        #expect(Phase.render([.lazyGreedy, .swapSearch, .lagrangianBound(betterStart: false), .boundMeetsValue])
            == "lazy greedy; swap local search; Lagrangian bound; bound meets value: optimal")
        // As `lifecircle-bench siting` printed it before the phases were typed.
        #expect(Phase.render([
            .lazyGreedy, .swapSearch, .lagrangianBound(betterStart: true), .smoothedDual(betterStart: false),
            .branchAndBound(.tooManyFreeCandidates(unfixed: 1635, limit: 400), quick: true),
            .iteratedLocalSearch(rounds: 100), .tabuSearch(iterations: 2946), .neighbourhoodSearch(moves: 180),
            .regionalExchange, .regionReplacements(moves: 45),
            .branchAndBound(.tooManyFreeCandidates(unfixed: 1635, limit: 400), quick: false),
        ]) == "lazy greedy; swap local search; Lagrangian bound; better start from the Lagrangian solutions; "
            + "smoothed dual bound; 100 rounds of iterated local search; 2946 iterations of tabu search; "
            + "180 moves of exact neighbourhood search; paired regional exchange; 45 exact re-placements of 8-site regions; "
            + "too many free candidates for branch and bound (1635 after Lagrangian fixing, limit 400)")
        #expect(Phase.render([.capacitatedGreedy(capacity: 150), .capacitatedBound, .fewerSitesAddCoverage(1)])
            == "capacitated greedy (capacity 150.0, divisible demand); "
            + "bound min(N·capacity, top-N capped cover weights, uncapacitated bound); only 1 sites add coverage")
        // A quick branch and bound that proved nothing says nothing; the last one says how it stopped.
        #expect(Phase.branchAndBound(.stoppedAtBudget(freeCandidates: 30, nodes: 5000), quick: true).words.isEmpty)
        #expect(Phase.branchAndBound(.stoppedAtBudget(freeCandidates: 30, nodes: 9), quick: false).words
            == ["branch and bound over 30 free candidates stopped at its budget (9 nodes)"])
        #expect(Phase.branchAndBound(.provedOptimal(freeCandidates: 3, nodes: 2), quick: false).provesOptimality)
        #expect(!Phase.branchAndBound(.stoppedAtBudget(freeCandidates: 3, nodes: 2), quick: false).provesOptimality)
    }

    @Test("The log decides: proven exactly when a branch and bound finished or the bound met the value, and then optimal")
    func logDecides() throws {
        var proofs = (branchAndBound: 0, bound: 0, open: 0)
        for seed in UInt64(1) ... 40 {
            let instance = try SitingSolverPartsTests.groupedInstance(seed: seed, candidates: 14, groups: 50)
            let p = ReducedProblem(instance)
            for count in [2, 4] {
                for budget in [0.0, 60] {
                    let solver = MCLPSolver(options: SitingOptions(exactTimeBudgetSeconds: budget))
                    let core = solver.solveCore(p, count: count, exact: true, deadline: SolveDeadline(budgetSeconds: budget))
                    let byBranchAndBound = core.log.contains(where: \.provesOptimality)
                    let byBound = core.log.last == .boundMeetsValue || core.log.contains(.everyReachablePointCovered)
                    #expect(core.proven == (byBranchAndBound || byBound), "seed \(seed) count \(count) budget \(budget)")
                    #expect(core.log.first == .lazyGreedy)
                    if core.proven {
                        #expect(abs(core.value - SitingSolverPartsTests.bruteForce(p, count: count)) <= p.tolerance,
                                "seed \(seed) count \(count) budget \(budget)")
                    }
                    if byBranchAndBound { proofs.branchAndBound += 1 } else if byBound { proofs.bound += 1 } else { proofs.open += 1 }
                    // No exact phase without a budget.
                    if budget == 0 { #expect(!core.log.contains { if case .branchAndBound = $0 { true } else { false } }) }
                    // The public answer renders the same log (and says when fewer sites add coverage).
                    let solution = solver.solve(instance, count: count)
                    let fewer: [Phase] = solution.sites.count < count ? [.fewerSitesAddCoverage(solution.sites.count)] : []
                    #expect(solution.method == Phase.render(core.log + fewer))
                }
            }
        }
        // The instances exercise both kinds of proof.
        #expect(proofs.branchAndBound > 0 && proofs.bound > 0, "\(proofs)")
    }

    @Test("One deadline per solve: the exact phases stop at the budget, the searches keep one second at least")
    func deadline() {
        let start = ContinuousClock.now
        let none = SolveDeadline(budgetSeconds: 0, from: start)
        #expect(none.exact == start)
        #expect(none.search == start + .seconds(1))
        let five = SolveDeadline(budgetSeconds: 5, from: start)
        #expect(five.exact == start + .seconds(5))
        #expect(five.search == five.exact)
        let huge = SolveDeadline(budgetSeconds: 1e300, from: start)
        #expect(huge.exact > start + .seconds(1_000_000))
    }
}

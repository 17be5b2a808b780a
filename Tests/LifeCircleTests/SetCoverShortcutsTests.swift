import Testing
@testable import LifeCircle

/// The fewest-sites search's shortcuts: the packing lower bound never exceeds the brute-force
/// minimum, and dropping redundant sites keeps the goal with no site left that could go.
@Suite struct SetCoverShortcutsTests {
    /// The fewest sites of `p` covering at least `goal` (brute force, m ≤ 15).
    static func fewest(_ p: ReducedProblem, goal: Double) -> Int {
        for k in 0 ... p.candidateCount where SitingSolverPartsTests.bruteForce(p, count: k) >= goal - p.tolerance {
            return k
        }
        return p.candidateCount + 1
    }

    /// a covers {0, 1}, b {1, 2}, c {0, 1, 2}: c spares nothing once a and b are in; only one site
    /// is provably needed (c alone covers all), and point 0's coverers {a, c} meet point 2's {b, c}.
    @Test func handChecked() throws {
        let instance = try CoverageInstance(demandWeights: [1, 1, 1], coverSets: [[0, 1], [1, 2], [0, 1, 2]],
                                            candidateIDs: ["a", "b", "c"])
        let p = ReducedProblem(instance)
        #expect(SetCoverShortcuts.dropRedundant(p, sites: [0, 1, 2], goal: p.reachableDemand) == [0, 1])
        #expect(SetCoverShortcuts.dropRedundant(p, sites: [2, 0, 1], goal: p.reachableDemand) == [2])
        #expect(SetCoverShortcuts.packingBound(p, goal: p.reachableDemand) == 1)
        // Four candidates with disjoint cover sets: every one is needed and the bound says so.
        let disjoint = try CoverageInstance(demandWeights: [2, 3, 4, 5], coverSets: [[0], [1], [2], [3]],
                                            candidateIDs: ["p", "q", "r", "s"])
        let d = ReducedProblem(disjoint)
        #expect(SetCoverShortcuts.packingBound(d, goal: d.reachableDemand) == 4)
        // Leaving 2 uncovered is allowed at goal 12 of 14: the point of weight 2 need not be covered.
        #expect(SetCoverShortcuts.packingBound(d, goal: 12) == 3)
        #expect(SetCoverShortcuts.dropRedundant(d, sites: [0, 1, 2, 3], goal: 12) == [1, 2, 3])
    }

    /// On random instances: the bound is at most the true minimum; the trimmed set is a subset that
    /// still reaches the goal, and no site of it can be dropped.
    @Test func randomInstances() throws {
        for seed in UInt64(1) ... 40 {
            let instance = try SitingSolverPartsTests.groupedInstance(seed: seed, candidates: 12, groups: 25)
            let p = ReducedProblem(instance)
            for share in [1.0, 0.9, 0.6] {
                let goal = share * p.reachableDemand
                #expect(SetCoverShortcuts.packingBound(p, goal: goal) <= Self.fewest(p, goal: goal), "seed \(seed) share \(share)")
                let greedy = MaxCoverHeuristic.lazyGreedy(p, count: p.candidateCount, stopAt: goal)
                let trimmed = SetCoverShortcuts.dropRedundant(p, sites: greedy, goal: goal)
                #expect(trimmed.allSatisfy(greedy.contains))
                #expect(p.value(of: trimmed) >= goal - p.tolerance)
                for j in trimmed {
                    #expect(p.value(of: trimmed.filter { $0 != j }) < goal - p.tolerance, "seed \(seed): site \(j) spare")
                }
            }
        }
    }
}

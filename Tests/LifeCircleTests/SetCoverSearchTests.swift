import Testing
@testable import LifeCircle

/// The set cover behind a fewest-sites goal with no slack (an unmeetable target): its reductions keep
/// the minimum, the Lagrangian bound never exceeds it, the branch and bound finds it, and the
/// search's bound ≤ minimum ≤ answer, all checked against brute force.
@Suite struct SetCoverSearchTests {
    /// The fewest of `m` columns covering every row, each row given as the bit mask of its columns
    /// (m ≤ 32): sizes 0, 1, 2, … in turn, every subset of the size tried; nil when a row has none.
    static func fewest(rows masks: [UInt32], columns m: Int) -> Int? {
        guard !masks.contains(0) else { return nil }
        func any(_ size: Int, from: Int, _ set: UInt32) -> Bool {
            if size == 0 { return masks.allSatisfy { $0 & set != 0 } }
            guard from < m else { return false }
            for j in from ..< m where any(size - 1, from: j + 1, set | 1 << UInt32(j)) { return true }
            return false
        }
        return (0 ... m).first { any($0, from: 0, 0) }
    }

    /// The fewest sites of `p` covering every one of its points, by brute force.
    static func fewest(_ p: ReducedProblem) -> Int {
        let coverers = PointCoverers(p)
        let masks = (0 ..< p.pointCount).map { i in coverers.slice(of: i).reduce(UInt32(0)) { $0 | 1 << UInt32($1) } }
        return fewest(rows: masks, columns: p.candidateCount) ?? -1
    }

    /// The fewest columns of a component covering its rows, by brute force.
    static func fewest(_ c: SetCoverComponent) -> Int {
        let masks = (0 ..< c.rowCount).map { r in c.columns(of: r).reduce(UInt32(0)) { $0 | 1 << UInt32($1) } }
        return fewest(rows: masks, columns: c.columnCount) ?? -1
    }

    /// One to three separate blocks of candidates: either on a plane, each covering the points
    /// within its own reach (nested and overlapping sets, as walking catchments give, which the
    /// reductions mostly settle), or a ring of 6–10 points with one arc of 2–3 neighbours starting at
    /// each point and now and then a random point more (a core no reduction settles, left to the
    /// bound and the branch and bound).
    static func blockInstance(seed: UInt64) throws -> CoverageInstance {
        var rng = SplitMix64(seed: seed)
        var weights: [Double] = []
        var sets: [[Int32]] = []
        for _ in 0 ... rng.below(3) {
            let base = weights.count
            let n: Int
            if rng.chance(0.4) {
                n = 8 + rng.below(8)
                let points = (0 ..< n).map { _ in (x: rng.uniform(0, 100), y: rng.uniform(0, 100)) }
                for _ in 0 ..< 4 + rng.below(3) {
                    let (x, y, reach) = (rng.uniform(0, 100), rng.uniform(0, 100), rng.uniform(20, 50))
                    sets.append(points.indices.filter { (points[$0].x - x) * (points[$0].x - x) + (points[$0].y - y) * (points[$0].y - y) <= reach * reach }
                        .map { Int32(base + $0) })
                }
            } else {
                n = 5 + rng.below(4)
                for start in 0 ..< n where sets.count < 24 {
                    var arc = (0 ..< 2 + rng.below(2)).map { Int32(base + (start + $0) % n) }
                    if rng.chance(0.3) { arc.append(Int32(base + rng.below(n))) }
                    sets.append(arc)
                }
            }
            weights += (0 ..< n).map { _ in Double(1 + rng.below(9)) }
        }
        return try CoverageInstance(
            demandWeights: weights, coverSets: sets, candidateIDs: sets.indices.map { "c\($0)" },
            alreadyCovered: weights.map { _ in rng.below(15) == 0 })
    }

    /// A ring of five points, each pair of neighbours one candidate (needs 3; the LP bound is 2.5),
    /// beside two parts the reductions settle: point 6 only g covers (g forced, then f, which covers
    /// only point 5 that g covers too, has nothing left), and point 8's coverers {h, i} include
    /// point 7's {h} (8 dropped, then h forced, i empty).
    @Test func handChecked() throws {
        let sets: [[Int32]] = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0], [5], [5, 6], [7, 8], [8]]
        let instance = try CoverageInstance(demandWeights: Array(repeating: 1, count: 9), coverSets: sets,
                                            candidateIDs: ["r0", "r1", "r2", "r3", "r4", "f", "g", "h", "i"])
        let p = ReducedProblem(instance)
        let reduction = SetCoverReduction(p, rows: Array(0 ..< p.pointCount))
        #expect(reduction.forced == [6, 7])
        #expect(reduction.components.count == 1)
        #expect(reduction.components.first?.candidates == [0, 1, 2, 3, 4])
        #expect((reduction.rowsBefore, reduction.columnsBefore, reduction.rowsAfter, reduction.columnsAfter) == (9, 9, 5, 5))
        let ring = try #require(reduction.components.first)
        let lagrangian = SetCoverLagrangian(ring, upper: Array(0 ..< 5), iterations: 1_000)
        #expect(abs(lagrangian.value - 2.5) < 1e-3)
        #expect(lagrangian.bound == 3)
        let search = SetCoverSearch(p, rows: Array(0 ..< p.pointCount), nodeBudget: 0)
        #expect(search.sites.count == 5 && search.lowerBound == 5 && search.proven)
        #expect(p.value(of: search.sites) == p.reachableDemand)

        // Through the LSCP solver: the goal (100%) is every point, so the set cover answers it.
        let solution = LSCPSolver().solve(instance, targetCoverage: 1)
        #expect(solution.sites.count == 5)
        #expect(solution.siteCountLowerBound == 5)
        #expect(solution.optimality == .provenOptimal)
        #expect(solution.method.contains("a set cover of 9 point groups by 9 candidates, whose reductions (dominated candidates and points dropped) leave 2 sites forced (each the only candidate left for some point) and 5 point groups by 5 candidates in 1 independent part: greedy, Lagrangian bound; site count proven minimal"))
    }

    /// Vertex cover of K5 as a set cover (points: the 10 edges; candidates: the 5 vertices, each
    /// covering its 4 edges): nothing reduces, the LP bound is 2.5, so the Lagrangian proves only 3,
    /// while 4 are needed. Without nodes the answer says so; the branch and bound proves 4.
    @Test func theBranchAndBoundClosesAGapTheBoundLeaves() throws {
        let edges = (0 ..< 5).flatMap { a in (a + 1 ..< 5).map { (a, $0) } }
        let sets = (0 ..< 5).map { v in edges.indices.filter { edges[$0].0 == v || edges[$0].1 == v }.map { Int32($0) } }
        let instance = try CoverageInstance(demandWeights: Array(repeating: 1, count: 10), coverSets: sets,
                                            candidateIDs: (0 ..< 5).map { "v\($0)" })
        let p = ReducedProblem(instance)
        let part = try #require(SetCoverReduction(p, rows: Array(0 ..< 10)).components.first)
        #expect(part.rowCount == 10 && part.columnCount == 5)
        let lagrangian = SetCoverLagrangian(part, upper: Array(0 ..< 5), iterations: 1_000)
        #expect(abs(lagrangian.value - 2.5) < 1e-3 && lagrangian.bound == 3 && lagrangian.cover.count == 4)

        let quick = LSCPSolver(options: SitingOptions(exactTimeBudgetSeconds: 0)).solve(instance, targetCoverage: 1)
        #expect(quick.sites.count == 4 && quick.siteCountLowerBound == 3 && quick.optimality == .heuristic(gap: 1))
        #expect(quick.method.hasSuffix("greedy, Lagrangian bound; minimality not proven within the node budget: at least 3 sites needed, gap 1"))
        let proven = LSCPSolver().solve(instance, targetCoverage: 1)
        #expect(proven.sites.count == 4 && proven.siteCountLowerBound == 4 && proven.optimality == .provenOptimal)
        #expect(proven.method.contains("branch and bound ("))
    }

    /// Two candidates with the same points: the lower index stays.
    @Test func equalColumnsKeepTheLowerIndex() throws {
        let instance = try CoverageInstance(demandWeights: [1, 1, 1], coverSets: [[0, 1], [0, 1], [1, 2], [2]],
                                            candidateIDs: ["a", "b", "c", "d"])
        let p = ReducedProblem(instance)
        let reduction = SetCoverReduction(p, rows: Array(0 ..< p.pointCount))
        // b equals a and goes, d ⊂ c goes (and point 1, whose coverers include point 0's); then
        // point 0 only a covers and point 2 only c: both forced.
        #expect(reduction.forced.sorted() == [0, 2])
        #expect(reduction.components.isEmpty)
    }

    /// On seeded random instances: forced sites plus the components' minima make the whole minimum;
    /// each component's Lagrangian bound ≤ its minimum ≤ its covers; the branch and bound finds the
    /// minimum; the search's bound ≤ minimum ≤ answer, equal with enough nodes; and the LSCP answer to
    /// a 100% target (unmeetable when some point has no candidate) has the minimum count.
    @Test func randomInstancesAgainstBruteForce() throws {
        var reducedSomething = 0, leftSomething = 0, splitSomething = 0, branched = 0
        for seed in UInt64(1) ... 200 {
            let instance = try Self.blockInstance(seed: seed)
            let p = ReducedProblem(instance)
            guard p.pointCount > 0 else { continue }
            let optimum = Self.fewest(p)
            let rows = Array(0 ..< p.pointCount)
            let reduction = SetCoverReduction(p, rows: rows)
            let parts = reduction.components.map(Self.fewest)
            #expect(reduction.forced.count + parts.reduce(0, +) == optimum, "seed \(seed)")
            if reduction.columnsAfter < reduction.columnsBefore { reducedSomething += 1 }
            if !reduction.components.isEmpty { leftSomething += 1 }
            if reduction.components.count > 1 { splitSomething += 1 }
            for (c, best) in zip(reduction.components, parts) {
                let greedy = SetCoverSearch.greedyCover(c)
                #expect(c.covers(greedy) && greedy.count >= best, "seed \(seed)")
                let lagrangian = SetCoverLagrangian(c, upper: greedy, iterations: 300)
                #expect(lagrangian.bound <= best && lagrangian.value <= Double(best) + 1e-9, "seed \(seed)")
                #expect(c.covers(lagrangian.cover) && lagrangian.cover.count <= greedy.count, "seed \(seed)")
                let search = SetCoverBranchAndBound(c, incumbent: greedy, lowerBound: 0, nodeBudget: 1_000_000)
                #expect(search.finished && search.best.count == best && c.covers(search.best), "seed \(seed)")
                if search.nodes > 1 { branched += 1 }
            }
            for budget in [0, 1, 1_000_000] {
                let search = SetCoverSearch(p, rows: rows, nodeBudget: budget)
                #expect(search.lowerBound <= optimum && optimum <= search.sites.count, "seed \(seed) budget \(budget)")
                #expect(p.value(of: search.sites) >= p.reachableDemand - p.tolerance, "seed \(seed)")
                if budget > 1 { #expect(search.sites.count == optimum && search.proven, "seed \(seed)") }
            }
            let solution = LSCPSolver(options: SitingOptions(exactNodeBudget: 1_000_000)).solve(instance, targetCoverage: 1)
            #expect(solution.sites.count == optimum && solution.siteCountLowerBound == optimum, "seed \(seed)")
            #expect(abs(solution.coveredDemand - p.reachableDemand) <= p.tolerance, "seed \(seed)")
        }
        // The instances exercise what they check.
        #expect(reducedSomething >= 150 && leftSomething >= 50 && splitSomething >= 5 && branched >= 5)
    }

    /// A goal below 100% whose slack is less than every point's weight is still a set cover (every
    /// point must be covered); with slack for a point it is not, and the old search answers.
    @Test func rowsToCoverOnlyWithoutSlack() throws {
        let instance = try CoverageInstance(demandWeights: [5, 6, 7], coverSets: [[0], [1], [2]], candidateIDs: ["a", "b", "c"])
        let p = ReducedProblem(instance)
        #expect(LSCPSolver.rowsToCover(p, goal: 18) == [0, 1, 2])
        #expect(LSCPSolver.rowsToCover(p, goal: 14) == [0, 1, 2])
        // Slack 5: point 0 may go uncovered, and covering 1 and 2 is enough.
        #expect(LSCPSolver.rowsToCover(p, goal: 13) == [1, 2])
        // Slack 7: points 0 and 1 (11 together) may not both go uncovered.
        #expect(LSCPSolver.rowsToCover(p, goal: 11) == nil)
        let partial = LSCPSolver().solve(instance, targetCoverage: 11.0 / 18)
        #expect(partial.sites.count == 2 && !partial.method.contains("set cover"))
    }
}

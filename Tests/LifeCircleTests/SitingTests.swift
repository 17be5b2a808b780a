import Testing
@testable import LifeCircle

/// A random instance: `m` candidates, `n` demand points, integer weights, some points already covered.
private func randomInstance(
    seed: UInt64, candidates m: Int = 12, points n: Int = 40, setSize: ClosedRange<Int> = 2 ... 10,
    coveredShare: Int = 10, capacity: Double? = nil
) throws -> CoverageInstance {
    var rng = SplitMix64(seed: seed)
    let weights = (0 ..< n).map { _ in Double(rng.int(0 ... 20)) }
    let secondary = weights.map { ($0 / 3).rounded(.down) }
    let covered = (0 ..< n).map { _ in rng.int(0 ... 99) < coveredShare }
    let sets: [[Int32]] = (0 ..< m).map { _ in
        (0 ..< rng.int(setSize)).map { _ in Int32(rng.int(0 ... n - 1)) }
    }
    return try CoverageInstance(
        demandWeights: weights, secondaryWeights: secondary, coverSets: sets,
        candidateIDs: (0 ..< m).map { "c\($0)" }, alreadyCovered: covered, capacity: capacity)
}

/// Newly covered weight of a subset of candidates (bitmask), by definition.
private func coverValue(_ instance: CoverageInstance, mask: Int) -> Double {
    var hit = [Bool](repeating: false, count: instance.demandCount)
    for j in 0 ..< instance.candidateCount where mask & (1 << j) != 0 {
        for i in instance.coverSet(j) { hit[Int(i)] = true }
    }
    var sum = 0.0
    for i in 0 ..< instance.demandCount where hit[i] && !instance.alreadyCovered[i] {
        sum += instance.demandWeights[i]
    }
    return sum
}

/// The best newly covered weight with at most `count` sites, by enumerating all subsets.
private func bruteForceMCLP(_ instance: CoverageInstance, count: Int) -> Double {
    var best = 0.0
    for mask in 0 ..< (1 << instance.candidateCount) where mask.nonzeroBitCount <= count {
        best = max(best, coverValue(instance, mask: mask))
    }
    return best
}

/// The fewest sites whose newly covered weight reaches `need`, or nil.
private func bruteForceLSCP(_ instance: CoverageInstance, need: Double) -> Int? {
    var best: Int?
    for mask in 0 ..< (1 << instance.candidateCount) where coverValue(instance, mask: mask) >= need - 1e-9 {
        best = min(best ?? Int.max, mask.nonzeroBitCount)
    }
    return best
}

/// Checks what every solution promises: gains add up, newly covered points are disjoint, not
/// already covered, inside the site's cover set, and ranks run 1, 2, ….
private func checkExplanations(_ s: SitingSolution, _ instance: CoverageInstance) {
    var seen = Set<Int32>()
    var total = 0.0
    for (r, site) in s.sites.enumerated() {
        #expect(site.rank == r + 1)
        let cover = Set(instance.coverSet(site.candidateIndex))
        var gain = 0.0
        for (k, i) in site.newlyCovered.enumerated() {
            #expect(seen.insert(i).inserted || instance.capacity != nil)
            #expect(cover.contains(i))
            #expect(!instance.alreadyCovered[Int(i)])
            gain += site.creditedWeights?[k] ?? instance.demandWeights[Int(i)]
        }
        #expect(abs(gain - site.marginalGain) < 1e-6)
        if let capacity = instance.capacity { #expect(site.marginalGain <= capacity + 1e-9) }
        total += site.marginalGain
    }
    #expect(abs(total - s.coveredDemand) < 1e-6)
    #expect(s.upperBound >= s.coveredDemand - 1e-9)
    #expect(Set(s.sites.map(\.candidateIndex)).count == s.sites.count)
}

/// Most demand a set of capacitated sites can be credited with (divisible demand): a max flow
/// source → point (its weight) → covering chosen site → sink (capacity), by augmenting paths.
private func capacitatedValue(_ instance: CoverageInstance, mask: Int, capacity: Double) -> Double {
    let sites = (0 ..< instance.candidateCount).filter { mask & (1 << $0) != 0 }
    let n = instance.demandCount
    // Nodes: 0 source, 1...n points, n+1... sites, last sink.
    let sink = n + sites.count + 1
    var cap = [[Double]](repeating: [Double](repeating: 0, count: sink + 1), count: sink + 1)
    for i in 0 ..< n where !instance.alreadyCovered[i] { cap[0][i + 1] = instance.demandWeights[i] }
    for (k, j) in sites.enumerated() {
        for i in instance.coverSet(j) { cap[Int(i) + 1][n + 1 + k] = .infinity }
        cap[n + 1 + k][sink] = capacity
    }
    var flow = 0.0
    while true {
        var parent = [Int](repeating: -1, count: sink + 1)
        parent[0] = 0
        var queue = [0]
        var head = 0
        while head < queue.count && parent[sink] < 0 {
            let u = queue[head]
            head += 1
            for v in 0 ... sink where parent[v] < 0 && cap[u][v] > 1e-12 {
                parent[v] = u
                queue.append(v)
            }
        }
        if parent[sink] < 0 { return flow }
        var push = Double.infinity
        var v = sink
        while v != 0 {
            push = min(push, cap[parent[v]][v])
            v = parent[v]
        }
        v = sink
        while v != 0 {
            cap[parent[v]][v] -= push
            cap[v][parent[v]] += push
            v = parent[v]
        }
        flow += push
    }
}

@Suite struct SitingTests {
    /// MCLP finds the brute-force optimum on 120 seeded 12 × 40 instances.
    @Test func mclpMatchesBruteForce() throws {
        for seed in UInt64(1) ... 120 {
            let instance = try randomInstance(seed: seed)
            let count = Int(seed % 5) + 1
            let s = MCLPSolver().solve(instance, count: count)
            let best = bruteForceMCLP(instance, count: count)
            #expect(s.coveredDemand == best, "seed \(seed) count \(count)")
            #expect(s.optimality == .provenOptimal, "seed \(seed)")
            #expect(s.sites.count <= count)
            checkExplanations(s, instance)
        }
    }

    /// Without the exact phase the upper bound still holds the optimum.
    @Test func heuristicBoundIsValid() throws {
        let options = SitingOptions(exactTimeBudgetSeconds: 0)
        var gaps = 0
        for seed in UInt64(200) ... 300 {
            let instance = try randomInstance(seed: seed, setSize: 4 ... 14)
            let count = Int(seed % 4) + 2
            let s = MCLPSolver(options: options).solve(instance, count: count)
            let best = bruteForceMCLP(instance, count: count)
            #expect(s.upperBound >= best - 1e-9, "seed \(seed)")
            #expect(s.coveredDemand <= best + 1e-9)
            if case .heuristic(let gap) = s.optimality {
                gaps += 1
                #expect(gap >= 0 && gap < 1)
            } else {
                #expect(s.coveredDemand == best, "seed \(seed): claimed optimal")
            }
            checkExplanations(s, instance)
        }
    }

    /// Greedy alone (no swaps, no exact phase) is never claimed optimal wrongly.
    @Test func greedyAloneIsNeverClaimedOptimalWrongly() throws {
        let options = SitingOptions(exactTimeBudgetSeconds: 0, localSearch: false)
        for seed in UInt64(400) ... 460 {
            let instance = try randomInstance(seed: seed)
            let s = MCLPSolver(options: options).solve(instance, count: 3)
            let best = bruteForceMCLP(instance, count: 3)
            if s.optimality == .provenOptimal { #expect(s.coveredDemand == best, "seed \(seed)") }
            #expect(s.upperBound >= best - 1e-9)
        }
    }

    /// LSCP finds the brute-force minimum count on 100 seeded instances.
    @Test func lscpMatchesBruteForce() throws {
        for seed in UInt64(1000) ... 1100 {
            let instance = try randomInstance(seed: seed, setSize: 3 ... 12)
            let share = [0.5, 0.7, 0.85, 0.95, 1.0][Int(seed % 5)]
            let s = LSCPSolver().solve(instance, targetCoverage: share)
            let total = instance.demandWeights.reduce(0, +)
            let already = zip(instance.demandWeights, instance.alreadyCovered).filter(\.1).map(\.0).reduce(0, +)
            let need = max(0, share * total - already)
            let reachable = bruteForceMCLP(instance, count: instance.candidateCount)
            if let k = bruteForceLSCP(instance, need: need) {
                #expect(s.targetMet == true, "seed \(seed)")
                #expect(s.sites.count == k, "seed \(seed) share \(share)")
                #expect(s.optimality == .provenOptimal)
                #expect(s.coverageAfter >= share - 1e-9)
            } else {
                #expect(s.targetMet == false, "seed \(seed)")
                #expect(abs(s.coveredDemand - reachable) < 1e-9)
                #expect(abs(s.bestReachableCoverage - (already + reachable) / total) < 1e-12)
                #expect(s.sites.count == bruteForceLSCP(instance, need: reachable))
            }
            checkExplanations(s, instance)
        }
    }

    /// Hand-checked: ties go to the lower index, fixed coverage is removed, gains in choice order.
    @Test func handCheckedTiesFixedCoverageAndGainsInChoiceOrder() throws {
        // Points 0...5 weigh 10, 10, 10, 10, 5, 7; point 5 is already covered.
        // c0 {0,1}=20, c1 {2,3}=20, c2 {1,2,4}=25, c3 {5}=0 (already covered).
        let instance = try CoverageInstance(
            demandWeights: [10, 10, 10, 10, 5, 7], secondaryWeights: [1, 2, 3, 4, 5, 6],
            coverSets: [[1, 0], [2, 3], [4, 2, 1], [5]], candidateIDs: ["a", "b", "c", "d"],
            alreadyCovered: [false, false, false, false, false, true])
        let one = MCLPSolver().solve(instance, count: 1)
        #expect(one.sites.map(\.candidateID) == ["c"])
        #expect(one.coveredDemand == 25)
        #expect(one.alreadyCoveredDemand == 7 && one.totalDemand == 52)
        // Two sites: greedy takes c (25) then a (10, tie with b by index) = 35; swapping c for b
        // gives {a, b} = 40, ranked a before b (equal gains, lower index first).
        let two = MCLPSolver().solve(instance, count: 2)
        #expect(two.coveredDemand == 40)
        #expect(two.sites.map(\.candidateID) == ["a", "b"])
        #expect(two.sites.map(\.marginalGain) == [20, 20])
        #expect(two.sites[0].newlyCovered == [0, 1] && two.sites[1].newlyCovered == [2, 3])
        #expect(two.sites.map(\.marginalSecondary) == [3, 7])
        #expect(two.optimality == .provenOptimal)
        // Three sites cover all reachable demand (45); a fourth adds nothing and is not proposed.
        let four = MCLPSolver().solve(instance, count: 4)
        #expect(four.coveredDemand == 45 && four.sites.count == 3)
        #expect(four.sites.map(\.marginalGain) == [25, 10, 10])
        #expect(four.sites.map(\.candidateID) == ["c", "a", "b"])
        // Coverage 7 + 40 = 47 of 52 = 90.4 %: two sites reach 0.9, three are needed for 0.95.
        #expect(LSCPSolver().solve(instance, targetCoverage: 0.9).sites.count == 2)
        let all = LSCPSolver().solve(instance, targetCoverage: 1.0)
        #expect(all.targetMet == true && all.sites.count == 3 && all.coverageAfter == 1)
        // The already covered share counts toward the goal.
        #expect(LSCPSolver().solve(instance, targetCoverage: 0.1).sites.isEmpty)
    }

    /// Unreachable goal: best reachable coverage and the sites that reach it.
    @Test func anUnreachableGoalGivesTheBestReachableCoverage() throws {
        let instance = try CoverageInstance(
            demandWeights: [10, 10, 10, 70], coverSets: [[0], [1], [0, 1, 2]])
        let s = LSCPSolver().solve(instance, targetCoverage: 0.85)
        #expect(s.targetMet == false)
        #expect(s.bestReachableCoverage == 0.3)
        #expect(s.unreachableDemand == 70)
        #expect(s.sites.map(\.candidateIndex) == [2])
        #expect(s.coveredDemand == 30)
    }

    /// Capacity: a site is credited at most its capacity, overflow stays for other sites.
    @Test func aSiteIsCreditedAtMostItsCapacity() throws {
        // 60+ residents: p0 = 200 (reached by both), p1 = 100 (only c1).
        let instance = try CoverageInstance(
            demandWeights: [200, 100], coverSets: [[0], [0, 1]], capacity: 150)
        let one = MCLPSolver().solve(instance, count: 1)
        // Both sites would be credited 150; c1 reaches more unserved demand (300 against 200), so it goes first.
        #expect(one.coveredDemand == 150 && one.sites[0].candidateIndex == 1)
        #expect(one.optimality == .provenOptimal)
        let two = MCLPSolver().solve(instance, count: 2)
        #expect(two.coveredDemand == 300)
        // c1 takes p1 first (100, reached only by it) and 50 of p0; c0 then takes the 150 left of p0.
        #expect(two.sites[0].newlyCovered == [0, 1])
        #expect(two.sites[0].creditedWeights == [50, 100])
        #expect(two.sites[1].newlyCovered == [0])
        #expect(two.sites[1].creditedWeights == [150])
        #expect(two.optimality == .provenOptimal)
        checkExplanations(two, instance)
        #expect(LSCPSolver().solve(instance, targetCoverage: 1.0).sites.count == 2)
    }

    /// Capacitated random instances: credits within capacity and the bound above the value.
    @Test func capacitatedCreditsStayWithinCapacityUnderTheBound() throws {
        for seed in UInt64(500) ... 560 {
            let instance = try randomInstance(seed: seed, capacity: 25)
            let s = MCLPSolver().solve(instance, count: 3)
            #expect(s.upperBound <= 75 + 1e-9)
            #expect(s.coveredDemand <= bruteForceMCLP(instance, count: 3) + 1e-9)
            var credited = [Double](repeating: 0, count: instance.demandCount)
            for site in s.sites {
                for (i, amount) in zip(site.newlyCovered, site.creditedWeights ?? []) { credited[Int(i)] += amount }
            }
            for i in 0 ..< instance.demandCount { #expect(credited[i] <= instance.demandWeights[i] + 1e-9) }
            checkExplanations(s, instance)
        }
    }

    /// Capacitated: greedy ≤ brute-force max-flow optimum ≤ reported bound on 40 seeded instances.
    @Test func capacitatedGreedyStaysBelowTheBruteForceOptimumAndItsBound() throws {
        var matched = 0
        for seed in UInt64(600) ... 639 {
            let instance = try randomInstance(seed: seed, candidates: 7, points: 14, setSize: 2 ... 6, capacity: 30)
            let count = Int(seed % 3) + 1
            let s = MCLPSolver().solve(instance, count: count)
            var best = 0.0
            for mask in 0 ..< (1 << instance.candidateCount) where mask.nonzeroBitCount <= count {
                best = max(best, capacitatedValue(instance, mask: mask, capacity: 30))
            }
            #expect(s.coveredDemand <= best + 1e-9, "seed \(seed)")
            #expect(s.upperBound >= best - 1e-9, "seed \(seed)")
            if s.optimality == .provenOptimal { #expect(abs(s.coveredDemand - best) < 1e-9, "seed \(seed)") }
            if abs(s.coveredDemand - best) < 1e-9 { matched += 1 }
        }
        // The greedy is a heuristic here, but on these small cases it should mostly be optimal.
        #expect(matched >= 30)
    }

    /// Medium instance: deterministic, bound holds, exact phase never worse than the heuristic.
    @Test func aMediumInstanceIsDeterministicAndTheExactPhaseNeverWorse() throws {
        let instance = try randomInstance(seed: 77, candidates: 150, points: 1500, setSize: 20 ... 80, coveredShare: 5)
        let exact = MCLPSolver(options: SitingOptions(exactTimeBudgetSeconds: 2)).solve(instance, count: 8)
        let heuristic = MCLPSolver(options: SitingOptions(exactTimeBudgetSeconds: 0)).solve(instance, count: 8)
        let again = MCLPSolver(options: SitingOptions(exactTimeBudgetSeconds: 0)).solve(instance, count: 8)
        #expect(heuristic == again)
        #expect(exact.coveredDemand >= heuristic.coveredDemand)
        #expect(heuristic.upperBound >= exact.coveredDemand - 1e-9)
        checkExplanations(exact, instance)
        checkExplanations(heuristic, instance)
        // Gains in the order chosen never increase (uncapacitated greedy ordering).
        for (a, b) in zip(exact.sites, exact.sites.dropFirst()) { #expect(a.marginalGain >= b.marginalGain) }
    }

    /// Validation names the offending item.
    @Test func validationNamesTheOffendingItem() {
        #expect(throws: InputError.self) {
            try CoverageInstance(demandWeights: [1, -1], coverSets: [[0]])
        }
        #expect(throws: InputError.self) {
            try CoverageInstance(demandWeights: [1], coverSets: [[3]])
        }
        #expect(throws: InputError.self) {
            try CoverageInstance(
                demandWeights: [1, 1], coverOffsets: [0, 2], coverMembers: [1, 0], candidateIDs: ["x"])
        }
        #expect(throws: InputError.self) {
            try CoverageInstance(demandWeights: [1], coverSets: [[0], [0]], candidateIDs: ["x", "x"])
        }
        #expect(throws: InputError.self) {
            try CoverageInstance(demandWeights: [1], coverSets: [[0]], capacity: 0)
        }
        // Each weight finite, their sum not.
        #expect(throws: InputError.self) {
            try CoverageInstance(demandWeights: [1e308, 1e308, 1e308], coverSets: [[0, 1, 2]])
        }
        do {
            _ = try CoverageInstance(demandWeights: [1], coverSets: [[0], [5]], candidateIDs: ["x", "y"])
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains("candidate 1 (y)"))
        }
    }

    /// Edge cases: count 0, no candidates, goal met by fixed facilities.
    @Test func countZeroNoCandidatesAndAGoalMetByFixedFacilities() throws {
        let instance = try CoverageInstance(demandWeights: [5, 5], coverSets: [[0]], alreadyCovered: [false, true])
        let none = MCLPSolver().solve(instance, count: 0)
        #expect(none.sites.isEmpty && none.coveredDemand == 0 && none.optimality == .provenOptimal)
        let empty = try CoverageInstance(demandWeights: [5, 5], coverSets: [])
        let s = MCLPSolver().solve(empty, count: 3)
        #expect(s.sites.isEmpty && s.unreachableDemand == 10 && s.bestReachableCoverage == 0)
        let unreachable = LSCPSolver().solve(empty, targetCoverage: 0.5)
        #expect(unreachable.targetMet == false && unreachable.sites.isEmpty)
        let met = LSCPSolver().solve(instance, targetCoverage: 0.5)
        #expect(met.targetMet == true && met.sites.isEmpty && met.optimality == .provenOptimal)
        #expect(LSCPSolver().solve(instance, targetCoverage: 1.0).sites.map(\.candidateIndex) == [0])
    }

    /// Builder sorts and deduplicates cover sets.
    @Test func theBuilderSortsAndDeduplicatesCoverSets() throws {
        var builder = CoverSetBuilder()
        builder.append(candidateID: "s1", covering: [3, 1, 3])
        builder.append(candidateID: "s2", covering: [])
        let instance = try builder.build(demandWeights: [1, 2, 3, 4])
        #expect(instance.coverOffsets == [0, 2, 2])
        #expect(instance.coverMembers == [1, 3])
        #expect(MCLPSolver().solve(instance, count: 2).coveredDemand == 6)
    }
}

import Testing
@testable import LifeCircle

/// The merged joint problem (``JointReduction``) against the original on seeded instances whose
/// points repeat a few patterns: every choice has the same complete population, covered demands
/// and street figures, so the optimum is the same; the Lagrangian bound and the branch-and-bound
/// root bound are the same.
@Suite struct JointReductionTests {
    /// A random problem whose 8–20 points copy one of 3–6 patterns (the fixed reach and the
    /// candidates reaching it, per category), with their own population (some zero) and coverage
    /// demand; 2–3 categories with 2–5 candidates, site counts 0–2, a coverage requirement in about
    /// a third of the categories, and streets (0–2, or none) per point.
    static func instance(seed: UInt64) throws -> (JointProblem, [Int?]) {
        var rng = SplitMix64(seed: seed &* 2_654_435_761)
        let n = 8 + rng.below(13)
        let patterns = 3 + rng.below(4)
        let patternOf = (0..<n).map { _ in rng.below(patterns) }
        let weights = (0..<n).map { _ in rng.below(5) == 0 ? 0 : Double(1 + rng.below(20)) }
        var cats: [JointProblem.Category] = []
        for c in 0..<(2 + rng.below(2)) {
            let m = 2 + rng.below(4)
            let reach = (0..<patterns).map { _ in (0..<m).filter { _ in rng.below(3) == 0 } }
            let fixedPattern = (0..<patterns).map { _ in rng.below(4) == 0 }
            var sets = [[Int32]](repeating: [], count: m)
            for i in 0..<n { for j in reach[patternOf[i]] { sets[j].append(Int32(i)) } }
            let fixed = (0..<n).map { fixedPattern[patternOf[$0]] }
            var demand: [Double]?
            var required = 0.0
            if rng.below(3) == 0 {
                let d = (0..<n).map { _ in Double(rng.below(8)) }
                demand = d
                required = Double(rng.below(Int(d.reduce(0, +)) + 2))
            }
            cats.append(JointProblem.Category(id: "k\(c)", fixedReach: fixed, coverSets: sets, maxSites: rng.below(3),
                                              coverageDemand: demand, requiredDemand: required))
        }
        let streets = (0..<n).map { _ in rng.below(5) == 0 ? nil : rng.below(3) }
        return (try JointProblem(weights: weights, categories: cats), streets)
    }

    /// Per street (3) the complete population of a choice.
    static func streetComplete(_ p: JointProblem, _ choice: [[Int]]) -> [Double] {
        var out = [0.0, 0, 0]
        for (i, whole) in p.completeFlags(chosen: choice).enumerated() where whole {
            if let s = p.streets?[i] ?? nil { out[s] += p.weights[i] }
        }
        return out
    }

    @Test("on 150 seeded instances every choice has the same complete population, covered demands, feasibility and street figures merged")
    func sameFigures() throws {
        var merged = 0
        for seed in UInt64(1)...150 {
            let (plain, streets) = try Self.instance(seed: seed)
            let p = try JointProblem(weights: plain.weights, categories: plain.categories, streets: streets, streetFloor: 0.5)
            let r = try JointReduction(p)
            let q = r.problem
            #expect(r.originalCount == p.pointCount && q.categories.map(\.candidateIDs) == p.categories.map(\.candidateIDs))
            if r.classCount < p.pointCount { merged += 1 }
            // Every class's points lie in one street, and the class has their summed population.
            for k in 0..<r.classCount {
                let members = (0..<p.pointCount).filter { r.classOf[$0] == Int32(k) }
                #expect(Set(members.map { streets[$0] ?? -1 }) == [q.streets?[k] ?? -1], "seed \(seed)")
                #expect(abs(members.reduce(0) { $0 + p.weights[$1] } - q.weights[k]) < 1e-9, "seed \(seed)")
            }
            JointBruteForceTests.forEachFeasibleChoice(p, feasibleOnly: false) { choice in
                #expect(abs(p.completeWeight(chosen: choice) - q.completeWeight(chosen: choice)) < 1e-9, "seed \(seed): \(choice)")
                #expect(p.isFeasible(chosen: choice) == q.isFeasible(chosen: choice), "seed \(seed): \(choice)")
                for c in p.categories.indices {
                    #expect(abs(p.coveredDemand(c, chosen: choice[c]) - q.coveredDemand(c, chosen: choice[c])) < 1e-9, "seed \(seed)")
                }
                let a = Self.streetComplete(p, choice), b = Self.streetComplete(q, choice)
                #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-9 }, "seed \(seed): \(a) vs \(b)")
            }
        }
        #expect(merged >= 140, "\(merged)")
    }

    /// L(λ) is the same on both: the merged multipliers split over a class's points in proportion
    /// to population give the same value on the original problem, and the original multipliers
    /// summed per class never give more on the merged one; so the Lagrangian (LP) bounds agree.
    /// The branch-and-bound root bound agrees too.
    @Test("on 150 seeded instances the Lagrangian value and the branch-and-bound root bound are the same merged")
    func sameBounds() throws {
        var compared = 0
        for seed in UInt64(1)...150 {
            let (p, _) = try Self.instance(seed: seed)
            let r = try JointReduction(p)
            let big = JointLagrangian(p), small = JointLagrangian(r.problem)
            // Row of (original point, category) and of (class, category).
            func rows(_ rel: JointLagrangian) -> [Int: Int] {
                var out: [Int: Int] = [:]
                var point = [Int](repeating: -1, count: rel.pointWeight.count)
                let state = JointState(rel.problem)
                let completable = rel.problem.completable()
                var o = 0
                for i in 0..<rel.problem.pointCount where completable[i] && state.missing[i] > 0 && rel.problem.weights[i] > 0 {
                    point[o] = i
                    o += 1
                }
                for o in rel.pointWeight.indices {
                    var rowIndex = rel.rowStart[o]
                    for (c, cat) in rel.problem.categories.enumerated() where !cat.fixedReach[point[o]] {
                        out[point[o] * 8 + c] = rowIndex
                        rowIndex += 1
                    }
                }
                return out
            }
            let bigRows = rows(big), smallRows = rows(small)
            #expect(big.constant == small.constant || abs(big.constant - small.constant) < 1e-9, "seed \(seed)")
            #expect(big.variableCount == small.variableCount, "seed \(seed)")
            var rng = SplitMix64(seed: seed &+ 99)
            for _ in 0..<4 {
                let free = [JointLagrangian.Status](repeating: .free, count: big.variableCount)
                // Merged λ, split by population.
                var lambdaSmall = [Double](repeating: 0, count: small.rowCount)
                for r in 0..<small.rowCount { lambdaSmall[r] = small.pointWeight[Int(small.rowPoint[r])] * Double(rng.below(101)) / 100 }
                var lambdaBig = [Double](repeating: 0, count: big.rowCount)
                for (key, row) in bigRows {
                    let i = key / 8, c = key % 8
                    guard let s = smallRows[Int(r.classOf[i]) * 8 + c] else { continue }
                    lambdaBig[row] = lambdaSmall[s] * p.weights[i] / small.pointWeight[Int(small.rowPoint[s])]
                }
                let vs = small.evaluate(lambdaSmall, status: free).value, vb = big.evaluate(lambdaBig, status: free).value
                #expect(abs(vs - vb) < 1e-6, "seed \(seed): merged L \(vs), split on the original \(vb)")
                // Original λ, summed per class.
                for row in 0..<big.rowCount { lambdaBig[row] = big.pointWeight[Int(big.rowPoint[row])] * Double(rng.below(101)) / 100 }
                lambdaSmall = [Double](repeating: 0, count: small.rowCount)
                for (key, row) in bigRows {
                    let i = key / 8, c = key % 8
                    if let s = smallRows[Int(r.classOf[i]) * 8 + c] { lambdaSmall[s] += lambdaBig[row] }
                }
                let summed = small.evaluate(lambdaSmall, status: free).value, original = big.evaluate(lambdaBig, status: free).value
                #expect(summed <= original + 1e-6, "seed \(seed): merged L \(summed) above the original's \(original)")
                compared += 1
            }
            let tol = 1e-9 * max(1, p.weights.reduce(0, +))
            var bbBig = JointBranchAndBound(problem: p, nodeBudget: 10, tolerance: tol)
            var bbSmall = JointBranchAndBound(problem: r.problem, nodeBudget: 10, tolerance: tol)
            #expect(abs(bbBig.rootBound() - bbSmall.rootBound()) < 1e-9, "seed \(seed)")
        }
        #expect(compared == 600)
    }

    /// The solver (which merges first) proves the brute-force optimum of the original problem, and
    /// its answer is a choice on the original problem worth what it says: with whole populations
    /// (the Lagrangian search may then stop at a bound below the incumbent + 1) and with fractional
    /// ones (populations × 1.37), with the small-instance branch and bound and with the Lagrangian one.
    @Test("on 150 seeded instances with repeated points the joint solver proves the brute-force optimum")
    func solverOptimum() throws {
        var feasible = 0
        for seed in UInt64(1)...150 {
            let (whole, _) = try Self.instance(seed: seed)
            let p = seed % 2 == 0 ? whole : try JointProblem(weights: whole.weights.map { $0 * 1.37 }, categories: whole.categories)
            for solver in [JointSolver(), JointSolver(options: SitingOptions(perturbationRounds: 0), exactVariableLimit: 0)] {
                guard let expected = JointSolverTests.bruteForce(p) else {
                    #expect(throws: InputError.self, "seed \(seed)") { try solver.solve(p) }
                    continue
                }
                let s = try solver.solve(p)
                #expect(s.optimality == .provenOptimal, "seed \(seed): \(s.method)")
                #expect(abs(s.completeWeight - expected) < 1e-9, "seed \(seed): \(s.completeWeight) vs \(expected)")
                #expect(abs(p.completeWeight(chosen: s.chosen) - s.completeWeight) < 1e-9 && p.isFeasible(chosen: s.chosen), "seed \(seed)")
                #expect(s.upperBound >= expected - 1e-9, "seed \(seed)")
                feasible += 1
            }
        }
        #expect(feasible > 150, "\(feasible)")
    }
}

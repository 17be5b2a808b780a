import Testing
@testable import LifeCircle

/// The Lagrangian relaxation of the joint model and its branch and bound against brute force on
/// seeded small instances: the bound, the reduced-cost fixing and the proven optimum.
@Suite struct JointLagrangianTests {
    /// A larger random problem than ``JointSolverTests/instance(seed:)`` (still enumerable):
    /// 10–24 points, 2–3 categories with 3–7 candidates, site counts 1–2, a coverage requirement
    /// in about a third of the categories.
    static func instance(seed: UInt64) throws -> JointProblem {
        var rng = SplitMix64(seed: seed &* 1_000_003)
        let n = 10 + rng.below(15)
        let weights = (0..<n).map { _ in Double(1 + rng.below(30)) }
        var cats: [JointProblem.Category] = []
        for c in 0..<(2 + rng.below(2)) {
            let m = 3 + rng.below(5)
            let sets: [[Int32]] = (0..<m).map { _ in (0..<n).filter { _ in rng.below(4) == 0 }.map { Int32($0) } }
            let fixed = (0..<n).map { _ in rng.below(5) == 0 }
            var demand: [Double]?
            var required = 0.0
            if rng.below(3) == 0 {
                let d = (0..<n).map { _ in Double(rng.below(10)) }
                demand = d
                required = Double(rng.below(Int(d.reduce(0, +)) + 2))
            }
            cats.append(JointProblem.Category(id: "k\(c)", fixedReach: fixed, coverSets: sets, maxSites: 1 + rng.below(2),
                                              coverageDemand: demand, requiredDemand: required))
        }
        return try JointProblem(weights: weights, categories: cats)
    }

    /// Both generators: this file's and the joint solver tests'.
    static func problems() throws -> [(String, JointProblem)] {
        var out: [(String, JointProblem)] = []
        for seed in UInt64(1)...100 { out.append(("large \(seed)", try instance(seed: seed))) }
        for seed in UInt64(1)...60 { out.append(("small \(seed)", try JointSolverTests.instance(seed: seed))) }
        return out
    }

    /// The Lagrangian branch and bound alone (no small-instance branch and bound, no iterated local
    /// search; the start is the greedy one) proves the brute-force optimum.
    @Test("the Lagrangian branch and bound finds the brute-force optimum on 160 seeded instances")
    func bruteForceAgreement() throws {
        var infeasible = 0, improved = 0
        let solver = JointSolver(options: SitingOptions(perturbationRounds: 0), exactVariableLimit: 0)
        for (name, p) in try Self.problems() {
            let expected = JointSolverTests.bruteForce(p)
            guard let expected else {
                #expect(throws: InputError.self, "\(name)") { try solver.solve(p) }
                infeasible += 1
                continue
            }
            let s = try solver.solve(p)
            #expect(s.optimality == .provenOptimal, "\(name): \(s.method)")
            #expect(abs(s.completeWeight - expected) < 1e-9, "\(name): \(s.completeWeight) vs brute force \(expected)")
            #expect(p.isFeasible(chosen: s.chosen), "\(name)")
            #expect(abs(p.completeWeight(chosen: s.chosen) - s.completeWeight) < 1e-9, "\(name)")
            // The search had work to do when the heuristic alone stays below the optimum.
            let heuristic = try? JointSolver(options: SitingOptions(perturbationRounds: 0), exactVariableLimit: 0, lagrangianSearch: false).solve(p)
            if (heuristic?.completeWeight ?? -1) < expected - 1e-9 { improved += 1 }
        }
        #expect(infeasible > 3 && infeasible < 80, "\(infeasible)")
        #expect(improved >= 5, "\(improved)")
    }

    /// Every choice meeting the site counts and beating the incumbent (fixed or brute-force best
    /// minus a margin) is consistent with the reduced-cost fixing at random multipliers, and L(λ)
    /// is never below the best such choice.
    @Test("L(λ) bounds every choice and reduced-cost fixing never cuts off a better one (160 instances, random λ)")
    func boundAndFixing() throws {
        var fixedSomething = 0
        for (index, (name, p)) in try Self.problems().enumerated() {
            let rel = JointLagrangian(p)
            var best = -Double.infinity
            var choices: [([[Int]], Double)] = []
            // Coverage requirements ignored: the relaxation drops them.
            JointBruteForceTests.forEachFeasibleChoice(p, feasibleOnly: false) { choice in
                let v = p.completeWeight(chosen: choice)
                best = max(best, v)
                choices.append((choice, v))
            }
            var rng = SplitMix64(seed: UInt64(index) &+ 17)
            for round in 0..<6 {
                var lambda = rel.initialLambda()
                if round > 0 {
                    for r in lambda.indices { lambda[r] = rel.pointWeight[Int(rel.rowPoint[r])] * Double(rng.below(101)) / 100 }
                }
                let status = [JointLagrangian.Status](repeating: .free, count: rel.variableCount)
                let e = rel.evaluate(lambda, status: status)
                #expect(e.value >= best - 1e-9, "\(name): L \(e.value) below the best choice \(best)")
                let incumbent = best - Double(rng.below(3)) * 5
                var fixed = status
                if rel.fix(e, status: &fixed, incumbent: incumbent, tolerance: 1e-9) > 0 { fixedSomething += 1 }
                for (choice, v) in choices where v > incumbent + 1e-9 {
                    for x in 0..<rel.variableCount {
                        let chosen = choice[rel.varCategory[x]].contains(rel.varCandidate[x])
                        #expect(!(fixed[x] == .forcedOut && chosen) && !(fixed[x] == .forcedIn && !chosen),
                                "\(name): variable \(x) fixed \(fixed[x]) cuts off a choice worth \(v) > \(incumbent)")
                    }
                }
                // With the fixing applied, L still bounds every better choice.
                let after = rel.evaluate(lambda, status: fixed)
                for (_, v) in choices where v > incumbent + 1e-9 { #expect(after.value >= v - 1e-9, "\(name)") }
            }
        }
        #expect(fixedSomething > 50, "\(fixedSomething)")
    }

    /// The deflected subgradient of ``JointLagrangian/optimise`` returns the multipliers of the
    /// smallest L it met, inside 0 ≤ λ ≤ w: L there is the reported bound, never above the start,
    /// never below the best choice (brute force, coverage rows dropped as the relaxation does).
    @Test("the deflected subgradient's bound is L at multipliers within [0, w], between the best choice and the start (160 instances)")
    func optimiseBound() throws {
        var lowered = 0
        for (name, p) in try Self.problems() {
            let rel = JointLagrangian(p)
            var best = -Double.infinity
            JointBruteForceTests.forEachFeasibleChoice(p, feasibleOnly: false) { best = max(best, p.completeWeight(chosen: $0)) }
            let status = [JointLagrangian.Status](repeating: .free, count: rel.variableCount)
            var lambda = rel.initialLambda()
            let start = rel.evaluate(lambda, status: status).value
            let r = rel.optimise(&lambda, status: status, target: -Double.infinity, tolerance: 1e-9, iterations: 300, stepFactor: 3) { _ in -Double.infinity }
            #expect(r.bound >= best - 1e-9, "\(name): bound \(r.bound) below the best choice \(best)")
            #expect(r.bound <= start + 1e-9, "\(name)")
            #expect(lambda == r.lambda, "\(name)")
            #expect(abs(rel.evaluate(r.lambda, status: status).value - r.bound) < 1e-9, "\(name)")
            for (k, l) in r.lambda.enumerated() { #expect(l >= 0 && l <= rel.pointWeight[Int(rel.rowPoint[k])], "\(name): λ \(l)") }
            if r.bound < start - 1e-6 { lowered += 1 }
        }
        #expect(lowered > 50, "\(lowered)")
    }
}

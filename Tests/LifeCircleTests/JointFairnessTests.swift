import Testing
@testable import LifeCircle

/// The street floor of joint siting: a street the efficient answer leaves at 0 is lifted.
@Suite struct JointFairnessTests {
    /// Street 0 holds points 0 and 1 (50 residents each), street 1 point 2 (10 residents).
    /// Category a has 2 sites and one candidate per point; category b reaches every point already.
    static func problem(floor: Double?) throws -> JointProblem {
        try JointProblem(
            weights: [50, 50, 10],
            categories: [
                .init(id: "a", fixedReach: [false, false, false], coverSets: [[0], [1], [2]], maxSites: 2),
                .init(id: "b", fixedReach: [true, true, true], coverSets: [], maxSites: 0),
            ],
            streets: [0, 0, 1], streetFloor: floor)
    }

    @Test("the efficient answer leaves street 1 at 0; a floor of 50% lifts it to 100% and keeps street 0 at 50%")
    func floorLiftsStreet() throws {
        let efficient = try JointSolver().solve(try Self.problem(floor: nil))
        #expect(efficient.chosen == [[0, 1], []])
        #expect(efficient.completeWeight == 100)
        let fairProblem = try Self.problem(floor: 0.5)
        let fair = try JointSolver().solve(fairProblem, start: efficient.chosen)
        #expect(fair.completeWeight == 60)
        #expect(fair.chosen[0].contains(2))
        let answer = JointFairAnswer(problem: fairProblem, efficient: efficient, fair: fair, residentStreet: [0, 0, 1], streetCount: 2)
        #expect(answer.streets.map(\.efficient) == [1, 0])
        #expect(answer.streets.map(\.fair) == [0.5, 1])
        #expect(answer.streets.allSatisfy { $0.floorMet })
        // The cost of fairness as a number: the efficient answer is the more unequal one.
        let g0 = try #require(answer.efficientFairness?.gini), g1 = try #require(answer.fairFairness?.gini)
        #expect(g0 > g1)
    }

    @Test("a floor no choice can reach is reported with the reason, the rest of the floor still sought")
    func unreachableFloor() throws {
        // Point 2 cannot be reached by category a: street 1 can never be complete.
        let p = try JointProblem(
            weights: [50, 50, 10],
            categories: [.init(id: "a", fixedReach: [false, false, false], coverSets: [[0], [1]], maxSites: 1)],
            streets: [0, 0, 1], streetFloor: 0.5)
        let s = try JointSolver().solve(p)
        let answer = JointFairAnswer(problem: p, efficient: s, fair: s, residentStreet: [0, 0, 1], streetCount: 2)
        #expect(answer.streets[0].floorMet)
        #expect(!answer.streets[1].floorMet)
        #expect(answer.streets[1].bestPossible == 0)
        #expect(answer.streets[1].why?.contains("cannot reach") == true)
    }
}

extension JointFairnessTests {
    @Test("max-min raises the worst street: from 0 (efficient) to 50% on the two-street example")
    func maxMinRaisesWorst() throws {
        let p = try Self.problem(floor: nil)
        let efficient = try JointSolver().solve(p)
        let answer = try #require(try JointFairAnswer.maxMin(weights: p.weights, categories: p.categories, efficient: efficient,
                                                              residentStreet: [0, 0, 1], streetCount: 2, solver: JointSolver()))
        // Brute force: {0, 2} or {1, 2} give shares (0.5, 1); {0, 1} gives (1, 0): the best worst street is 0.5.
        #expect(answer.lowestShare == 0.5)
        #expect(answer.solution.chosen[0].contains(2))
    }
}

/// The joint answer with a floor per street (every street reaches at least a complete share when
/// the candidates allow), beside the efficient answer: per street the complete shares of both, the
/// most the street could reach (all its points every category could reach), whether the floor
/// holds and, when not, why; the Gini and Palma of the street shares of both answers.
package struct JointFairAnswer: Sendable {
    package struct StreetRow: Sendable {
        package var street: Int
        package var population: Double
        /// Complete shares (0…1) with the efficient and with the fair answer.
        package var efficient: Double
        package var fair: Double
        /// The most this street could reach: its population that every category could reach.
        package var bestPossible: Double
        package var floorMet: Bool
        /// Why the floor is not met, in plain words (nil when it is).
        package var why: String?
    }

    package let floor: Double
    package let solution: JointSolution
    package let streets: [StreetRow]
    /// Inequality of the street complete shares (weighted by street population).
    package let efficientFairness: Fairness?
    package let fairFairness: Fairness?

    /// The lowest complete share among the populated streets with the fair answer.
    package var lowestShare: Double { streets.filter { $0.population > 0 }.map(\.fair).min() ?? 1 }

    /// Max-min: raises the worst street first. Bisection on the floor (`steps` halvings of [lowest
    /// share of the efficient answer, 1]), each floor solved as ``JointSolver`` does with a floor,
    /// starting from the last answer that met its floor; then, when at most
    /// ``JointSolver/exactVariableLimit`` (category, candidate) pairs matter, a branch and bound
    /// ranking by the lowest street share, then the total (``JointBranchAndBound/Objective/maxMin``),
    /// from the best answer so far: finishing within the node budget proves the answer optimal in
    /// that order. Otherwise heuristic: a slightly higher floor might still be possible.
    ///
    /// - Returns: nil when no floor above the efficient answer's lowest street share was met and the
    ///   branch and bound did not finish.
    /// - Complexity: `steps` solves, then the branch and bound's nodes.
    package static func maxMin(weights: [Double], categories: [JointProblem.Category], efficient: JointSolution,
                              residentStreet: [Int?], streetCount: Int, solver: JointSolver, steps: Int = 8) throws -> JointFairAnswer? {
        let base = try JointProblem(weights: weights, categories: categories)
        let start = JointFairAnswer(problem: base, efficient: efficient, fair: efficient, residentStreet: residentStreet, streetCount: streetCount)
        var lo = start.lowestShare, hi = 1.0
        var best: JointFairAnswer?
        var from = efficient.chosen
        for _ in 0..<steps where hi - lo > 1e-6 {
            let floor = (lo + hi) / 2
            let p = try JointProblem(weights: weights, categories: categories, streets: residentStreet, streetFloor: floor)
            let s = try solver.solve(p, start: from)
            let answer = JointFairAnswer(problem: p, efficient: efficient, fair: s, residentStreet: residentStreet, streetCount: streetCount)
            if answer.streets.allSatisfy({ $0.floorMet || $0.population == 0 }) {
                best = answer
                lo = max(floor, answer.lowestShare)
                from = s.chosen
            } else {
                hi = floor
            }
        }
        // Exact: lowest street share first, then the total.
        let all = try JointProblem(weights: weights, categories: categories, streets: residentStreet, streetFloor: 1)
        let tolerance = 1e-9 * max(1, weights.reduce(0, +))
        var bb = JointBranchAndBound(problem: all, nodeBudget: solver.options.exactNodeBudget ?? JointSolver.defaultNodeBudget,
                                     tolerance: tolerance, maxMin: true)
        guard bb.variableCount <= solver.exactVariableLimit, bb.run(incumbent: from), let choice = bb.bestChoice else { return best }
        var state = JointState(base)
        for (c, picks) in choice.enumerated() { for j in picks { state.add(c, j) } }
        solver.fill(&state)
        let solution = JointSolution(
            chosen: state.sortedChoice, completeWeight: state.value, fixedWeight: efficient.fixedWeight, startWeight: nil,
            upperBound: efficient.upperBound, optimality: .provenOptimal, nodes: bb.nodes,
            method: "bisection on the floor (\(steps) halvings), then branch and bound on (lowest street share, total) finished (\(bb.nodes) nodes): proven optimal")
        let low = JointFairAnswer(problem: base, efficient: efficient, fair: solution, residentStreet: residentStreet, streetCount: streetCount).lowestShare
        let p = low > 0 ? try JointProblem(weights: weights, categories: categories, streets: residentStreet, streetFloor: low) : base
        return JointFairAnswer(problem: p, efficient: efficient, fair: solution, residentStreet: residentStreet, streetCount: streetCount)
    }

    /// Compares the two answers street by street.
    ///
    /// - Complexity: O(C · (points + members)).
    init(problem: JointProblem, efficient: JointSolution, fair: JointSolution, residentStreet: [Int?], streetCount: Int) {
        floor = problem.streetFloor ?? 0
        solution = fair
        let eff = problem.completeFlags(chosen: efficient.chosen)
        let fr = problem.completeFlags(chosen: fair.chosen)
        let completable = problem.completable()
        var pop = [Double](repeating: 0, count: streetCount), e = pop, f = pop, best = pop
        for i in 0..<problem.pointCount {
            guard let s = residentStreet[i], s < streetCount else { continue }
            let w = problem.weights[i]
            pop[s] += w
            if eff[i] { e[s] += w }
            if fr[i] { f[s] += w }
            if completable[i] { best[s] += w }
        }
        let tolerance = 1e-9 * max(1, problem.weights.reduce(0, +))
        let floor = self.floor
        let rows: [StreetRow] = (0..<streetCount).map { s in
            let share = { (x: Double) in pop[s] > 0 ? x / pop[s] : 1 }
            let met = f[s] >= floor * pop[s] - tolerance
            var why: String?
            if !met {
                why = best[s] < floor * pop[s] - tolerance
                    ? "the candidates cannot reach it: at most \(Format.percent(share(best[s]))) of the street could be complete"
                    : "not reached within the site counts (the best found)"
            }
            return StreetRow(street: s, population: pop[s], efficient: share(e[s]), fair: share(f[s]),
                             bestPossible: share(best[s]), floorMet: met, why: why)
        }
        streets = rows
        let populated = rows.filter { $0.population > 0 }
        efficientFairness = Fairness(values: populated.map(\.efficient), weights: populated.map(\.population))
        fairFairness = Fairness(values: populated.map(\.fair), weights: populated.map(\.population))
    }
}

/// The joint answer with a floor per street (every street reaches at least a complete share when
/// the candidates allow), beside the efficient answer: per street the complete shares of both, the
/// most the street could reach (all its points every category could reach), whether the floor
/// holds and, when not, why; the Gini and Palma of the street shares of both answers.
public struct JointFairAnswer: Sendable {
    public struct StreetRow: Sendable {
        public var street: Int
        public var population: Double
        /// Complete shares (0…1) with the efficient and with the fair answer.
        public var efficient: Double
        public var fair: Double
        /// The most this street could reach: its population that every category could reach.
        public var bestPossible: Double
        public var floorMet: Bool
        /// Why the floor is not met, in plain words (nil when it is).
        public var why: String?
    }

    public let floor: Double
    public let solution: JointSolution
    public let streets: [StreetRow]
    /// Inequality of the street complete shares (weighted by street population).
    public let efficientFairness: Fairness?
    public let fairFairness: Fairness?

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

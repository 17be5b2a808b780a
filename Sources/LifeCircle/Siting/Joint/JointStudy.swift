/// This year's targets placed together: the independent per-category answers (``TargetProposal``),
/// the joint answer of ``JointSolver`` on the same candidates and cover sets, and the complete
/// share of the population before, with the independent sites and with the joint ones.
///
/// Planned facilities are fixed and counted as the report counts them (scenario with planned). The
/// essential categories (the plan's `lifeCircle.essential`) with a target are placed together;
/// an essential category without a target, or whose target leaves nothing to site, stays as it is;
/// a category that is not essential keeps its independent answer (it does not enter completeness).
package struct JointStudy: Sendable {
    /// One essential category in the joint problem.
    package struct CategoryPlan: Sendable {
        package var category: Category
        /// The independent answer (nil when the category has no target or nothing to site).
        package var independent: TargetProposal?
        /// The candidates the category may use (those of its independent siting), and the chosen ones.
        package var candidates: [SitingStudy.Candidate]
        package var independentSites: [Int]
        package var jointSites: [Int]
        /// At most this many new sites (count target, or the independent answer's count for a coverage target).
        package var maxSites: Int
        /// The category's coverage of its own demand (reach, without capacity): before, independent, joint.
        package var coverage: (before: Double, independent: Double, joint: Double)
    }

    /// One joint site and what it adds, in the order that credits each site with the most.
    package struct SiteExplanation: Sendable {
        package var order: Int
        package var category: String
        package var candidate: SitingStudy.Candidate
        /// The street the site lies in.
        package var street: Int?
        /// Whether the independent answer chose the same candidate for the category.
        package var alsoIndependent: Bool
        /// Population made complete by this site on top of the fixed facilities and the sites before it.
        package var newlyComplete: Double
        /// That population by street (nil: outside every street), most first, ties by street index.
        package var byStreet: [(street: Int?, population: Double)]
    }

    /// Complete population per street.
    package struct StreetRow: Sendable {
        package var street: Int?
        package var population: Double
        package var before: Double
        package var independent: Double
        package var joint: Double
    }

    package let analysis: StudyAnalysis
    package let categories: [CategoryPlan]
    /// Categories with a target that are not essential (independent answer kept).
    package let notEssential: [TargetProposal]
    package let problem: JointProblem
    package let solution: JointSolution
    package let totalPopulation: Double
    /// Complete population before, with the independent answer and with the joint answer.
    package let beforePopulation: Double
    package let independentPopulation: Double
    package let jointPopulation: Double
    package let sites: [SiteExplanation]
    /// Streets in index order, then the points outside every street when there are any.
    package let streets: [StreetRow]
    /// The answer with a street floor, when one was asked (or found by max-min).
    package let fair: JointFairAnswer?
    /// Whether the floor answer is the max-min one.
    package let maxMin: Bool
    /// Wall-clock seconds of the joint solver (for benchmarks; never part of an output).
    package let solveSeconds: Double

    package var study: StudyData { analysis.study }
    /// Complete shares (0…1) of the whole population.
    package var before: Double { share(beforePopulation) }
    package var independent: Double { share(independentPopulation) }
    package var joint: Double { share(jointPopulation) }
    package var upperBound: Double { share(solution.upperBound) }

    func share(_ p: Double) -> Double { totalPopulation > 0 ? p / totalPopulation : 1 }

    /// Sites every category's target, then places the essential ones together.
    ///
    /// - Parameters:
    ///   - analysis: coverage of every category with the `withPlanned` scenario.
    ///   - options: solver settings; the node budget makes answers identical on every machine.
    ///   - given: the independent answers already made with `options` (``TargetProposal/run(_:options:step:)``
    ///     on `analysis`), so `report` sites each target once; nil: made here.
    /// - Throws: `InputError` when the plan has no essential category with a target, or the joint
    ///   problem is malformed; `LibraryError` from PROJ or GEOS.
    /// - Complexity: the independent sitings, then ``JointSolver/solve(_:start:)``.
    package static func run(_ analysis: StudyAnalysis, options: SitingOptions, streetFloor: Double? = nil, maxMin: Bool = false,
                            proposals given: [TargetProposal]? = nil) throws -> JointStudy {
        let study = analysis.study
        let plan = study.plan
        let essential = Set(plan.lifeCircle.essentialCategories(of: plan).map(\.id))
        let proposals = try given ?? TargetProposal.run(analysis, options: options)
        let weights = study.residents.map(\.population)
        var plans: [CategoryPlan] = []
        var problemCategories: [JointProblem.Category] = []
        var start: [[Int]] = []
        for c in analysis.categories where essential.contains(c.category.id) {
            guard let status = c.result(.withPlanned)?.status else {
                throw InputError(file: PlanReader.planFilePath(for: plan.folder), key: "categories",
                                 message: "no coverage with the planned facilities for \"\(c.category.id)\"")
            }
            let fixed = status.map { $0 == .covered }
            let proposal = proposals.first { $0.category.id == c.category.id }
            let demand = c.request.demand
            let totalDemand = demand.reduce(0, +)
            var sets: [[Int32]] = [], chosen: [Int] = [], maxSites = 0
            var candidates: [SitingStudy.Candidate] = []
            var coverageDemand: [Double]?
            var required = 0.0
            if let siting = proposal?.siting {
                candidates = siting.candidates
                sets = (0..<siting.instance.candidateCount).map { Array(siting.instance.coverSet($0)) }
                chosen = siting.solution.sites.map(\.candidateIndex)
                switch siting.goal {
                case .count(let n): maxSites = n
                case .coverage(let p):
                    maxSites = chosen.count
                    var reached = fixed
                    for j in chosen { for m in sets[j] { reached[Int(m)] = true } }
                    var covered = 0.0
                    for (i, r) in reached.enumerated() where r { covered += demand[i] }
                    coverageDemand = demand
                    required = min(p * totalDemand, covered)
                }
            }
            problemCategories.append(JointProblem.Category(
                id: c.category.id, fixedReach: fixed, coverSets: sets, candidateIDs: candidates.map(\.id),
                maxSites: maxSites, coverageDemand: coverageDemand, requiredDemand: required))
            start.append(chosen)
            plans.append(CategoryPlan(category: c.category, independent: proposal, candidates: candidates,
                                      independentSites: chosen.sorted(), jointSites: [], maxSites: maxSites,
                                      coverage: (0, 0, 0)))
        }
        guard plans.contains(where: { $0.maxSites > 0 }) else {
            throw InputError(file: PlanReader.planFilePath(for: plan.folder), key: "target",
                             message: "no essential category has a target that leaves sites to place (essential: \(plans.map(\.category.id).joined(separator: ", ")))")
        }
        let problem = try JointProblem(weights: weights, categories: problemCategories)
        let clock = ContinuousClock()
        let started = clock.now
        let solution = try JointSolver(options: options).solve(problem, start: start)
        let elapsed = clock.now - started
        var fair: JointFairAnswer?
        if maxMin {
            fair = try JointFairAnswer.maxMin(weights: weights, categories: problemCategories, efficient: solution,
                                              residentStreet: analysis.prepared.residentStreet, streetCount: study.streets.count,
                                              solver: JointSolver(options: options))
        } else if let streetFloor {
            let fairProblem = try JointProblem(weights: weights, categories: problemCategories,
                                               streets: analysis.prepared.residentStreet, streetFloor: streetFloor)
            let fairSolution = try JointSolver(options: options).solve(fairProblem, start: solution.chosen)
            fair = JointFairAnswer(problem: fairProblem, efficient: solution, fair: fairSolution,
                                   residentStreet: analysis.prepared.residentStreet, streetCount: study.streets.count)
        }
        let solveSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        for k in plans.indices {
            plans[k].jointSites = solution.chosen[k]
            let demand = analysis.category(plans[k].category.id)?.request.demand ?? []
            let total = demand.reduce(0, +)
            func cover(_ chosen: [Int]) -> Double {
                var reached = problem.categories[k].fixedReach
                for j in chosen { for m in problem.categories[k].coverSet(j) { reached[Int(m)] = true } }
                var s = 0.0
                for (i, r) in reached.enumerated() where r && i < demand.count { s += demand[i] }
                return total > 0 ? s / total : 1
            }
            plans[k].coverage = (cover([]), cover(plans[k].independentSites), cover(plans[k].jointSites))
        }
        let notEssential = proposals.filter { !essential.contains($0.category.id) }

        // Per street.
        let beforeFlags = problem.completeFlags(chosen: plans.map { _ in [] })
        let indepFlags = problem.completeFlags(chosen: start)
        let jointFlags = problem.completeFlags(chosen: solution.chosen)
        let streetCount = study.streets.count
        var rows = (0...streetCount).map { StreetRow(street: $0 < streetCount ? $0 : nil, population: 0, before: 0, independent: 0, joint: 0) }
        for i in weights.indices {
            let a = analysis.prepared.residentStreet[i] ?? streetCount
            rows[a].population += weights[i]
            if beforeFlags[i] { rows[a].before += weights[i] }
            if indepFlags[i] { rows[a].independent += weights[i] }
            if jointFlags[i] { rows[a].joint += weights[i] }
        }
        if rows[streetCount].population == 0 && !weights.indices.contains(where: { analysis.prepared.residentStreet[$0] == nil }) {
            rows.removeLast()
        }
        let sites = try explain(problem, plans: plans, solution: solution, analysis: analysis)
        let total = weights.reduce(0, +)
        return JointStudy(
            analysis: analysis, categories: plans, notEssential: notEssential, problem: problem, solution: solution,
            totalPopulation: total, beforePopulation: solution.fixedWeight,
            independentPopulation: solution.startWeight ?? problem.completeWeight(chosen: start),
            jointPopulation: solution.completeWeight, sites: sites, streets: rows, fair: fair, maxMin: maxMin, solveSeconds: solveSeconds)
    }

    /// Population by street, most first (ties by street index), then the population outside every
    /// street when there is any.
    static func streetShares(_ byStreet: [Int: Double], outside: Double) -> [(street: Int?, population: Double)] {
        var shares: [(street: Int?, population: Double)] = byStreet.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .map { (street: $0.key, population: $0.value) }
        if outside > 0 { shares.append((street: nil, population: outside)) }
        return shares
    }

    /// Orders the joint sites so each is credited with the most: repeatedly the site whose addition
    /// completes the most population (ties: category order, then candidate index). The credits add
    /// up to the joint complete population minus the one before.
    ///
    /// - Complexity: O(S² · cover set size) for S sites.
    static func explain(_ problem: JointProblem, plans: [CategoryPlan], solution: JointSolution,
                        analysis: StudyAnalysis) throws -> [SiteExplanation] {
        var state = JointState(problem)
        var left: [(c: Int, j: Int)] = []
        for (c, picks) in solution.chosen.enumerated() { for j in picks { left.append((c, j)) } }
        let positions = left.map { plans[$0.c].candidates[$0.j].position }
        let streetOf = try StreetAssignment.assign(positions, to: analysis.study.streets.map(\.geometry))
        var out: [SiteExplanation] = []
        var remaining = Array(left.indices)
        while !remaining.isEmpty {
            var bestK = 0, bestGain = -1.0
            for (k, idx) in remaining.enumerated() {
                let g = state.gain(left[idx].c, left[idx].j).complete
                if g > bestGain { bestGain = g; bestK = k }
            }
            let idx = remaining.remove(at: bestK)
            let (c, j) = left[idx]
            let was = state.missing
            state.add(c, j)
            var byStreet: [Int: Double] = [:]
            var outside = 0.0
            for m in problem.categories[c].coverSet(j) {
                let i = Int(m)
                guard was[i] == 1, state.missing[i] == 0 else { continue }
                if let s = analysis.prepared.residentStreet[i] { byStreet[s, default: 0] += problem.weights[i] } else { outside += problem.weights[i] }
            }
            let shares = streetShares(byStreet, outside: outside)
            out.append(SiteExplanation(
                order: out.count + 1, category: problem.categories[c].id, candidate: plans[c].candidates[j],
                street: streetOf[idx], alsoIndependent: plans[c].independentSites.contains(j),
                newlyComplete: bestGain, byStreet: shares))
        }
        return out
    }
}

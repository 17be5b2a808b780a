/// N service complexes opened on top of the facilities fixed today (planned ones counted as the
/// report counts them): each candidate site hosts every essential category it may host (its
/// `categories`, all when it names none), or those of a given set; ``ComplexSolver`` chooses the
/// sites that make the most population complete, and each is explained.
package struct ComplexStudy: Sendable {
    /// One opened complex and what it adds, in the order that credits each with the most.
    package struct SiteExplanation: Sendable {
        package var order: Int
        package var candidate: SitingStudy.Candidate
        /// The categories the complex hosts (it adds a site of each).
        package var categories: [String]
        /// The street the site lies in.
        package var street: Int?
        /// Population made complete by this complex on top of the fixed facilities and the complexes before it.
        package var newlyComplete: Double
        /// That population by street (nil: outside every street), most first, ties by street index.
        package var byStreet: [(street: Int?, population: Double)]
    }

    /// Complete population per street before and with the complexes.
    package struct StreetRow: Sendable {
        package var street: Int?
        package var population: Double
        package var before: Double
        package var complexes: Double
    }

    package let analysis: StudyAnalysis
    /// The essential categories, and those the complexes host.
    package let essential: [String]
    package let hosted: [String]
    /// Candidates per site (the first category's view of it), and the problem solved.
    package let candidates: [SitingStudy.Candidate]
    package let problem: ComplexProblem
    package let solution: ComplexSolution
    package let totalPopulation: Double
    package let sites: [SiteExplanation]
    /// Streets in index order, then the points outside every street when there are any.
    package let streets: [StreetRow]
    /// Wall-clock seconds of the solver (for benchmarks; never part of an output).
    package let solveSeconds: Double

    package var study: StudyData { analysis.study }
    /// Complete shares (0…1) of the whole population.
    package var before: Double { share(solution.fixedWeight) }
    package var complexes: Double { share(solution.completeWeight) }
    package var upperBound: Double { share(solution.upperBound) }
    func share(_ p: Double) -> Double { totalPopulation > 0 ? p / totalPopulation : 1 }

    /// Opens `count` complexes.
    ///
    /// - Parameters:
    ///   - analysis: coverage of every category with the `withPlanned` scenario.
    ///   - count: how many complexes (N).
    ///   - hosting: the categories a complex hosts (nil: every essential category).
    ///   - options: solver settings (the node budget of the branch and bound).
    /// - Throws: `InputError` for a hosted category that is unknown or not essential, or when no
    ///   candidate may host any of them; `LibraryError` from PROJ or GEOS.
    /// - Complexity: one bounded search per (candidate, hosted category), then ``ComplexSolver/solve(_:)``.
    package static func run(_ analysis: StudyAnalysis, count: Int, hosting: [String]? = nil, options: SitingOptions) throws -> ComplexStudy {
        let study = analysis.study
        let plan = study.plan
        let planFile = PlanReader.planFilePath(for: plan.folder)
        let essential = plan.lifeCircle.essentialCategories(of: plan).map(\.id)
        if let hosting {
            for id in hosting where !essential.contains(id) {
                let known = plan.categories.contains { $0.id == id }
                throw InputError(file: planFile, key: "complex-categories",
                                 message: known ? "\"\(id)\" is not an essential category (essential: \(essential.joined(separator: ", ")))"
                                                : "no category \"\(id)\" in the plan (categories: \(plan.categories.map(\.id).joined(separator: ", ")))")
            }
        }
        let hosted = essential.filter { hosting?.contains($0) ?? true }
        var cheap = options
        cheap.exactTimeBudgetSeconds = 0
        cheap.localSearch = false
        cheap.perturbationRounds = 0
        var categories: [JointProblem.Category] = []
        var siteIndex: [String: Int] = [:]
        var siteCandidates: [SitingStudy.Candidate] = []
        var hosts: [[ComplexProblem.Host]] = []
        for (c, id) in essential.enumerated() {
            guard let result = analysis.category(id), let coverage = result.result(.withPlanned) else {
                throw InputError(file: planFile, key: "categories", message: "no coverage with the planned facilities for \"\(id)\"")
            }
            let fixed = coverage.status.map { $0 == .covered }
            let mayHost = plan.layers.candidates == nil || study.candidates.contains { $0.categories.isEmpty || $0.categories.contains(id) }
            guard hosted.contains(id), mayHost else {
                categories.append(JointProblem.Category(id: id, fixedReach: fixed, coverSets: [], maxSites: 0))
                continue
            }
            let siting = try SitingStudy.run(analysis.prepared, category: result.category, scenario: .withPlanned, coverage: coverage,
                                             goal: .count(1), options: cheap)
            for (j, cand) in siting.candidates.enumerated() {
                let l = siteIndex[cand.id] ?? siteCandidates.count
                if l == siteCandidates.count {
                    siteIndex[cand.id] = l
                    siteCandidates.append(cand)
                    hosts.append([])
                }
                hosts[l].append(ComplexProblem.Host(category: c, candidate: j))
            }
            categories.append(JointProblem.Category(
                id: id, fixedReach: fixed, coverSets: (0..<siting.instance.candidateCount).map { Array(siting.instance.coverSet($0)) },
                candidateIDs: siting.candidates.map(\.id), maxSites: count))
        }
        guard !siteCandidates.isEmpty else {
            throw InputError(file: planFile, key: "candidates",
                             message: "no candidate may host any of the categories \(hosted.joined(separator: ", ")): nowhere to open a complex")
        }
        let weights = study.residents.map(\.population)
        let problem = try ComplexProblem(joint: try JointProblem(weights: weights, categories: categories),
                                         siteIDs: siteCandidates.map(\.id), hosts: hosts, count: count)
        let clock = ContinuousClock()
        let started = clock.now
        let solution = ComplexSolver(nodeBudget: options.exactNodeBudget ?? ComplexSolver.defaultNodeBudget).solve(problem)
        let elapsed = clock.now - started

        // Per street.
        let before = problem.joint.completeFlags(chosen: categories.map { _ in [] })
        let after = problem.joint.completeFlags(chosen: problem.choice(solution.sites))
        let streetCount = study.streets.count
        var rows = (0...streetCount).map { StreetRow(street: $0 < streetCount ? $0 : nil, population: 0, before: 0, complexes: 0) }
        var outside = false
        for i in weights.indices {
            let a = analysis.prepared.residentStreet[i] ?? streetCount
            if a == streetCount { outside = true }
            rows[a].population += weights[i]
            if before[i] { rows[a].before += weights[i] }
            if after[i] { rows[a].complexes += weights[i] }
        }
        if !outside { rows.removeLast() }
        let sites = try explain(problem, solution: solution, candidates: siteCandidates, analysis: analysis)
        return ComplexStudy(analysis: analysis, essential: essential, hosted: hosted, candidates: siteCandidates, problem: problem,
                            solution: solution, totalPopulation: weights.reduce(0, +), sites: sites, streets: rows,
                            solveSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// Orders the complexes so each is credited with the most: repeatedly the one whose opening
    /// completes the most population (ties: the lower site index). The credits add up to the
    /// complete population with the complexes minus the one before.
    ///
    /// - Complexity: O(N² · members of a site's cover sets).
    static func explain(_ problem: ComplexProblem, solution: ComplexSolution, candidates: [SitingStudy.Candidate],
                        analysis: StudyAnalysis) throws -> [SiteExplanation] {
        let streetOf = try StreetAssignment.assign(solution.sites.map { candidates[$0].position }, to: analysis.study.streets.map(\.geometry))
        let solver = ComplexSolver()
        var state = JointState(problem.joint)
        var remaining = Array(solution.sites.indices)
        var out: [SiteExplanation] = []
        while !remaining.isEmpty {
            var bestK = 0, bestGain = -1.0
            for (k, idx) in remaining.enumerated() {
                let g = solver.gain(&state, problem, solution.sites[idx]).complete
                if g > bestGain { bestGain = g; bestK = k }
            }
            let idx = remaining.remove(at: bestK)
            let l = solution.sites[idx]
            let was = state.missing
            ComplexSolver.open(&state, problem, l)
            var byStreet: [Int: Double] = [:]
            var outside = 0.0
            for i in 0..<problem.joint.pointCount where was[i] > 0 && state.missing[i] == 0 {
                if let s = analysis.prepared.residentStreet[i] { byStreet[s, default: 0] += problem.joint.weights[i] } else { outside += problem.joint.weights[i] }
            }
            let shares = JointStudy.streetShares(byStreet, outside: outside)
            out.append(SiteExplanation(
                order: out.count + 1, candidate: candidates[l], categories: problem.hosts[l].map { problem.joint.categories[$0.category].id },
                street: streetOf[idx], newlyComplete: bestGain, byStreet: shares))
        }
        return out
    }
}

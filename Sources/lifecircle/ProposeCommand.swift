import ArgumentParser
import LifeCircle

struct ProposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Where new facilities of a category would cover the most uncovered residents.",
        discussion: """
            --count N: the N sites covering the most uncovered demand (maximal covering, with an upper \
            bound on the optimum). --target-coverage P: the fewest sites lifting coverage to P (0–1, or a \
            percentage). Candidates: --candidates FILE, else the plan's candidates layer, else network nodes \
            near uncovered residents thinned to --spacing metres. With neither --count nor \
            --target-coverage, the category's target in the plan is used, as the report does: planned \
            facilities are fixed (--scenario planned unless given) and count towards a count target.
            """
    )

    @Argument(help: "A plan.json or a folder holding one.")
    var plan: String

    @Option(name: .long, help: "The category to site (an id from the plan).")
    var category: String?

    @OptionGroup var jointOptions: JointOptions

    @Option(name: .long, help: "Number of new sites.")
    var count: Int?

    @Option(name: .long, help: "Coverage share to reach, e.g. 0.85 (or 85).")
    var targetCoverage: Double?

    @Option(name: .long, help: "A GeoJSON file of candidate sites (Points).")
    var candidates: String?

    @Flag(name: .long, help: "Generate candidates from the network even when the plan has a candidates layer.")
    var generate = false

    @Option(name: .long, help: "Spacing of generated candidates, metres.")
    var spacing: Double = 150

    @Option(name: .long, help: "existing: today's facilities are fixed; planned: planned ones too (default: existing, or planned when the plan's target is used).")
    var scenario: ScenarioOption?

    @Option(name: .long, help: "At most this many new sites in any one street (with --count).")
    var perStreetMax: Int?

    @Option(name: .long, help: "Seconds the exact solver may spend proving optimality.")
    var timeBudget: Double = 10

    @Option(name: .long, help: "table, geojson or json.")
    var format: ProposalFormat = .table

    func validate() throws {
        try jointOptions.validate(category: category, count: count, targetCoverage: targetCoverage, perStreetMax: perStreetMax, candidates: candidates)
        switch (count, targetCoverage) {
        case (nil, nil): break  // the plan's target
        case (.some, .some): throw ValidationError("give either --count or --target-coverage, not both")
        case (let n?, nil) where n < 1 || n > 100_000: throw ValidationError("--count must be between 1 and 100000")
        case (nil, let p?) where !(p > 0 && p <= 100): throw ValidationError("--target-coverage must be a share in (0, 1] or a percentage in (1, 100]")
        default: break
        }
        if let m = perStreetMax {
            if m < 1 { throw ValidationError("--per-street-max must be at least 1") }
            if targetCoverage != nil { throw ValidationError("--per-street-max goes with --count") }
        }
        if !(spacing >= 1 && spacing <= 5000) { throw ValidationError("--spacing must be between 1 and 5000 metres") }
        if !(timeBudget >= 0 && timeBudget <= 3600) { throw ValidationError("--time-budget must be between 0 and 3600 seconds") }
    }

    func run() throws {
        if jointOptions.joint { return try jointOptions.run(plan: plan, format: format) }
        guard let category else { throw ValidationError("give --category ID") }
        let study = try StudyRunner.load(plan)
        guard let cat = study.plan.category(id: category) else {
            throw InputError(file: PlanReader.planFilePath(for: plan), key: "categories",
                             message: "no category \"\(category)\" in the plan (it has: \(study.plan.categories.map(\.id).joined(separator: ", ")))")
        }
        var source = SitingStudy.CandidateSource.plan
        if let candidates {
            source = .sites(try StudyLoader().loadCandidates(path: candidates, for: study))
        } else if generate || study.plan.layers.candidates == nil {
            source = .generated(spacing: spacing)
        }
        let goal: SitingStudy.Goal
        let scenario: ScenarioOption
        if let count {
            goal = .count(count)
            scenario = self.scenario ?? .existing
        } else if let p = targetCoverage {
            goal = .coverage(p > 1 ? p / 100 : p)
            scenario = self.scenario ?? .existing
        } else {
            guard cat.target != nil else {
                throw InputError(file: PlanReader.planFilePath(for: plan), key: "target",
                                 message: "category \"\(cat.id)\" has no target in the plan: give --count N or --target-coverage P")
            }
            scenario = self.scenario ?? .planned
            let planned = scenario == .planned ? (study.facilities[cat.id] ?? []).filter { $0.status == .planned }.count : 0
            guard let asked = TargetProposal.question(cat, plannedCount: planned) else {
                Console.output(TargetProposal.nothingLeft(cat, planned: planned))
                return
            }
            goal = asked
            Console.progress("the plan's target for \(cat.id): \(Self.describe(asked))\(planned > 0 ? " with the \(planned) planned facilities fixed" : "")")
        }
        if perStreetMax != nil, case .coverage = goal { throw ValidationError("--per-street-max goes with a count") }
        Console.progress("building the walk network and joining \(study.residents.count) resident points…")
        let prepared = try PreparedStudy.prepare(study)
        for w in prepared.warnings { Console.error(w.description) }
        let analysis = StudyAnalysis.run(prepared, categories: [cat.id], scenarios: [scenario.scenario], metrics: [.network])
        guard let coverage = analysis.category(cat.id)?.result(scenario.scenario) else { return }
        Console.progress("building cover sets and solving…")
        var options = SitingOptions()
        options.exactTimeBudgetSeconds = timeBudget
        let siting = try SitingStudy.run(prepared, category: cat, scenario: scenario.scenario, coverage: coverage, goal: goal, source: source, perStreetMax: perStreetMax, options: options)
        if !siting.unsnappedCandidates.isEmpty {
            Console.error("warning: \(siting.unsnappedCandidates.count) candidates are farther than \(GeoJSONWriter.plainNumber(study.plan.walking.maxSnapDistanceMeters)) m from the network and were left out: \(siting.unsnappedCandidates.prefix(10).joined(separator: ", "))")
        }
        switch format {
        case .table: Console.output(ProposalOutput.text(siting, study: study))
        case .geojson: Console.output(bytes: GeoJSONWriter.encode(ProposalOutput.featureCollection(siting, study: study)))
        case .json: Console.output(JSONText.pretty(ProposalOutput.json(siting, study: study)))
        }
    }
}

extension ProposeCommand {
    static func describe(_ goal: SitingStudy.Goal) -> String {
        switch goal {
        case .count(let n): return "\(n) new site\(n == 1 ? "" : "s")"
        case .coverage(let p): return "the fewest sites reaching \(Format.percent(p))"
        }
    }
}

/// Output format of `propose`.
enum ProposalFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case geojson
    case json
}

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

    @OptionGroup var plan: PlanArgument

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
    var spacing: Double = SitingStudy.defaultSpacing

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
        guard let category else { throw ValidationError("give --category ID (or --joint for all targets together)") }
        let study = try plan.load()
        let goal: SitingStudy.Goal? = count.map { .count($0) } ?? targetCoverage.map { .coverage($0 > 1 ? $0 / 100 : $0) }
        _ = try study.category(category)  // an unknown id fails before a candidates file is read
        let source = try study.candidateSource(file: candidates, generate: generate, spacing: spacing)
        let question = try study.sitingQuestion(category: category, goal: goal, scenario: scenario?.scenario)
        guard question.goal != nil else {
            Console.output(question.nothingLeft)
            return
        }
        if perStreetMax != nil, case .coverage? = question.goal { throw ValidationError("--per-street-max goes with a count") }
        guard let siting = try study.propose(question, candidates: source, perStreetMax: perStreetMax,
                                             options: SitingOptions(exactTimeBudgetSeconds: timeBudget)) else { return }
        switch format {
        case .table: Console.output(ProposalOutput.text(siting, study: study.data))
        case .geojson: Console.output(bytes: GeoJSONWriter.encode(ProposalOutput.featureCollection(siting, study: study.data)))
        case .json: Console.output(JSONText.pretty(ProposalOutput.json(siting, study: study.data)))
        }
    }
}

/// Output format of `propose`.
enum ProposalFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case geojson
    case json
}

import ArgumentParser
import LifeCircle

/// Which facilities count (`--scenario`).
enum ScenarioOption: String, ExpressibleByArgument, CaseIterable {
    case existing
    case planned

    var scenario: CoverageScenario { self == .existing ? .existing : .withPlanned }
}

/// How distance is measured (`--metric`).
enum MetricOption: String, ExpressibleByArgument, CaseIterable {
    case network
    case radius

    var metric: DistanceMetric { self == .network ? .network : .straightLine }
}

/// Output format of the table commands (`--format`).
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case csv
    case json
}

/// The plan argument and the analysis options shared by coverage, gaps and the other commands.
struct AnalysisOptions: ParsableArguments {
    @Argument(help: "A plan.json or a folder holding one.")
    var plan: String

    @Option(name: .long, help: "Only this category (an id from the plan).")
    var category: String?

    @Option(name: .long, help: "existing: today's facilities; planned: with this year's planned ones.")
    var scenario: ScenarioOption = .existing

    @Option(name: .long, help: "network: walking on the street network; radius: straight line (overstates).")
    var metric: MetricOption = .network

    /// Loads the plan and its layers, printing warnings to stderr, and checks `--category`.
    func loadStudy() throws -> StudyData {
        let study = try StudyRunner.load(plan)
        if let category, study.plan.category(id: category) == nil {
            throw InputError(
                file: PlanReader.planFilePath(for: plan), key: "categories",
                message: "no category \"\(category)\" in the plan (it has: \(study.plan.categories.map(\.id).joined(separator: ", ")))")
        }
        return study
    }

    /// Runs the analysis for the chosen category (or all) in the chosen scenario and metric.
    func analyse(_ study: StudyData) throws -> StudyAnalysis {
        Console.progress("building the walk network and joining \(study.residents.count) resident points…")
        let prepared = try PreparedStudy.prepare(study)
        for w in prepared.warnings { Console.error(w.description) }
        Console.progress("network: \(prepared.network.nodeCount) nodes, \(prepared.network.edgeCount) edges, \(prepared.network.componentCount) connected components; analysis CRS \(prepared.metricCRS)")
        return StudyAnalysis.run(prepared, categories: category.map { [$0] }, scenarios: [scenario.scenario], metrics: [metric.metric])
    }
}

/// Loading a plan for a command.
enum StudyRunner {
    static func load(_ path: String) throws -> StudyData {
        try load(path, writingTo: { _ in nil }).study
    }

    /// Reads the plan, then checks that the output folder `output(plan)` may be written
    /// (`OutputFolder.check`) before the layers are read, so a refused folder fails at once
    /// instead of after the analysis; then loads the layers.
    static func load(_ path: String, writingTo output: (Plan) -> String?) throws -> (study: StudyData, out: String?) {
        let (plan, planWarnings) = try PlanReader.read(path: path)
        let out = output(plan)
        if let out { try OutputFolder.check(out, inputs: plan.inputPaths) }
        let study = try StudyLoader().load(plan)
        for w in planWarnings + study.warnings { Console.error(w.description) }
        return (study, out)
    }
}

/// Whether `report` and `export` propose sites for each category's target, and how hard the exact
/// solver may try.
struct ProposalOptions: ParsableArguments {
    @Flag(name: .long, help: "Skip proposing sites for the categories' targets.")
    var noProposals = false

    @Option(name: .long, help: "Branch-and-bound nodes per proof when proposing sites (a node budget keeps reports reproducible).")
    var nodeBudget: Int = 200_000

    func validate() throws {
        if !(1...100_000_000).contains(nodeBudget) { throw ValidationError("--node-budget must be between 1 and 100000000") }
    }

    /// Solver settings for the report, or nil when proposals are skipped.
    var siting: SitingOptions? {
        if noProposals { return nil }
        // The node budget decides; the time budget is only a safety net for pathological instances.
        return SitingOptions(exactTimeBudgetSeconds: 120, exactNodeBudget: nodeBudget)
    }
}

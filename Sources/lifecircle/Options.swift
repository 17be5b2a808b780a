import ArgumentParser
import Foundation
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

/// The plan argument every analysing command takes first.
struct PlanArgument: ParsableArguments {
    // Named `plan`: the name shows in usage lines and messages (`<plan>`).
    @Argument(help: "A plan.json or a folder holding one.")
    var plan: String

    /// Loads the plan and its layers, printing warnings to stderr; with `outputFolder`, checks that
    /// folder may be written before the layers are read.
    func load(outputFolder: ((Plan) -> String)? = nil, log: StudyLog = .console) throws -> Study {
        try Study(plan: plan, outputFolder: outputFolder, log: log)
    }
}

/// The analysis options shared by coverage and gaps.
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var plan: PlanArgument

    @Option(name: .long, help: "Only this category (an id from the plan).")
    var category: String?

    @Option(name: .long, help: "existing: today's facilities; planned: with this year's planned ones.")
    var scenario: ScenarioOption = .existing

    @Option(name: .long, help: "network: walking on the street network; radius: straight line (overstates).")
    var metric: MetricOption = .network

    @Option(name: .long, help: "table, csv or json.")
    var format: TableFormat = .table

    /// One rendering of an analysis in the chosen scenario and metric.
    typealias Rendering<Output> = (StudyAnalysis, CoverageScenario, DistanceMetric) -> Output

    /// Loads the plan, runs the analysis for the chosen category (or all) in the chosen scenario and
    /// metric, and prints the rendering of the chosen format.
    func output(table: Rendering<String>, csv: Rendering<CSVTable>, json: Rendering<JSONValue>) throws {
        let analysis = try plan.load().analyse(categories: category.map { [$0] }, scenarios: [scenario.scenario], metrics: [metric.metric])
        let scenario = scenario.scenario, metric = metric.metric
        switch format {
        case .table: Console.output(table(analysis, scenario, metric))
        case .csv: Console.output(bytes: csv(analysis, scenario, metric).encoded(byteOrderMark: false))
        case .json: Console.output(JSONText.pretty(json(analysis, scenario, metric)))
        }
    }
}

extension StudyLog {
    /// Progress and warnings to stderr.
    static let console = StudyLog(progress: { Console.progress($0) }, warning: { Console.error($0) })
}

/// Counted progress of the long phases (category i of n, output task i of n, with the time left):
/// an updating line when stderr is a terminal; with `--progress`, one plain line per step
/// otherwise; nothing else.
struct ProgressOption: ParsableArguments {
    @Flag(name: .long, help: "Print counted progress lines on stderr even when it is not a terminal.")
    var progress = false

    /// Where the steps go, or nil when they are not shown.
    var steps: (@Sendable (ProgressStep) -> Void)? {
        if isatty(2) == 1 { return { Console.updating($0.line, last: $0.done >= $0.total) } }
        if progress { return { Console.progress($0.line) } }
        return nil
    }

    /// The console log with these steps.
    var log: StudyLog {
        var log = StudyLog.console
        if let steps { log.step = steps }
        return log
    }
}

/// Whether `report` and `export` propose sites for each category's target, and how hard the exact
/// solver may try.
struct ProposalOptions: ParsableArguments {
    @Flag(name: .long, help: "Skip proposing sites for the categories' targets.")
    var noProposals = false

    @Flag(name: .long, help: "Skip placing the essential categories' targets together (the \"placed together\" section and the proposals-joint and joint-streets layers; see propose --joint).")
    var noJoint = false

    @Flag(name: .long, help: "Place the essential categories' targets together even above \(Study.reportJointPointLimit) resident points, where a report leaves it out by default (the joint solve takes minutes at city scale).")
    var joint = false

    @Option(name: .long, help: "Branch-and-bound nodes per proof when proposing sites (a node budget keeps reports reproducible).")
    var nodeBudget: Int = Study.reportSiting.exactNodeBudget ?? 200_000

    func validate() throws {
        if !(1...100_000_000).contains(nodeBudget) { throw ValidationError("--node-budget must be between 1 and 100000000") }
        if joint && noJoint { throw ValidationError("--joint and --no-joint exclude each other") }
        // Placing together starts from the independent proposals, so it cannot run without them.
        if joint && noProposals { throw ValidationError("--joint needs the proposals: leave out --no-proposals") }
    }

    /// Whether the report places the essential targets together too (only with the proposals):
    /// always, never, or nil for by the plan's size (``Study/reportJointPointLimit``).
    var placeTogether: Bool? { noJoint ? false : (joint ? true : nil) }

    /// Solver settings for the report, or nil when proposals are skipped.
    var siting: SitingOptions? {
        if noProposals { return nil }
        var options = Study.reportSiting
        options.exactNodeBudget = nodeBudget
        return options
    }
}

/// What `report` and `export` share besides the plan and the folder: the proposals for the targets,
/// progress, and the optional layer files (per-category resident layers; residents and service-area
/// lines as files besides the GeoPackage).
struct OutputOptions: ParsableArguments {
    @OptionGroup var proposals: ProposalOptions

    @OptionGroup var progressOption: ProgressOption

    @Flag(name: .customLong("per-category-layers"),
          help: "Also write each category's coverage- and uncovered- resident layers (the residents layer holds them all).")
    var perCategoryLayers = false

    @Flag(name: .customLong("all-geojson"),
          help: "Also write the residents layer (residents.geojson, .csv) and the service-area lines (service-area-<category>.geojson) as files; by default they are only in the GeoPackage.")
    var allGeoJSON = false
}

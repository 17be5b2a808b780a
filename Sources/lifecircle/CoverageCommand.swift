import ArgumentParser
import LifeCircle

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Who is within a walk of each category's facilities: a summary, or every resident's minutes.",
        discussion: """
            table: one line per category. csv: one row per resident point and category (walk minutes, \
            nearest facility, status). json: the summary and every resident (schema lifecircle-coverage/1).
            """
    )

    @OptionGroup var options: AnalysisOptions

    @Option(name: .long, help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let analysis = try options.analyse()
        let scenario = options.scenario.scenario, metric = options.metric.metric
        switch format {
        case .table:
            Console.output("\(analysis.study.plan.title) — \(scenario.rawValue) facilities, \(metric.rawValue)\n")
            Console.output(CoverageOutput.summaryTable(analysis, scenario: scenario, metric: metric).render())
        case .csv:
            Console.output(bytes: CoverageOutput.residentsCSV(analysis, scenario: scenario, metric: metric).encoded(byteOrderMark: false))
        case .json:
            Console.output(JSONText.pretty(CoverageOutput.json(analysis, scenario: scenario, metric: metric, residents: true)))
        }
    }
}

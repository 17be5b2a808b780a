import ArgumentParser
import LifeCircle

struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Coverage gaps per street: demand, covered, uncovered and a priority rank, per category.",
        discussion: "Streets are ranked by uncovered demand (most first). json: schema lifecircle-gaps/1."
    )

    @OptionGroup var options: AnalysisOptions

    @Option(name: .long, help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let analysis = try options.analyse()
        let scenario = options.scenario.scenario, metric = options.metric.metric
        switch format {
        case .table: Console.output(CoverageOutput.gapsTable(analysis, scenario: scenario, metric: metric))
        case .csv: Console.output(bytes: CoverageOutput.gapsCSV(analysis, scenario: scenario, metric: metric).encoded(byteOrderMark: false))
        case .json: Console.output(JSONText.pretty(CoverageOutput.gapsJSON(analysis, scenario: scenario, metric: metric)))
        }
    }
}

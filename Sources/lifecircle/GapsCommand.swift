import ArgumentParser
import LifeCircle

struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Coverage gaps per street: demand, covered, uncovered and a priority rank, per category.",
        discussion: "Streets are ranked by uncovered demand (most first). json: schema lifecircle-gaps/1."
    )

    @OptionGroup var options: AnalysisOptions

    func run() throws {
        try options.output(table: CoverageOutput.gapsTable, csv: CoverageOutput.gapsCSV, json: CoverageOutput.gapsJSON)
    }
}

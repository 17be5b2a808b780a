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

    func run() throws {
        try options.output(
            table: { analysis, scenario, metric in
                "\(analysis.study.plan.title) — \(scenario.rawValue) facilities, \(metric.rawValue)\n"
                    + CoverageOutput.summaryTable(analysis, scenario: scenario, metric: metric).render()
            },
            csv: CoverageOutput.residentsCSV,
            json: { CoverageOutput.json($0, scenario: $1, metric: $2, residents: true) })
    }
}

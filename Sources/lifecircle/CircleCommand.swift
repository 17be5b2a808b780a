import ArgumentParser
import LifeCircle

struct CircleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circle",
        abstract: "The whole life circle: who reaches every essential category, street by street, which category binds, and how sure coverage is.",
        discussion: """
            One bounded network search per category (30 minutes at the top of the speed band) gives \
            coverage, completeness, the life-circle time and the sensitivity curves. The essential \
            categories are the plan's lifeCircle.essential (every category when absent). table: district \
            summary, streets, life-circle time, sensitivity. csv: one row per street (then outside and \
            the district). json: all of it (schema lifecircle-circle/1), with per category the district's fairness \
            (Gini, Palma, 60+ gap of coverage and of both 2SFCA scores, over residents and streets), 2SFCA \
            supply per street and district, and the fairness of the life-circle minutes capped at 30.
            """
    )

    @Argument(help: "A plan.json or a folder holding one.")
    var plan: String

    @Option(name: .long, help: "existing: today's facilities; planned: with this year's planned ones.")
    var scenario: ScenarioOption = .existing

    @Option(name: .long, help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let study = try StudyRunner.load(plan)
        Console.progress("building the walk network and joining \(study.residents.count) resident points…")
        let prepared = try PreparedStudy.prepare(study)
        for w in prepared.warnings { Console.error(w.description) }
        Console.progress("network: \(prepared.network.nodeCount) nodes, \(prepared.network.edgeCount) edges, \(prepared.network.componentCount) connected components; analysis CRS \(prepared.metricCRS)")
        let circle = CircleStudy.run(prepared, scenario: scenario.scenario)
        switch format {
        case .table: Console.output(CircleOutput.table(circle))
        case .csv: Console.output(bytes: CircleOutput.csv(circle).encoded(byteOrderMark: false))
        case .json:
            Console.progress("fairness and 2SFCA supply per category…")
            let analysis = StudyAnalysis.run(prepared, scenarios: [scenario.scenario], metrics: [.network])
            let equity = EquityAnalysis.run(analysis: analysis, scenario: scenario.scenario, coverage: circle.searches)
            Console.output(JSONText.pretty(CircleOutput.json(circle, equity: equity)))
        }
    }
}

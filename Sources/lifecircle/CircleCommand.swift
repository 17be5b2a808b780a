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

    @OptionGroup var plan: PlanArgument

    @Option(name: .long, help: "existing: today's facilities; planned: with this year's planned ones.")
    var scenario: ScenarioOption = .existing

    @Option(name: .long, help: "table, csv or json.")
    var format: TableFormat = .table

    func run() throws {
        let study = try plan.load()
        let prepared = try study.prepare()
        let circle = prepared.circle(scenario.scenario)
        switch format {
        case .table: Console.output(CircleOutput.table(circle))
        case .csv: Console.output(bytes: CircleOutput.csv(circle).encoded(byteOrderMark: false))
        case .json:
            let equity = try study.equity(prepared, scenario: scenario.scenario, reusing: circle)
            Console.output(JSONText.pretty(CircleOutput.json(circle, equity: equity)))
        }
    }
}

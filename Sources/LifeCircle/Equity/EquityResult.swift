/// Supply, demand and fairness of every category of an analysis, in one scenario.
public struct EquityResult: Sendable {
    public var scenario: CoverageScenario
    /// In the analysis's category order.
    public var categories: [CategoryEquity]

    public init(scenario: CoverageScenario, categories: [CategoryEquity]) {
        self.scenario = scenario
        self.categories = categories
    }

    public func category(_ id: String) -> CategoryEquity? { categories.first { $0.category.id == id } }
}

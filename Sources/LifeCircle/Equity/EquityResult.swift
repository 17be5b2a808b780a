/// Supply, demand and fairness of every category of an analysis, in one scenario.
public struct EquityResult: Sendable {
    /// Which facilities counted.
    public var scenario: CoverageScenario
    /// In the analysis's category order.
    public var categories: [CategoryEquity]

    /// A result from its categories.
    public init(scenario: CoverageScenario, categories: [CategoryEquity]) {
        self.scenario = scenario
        self.categories = categories
    }

    /// The fairness of the category with this id, or nil when it was not measured.
    public func category(_ id: String) -> CategoryEquity? { categories.first { $0.category.id == id } }
}

/// Coverage of every category of a plan: both scenarios (existing, with planned) and both metrics
/// (network walk, straight-line radius), with street gaps for each.
public struct StudyAnalysis: Sendable {
    /// One category's results.
    public struct CategoryResult: Sendable {
        /// The category.
        public var category: Category
        package var request: CoverageRequest
        /// Results keyed by scenario and metric.
        public var results: [Key: CoverageResult]
        /// Street gaps keyed by scenario and metric.
        public var gaps: [Key: StreetGaps]

        /// The coverage in a scenario and metric, or nil when the analysis did not run it.
        public func result(_ scenario: CoverageScenario, _ metric: DistanceMetric = .network) -> CoverageResult? {
            results[Key(scenario: scenario, metric: metric)]
        }

        /// The street gaps in a scenario and metric, or nil when the analysis did not run it.
        public func streetGaps(_ scenario: CoverageScenario, _ metric: DistanceMetric = .network) -> StreetGaps? {
            gaps[Key(scenario: scenario, metric: metric)]
        }
    }

    /// A scenario and a metric: the key of a category's results.
    public struct Key: Hashable, Sendable {
        /// Which facilities count.
        public var scenario: CoverageScenario
        /// How distance is measured.
        public var metric: DistanceMetric

        /// The key of a scenario and a metric.
        public init(scenario: CoverageScenario, metric: DistanceMetric) {
            self.scenario = scenario
            self.metric = metric
        }
    }

    /// The prepared study the analysis ran on.
    public let prepared: PreparedStudy
    /// In the plan's category order.
    public let categories: [CategoryResult]

    /// The plan and its layers.
    public var study: StudyData { prepared.study }

    /// Runs coverage for the given categories (all when nil), scenarios and metrics.
    ///
    /// - Throws: ``InputError`` when an id names no category of the plan.
    /// - Complexity: one bounded multi-source search per category × scenario (network metric) and
    ///   one grid lookup per resident (straight-line metric), spread over the cores.
    public static func run(
        _ prepared: PreparedStudy, categories ids: [String]? = nil,
        scenarios: [CoverageScenario] = CoverageScenario.allCases,
        metrics: [DistanceMetric] = DistanceMetric.allCases
    ) throws -> StudyAnalysis {
        let plan = prepared.study.plan
        for id in ids ?? [] { _ = try plan.category(id) }
        let chosen = plan.categories.filter { ids == nil || ids?.contains($0.id) == true }
        let requests = chosen.map { prepared.request(for: $0) }
        let analysis = CoverageAnalysis(
            network: prepared.network, residentPositions: prepared.residentPositions, residentSnaps: prepared.residentSnaps)
        let all = analysis.run(requests, scenarios: scenarios, metrics: metrics)
        var out: [CategoryResult] = []
        var k = 0
        for (ci, c) in chosen.enumerated() {
            var results: [Key: CoverageResult] = [:]
            var gaps: [Key: StreetGaps] = [:]
            for s in scenarios {
                for m in metrics {
                    let r = all[k]
                    k += 1
                    let key = Key(scenario: s, metric: m)
                    results[key] = r
                    gaps[key] = StreetGaps(
                        result: r, demand: requests[ci].demand, residentStreet: prepared.residentStreet,
                        streetCount: prepared.study.streets.count, goal: plan.coverageGoal)
                }
            }
            out.append(CategoryResult(category: c, request: requests[ci], results: results, gaps: gaps))
        }
        return StudyAnalysis(prepared: prepared, categories: out)
    }

    /// Fairness (Gini, Palma, 60+ gap) and 2SFCA supply per category in a scenario.
    public func equity(_ scenario: CoverageScenario = .existing) -> EquityResult {
        EquityAnalysis.run(analysis: self, scenario: scenario)
    }

    /// The results of the category with this id, or nil when the analysis did not run it.
    public func category(_ id: String) -> CategoryResult? { categories.first { $0.category.id == id } }
}

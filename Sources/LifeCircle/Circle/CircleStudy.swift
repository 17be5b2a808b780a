/// The whole life circle of a prepared study in one scenario: one bounded network search per
/// category, and from its distances the coverage, the completeness and the sensitivity curves.
///
/// Each category's search reaches as far as its sensitivity band needs
/// (`SensitivityBand.bound`: 30 minutes at the band's top speed), so
/// every figure is a division of the same distances; the coverage at the category's own threshold
/// equals the plain coverage result.
public struct CircleStudy: Sendable {
    /// The prepared study the circle was computed on.
    public let prepared: PreparedStudy
    /// Which facilities count: existing, or with this year's planned ones.
    public let scenario: CoverageScenario
    /// The plan's categories, their coverage questions and sensitivity bands (parallel arrays).
    public let categories: [Category]
    package let requests: [CoverageRequest]
    package let bands: [SensitivityBand]
    /// Each category's distances (parallel to `categories`).
    package let reach: [ReachDistances]
    /// The ids of the essential categories, in category order.
    public let essential: [String]
    package let completeness: CircleCompleteness
    /// Each category's sensitivity (parallel to `categories`).
    package let sensitivity: [CategorySensitivity]
    /// The coverage analysis that ran the searches (residents laid out by edge, reused by
    /// ``EquityAnalysis/run(circle:)``); nil when made from given distances.
    package let searches: CoverageAnalysis?

    /// The plan and its layers.
    public var study: StudyData { prepared.study }

    /// Runs the searches (in parallel), then completeness and sensitivity.
    ///
    /// - Parameters:
    ///   - prepared: the study with its network and snapped points.
    ///   - scenario: which facilities count.
    ///   - essential: The essential category ids; nil: the plan's `lifeCircle.essential` (every
    ///     category when the plan names none).
    /// - Complexity: one bounded search per category (each bounded at its band's distance), spread
    ///   over the cores, plus O(R · C · (L + M + S)) for the completeness and the curves.
    package static func run(_ prepared: PreparedStudy, scenario: CoverageScenario, essential: [String]? = nil) -> CircleStudy {
        let plan = prepared.study.plan
        let categories = plan.categories
        let requests = categories.map { prepared.request(for: $0) }
        let bands = categories.map { SensitivityBand.standard(for: $0, walking: plan.walking) }
        let bounds = requests.indices.map { bands[$0].bound(thresholdMinutes: requests[$0].minutes, speed: requests[$0].speed) }
        let analysis = CoverageAnalysis(
            network: prepared.network, residentPositions: prepared.residentPositions, residentSnaps: prepared.residentSnaps)
        let reach = analysis.reachDistances(requests, bounds: bounds, scenario: scenario)
        return CircleStudy(prepared: prepared, scenario: scenario, categories: categories, requests: requests,
                           bands: bands, reach: reach,
                           essential: essential ?? plan.lifeCircle.essentialCategories(of: plan).map(\.id),
                           searches: analysis)
    }

    /// Completeness and sensitivity from distances already searched (parallel to the plan's categories).
    ///
    /// - Complexity: O(R · C · (L + M + S)), spread over the cores.
    package init(prepared: PreparedStudy, scenario: CoverageScenario, categories: [Category], requests: [CoverageRequest],
                bands: [SensitivityBand], reach: [ReachDistances], essential: [String], searches: CoverageAnalysis? = nil) {
        self.prepared = prepared
        self.searches = searches
        self.scenario = scenario
        self.categories = categories
        self.requests = requests
        self.bands = bands
        self.reach = reach
        let known = Set(categories.map(\.id))
        self.essential = categories.map(\.id).filter { essential.contains($0) && known.contains($0) }
        let residents = prepared.study.residents
        completeness = CircleCompleteness(
            reach: reach, categories: categories, essential: self.essential,
            population: residents.map(\.population), age60plus: residents.map(\.age60plus),
            residentStreet: prepared.residentStreet, streetCount: prepared.study.streets.count)
        // One task per category (each curve from its own distances alone: the same on any core count).
        sensitivity = Parallel.tasks(count: reach.count) {
            CategorySensitivity(reach: reach[$0], demand: requests[$0].demand, band: bands[$0])
        }
    }

    /// The coverage result of category `k` at its own threshold (equal to plain coverage).
    ///
    /// - Complexity: O(R).
    public func coverage(_ k: Int) -> CoverageResult {
        reach[k].coverageResult(demand: requests[k].demand)
    }
}

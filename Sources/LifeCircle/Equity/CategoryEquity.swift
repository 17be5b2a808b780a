/// Supply, demand and fairness of one category in one scenario.
///
/// - Supply S_j of a facility: its `capacity`, else the category's `capacity`, else 1; 0 for a
///   facility that does not count in the scenario or is not on the network.
/// - Demand P_i: the category's demand base (population, or residents 60+).
/// - Catchment: the category's walk threshold at its speed (the elder speed for a 60+ category when
///   the plan sets one), walk time as in coverage (access legs included).
/// - Fairness (`EquityMeasure`) of three per-resident measures: coverage (1 covered, 0 not, so a
///   street's value is its covered share), the classic and the Gaussian 2SFCA score.
public struct CategoryEquity: Sendable {
    /// The category.
    public var category: Category
    /// Which facilities counted.
    public var scenario: CoverageScenario
    /// The catchment t0, minutes, and the speed, metres per minute.
    public var thresholdMinutes: Double
    /// Walking speed, metres per minute.
    public var speed: Double
    /// S_j per facility of the category (in the study's facility order).
    public var supply: [Double]
    /// Facilities counted in the scenario but not on the network (indices); they supply no one.
    public var unsnappedFacilities: [Int]
    /// Resident–facility pairs within the catchment.
    public var pairCount: Int
    /// Classic and Gaussian 2SFCA (per-resident scores A_i, per-facility ratios R_j).
    package var classic: FloatingCatchment
    package var gaussian: FloatingCatchment
    /// Fairness of coverage; nil when the analysis holds no network result for the scenario.
    package var coverage: EquityMeasure?
    /// Fairness of the classic and of the Gaussian 2SFCA score.
    package var access: EquityMeasure
    package var gaussianAccess: EquityMeasure
    /// One row per street (street index order), and the residents in no street (nil when none).
    package var streets: [StreetEquityRow]
    package var outside: StreetEquityRow?

    /// The supply counted in the scenario, Σ S_j over facilities on the network.
    public var totalSupply: Double { supply.reduce(0, +) }
}

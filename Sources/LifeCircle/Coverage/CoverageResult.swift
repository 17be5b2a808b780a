/// Walk minutes from each resident point to its nearest facility, for one category, scenario and metric.
///
/// Arrays are parallel to the residents given to `CoverageAnalysis`. The search is bounded at the
/// threshold, so minutes are known only up to it: a resident beyond the threshold, or not on the
/// network, has `minutes == .infinity` and `facility == -1`, and `status` tells which.
public struct CoverageResult: Sendable {
    /// The category's id.
    public var category: String
    /// Which facilities counted.
    public var scenario: CoverageScenario
    /// How distance was measured: network walk or straight line.
    public var metric: DistanceMetric
    /// The walk threshold, minutes.
    public var thresholdMinutes: Double
    /// Walking speed used, metres per minute (the elder speed for an age-60+ demand base, when set).
    public var speed: Double
    /// Walk minutes to the nearest facility (access legs included), or infinity.
    public var minutes: [Double]
    /// The nearest facility (index in the request's facilities), or −1.
    public var facility: [Int32]
    /// Status of each resident point.
    public var status: [CoverageStatus]
    /// Totals weighted by the request's demand.
    public var totals: CoverageTotals
    /// Facilities of the scenario that joined the network (network metric) or were used (straight line).
    public var facilitiesUsed: Int
    /// Facilities of the scenario that could not join the network (indices in the request), ascending.
    public var unsnappedFacilities: [Int]

    /// The threshold in metres.
    public var thresholdMeters: Double { thresholdMinutes * speed }

    /// A result from its parts (the coverage engine fills them in).
    public init(category: String, scenario: CoverageScenario, metric: DistanceMetric, thresholdMinutes: Double,
                speed: Double, minutes: [Double], facility: [Int32], status: [CoverageStatus],
                totals: CoverageTotals, facilitiesUsed: Int, unsnappedFacilities: [Int]) {
        self.category = category
        self.scenario = scenario
        self.metric = metric
        self.thresholdMinutes = thresholdMinutes
        self.speed = speed
        self.minutes = minutes
        self.facility = facility
        self.status = status
        self.totals = totals
        self.facilitiesUsed = facilitiesUsed
        self.unsnappedFacilities = unsnappedFacilities
    }
}

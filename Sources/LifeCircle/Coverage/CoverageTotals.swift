/// Demand and point counts of a coverage result, by status.
public struct CoverageTotals: Hashable, Sendable {
    /// Demand of all resident points.
    public var demand: Double = 0
    /// Demand within the threshold.
    public var covered: Double = 0
    /// Demand on the network but beyond the threshold.
    public var beyondThreshold: Double = 0
    /// Demand of points that could not join the network.
    public var unreachable: Double = 0
    /// Resident points by status.
    public var coveredPoints = 0
    /// Resident points on the network but beyond the threshold.
    public var beyondThresholdPoints = 0
    /// Resident points that could not join the network.
    public var unreachablePoints = 0

    /// Empty totals; ``add(_:demand:)`` counts points in.
    public init() {}

    /// Uncovered demand (beyond threshold or unreachable).
    public var uncovered: Double { beyondThreshold + unreachable }

    /// Covered share of demand, or nil when there is no demand.
    public var coverageShare: Double? { demand > 0 ? covered / demand : nil }

    /// Adds one point.
    public mutating func add(_ status: CoverageStatus, demand weight: Double) {
        demand += weight
        switch status {
        case .covered: covered += weight; coveredPoints += 1
        case .beyondThreshold: beyondThreshold += weight; beyondThresholdPoints += 1
        case .unreachable: unreachable += weight; unreachablePoints += 1
        }
    }
}

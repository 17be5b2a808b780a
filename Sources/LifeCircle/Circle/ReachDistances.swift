/// Walk distances from every resident point to the nearest facility of one category in one scenario,
/// from one network search bounded well beyond the category's threshold.
///
/// Distances are measured exactly as coverage measures them (metres, both access legs included, the
/// same search), only with a larger bound, so every walk-time figure of the life circle (coverage,
/// completeness, life-circle time, coverage at other minutes or speeds) is a division of these
/// distances. Within the category's threshold the distances, nearest facilities and statuses are
/// those of ``CoverageAnalysis/networkCoverage(_:scenario:search:)`` exactly: a larger bound only
/// settles more nodes, all farther than the threshold.
package struct ReachDistances: Sendable {
    /// The category's id.
    package var category: String
    package var scenario: CoverageScenario
    /// The category's walk threshold, minutes.
    package var thresholdMinutes: Double
    /// The category's walking speed, metres per minute.
    package var speed: Double
    /// The search bound, metres: distances beyond it are unknown (infinity).
    package var bound: Double
    /// Walk distance in metres to the nearest facility of the scenario, or infinity when none is
    /// within the bound (or the point is not on the network).
    package var meters: [Double]
    /// The nearest facility (index in the request's facilities), or −1.
    package var facility: [Int32]
    /// Each point's status against the category's own threshold (as coverage reports it).
    package var status: [CoverageStatus]
    /// Facilities of the scenario that joined the network.
    package var facilitiesUsed: Int
    /// Facilities of the scenario that could not join the network (indices in the request), ascending.
    package var unsnappedFacilities: [Int]

    /// The category's threshold in metres (minutes × speed, as coverage computes it).
    package var thresholdMeters: Double { thresholdMinutes * speed }

    /// Whether point `i` is within `minutes` at `speed` metres per minute (within ``DistanceTolerance``).
    ///
    /// Only meaningful up to the bound: beyond it every point is out of reach.
    @inline(__always)
    package func within(_ i: Int, minutes: Double, speed: Double) -> Bool {
        DistanceTolerance.within(meters[i], minutes * speed)
    }

    /// Walk minutes of point `i` at the category's speed (infinity beyond the bound).
    package func minutes(_ i: Int) -> Double { meters[i] / speed }

    /// The coverage result these distances imply for the category's own threshold: equal, field for
    /// field, to what ``CoverageAnalysis/networkCoverage(_:scenario:search:)`` returns.
    ///
    /// - Complexity: O(R).
    package func coverageResult(demand: [Double]) -> CoverageResult {
        var minutes = [Double](repeating: .infinity, count: meters.count)
        var nearest = [Int32](repeating: -1, count: meters.count)
        var totals = CoverageTotals()
        for i in meters.indices {
            if status[i] == .covered {
                minutes[i] = meters[i] / speed
                nearest[i] = facility[i]
            }
            totals.add(status[i], demand: i < demand.count ? demand[i] : 0)
        }
        return CoverageResult(
            category: category, scenario: scenario, metric: .network, thresholdMinutes: thresholdMinutes, speed: speed,
            minutes: minutes, facility: nearest, status: status, totals: totals, facilitiesUsed: facilitiesUsed,
            unsnappedFacilities: unsnappedFacilities)
    }
}

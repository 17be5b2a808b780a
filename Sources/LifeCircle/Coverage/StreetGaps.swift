/// Coverage gaps per street for one category result: demand, covered, uncovered, share and priority.
///
/// Every resident point is counted once: in its street's row, or in the `outside` row when it lies in
/// no street (never dropped). The district row sums all points, outside ones included.
public struct StreetGaps: Hashable, Sendable {
    /// One row per street, in street index order.
    public var streets: [StreetGapRow]
    /// Residents in no street, or nil when there are none.
    public var outside: StreetGapRow?
    /// The whole district.
    public var district: StreetGapRow
    /// The coverage goal (share of demand, e.g. 0.85).
    public var goal: Double

    /// Whether the district's covered share reaches the goal (false without demand).
    public var meetsGoal: Bool { (district.coverageShare ?? 0) >= goal }

    /// The street rows by priority: most uncovered demand first, ties by street index.
    public var byRank: [StreetGapRow] { streets.sorted { ($0.rank ?? .max) < ($1.rank ?? .max) } }

    /// Aggregates a coverage result by street.
    ///
    /// - Parameters:
    ///   - status: Each resident's status (`CoverageResult.status`).
    ///   - demand: Each resident's demand weight (same order).
    ///   - residentStreet: Each resident's street index, or nil when it lies in no street; an index
    ///     outside `0..<streetCount` also counts as outside.
    ///   - streetCount: Number of streets.
    ///   - goal: The district's coverage goal (default 0.85, the city's 2025 target).
    /// - Complexity: O(R + S log S) for R residents and S streets.
    public init(status: [CoverageStatus], demand: [Double], residentStreet: [Int?], streetCount: Int,
                goal: Double = 0.85) {
        var rows = (0..<max(streetCount, 0)).map { StreetGapRow(street: $0) }
        var outside = StreetGapRow(street: nil)
        var district = StreetGapRow(street: nil)
        for i in status.indices {
            let w = i < demand.count ? demand[i] : 0
            district.add(status[i], w)
            if i < residentStreet.count, let s = residentStreet[i], s >= 0, s < rows.count {
                rows[s].add(status[i], w)
            } else {
                outside.add(status[i], w)
            }
        }
        let order = rows.indices.sorted { a, b in
            rows[a].uncovered > rows[b].uncovered || (rows[a].uncovered == rows[b].uncovered && a < b)
        }
        for (k, s) in order.enumerated() { rows[s].rank = k + 1 }
        streets = rows
        self.outside = outside.points > 0 ? outside : nil
        self.district = district
        self.goal = goal
    }

    /// Aggregates a `CoverageResult` by street.
    ///
    /// - Complexity: O(R + S log S).
    public init(result: CoverageResult, demand: [Double], residentStreet: [Int?], streetCount: Int,
                goal: Double = 0.85) {
        self.init(status: result.status, demand: demand, residentStreet: residentStreet,
                  streetCount: streetCount, goal: goal)
    }
}

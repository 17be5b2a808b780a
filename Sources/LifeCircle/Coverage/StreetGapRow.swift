/// Coverage of one category in one street (or outside every street, or the whole district).
public struct StreetGapRow: Hashable, Sendable {
    /// The street's index, or nil for the "outside all streets" row and the district row.
    public var street: Int?
    /// Resident points counted.
    public var points: Int
    /// Demand (population or age 60+).
    public var demand: Double
    /// Demand within the threshold.
    public var covered: Double
    /// Demand beyond the threshold or not on the network (`demand − covered`).
    public var uncovered: Double
    /// The part of `uncovered` that could not join the network at all.
    public var unreachable: Double
    /// Priority among streets, 1 = most uncovered demand (ties by street index); nil for other rows.
    public var rank: Int?

    /// A row from its figures (``StreetGaps`` builds them from a coverage result).
    public init(street: Int?, points: Int = 0, demand: Double = 0, covered: Double = 0, uncovered: Double = 0,
                unreachable: Double = 0, rank: Int? = nil) {
        self.street = street
        self.points = points
        self.demand = demand
        self.covered = covered
        self.uncovered = uncovered
        self.unreachable = unreachable
        self.rank = rank
    }

    /// Covered share of demand (0…1), or nil when the row has no demand.
    public var coverageShare: Double? { demand > 0 ? covered / demand : nil }

    mutating func add(_ status: CoverageStatus, _ weight: Double) {
        points += 1
        switch status {
        case .covered: covered += weight
        case .beyondThreshold: uncovered += weight
        case .unreachable: uncovered += weight; unreachable += weight
        }
        demand = covered + uncovered
    }
}

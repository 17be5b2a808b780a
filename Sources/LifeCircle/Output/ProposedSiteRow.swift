/// One proposed new site of a category, as the report and the `proposals-<category>` layer show it.
///
/// Siting fills these in (rank 1 = chosen first); the report renders them when given and says "not
/// computed" otherwise.
public struct ProposedSiteRow: Hashable, Sendable {
    /// Order of choice, 1 first.
    public var rank: Int
    /// The candidate site's id.
    public var id: String
    /// The candidate's name, when it has one.
    public var name: String?
    /// Position, WGS84 (lon/lat).
    public var position: Position
    /// Demand (of the category's base) newly within the walk when this site is added to the ones before it.
    public var newlyCoveredDemand: Double
    /// Residents aged 60+ newly within the walk.
    public var newlyCovered60plus: Double
    /// Newly covered demand by street name, largest first (ties by name).
    public var byStreet: [StreetShare]
    /// The nearest existing facility (network walk) and its distance in metres, when one is reached.
    public var nearestFacilityID: String?
    /// The walk in metres to `nearestFacilityID`.
    public var nearestFacilityMeters: Double?

    /// Newly covered demand in one street.
    public struct StreetShare: Hashable, Sendable {
        /// The street's name ("(outside all streets)" for none).
        public var street: String
        /// Demand newly covered in it.
        public var demand: Double

        /// A street's share.
        public init(street: String, demand: Double) {
            self.street = street
            self.demand = demand
        }
    }

    /// A row from its fields (``TargetProposal/rows(_:)`` makes them from a siting).
    public init(rank: Int, id: String, name: String? = nil, position: Position, newlyCoveredDemand: Double,
                newlyCovered60plus: Double, byStreet: [StreetShare] = [], nearestFacilityID: String? = nil,
                nearestFacilityMeters: Double? = nil) {
        self.rank = rank
        self.id = id
        self.name = name
        self.position = position
        self.newlyCoveredDemand = newlyCoveredDemand
        self.newlyCovered60plus = newlyCovered60plus
        self.byStreet = byStreet
        self.nearestFacilityID = nearestFacilityID
        self.nearestFacilityMeters = nearestFacilityMeters
    }

    /// The street split as one flat text field: `name:demand; name:demand`, in the order given.
    public var byStreetText: String {
        byStreet.map { "\($0.street):\(Format.fixed($0.demand, 0))" }.joined(separator: "; ")
    }
}

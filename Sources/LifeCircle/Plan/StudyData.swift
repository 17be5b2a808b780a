/// A street office's area, in WGS84.
public struct Street: Hashable, Sendable {
    /// Position in the streets layer (feature index).
    public var index: Int
    /// The feature id, or `code`, or the index as text.
    public var id: String
    /// The name as the layer gives it.
    public var name: String
    /// The official code (e.g. the 12-digit street code), when the layer has one.
    public var code: String?
    /// Polygon or MultiPolygon (made valid on load), WGS84.
    package var geometry: Geometry
    /// The street's population total, when the layer gives one.
    public var population: Double?
    /// Residents aged 60+ of the street, when the layer gives them.
    public var population60plus: Double?
}

/// A residential point (a building, an estate, a grid cell) and its people, in WGS84.
public struct Resident: Hashable, Sendable {
    /// Index in its layer (0-based feature order).
    public var index: Int
    /// The feature's id (from the layer, or made from its index).
    public var id: String
    /// Position, WGS84 (lon/lat).
    public var position: Position
    /// People at this point.
    public var population: Double
    /// People aged 60+ at this point.
    public var age60plus: Double

    /// A resident point from its fields.
    public init(index: Int, id: String, position: Position, population: Double, age60plus: Double) {
        self.index = index
        self.id = id
        self.position = position
        self.population = population
        self.age60plus = age60plus
    }

    /// The demand this resident point carries for a demand base.
    public func demand(_ base: DemandBase) -> Double {
        switch base {
        case .all: population
        case .age60plus: age60plus
        }
    }
}

/// Whether a facility exists today or is fixed by this year's plan.
public enum FacilityStatus: String, Hashable, Sendable, CaseIterable {
    /// Open today.
    case existing
    /// Planned for this year (counted in the `withPlanned` scenario).
    case planned
}

/// A facility of one category, in WGS84.
public struct Facility: Hashable, Sendable {
    /// Index in its layer (0-based feature order).
    public var index: Int
    /// The feature's id (from the layer, or made from its index).
    public var id: String
    /// The name as the layer gives it.
    public var name: String
    /// The category id it serves.
    public var category: String
    /// Existing today, or planned for this year.
    public var status: FacilityStatus
    /// Position, WGS84 (lon/lat).
    public var position: Position
    /// How many people it can serve (for 2SFCA), when given.
    public var capacity: Double?

    /// A facility from its fields.
    public init(index: Int, id: String, name: String, category: String, status: FacilityStatus, position: Position, capacity: Double? = nil) {
        self.index = index
        self.id = id
        self.name = name
        self.category = category
        self.status = status
        self.position = position
        self.capacity = capacity
    }
}

/// A possible new site, in WGS84.
public struct CandidateSite: Hashable, Sendable {
    /// Index in its layer (0-based feature order).
    public var index: Int
    /// The feature's id (from the layer, or made from its index).
    public var id: String
    /// The name, when the layer gives one.
    public var name: String?
    /// Position, WGS84 (lon/lat).
    public var position: Position
    /// Categories this site suits; empty means any.
    public var categories: [String]

    /// A candidate site from its fields.
    public init(index: Int, id: String, name: String? = nil, position: Position, categories: [String] = []) {
        self.index = index
        self.id = id
        self.name = name
        self.position = position
        self.categories = categories
    }
}

/// Everything a plan's layers hold, loaded, checked and converted to WGS84.
public struct StudyData: Sendable {
    /// The plan the layers were read for.
    public var plan: Plan
    /// Street (sub-district) polygons, in layer order.
    public var streets: [Street]
    /// Resident points, in layer order.
    public var residents: [Resident]
    /// Facilities per category id (every category of the plan has an entry, possibly empty).
    public var facilities: [String: [Facility]]
    /// Candidate sites for new facilities from the plan's candidates layer (empty without one).
    public var candidates: [CandidateSite]
    /// The network layer's walkable lines.
    package var network: NetworkLines
    /// Warnings found while loading (repaired polygons, conversions applied, ...).
    public var warnings: [InputError] = []

    /// The name of the street with this index; "(outside all streets)" for nil.
    public func streetName(_ index: Int?) -> String {
        index.map { streets[$0].name } ?? "(outside all streets)"
    }
}

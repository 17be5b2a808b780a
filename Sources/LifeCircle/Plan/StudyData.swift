/// A street office's area, in WGS84.
public struct Street: Hashable, Sendable {
    /// Position in the streets layer (feature index).
    public var index: Int
    /// The feature id, or `code`, or the index as text.
    public var id: String
    public var name: String
    public var code: String?
    /// Polygon or MultiPolygon (made valid on load), WGS84.
    public var geometry: Geometry
    public var population: Double?
    public var population60plus: Double?

    public init(index: Int, id: String, name: String, code: String? = nil, geometry: Geometry, population: Double? = nil, population60plus: Double? = nil) {
        self.index = index
        self.id = id
        self.name = name
        self.code = code
        self.geometry = geometry
        self.population = population
        self.population60plus = population60plus
    }
}

/// A residential point (a building, an estate, a grid cell) and its people, in WGS84.
public struct Resident: Hashable, Sendable {
    public var index: Int
    public var id: String
    public var position: Position
    public var population: Double
    public var age60plus: Double

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
    case existing
    case planned
}

/// A facility of one category, in WGS84.
public struct Facility: Hashable, Sendable {
    public var index: Int
    public var id: String
    public var name: String
    public var category: String
    public var status: FacilityStatus
    public var position: Position
    public var capacity: Double?

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
    public var index: Int
    public var id: String
    public var name: String?
    public var position: Position
    /// Categories this site suits; empty means any.
    public var categories: [String]

    public init(index: Int, id: String, name: String? = nil, position: Position, categories: [String] = []) {
        self.index = index
        self.id = id
        self.name = name
        self.position = position
        self.categories = categories
    }
}

/// A walkable line of the network layer, in WGS84.
public struct NetworkLine: Hashable, Sendable {
    public var index: Int
    public var id: String
    public var coordinates: [Position]

    public init(index: Int, id: String, coordinates: [Position]) {
        self.index = index
        self.id = id
        self.coordinates = coordinates
    }
}

/// Everything a plan's layers hold, loaded, checked and converted to WGS84.
public struct StudyData: Sendable {
    public var plan: Plan
    public var streets: [Street]
    public var residents: [Resident]
    /// Facilities per category id (every category of the plan has an entry, possibly empty).
    public var facilities: [String: [Facility]]
    public var candidates: [CandidateSite]
    public var network: [NetworkLine]
    /// Warnings found while loading (repaired polygons, conversions applied, ...).
    public var warnings: [InputError]

    public init(plan: Plan, streets: [Street], residents: [Resident], facilities: [String: [Facility]], candidates: [CandidateSite], network: [NetworkLine], warnings: [InputError] = []) {
        self.plan = plan
        self.streets = streets
        self.residents = residents
        self.facilities = facilities
        self.candidates = candidates
        self.network = network
        self.warnings = warnings
    }
}

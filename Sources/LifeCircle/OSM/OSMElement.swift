/// One OSM tag (key and value).
public struct OSMTag: Hashable, Sendable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// Looks up tag values by key in an element's tag list (linear: elements carry few tags).
extension Array where Element == OSMTag {
    /// The value of `key`, or nil when absent.
    public subscript(osmKey key: String) -> String? {
        for t in self where t.key == key { return t.value }
        return nil
    }
}

/// A node: id, position as fixed-point 1e-7 degrees (exact for OSM data), tags.
public struct OSMNode: Sendable {
    public var id: Int64
    /// Latitude × 10⁷.
    public var latE7: Int32
    /// Longitude × 10⁷.
    public var lonE7: Int32
    public var tags: [OSMTag]

    public init(id: Int64, latE7: Int32, lonE7: Int32, tags: [OSMTag] = []) {
        self.id = id
        self.latE7 = latE7
        self.lonE7 = lonE7
        self.tags = tags
    }

    public var lat: Double { Double(latE7) / 1e7 }
    public var lon: Double { Double(lonE7) / 1e7 }
}

/// A way: id, node references in order, tags, and the nodes' locations when the file carries them
/// on the way (osmium `add-locations-to-ways`: PBF `LocationsOnWays`, XML `<nd ref lat lon>`).
public struct OSMWay: Sendable {
    public var id: Int64
    public var refs: [Int64]
    public var tags: [OSMTag]
    /// Latitudes × 10⁷ parallel to `refs`, or empty when the file has no locations on ways;
    /// `OSMWay.noLocation` marks a node whose location the file does not give.
    public var latE7: [Int32] = []
    /// Longitudes × 10⁷ parallel to `refs` (see `latE7`).
    public var lonE7: [Int32] = []

    /// The marker of a missing location in `latE7`/`lonE7` (outside every valid coordinate).
    public static let noLocation = Int32.max

    public init(id: Int64, refs: [Int64], tags: [OSMTag] = []) {
        self.id = id
        self.refs = refs
        self.tags = tags
    }

    /// Fills `latE7`/`lonE7` with `noLocation` up to `count` entries (default: one per ref).
    mutating func padLocations(to count: Int? = nil) {
        let n = count ?? refs.count
        while latE7.count < n { latE7.append(Self.noLocation) }
        while lonE7.count < n { lonE7.append(Self.noLocation) }
    }

    /// True when the way has at least 4 references and its first and last are the same node.
    public var isClosed: Bool { refs.count >= 4 && refs.first == refs.last }
}

/// The type of a relation member.
public enum OSMElementType: String, Sendable {
    case node, way, relation
}

/// One member of a relation.
public struct OSMMember: Sendable {
    public var type: OSMElementType
    public var ref: Int64
    public var role: String

    public init(type: OSMElementType, ref: Int64, role: String) {
        self.type = type
        self.ref = ref
        self.role = role
    }
}

/// A relation: id, members in order, tags.
public struct OSMRelation: Sendable {
    public var id: Int64
    public var members: [OSMMember]
    public var tags: [OSMTag]

    public init(id: Int64, members: [OSMMember], tags: [OSMTag] = []) {
        self.id = id
        self.members = members
        self.tags = tags
    }
}

/// Which element types a reader decodes and hands to its visitor (others are skipped, and
/// counted only when `countAll` is set on the read).
public struct OSMElementKinds: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let nodes = OSMElementKinds(rawValue: 1)
    public static let ways = OSMElementKinds(rawValue: 2)
    public static let relations = OSMElementKinds(rawValue: 4)
    public static let all: OSMElementKinds = [.nodes, .ways, .relations]
    /// Hint with `.nodes`: only nodes that have tags are wanted (a reader may skip the others).
    public static let onlyTaggedNodes = OSMElementKinds(rawValue: 8)
    /// Hint: tags are not wanted (a reader may hand elements over without them); with
    /// `.onlyTaggedNodes`, node tags are still read.
    public static let skipTags = OSMElementKinds(rawValue: 16)
}

/// Receives the elements of an OSM file in file order.
public protocol OSMVisitor {
    mutating func visit(node: OSMNode) throws
    mutating func visit(way: OSMWay) throws
    mutating func visit(relation: OSMRelation) throws
    /// True when the visitor needs nothing more: the reader may stop early (the counts it
    /// returns then cover only what it read).
    var isDone: Bool { get }
}

extension OSMVisitor {
    public var isDone: Bool { false }
    public mutating func visit(node: OSMNode) throws {}
    public mutating func visit(way: OSMWay) throws {}
    public mutating func visit(relation: OSMRelation) throws {}
}

/// How many elements of each type a read saw.
public struct OSMElementCounts: Hashable, Sendable, CustomStringConvertible {
    public var nodes: Int = 0
    public var ways: Int = 0
    public var relations: Int = 0
    /// Deleted objects (`visible="false"`, JOSM's `action="delete"`), skipped and not counted above.
    public var deleted: Int = 0

    public init(nodes: Int = 0, ways: Int = 0, relations: Int = 0, deleted: Int = 0) {
        self.nodes = nodes
        self.ways = ways
        self.relations = relations
        self.deleted = deleted
    }

    public var total: Int { nodes + ways + relations }
    public var description: String {
        "\(nodes) nodes, \(ways) ways, \(relations) relations" + (deleted > 0 ? " (\(deleted) deleted objects skipped)" : "")
    }
}

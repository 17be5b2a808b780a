/// One OSM tag (key and value).
package struct OSMTag: Hashable, Sendable {
    package var key: String
    package var value: String
}

/// Looks up tag values by key in an element's tag list (linear: elements carry few tags).
extension Array where Element == OSMTag {
    /// The value of `key`, or nil when absent.
    package subscript(osmKey key: String) -> String? {
        for t in self where t.key == key { return t.value }
        return nil
    }
}

/// A node: id, position as fixed-point 1e-7 degrees (exact for OSM data), tags.
package struct OSMNode: Sendable {
    package var id: Int64
    /// Latitude × 10⁷.
    package var latE7: Int32
    /// Longitude × 10⁷.
    package var lonE7: Int32
    package var tags: [OSMTag] = []

    package var lat: Double { Double(latE7) / 1e7 }
    package var lon: Double { Double(lonE7) / 1e7 }
}

/// A way: id, node references in order, tags, and the nodes' locations when the file carries them
/// on the way (osmium `add-locations-to-ways`: PBF `LocationsOnWays`, XML `<nd ref lat lon>`).
package struct OSMWay: Sendable {
    package var id: Int64
    package var refs: [Int64]
    package var tags: [OSMTag]
    /// Latitudes × 10⁷ parallel to `refs`, or empty when the file has no locations on ways;
    /// `OSMWay.noLocation` marks a node whose location the file does not give.
    package var latE7: [Int32] = []
    /// Longitudes × 10⁷ parallel to `refs` (see `latE7`).
    package var lonE7: [Int32] = []

    /// The marker of a missing location in `latE7`/`lonE7` (outside every valid coordinate).
    package static let noLocation = Int32.max

    package init(id: Int64, refs: [Int64], tags: [OSMTag] = []) {
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
    package var isClosed: Bool { refs.count >= 4 && refs.first == refs.last }
}

/// The type of a relation member.
package enum OSMElementType: String, Sendable {
    case node, way, relation
}

/// One member of a relation.
package struct OSMMember: Sendable {
    package var type: OSMElementType
    package var ref: Int64
    package var role: String
}

/// A relation: id, members in order, tags.
package struct OSMRelation: Sendable {
    package var id: Int64
    package var members: [OSMMember]
    package var tags: [OSMTag] = []
}

/// Which element types a reader decodes and hands to its visitor (others are skipped, and
/// counted only when `countAll` is set on the read).
package struct OSMElementKinds: OptionSet, Sendable {
    package let rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }

    package static let nodes = OSMElementKinds(rawValue: 1)
    package static let ways = OSMElementKinds(rawValue: 2)
    package static let relations = OSMElementKinds(rawValue: 4)
    package static let all: OSMElementKinds = [.nodes, .ways, .relations]
    /// Hint with `.nodes`: only nodes that have tags are wanted (a reader may skip the others).
    package static let onlyTaggedNodes = OSMElementKinds(rawValue: 8)
    /// Hint: tags are not wanted (a reader may hand elements over without them); with
    /// `.onlyTaggedNodes`, node tags are still read.
    package static let skipTags = OSMElementKinds(rawValue: 16)
    /// Hint with `.relations`: only the members of `type=multipolygon` relations are wanted (a
    /// reader may hand the others over without members).
    package static let multipolygonMembersOnly = OSMElementKinds(rawValue: 32)
}

/// Receives the elements of an OSM file in file order.
package protocol OSMVisitor {
    mutating func visit(node: OSMNode) throws
    mutating func visit(way: OSMWay) throws
    mutating func visit(relation: OSMRelation) throws
    /// True when the visitor needs nothing more: the reader may stop early (the counts it
    /// returns then cover only what it read).
    var isDone: Bool { get }
}

extension OSMVisitor {
    package var isDone: Bool { false }
    package mutating func visit(node: OSMNode) throws {}
    package mutating func visit(way: OSMWay) throws {}
    package mutating func visit(relation: OSMRelation) throws {}
}

/// How many elements of each type a read saw.
package struct OSMElementCounts: Hashable, Sendable, CustomStringConvertible {
    package var nodes: Int = 0
    package var ways: Int = 0
    package var relations: Int = 0
    /// Deleted objects (`visible="false"`, JOSM's `action="delete"`), skipped and not counted above.
    package var deleted: Int = 0

    package init(nodes: Int = 0, ways: Int = 0, relations: Int = 0, deleted: Int = 0) {
        self.nodes = nodes
        self.ways = ways
        self.relations = relations
        self.deleted = deleted
    }

    package var total: Int { nodes + ways + relations }
    package var description: String {
        "\(nodes) nodes, \(ways) ways, \(relations) relations" + (deleted > 0 ? " (\(deleted) deleted objects skipped)" : "")
    }
}

/// The first pass of the import: keeps only the ways, relations and tagged nodes the layers need
/// (ids, references and a few tag values), never the full element graph.
struct OSMImportCollector: OSMVisitor {
    /// A walkable way.
    struct WalkWay {
        var id: Int64
        var refs: [Int64]
        var highway: String
        var name: String?
    }

    /// A closed way or multipolygon that may be a residential building.
    struct Building {
        var type: OSMElementType
        var id: Int64
        /// Outer rings as node lists (ways: one), and inner rings.
        var outers: [[Int64]]
        var inners: [[Int64]]
        var building: String
        var levels: String?
    }

    /// A facility candidate: node, way or multipolygon matching the facility table.
    struct Facility {
        var type: OSMElementType
        var id: Int64
        var position: Position?
        var outers: [[Int64]]
        var name: String?
        var matches: [(category: String, rule: String)]
    }

    /// A multipolygon relation waiting for its member ways.
    struct Multipolygon {
        var id: Int64
        var outerWays: [Int64]
        var innerWays: [Int64]
        var tags: [OSMTag]
    }

    let table: OSMFacilityTable
    let residentialBuildings: Set<String>
    var walkWays: [WalkWay] = []
    var buildings: [Building] = []
    var facilities: [Facility] = []
    /// Closed `landuse=residential` rings (node lists).
    var landuse: [[Int64]] = []
    var multipolygons: [Multipolygon] = []
    /// Node locations carried by the kept ways (files with locations on ways), and the box of
    /// every way location in the file.
    var wayLocations = OSMWayLocations()
    /// Every way seen (its references and locations, not its tags), in file order, while they hold
    /// at most `keptWayReferences` references in all, so that the member ways of multipolygons need
    /// no second read of the file (a small extract); nil once over the limit (they are then read
    /// again).
    var everyWay: [OSMWay]?
    private var everyWayReferences = 0
    let keptWayReferences: Int

    init(table: OSMFacilityTable, residentialBuildings: Set<String>, keptWayReferences: Int = 0) {
        self.table = table
        self.residentialBuildings = residentialBuildings
        self.keptWayReferences = keptWayReferences
        everyWay = keptWayReferences > 0 ? [] : nil
    }

    /// Whether `building=value` can be residential (listed, or `yes` inside residential land use).
    func isBuildingCandidate(_ value: String) -> Bool {
        value == "yes" || residentialBuildings.contains(value)
    }

    mutating func visit(node: OSMNode) {
        guard !node.tags.isEmpty else { return }
        let matches = table.match(node.tags)
        guard !matches.isEmpty else { return }
        facilities.append(Facility(
            type: .node, id: node.id, position: Position(lon: node.lon, lat: node.lat), outers: [],
            name: node.tags[osmKey: "name"], matches: matches))
    }

    mutating func visit(way: OSMWay) {
        let tags = way.tags
        if everyWay != nil {
            everyWayReferences += way.refs.count
            if everyWayReferences <= keptWayReferences {
                var bare = way
                bare.tags = []
                everyWay?.append(bare)
            } else {
                everyWay = nil
            }
        }
        wayLocations.extendBox(way)
        guard !tags.isEmpty, way.refs.count >= 2 else { return }
        var kept = false
        if OSMWalkRules.isWalkable(tags), let highway = tags[osmKey: "highway"] {
            walkWays.append(WalkWay(id: way.id, refs: way.refs, highway: highway, name: tags[osmKey: "name"]))
            kept = true
        }
        if way.isClosed, let b = tags[osmKey: "building"], isBuildingCandidate(b) {
            buildings.append(Building(
                type: .way, id: way.id, outers: [way.refs], inners: [], building: b, levels: tags[osmKey: "building:levels"]))
            kept = true
        }
        if way.isClosed, tags[osmKey: "landuse"] == "residential" {
            landuse.append(way.refs)
            kept = true
        }
        let matches = table.match(tags)
        if !matches.isEmpty {
            facilities.append(Facility(type: .way, id: way.id, position: nil, outers: [way.refs], name: tags[osmKey: "name"], matches: matches))
            kept = true
        }
        if kept { wayLocations.add(way) }
    }

    mutating func visit(relation: OSMRelation) {
        let tags = relation.tags
        guard tags[osmKey: "type"] == "multipolygon" else { return }
        let interesting = tags[osmKey: "landuse"] == "residential"
            || (tags[osmKey: "building"].map(isBuildingCandidate) ?? false)
            || !table.match(tags).isEmpty
        guard interesting else { return }
        var outer: [Int64] = [], inner: [Int64] = []
        for m in relation.members where m.type == .way {
            if m.role == "inner" { inner.append(m.ref) } else { outer.append(m.ref) }
        }
        multipolygons.append(Multipolygon(id: relation.id, outerWays: outer, innerWays: inner, tags: tags))
    }
}

/// Pass 1b: the node lists of the ways that multipolygons reference.
struct OSMMemberWayCollector: OSMVisitor {
    let wanted: Set<Int64>
    var refs: [Int64: [Int64]] = [:]
    /// Ways in the file (from the first pass): reading stops after the last one.
    let waysInFile: Int
    private var waysSeen = 0
    var isDone: Bool { waysSeen >= waysInFile }

    init(wanted: Set<Int64>, waysInFile: Int) {
        self.wanted = wanted
        self.waysInFile = waysInFile
    }

    /// Node locations carried by the wanted ways (files with locations on ways).
    var wayLocations = OSMWayLocations()

    mutating func visit(way: OSMWay) {
        waysSeen += 1
        if wanted.contains(way.id) {
            refs[way.id] = way.refs
            wayLocations.add(way)
        }
    }
}

/// Node locations read from ways (PBF `LocationsOnWays`, XML `<nd ref lat lon>`), where the file may
/// not hold the nodes themselves, and the bounding box of every location seen on a way.
struct OSMWayLocations {
    /// Node id → latitude × 10⁷ (high 32 bits) and longitude × 10⁷ (low 32 bits).
    private(set) var byNode: [Int64: UInt64] = [:]
    var minLat = Int32.max, maxLat = Int32.min, minLon = Int32.max, maxLon = Int32.min

    /// Keeps the located nodes of `way`.
    mutating func add(_ way: OSMWay) {
        guard way.latE7.count == way.refs.count, way.lonE7.count == way.refs.count else { return }
        for k in way.refs.indices where way.latE7[k] != OSMWay.noLocation {
            byNode[way.refs[k]] = UInt64(UInt32(bitPattern: way.latE7[k])) << 32 | UInt64(UInt32(bitPattern: way.lonE7[k]))
        }
    }

    /// Extends the box with the located nodes of `way`.
    mutating func extendBox(_ way: OSMWay) {
        guard way.latE7.count == way.lonE7.count else { return }
        for k in way.latE7.indices where way.latE7[k] != OSMWay.noLocation {
            minLat = min(minLat, way.latE7[k]); maxLat = max(maxLat, way.latE7[k])
            minLon = min(minLon, way.lonE7[k]); maxLon = max(maxLon, way.lonE7[k])
        }
    }

    /// Merges the locations of `other` into this table.
    mutating func merge(_ other: OSMWayLocations) {
        byNode.merge(other.byNode) { a, _ in a }
    }

    /// The location of node `id` as (latE7, lonE7), or nil.
    func location(_ id: Int64) -> (lat: Int32, lon: Int32)? {
        guard let v = byNode[id] else { return nil }
        return (Int32(bitPattern: UInt32(truncatingIfNeeded: v >> 32)), Int32(bitPattern: UInt32(truncatingIfNeeded: v)))
    }
}

/// Pass 2: coordinates of the needed nodes (a sorted id array and parallel fixed-point arrays),
/// and the bounding box of all nodes of the file.
struct OSMNodeLocator: OSMVisitor {
    /// Sorted, unique.
    let ids: [Int64]
    var latE7: [Int32]
    var lonE7: [Int32]
    var found: [Bool]
    var minLat = Int32.max, maxLat = Int32.min, minLon = Int32.max, maxLon = Int32.min
    private var cursor = 0
    /// Nodes in the file (from the first pass): reading stops after the last one.
    let nodesInFile: Int
    private var nodesSeen = 0
    var isDone: Bool { nodesSeen >= nodesInFile }

    init(ids: [Int64], nodesInFile: Int) {
        self.nodesInFile = nodesInFile
        self.ids = ids
        latE7 = Array(repeating: 0, count: ids.count)
        lonE7 = Array(repeating: 0, count: ids.count)
        found = Array(repeating: false, count: ids.count)
    }

    /// The index of `id` in `ids`, or nil.
    /// - Complexity: O(log n).
    func index(of id: Int64) -> Int? {
        var lo = 0, hi = ids.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ids[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < ids.count && ids[lo] == id ? lo : nil
    }

    mutating func visit(node: OSMNode) {
        nodesSeen += 1
        minLat = min(minLat, node.latE7); maxLat = max(maxLat, node.latE7)
        minLon = min(minLon, node.lonE7); maxLon = max(maxLon, node.lonE7)
        // Files are usually sorted by id: try the running cursor before a binary search.
        var k: Int?
        while cursor < ids.count, ids[cursor] < node.id { cursor += 1 }
        if cursor < ids.count, ids[cursor] == node.id { k = cursor } else if cursor == ids.count || ids[cursor] > node.id {
            k = cursor > 0 && ids[cursor - 1] >= node.id ? index(of: node.id) : nil
        }
        guard let k else { return }
        latE7[k] = node.latE7
        lonE7[k] = node.lonE7
        found[k] = true
    }

    /// Gives the needed nodes the file holds no node element for their location on a way, and
    /// extends the box with every location seen on a way.
    mutating func fill(from table: OSMWayLocations) {
        for k in ids.indices where !found[k] {
            if let loc = table.location(ids[k]) {
                latE7[k] = loc.lat
                lonE7[k] = loc.lon
                found[k] = true
            }
        }
        if table.minLat <= table.maxLat {
            minLat = min(minLat, table.minLat); maxLat = max(maxLat, table.maxLat)
            minLon = min(minLon, table.minLon); maxLon = max(maxLon, table.maxLon)
        }
    }

    /// The position of node `id`, or nil when the file does not hold it.
    func position(_ id: Int64) -> Position? {
        guard let k = index(of: id), found[k] else { return nil }
        return Position(lon: Double(lonE7[k]) / 1e7, lat: Double(latE7[k]) / 1e7)
    }
}

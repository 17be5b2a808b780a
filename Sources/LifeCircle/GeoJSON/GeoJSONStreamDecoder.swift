/// Decodes GeoJSON (RFC 7946) straight from bytes into the model, without building a `JSONValue`
/// tree for anything but `properties` and foreign members of a collection.
///
/// Coordinates are parsed directly into `[Position]` arrays when the geometry's `"type"` comes
/// first (the usual case); when `"coordinates"` comes first they are parsed into a small
/// nested-array tree and converted once the type is known. Member names are compared as bytes.
struct GeoJSONStreamDecoder {
    var s: JSONScanner
    /// Reused buffer for the positions of one line or ring, copied out at its exact size.
    private var scratch: [Position] = []

    /// The members GeoJSON gives meaning to, recognised from their bytes.
    enum Member {
        case type, features, geometry, properties, id, bbox, coordinates, geometries, other
    }

    /// Coordinates parsed before their geometry's type was known.
    indirect enum CoordinateTree {
        case position(Position)
        case list([CoordinateTree])
    }

    /// Called with the cursor's offset every few megabytes of features: the bytes before it are
    /// not read again (a mapped file hands their pages back to the system).
    var consumed: ((Int) -> Void)?
    /// How far `consumed` was last told.
    private var consumedReported = 0
    /// The bytes between two calls of `consumed`.
    static let consumedStep = 1 << 23
    /// When set, a collection's features array is decoded in pieces on several threads
    /// (`FeatureChunks`); the features and errors are those of a read on one thread.
    var chunking: FeatureChunks.Policy?

    init(scanner: JSONScanner) {
        self.s = scanner
    }

    // MARK: Members

    /// Reads a member name and its `:`; returns what it is and its token (for foreign members).
    mutating func memberName() throws -> (Member, JSONScanner.StringToken) {
        let t = try s.scanString()
        try s.expect(UInt8(ascii: ":"), "\":\" after a member name")
        s.skipWhitespace()
        let member: Member
        let base = s.base
        let count = s.count
        @inline(__always) func equals(_ t: JSONScanner.StringToken, _ literal: StaticString) -> Bool {
            JSONScanner.equals(t, literal, base: base, count: count)
        }
        switch t.end - t.start {
        case 2: member = equals(t, "id") ? .id : .other
        case 4:
            if equals(t, "type") { member = .type } else if equals(t, "bbox") { member = .bbox } else { member = .other }
        case 8:
            if equals(t, "features") { member = .features } else if equals(t, "geometry") { member = .geometry } else { member = .other }
        case 10:
            if equals(t, "properties") { member = .properties } else if equals(t, "geometries") { member = .geometries } else { member = .other }
        case 11: member = equals(t, "coordinates") ? .coordinates : .other
        default:
            // An escaped name can be longer than its text; compare its decoded text.
            if t.escaped {
                switch JSONScanner.text(of: t, base: base, count: count) {
                case "type": member = .type
                case "features": member = .features
                case "geometry": member = .geometry
                case "properties": member = .properties
                case "id": member = .id
                case "bbox": member = .bbox
                case "coordinates": member = .coordinates
                case "geometries": member = .geometries
                default: member = .other
                }
            } else {
                member = .other
            }
        }
        return (member, t)
    }

    // MARK: Top level

    /// Decodes the whole text: a FeatureCollection, a Feature or a bare Geometry.
    /// - Complexity: O(n) in the number of bytes (plus one skip over the members before `"type"`
    ///   when the top-level object does not start with it).
    ///
    /// With `each`, the features are handed to it one at a time as they are decoded (a lone
    /// Feature, or a bare geometry as a feature without properties, after the whole text is
    /// checked) and the returned collection holds none, so no array of features is ever built.
    /// An error in feature n comes after features 0..<n were handed over.
    mutating func decodeDocument(each: ((Int, Feature) throws -> Void)? = nil) throws -> GeoJSONObject {
        s.skipByteOrderMark()
        s.skipWhitespace()
        if s.atEnd { throw s.error("empty file, no JSON value") }
        guard s.peek == UInt8(ascii: "{") else {
            throw s.error("expected a GeoJSON object, found \(s.valueTypeAhead)")
        }
        let start = s.index
        let type = try topLevelType()
        s.index = start
        s.key = nil
        let result: GeoJSONObject
        switch type {
        case "FeatureCollection": result = .featureCollection(try featureCollection(each: each))
        case "Feature": result = .feature(try feature(index: 0))
        default:
            if Geometry.Kind(rawValue: type) == nil {
                s.key = "type"
                throw s.error("unknown GeoJSON type \"\(type)\"", at: start)
            }
            result = .geometry(try geometryObject(depth: 0))
        }
        s.featureIndex = nil
        s.key = nil
        try s.expectEnd()
        if let each {
            switch result {
            case .feature(let f): try each(0, f)
            case .geometry(let g): try each(0, Feature(geometry: g))
            case .featureCollection: break
            }
        }
        return result
    }

    /// Finds the top-level `"type"` (usually the first member) and returns its value.
    private mutating func topLevelType() throws -> String {
        let start = s.index
        if try s.beginObject("an object") {
            s.key = "type"
            throw s.error("missing \"type\" member", at: start)
        }
        repeat {
            let (m, _) = try memberName()
            if m == .type {
                s.key = "type"
                guard s.peekValueIs(UInt8(ascii: "\"")) else { throw s.error("\"type\" must be a string, found \(s.valueTypeAhead)") }
                return try s.parseString()
            }
            try s.skipValue(depth: 1)
        } while try s.nextElement(UInt8(ascii: "}"), "\",\" or \"}\" in an object")
        s.key = "type"
        throw s.error("missing \"type\" member", at: start)
    }

    // MARK: FeatureCollection

    /// Decodes a FeatureCollection object at the cursor; with `each`, hands each feature to it
    /// instead of collecting them.
    mutating func featureCollection(each: ((Int, Feature) throws -> Void)? = nil) throws -> FeatureCollection {
        var collection = FeatureCollection()
        var sawFeatures = false
        let start = s.index
        if try s.beginObject("an object") {  // not reached: topLevelType found "type" in it
            s.key = "features"
            throw s.error("a FeatureCollection needs a \"features\" array", at: start)
        }
        repeat {
            let (m, t) = try memberName()
            s.key = nil
            switch m {
            case .type:
                s.key = "type"
                _ = try s.parseString()
            case .features:
                s.key = "features"
                guard s.peekValueIs(UInt8(ascii: "[")) else {
                    throw s.error("a FeatureCollection needs a \"features\" array, found \(s.valueTypeAhead)")
                }
                sawFeatures = true
                var features: [Feature] = []
                var index = 0
                if try !s.beginArray("an array") {
                    let chunks = chunking.map { FeatureChunks(scanner: s, arrayStart: s.index, policy: $0) }
                    defer { chunks?.finish() }
                    var more = true
                    while more {
                        s.skipWhitespace()
                        if let run = chunks?.run(at: s.index) {
                            // Features a worker decoded from here, exactly as this loop would.
                            for f in run.features {
                                if let each {
                                    s.featureIndex = index
                                    try each(index, f)
                                } else {
                                    features.append(f)
                                }
                                index += 1
                            }
                            s.index = run.end
                            more = !run.closesArray
                        } else {
                            let f = try feature(index: index)
                            if let each {
                                try each(index, f)
                            } else {
                                features.append(f)
                            }
                            index += 1
                            more = try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" after a feature")
                        }
                        if let consumed, s.index - consumedReported >= Self.consumedStep {
                            consumedReported = s.index
                            consumed(s.index)
                        }
                    }
                }
                s.featureIndex = nil
                collection.features = features
            case .bbox:
                s.key = "bbox"
                collection.bbox = try bbox()
            default:
                let name = s.string(t)
                s.key = name
                collection.foreignMembers[name] = try s.parseValue(depth: 1)
            }
            s.key = nil
        } while try s.nextElement(UInt8(ascii: "}"), "\",\" or \"}\" in an object")
        if !sawFeatures {
            s.key = "features"
            throw s.error("a FeatureCollection needs a \"features\" array", at: start)
        }
        return collection
    }

    // MARK: Feature

    /// The features from the cursor (a feature's `{` in a features array) up to the feature that
    /// starts at offset `stop`, or to the `]` closing the array; nil on an error, or when the
    /// features pass `stop` without one starting there. For `FeatureChunks`' workers.
    mutating func featureRun(stop: Int) -> FeatureChunks.Run? {
        var features: [Feature] = []
        do {
            while true {
                s.skipWhitespace()
                if s.index == stop { return FeatureChunks.Run(features: features, end: stop, closesArray: false) }
                if s.index > stop { return nil }
                features.append(try feature(index: features.count))
                if try !s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" after a feature") {
                    return FeatureChunks.Run(features: features, end: s.index, closesArray: true)
                }
            }
        } catch {
            return nil
        }
    }

    /// Decodes a Feature object at the cursor; `index` is its place in the collection.
    mutating func feature(index: Int) throws -> Feature {
        s.featureIndex = index
        s.key = nil
        s.skipWhitespace()
        let start = s.index
        guard s.peek == UInt8(ascii: "{") else { throw s.error("expected a Feature object, found \(s.valueTypeAhead)") }
        var f = Feature(geometry: nil)
        var sawType = false
        var sawGeometry = false
        if try !s.beginObject("an object") {
            repeat {
                let (m, _) = try memberName()
                switch m {
                case .type:
                    s.key = "type"
                    guard s.peekValueIs(UInt8(ascii: "\"")) else { throw s.error("expected \"type\": \"Feature\", found \(s.valueTypeAhead)") }
                    let t = try s.scanString()
                    guard s.equals(t, "Feature") else { throw s.error("expected \"type\": \"Feature\", found \"\(s.string(t))\"", at: t.start - 1) }
                    sawType = true
                case .id:
                    s.key = "id"
                    switch s.peek {
                    case UInt8(ascii: "\""): f.id = .string(try s.parseString())
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): f.id = .number(try s.parseNumber())
                    case UInt8(ascii: "n"):
                        try s.skipValue()
                        f.id = nil
                    default: throw s.error("id must be a string or a number, found \(s.valueTypeAhead)")
                    }
                case .geometry:
                    s.key = "geometry"
                    sawGeometry = true
                    switch s.peek {
                    case UInt8(ascii: "n"):
                        try s.skipValue()
                        f.geometry = nil
                    case UInt8(ascii: "{"): f.geometry = try geometryObject(depth: 1)
                    default: throw s.error("geometry must be an object or null, found \(s.valueTypeAhead)")
                    }
                case .properties:
                    s.key = "properties"
                    switch s.peek {
                    case UInt8(ascii: "n"): try s.skipValue()
                    case UInt8(ascii: "{"): f.properties = try s.parseObject(depth: 1)
                    default: throw s.error("properties must be an object or null, found \(s.valueTypeAhead)")
                    }
                case .bbox:
                    s.key = "bbox"
                    f.bbox = try bbox()
                default:
                    s.key = nil
                    try s.skipValue(depth: 1)
                }
                s.key = nil
            } while try s.nextElement(UInt8(ascii: "}"), "\",\" or \"}\" in a feature")
        }
        if !sawType {
            s.key = "type"
            throw s.error("expected \"type\": \"Feature\"", at: start)
        }
        if !sawGeometry {
            s.key = "geometry"
            throw s.error("missing \"geometry\" member (use null for a feature without one)", at: start)
        }
        return f
    }

    /// Parses a `bbox` array: 2×n numbers, n ≥ 2.
    private mutating func bbox() throws -> [Double]? {
        let start = s.index
        if s.peek == UInt8(ascii: "n") {
            try s.skipValue()
            return nil
        }
        guard s.peek == UInt8(ascii: "[") else { throw s.error("bbox must be an array of 2×n numbers, found \(s.valueTypeAhead)") }
        var values: [Double] = []
        if try !s.beginArray("an array") {
            repeat {
                s.skipWhitespace()
                guard s.peek == UInt8(ascii: "-") || (s.peek >= UInt8(ascii: "0") && s.peek <= UInt8(ascii: "9")) else {
                    throw s.error("bbox must hold numbers only, found \(s.valueTypeAhead)")
                }
                values.append(try s.parseNumber())
            } while try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in a bbox")
        }
        guard values.count >= 4, values.count % 2 == 0 else {
            throw s.error("bbox must be an array of 2×n numbers, found \(values.count)", at: start)
        }
        return values
    }

    // MARK: Geometry

    /// Decodes a geometry object at the cursor. `depth` counts enclosing objects/arrays (for
    /// nested GeometryCollections).
    mutating func geometryObject(depth: Int) throws -> Geometry {
        guard depth < JSONScanner.maxDepth else { throw s.error("nesting deeper than \(JSONScanner.maxDepth) levels") }
        s.skipWhitespace()
        let start = s.index
        guard s.peek == UInt8(ascii: "{") else {
            throw s.error("expected a geometry object, found \(s.valueTypeAhead)")
        }
        var kind: Geometry.Kind?
        var typeName = ""
        var direct: Geometry?
        var tree: CoordinateTree?
        var treeOffset = start
        var members: [Geometry]?
        if try !s.beginObject("an object") {
            repeat {
                let (m, _) = try memberName()
                switch m {
                case .type:
                    s.key = "type"
                    guard s.peekValueIs(UInt8(ascii: "\"")) else { throw s.error("geometry \"type\" must be a string, found \(s.valueTypeAhead)") }
                    let typeStart = s.index
                    typeName = try s.parseString()
                    guard let k = Geometry.Kind(rawValue: typeName) else {
                        throw s.error("unknown geometry type \"\(typeName)\"", at: typeStart)
                    }
                    kind = k
                case .coordinates:
                    s.key = "coordinates"
                    if let kind, kind != .geometryCollection {
                        direct = try coordinates(of: kind)
                    } else {
                        s.skipWhitespace()
                        treeOffset = s.index
                        tree = try coordinateTree(level: 0)
                    }
                case .geometries:
                    s.key = "geometries"
                    guard s.peekValueIs(UInt8(ascii: "[")) else {
                        throw s.error("a GeometryCollection needs a \"geometries\" array, found \(s.valueTypeAhead)")
                    }
                    var list: [Geometry] = []
                    if try !s.beginArray("an array") {
                        repeat {
                            list.append(try geometryObject(depth: depth + 2))
                            s.key = "geometries"
                        } while try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in \"geometries\"")
                    }
                    members = list
                default:
                    s.key = nil
                    try s.skipValue(depth: depth + 1)
                }
                s.key = nil
            } while try s.nextElement(UInt8(ascii: "}"), "\",\" or \"}\" in a geometry")
        }
        guard let kind else {
            s.key = "type"
            throw s.error("geometry has no \"type\"", at: start)
        }
        if kind == .geometryCollection {
            guard let members else {
                s.key = "geometries"
                throw s.error("a GeometryCollection needs a \"geometries\" array", at: start)
            }
            return .geometryCollection(members)
        }
        if let direct { return direct }
        s.key = "coordinates"
        guard let tree else { throw s.error("\(typeName) has no \"coordinates\"", at: start) }
        return try geometry(kind, from: tree, at: treeOffset)
    }

    // MARK: Coordinates, type known

    /// Parses the `coordinates` value of a geometry of `kind` straight into positions.
    private mutating func coordinates(of kind: Geometry.Kind) throws -> Geometry {
        switch kind {
        case .point: return .point(try position())
        case .multiPoint: return .multiPoint(try positions())
        case .lineString: return .lineString(try checkedPositions(ring: false))
        case .multiLineString: return .multiLineString(try elements { try $0.checkedPositions(ring: false) })
        case .polygon: return .polygon(try rings())
        case .multiPolygon: return .multiPolygon(try elements { try $0.rings() })
        case .geometryCollection: return .geometryCollection([])
        }
    }

    private var arrayOfArrays: String { "an array of coordinate arrays" }

    /// Parses the rings of one polygon, checking each.
    private mutating func rings() throws -> [[Position]] {
        try elements { try $0.checkedPositions(ring: true) }
    }

    /// Parses an array of coordinate arrays, each element with `element`.
    private mutating func elements<T>(_ element: (inout Self) throws -> T) throws -> [T] {
        var out: [T] = []
        if try !s.beginArray(arrayOfArrays) {
            repeat {
                s.skipWhitespace()
                out.append(try element(&self))
            } while try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in coordinates")
        }
        return out
    }

    /// Parses one line or ring of positions and checks it (errors point where it starts).
    private mutating func checkedPositions(ring: Bool) throws -> [Position] {
        let at = s.index
        let line = try positions()
        if ring { try checkRing(line, at: at) } else { try checkLine(line, at: at) }
        return line
    }

    /// Parses an array of positions.
    private mutating func positions() throws -> [Position] {
        if try s.beginArray("an array of positions") { return [] }
        scratch.removeAll(keepingCapacity: true)
        repeat {
            scratch.append(try position())
        } while try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in coordinates")
        return Array(scratch)
    }

    /// Parses one position `[x, y, ...]`; ordinates after the second are checked and ignored.
    private mutating func position() throws -> Position {
        s.skipWhitespace()
        let start = s.index
        guard s.peek == UInt8(ascii: "[") else {
            throw s.error("a position must be an array of at least two numbers, found \(s.valueTypeAhead)")
        }
        s.index += 1
        let x = try ordinate(start)
        guard try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in a position") else {
            throw s.error("a position needs at least two numbers", at: start)
        }
        let y = try ordinate(start)
        while try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in a position") {
            _ = try ordinate(start)
        }
        return Position(x: x, y: y)
    }

    /// One number of a position.
    @inline(__always) private mutating func ordinate(_ positionStart: Int) throws -> Double {
        s.skipWhitespace()
        let b = s.peek
        if b == UInt8(ascii: "]") { throw s.error("a position needs at least two numbers", at: positionStart) }
        if b != UInt8(ascii: "-") && (b < UInt8(ascii: "0") || b > UInt8(ascii: "9")) {
            if b == UInt8(ascii: "N") || b == UInt8(ascii: "I") { throw s.badValue("a number") }
            if s.atEnd { throw s.unexpected("a number") }
            throw s.error("a position must hold numbers only, found \(s.valueTypeAhead)")
        }
        let v = try s.parseNumber()
        return v
    }

    // MARK: Coordinates, type not yet known

    /// Parses a coordinates value of unknown depth into a tree (at most four array levels).
    private mutating func coordinateTree(level: Int) throws -> CoordinateTree {
        s.skipWhitespace()
        guard s.peek == UInt8(ascii: "[") else {
            throw s.error("coordinates must be nested arrays of numbers, found \(s.valueTypeAhead)")
        }
        let start = s.index
        s.index += 1
        s.skipWhitespace()
        let b = s.peek
        if b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) {
            s.index = start
            return .position(try position())
        }
        guard level < 3 else { throw s.error("coordinates are nested too deeply", at: start) }
        var children: [CoordinateTree] = []
        if b == UInt8(ascii: "]") {
            s.index += 1
            return .list(children)
        }
        repeat {
            children.append(try coordinateTree(level: level + 1))
        } while try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in coordinates")
        return .list(children)
    }

    /// Converts a coordinate tree to a geometry of `kind`, checking its depth and shape.
    private func geometry(_ kind: Geometry.Kind, from tree: CoordinateTree, at offset: Int) throws -> Geometry {
        func fail(_ what: String) -> InputError {
            s.error("coordinates of a \(kind.rawValue) must be \(what)", at: offset)
        }
        func list(_ t: CoordinateTree, _ what: String) throws -> [CoordinateTree] {
            guard case .list(let children) = t else { throw fail(what) }
            return children
        }
        func pos(_ t: CoordinateTree) throws -> Position {
            guard case .position(let p) = t else { throw fail("positions at the expected depth") }
            return p
        }
        func line(_ t: CoordinateTree) throws -> [Position] {
            try list(t, "arrays of positions").map(pos)
        }
        func ring(_ t: CoordinateTree) throws -> [Position] {
            let r = try line(t)
            try checkRing(r, at: offset)
            return r
        }
        switch kind {
        case .point: return .point(try pos(tree))
        case .multiPoint: return .multiPoint(try line(tree))
        case .lineString:
            let l = try line(tree)
            try checkLine(l, at: offset)
            return .lineString(l)
        case .multiLineString:
            let ls = try list(tree, "an array of lines").map(line)
            for l in ls { try checkLine(l, at: offset) }
            return .multiLineString(ls)
        case .polygon: return .polygon(try list(tree, "an array of rings").map(ring))
        case .multiPolygon:
            return .multiPolygon(try list(tree, "an array of polygons").map { try list($0, "an array of polygons").map(ring) })
        case .geometryCollection: return .geometryCollection([])
        }
    }

    // MARK: Checks

    private func checkLine(_ line: [Position], at offset: Int) throws {
        if line.count < 2 { throw s.error("a LineString needs at least two positions, found \(line.count)", at: offset) }
    }

    private func checkRing(_ ring: [Position], at offset: Int) throws {
        if ring.count < 4 {
            throw s.error("a polygon ring needs at least four positions, found \(ring.count)", at: offset)
        }
        if ring.first != ring.last {
            throw s.error("a polygon ring is not closed (first and last positions differ)", at: offset)
        }
    }
}

/// Decodes one PBF PrimitiveBlock: string table, granularity and offsets, and its groups of
/// plain nodes, dense nodes, ways and relations.
///
/// - Complexity: O(block size).
enum PBFBlockDecoder {
    /// The elements of one block, in block order within each type.
    struct Block: Sendable {
        var nodes: [OSMNode] = []
        var ways: [OSMWay] = []
        var relations: [OSMRelation] = []
        var counts = OSMElementCounts()
    }

    /// The element being decoded, for error messages (formatted only when one is thrown).
    struct ElementRef: CustomStringConvertible {
        var type: OSMElementType?
        var id: Int64 = 0

        var description: String { type.map { "\($0.rawValue) \(id)" } ?? "" }
    }

    /// Block-wide decoding parameters.
    private struct Context {
        /// String table entries as byte ranges of the block, turned into strings on first use.
        var ranges: [Range<Int>] = []
        var cache: [String?] = []
        var buffer = UnsafeRawBufferPointer(start: nil, count: 0)
        var granularity: Int64 = 100
        var latOffset: Int64 = 0
        var lonOffset: Int64 = 0

        mutating func string(_ index: UInt64) throws(ProtobufError) -> String {
            guard index < UInt64(ranges.count) else {
                throw ProtobufError(offset: -1, message: "string index \(index) outside the string table (\(ranges.count) entries)")
            }
            let i = Int(index)
            if let s = cache[i] { return s }
            let s = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[ranges[i]]), as: UTF8.self)
            cache[i] = s
            return s
        }

        /// Nanodegrees from a raw coordinate, rounded to 1e-7 degrees.
        func e7(_ raw: Int64, offset: Int64, limit: Int64) throws(ProtobufError) -> Int32 {
            let (scaled, o1) = granularity.multipliedReportingOverflow(by: raw)
            let (nano, o2) = scaled.addingReportingOverflow(offset)
            guard !o1, !o2 else { throw ProtobufError(offset: -1, message: "coordinate overflows") }
            let e7 = nano >= 0 ? (nano + 50) / 100 : -((-nano + 50) / 100)
            guard abs(e7) <= limit else { throw ProtobufError(offset: -1, message: "coordinate \(Double(e7) / 1e7) out of range") }
            return Int32(e7)
        }

        /// A node location stored on a way, or `OSMWay.noLocation` when it is out of range
        /// (osmium writes an undefined location for a node missing from its input).
        func wayE7(_ raw: Int64, offset: Int64, limit: Int64) -> Int32 {
            (try? e7(raw, offset: offset, limit: limit)) ?? OSMWay.noLocation
        }
    }

    /// Decodes `data` (a decompressed PrimitiveBlock) keeping the element kinds asked for.
    static func decode(_ data: [UInt8], kinds: OSMElementKinds, path: String, blobOffset: Int) throws -> Block {
        var block = Block()
        var element = ElementRef()
        do {
            try data.withUnsafeBytes { raw in
                var ctx = Context()
                ctx.buffer = raw
                var groups: [Range<Int>] = []
                var r = ProtobufReader(raw)
                // PrimitiveBlock: stringtable (1), primitivegroup (2), granularity (17),
                // lat_offset (19), lon_offset (20), date_granularity (18).
                while let (field, wire) = try r.fieldKey() {
                    switch (field, wire) {
                    case (1, 2):
                        var st = try r.message()
                        while let (f, w) = try st.fieldKey() {
                            if f == 1, w == 2 { ctx.ranges.append(try st.lengthDelimited()) } else { try st.skip(wire: w) }
                        }
                    case (2, 2): groups.append(try r.lengthDelimited())
                    case (17, 0): ctx.granularity = Int64(truncatingIfNeeded: try r.varint())
                    case (19, 0): ctx.latOffset = Int64(bitPattern: try r.varint())
                    case (20, 0): ctx.lonOffset = Int64(bitPattern: try r.varint())
                    default: try r.skip(wire: wire)
                    }
                }
                ctx.cache = Array(repeating: nil, count: ctx.ranges.count)
                guard ctx.granularity > 0 else { throw ProtobufError(offset: 0, message: "granularity must be positive") }
                for g in groups {
                    var gr = ProtobufReader(buffer: raw, start: g.lowerBound, end: g.upperBound)
                    // PrimitiveGroup: nodes (1), dense (2), ways (3), relations (4), changesets (5).
                    while let (field, wire) = try gr.fieldKey() {
                        switch (field, wire) {
                        case (1, 2):
                            var m = try gr.message()
                            block.counts.nodes += 1
                            if kinds.contains(.nodes) {
                                let n = try node(&m, &ctx, &element)
                                if !kinds.contains(.onlyTaggedNodes) || !n.tags.isEmpty { block.nodes.append(n) }
                            }
                        case (2, 2):
                            var m = try gr.message()
                            try dense(&m, &ctx, kinds, &block, &element)
                        case (3, 2):
                            var m = try gr.message()
                            block.counts.ways += 1
                            if kinds.contains(.ways) { block.ways.append(try way(&m, &ctx, &element, tags: !kinds.contains(.skipTags))) }
                        case (4, 2):
                            var m = try gr.message()
                            block.counts.relations += 1
                            if kinds.contains(.relations) {
                                block.relations.append(try relation(
                                    &m, &ctx, &element, tags: !kinds.contains(.skipTags),
                                    multipolygonMembersOnly: kinds.contains(.multipolygonMembersOnly)))
                            }
                        default: try gr.skip(wire: wire)
                        }
                    }
                }
            }
        } catch let error as ProtobufError {
            let place = element.description
            let at = error.offset >= 0 ? " (decompressed offset \(error.offset))" : ""
            throw InputError(file: path, byteOffset: blobOffset, message: "corrupt PBF block\(place.isEmpty ? "" : " in " + place): \(error.message)\(at)")
        }
        return block
    }

    /// The keys (2) and vals (3) fields of a node, way or relation: packed readers (the norm) or
    /// single unpacked values, paired up into tags at the end without intermediate arrays.
    private struct TagFields {
        var keys: ProtobufReader?
        var vals: ProtobufReader?
        var looseKeys: [UInt64] = []
        var looseVals: [UInt64] = []

        mutating func read(field: Int, wire: Int, _ m: inout ProtobufReader) throws(ProtobufError) {
            if wire == 2 {
                if field == 2 { keys = try m.message() } else { vals = try m.message() }
            } else if field == 2 {
                try m.forEachVarint(wire: wire) { looseKeys.append($0) }
            } else {
                try m.forEachVarint(wire: wire) { looseVals.append($0) }
            }
        }

        mutating func tags(_ ctx: inout Context) throws(ProtobufError) -> [OSMTag] {
            var out: [OSMTag] = []
            if var k = keys, var v = vals {
                while !k.isAtEnd {
                    guard !v.isAtEnd else { throw ProtobufError(offset: v.position, message: "more tag keys than values") }
                    out.append(OSMTag(key: try ctx.string(try k.varint()), value: try ctx.string(try v.varint())))
                }
                guard v.isAtEnd else { throw ProtobufError(offset: v.position, message: "more tag values than keys") }
            } else if keys != nil || vals != nil {
                throw ProtobufError(offset: -1, message: "tag keys without values or values without keys")
            }
            guard looseKeys.count == looseVals.count else {
                throw ProtobufError(offset: -1, message: "\(looseKeys.count) tag keys but \(looseVals.count) values")
            }
            for i in 0..<looseKeys.count {
                out.append(OSMTag(key: try ctx.string(looseKeys[i]), value: try ctx.string(looseVals[i])))
            }
            return out
        }
    }

    /// Node: id (1, sint64), keys (2), vals (3), info (4), lat (8, sint64), lon (9, sint64).
    private static func node(_ m: inout ProtobufReader, _ ctx: inout Context, _ element: inout ElementRef) throws(ProtobufError) -> OSMNode {
        var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0
        var tagFields = TagFields()
        while let (field, wire) = try m.fieldKey() {
            switch field {
            case 1: id = try m.signedVarint(); element = ElementRef(type: .node, id: id)
            case 2, 3: try tagFields.read(field: field, wire: wire, &m)
            case 8: lat = try m.signedVarint()
            case 9: lon = try m.signedVarint()
            default: try m.skip(wire: wire)
            }
        }
        return OSMNode(
            id: id, latE7: try ctx.e7(lat, offset: ctx.latOffset, limit: 900_000_000),
            lonE7: try ctx.e7(lon, offset: ctx.lonOffset, limit: 1_800_000_000), tags: try tagFields.tags(&ctx))
    }

    /// DenseNodes: id (1), denseinfo (5), lat (8), lon (9) — packed, delta-coded sint64 — and
    /// keys_vals (10): per node, key/value string indices ending with 0.
    private static func dense(
        _ m: inout ProtobufReader, _ ctx: inout Context, _ kinds: OSMElementKinds, _ block: inout Block, _ element: inout ElementRef
    ) throws(ProtobufError) {
        let keep = kinds.contains(.nodes)
        let onlyTagged = kinds.contains(.onlyTaggedNodes)
        let skipTags = kinds.contains(.skipTags) && !onlyTagged
        var ids: ProtobufReader?, lats: ProtobufReader?, lons: ProtobufReader?, kv: ProtobufReader?
        while let (field, wire) = try m.fieldKey() {
            switch (field, wire) {
            case (1, 2): ids = try m.message()
            case (8, 2): lats = try m.message()
            case (9, 2): lons = try m.message()
            case (10, 2): kv = try m.message()
            default: try m.skip(wire: wire)
            }
        }
        guard var ids else { return }
        guard keep else {
            while !ids.isAtEnd { _ = try ids.varint(); block.counts.nodes += 1 }
            return
        }
        guard var lats, var lons else { throw ProtobufError(offset: ids.position, message: "dense nodes without lat/lon") }
        var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0
        while !ids.isAtEnd {
            id &+= try ids.signedVarint()
            guard !lats.isAtEnd, !lons.isAtEnd else {
                throw ProtobufError(offset: lats.position, message: "dense nodes: fewer lat/lon values than ids (node \(id))")
            }
            lat &+= try lats.signedVarint()
            lon &+= try lons.signedVarint()
            var nodeTags: [OSMTag] = []
            block.counts.nodes += 1
            if var reader = kv {
                // keys_vals: (key, value)* 0 per node.
                while !reader.isAtEnd {
                    let k = try reader.varint()
                    if k == 0 { break }
                    let v = try reader.varint()
                    if !skipTags { nodeTags.append(OSMTag(key: try ctx.string(k), value: try ctx.string(v))) }
                }
                kv = reader
            }
            if onlyTagged, nodeTags.isEmpty { continue }
            element = ElementRef(type: .node, id: id)
            block.nodes.append(OSMNode(
                id: id, latE7: try ctx.e7(lat, offset: ctx.latOffset, limit: 900_000_000),
                lonE7: try ctx.e7(lon, offset: ctx.lonOffset, limit: 1_800_000_000), tags: nodeTags))
        }
        element = ElementRef()
    }

    /// Way: id (1), keys (2), vals (3), info (4), refs (8, packed delta sint64), and with the
    /// `LocationsOnWays` feature the nodes' lat (9) and lon (10), packed delta sint64 in the units
    /// of DenseNodes (the nodes themselves may be absent from the file).
    private static func way(_ m: inout ProtobufReader, _ ctx: inout Context, _ element: inout ElementRef, tags: Bool) throws(ProtobufError) -> OSMWay {
        var id: Int64 = 0
        var tagFields = TagFields()
        var refs: [Int64] = []
        var ref: Int64 = 0
        var lats: [Int64] = [], lons: [Int64] = []
        var lat: Int64 = 0, lon: Int64 = 0
        while let (field, wire) = try m.fieldKey() {
            switch field {
            case 1: id = Int64(bitPattern: try m.varint()); element = ElementRef(type: .way, id: id)
            case 2, 3: try tagFields.read(field: field, wire: wire, &m)
            case 8:
                try m.forEachVarint(wire: wire) { ref &+= $0.zigzagDecoded; refs.append(ref) }
            case 9:
                try m.forEachVarint(wire: wire) { lat &+= $0.zigzagDecoded; lats.append(lat) }
            case 10:
                try m.forEachVarint(wire: wire) { lon &+= $0.zigzagDecoded; lons.append(lon) }
            default: try m.skip(wire: wire)
            }
        }
        var way = OSMWay(id: id, refs: refs, tags: tags ? try tagFields.tags(&ctx) : [])
        if !lats.isEmpty || !lons.isEmpty {
            guard lats.count == refs.count, lons.count == refs.count else {
                throw ProtobufError(offset: -1, message: "locations on way: \(refs.count) refs but \(lats.count) lats and \(lons.count) lons")
            }
            way.latE7 = lats.map { ctx.wayE7($0, offset: ctx.latOffset, limit: 900_000_000) }
            way.lonE7 = lons.map { ctx.wayE7($0, offset: ctx.lonOffset, limit: 1_800_000_000) }
            for k in way.latE7.indices where way.latE7[k] == OSMWay.noLocation || way.lonE7[k] == OSMWay.noLocation {
                way.latE7[k] = OSMWay.noLocation
                way.lonE7[k] = OSMWay.noLocation
            }
        }
        return way
    }

    /// Relation: id (1), keys (2), vals (3), info (4), roles_sid (8), memids (9, delta sint64),
    /// types (10: 0 node, 1 way, 2 relation). With `multipolygonMembersOnly`, the members of a
    /// relation without `type=multipolygon` are not decoded (it is handed over without them).
    private static func relation(
        _ m: inout ProtobufReader, _ ctx: inout Context, _ element: inout ElementRef, tags: Bool, multipolygonMembersOnly: Bool
    ) throws(ProtobufError) -> OSMRelation {
        var id: Int64 = 0
        var tagFields = TagFields()
        // The member fields, read once the tags say whether they are wanted.
        var memberFields: [(field: Int, wire: Int, reader: ProtobufReader)] = []
        while let (field, wire) = try m.fieldKey() {
            switch field {
            case 1: id = Int64(bitPattern: try m.varint()); element = ElementRef(type: .relation, id: id)
            case 2, 3: try tagFields.read(field: field, wire: wire, &m)
            case 8, 9, 10:
                let before = m
                try m.skip(wire: wire)
                memberFields.append((field, wire, before))
            default: try m.skip(wire: wire)
            }
        }
        let relationTags = tags || multipolygonMembersOnly ? try tagFields.tags(&ctx) : []
        if multipolygonMembersOnly, relationTags[osmKey: "type"] != "multipolygon" {
            return OSMRelation(id: id, members: [], tags: tags ? relationTags : [])
        }
        var roles: [UInt64] = [], memids: [Int64] = [], types: [UInt64] = []
        var memid: Int64 = 0
        for member in memberFields {
            var reader = member.reader
            switch member.field {
            case 8: try reader.forEachVarint(wire: member.wire) { roles.append($0) }
            case 9: try reader.forEachVarint(wire: member.wire) { memid &+= $0.zigzagDecoded; memids.append(memid) }
            default: try reader.forEachVarint(wire: member.wire) { types.append($0) }
            }
        }
        guard roles.count == memids.count, types.count == memids.count else {
            throw ProtobufError(offset: -1, message: "member lists of different lengths (\(memids.count) ids, \(roles.count) roles, \(types.count) types)")
        }
        var members: [OSMMember] = []
        members.reserveCapacity(memids.count)
        for i in 0..<memids.count {
            let type: OSMElementType
            switch types[i] {
            case 0: type = .node
            case 1: type = .way
            case 2: type = .relation
            default: throw ProtobufError(offset: -1, message: "unknown member type \(types[i])")
            }
            members.append(OSMMember(type: type, ref: memids[i], role: try ctx.string(roles[i])))
        }
        return OSMRelation(id: id, members: members, tags: tags ? relationTags : [])
    }
}

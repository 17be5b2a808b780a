/// A streaming reader of OSM XML (<https://wiki.openstreetmap.org/wiki/OSM_XML>): a byte-level
/// tokenizer for the OSM subset (`osm`, `node`, `way`, `relation`, `tag`, `nd`, `member`; other
/// elements such as `bounds` are skipped), reading the file in chunks.
///
/// Attribute values may use the XML entities `&amp; &lt; &gt; &quot; &apos;` and character
/// references `&#…;`/`&#x…;`. Errors carry the (uncompressed) byte offset and the element id.
/// - Complexity: O(file size) time, O(chunk + one element) memory.
struct XMLReader {
    static let chunkSize = 1 << 20

    private let path: String
    private let source: OSMByteSource
    private var buffer: [UInt8]
    /// Valid bytes in `buffer`.
    private var count = 0
    /// Read position in `buffer`.
    private var pos = 0
    /// Stream offset of `buffer[0]`.
    private var base = 0
    private var atEOF = false

    /// Opens `path`; `chunkSize` is the read size (small values exercise the chunk seams in tests).
    init(path: String, gzip: Bool, chunkSize: Int = XMLReader.chunkSize) throws {
        try self.init(path: path, compression: gzip ? .gzip : .none, chunkSize: chunkSize)
    }

    /// Opens `path`, decompressing it as `compression` says.
    init(path: String, compression: OSMByteSource.Compression, chunkSize: Int = XMLReader.chunkSize) throws {
        self.path = path
        self.source = try OSMByteSource(path: path, compression: compression)
        self.buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
    }

    /// The refusal of an OSM change file (`<osmChange>`, .osc).
    static func changeFileMessage() -> String {
        "an OSM change file (<osmChange>, .osc) lists edits to the map, not the map itself: import a full extract "
            + "(.osm, .osm.pbf), or apply the change to one first (osmium apply-changes EXTRACT CHANGE -o NEW.osm.pbf)"
    }

    /// The refusal of an OSM history file (several versions of one object).
    static func historyFileMessage(_ detail: String) -> String {
        "an OSM history file (\(detail)) holds every version of each object, deleted ones too: import a current "
            + "snapshot instead (osmium time-filter FILE -o snapshot.osm.pbf)"
    }

    /// The element being built, between its start and end tags.
    private enum Open {
        case none
        case node(OSMNode)
        case way(OSMWay)
        case relation(OSMRelation)
    }

    /// Reads the whole stream, calling `visitor` for each element of the kinds asked for.
    mutating func read<V: OSMVisitor>(kinds: OSMElementKinds, visitor: inout V) throws -> OSMElementCounts {
        var counts = OSMElementCounts()
        var open = Open.none
        /// The open element is deleted (`visible="false"`, JOSM's `action="delete"`): skipped.
        var openDeleted = false
        /// The last id seen per element type: a repeat means several versions (a history file).
        var lastID: [Int64?] = [nil, nil, nil]
        var sawRoot = false
        var sawRootEnd = false
        var attrs: [(name: Range<Int>, value: Range<Int>)] = []
        let onlyTagged = kinds.contains(.onlyTaggedNodes)
        let nodeTags = kinds.contains(.nodes) && (onlyTagged || !kinds.contains(.skipTags))
        let otherTags = !kinds.contains(.skipTags)
        func wantNode(_ n: OSMNode) -> Bool { kinds.contains(.nodes) && (!onlyTagged || !n.tags.isEmpty) }
        while true {
            if visitor.isDone { return counts }
            guard let (start, end) = try nextTag() else { break }
            let tagOffset = base + start
            // start points at '<', end at '>'.
            var i = start + 1
            let first = buffer[i]
            if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") { continue }
            let closing = first == UInt8(ascii: "/")
            if closing { i += 1 }
            let nameStart = i
            while i < end, !isSpace(buffer[i]), buffer[i] != UInt8(ascii: "/") { i += 1 }
            let name = nameStart..<i
            let selfClosing = buffer[end - 1] == UInt8(ascii: "/") && !closing
            if closing {
                if matches(name, "node") || matches(name, "way") || matches(name, "relation") {
                    let expected: String
                    switch open {
                    case .node(let n):
                        expected = "node"
                        if !openDeleted, wantNode(n) { try visitor.visit(node: n) }
                    case .way(var w):
                        expected = "way"
                        if !w.latE7.isEmpty, w.latE7.count < w.refs.count { w.padLocations() }
                        if !openDeleted, kinds.contains(.ways) { try visitor.visit(way: w) }
                    case .relation(let r):
                        expected = "relation"
                        if !openDeleted, kinds.contains(.relations) { try visitor.visit(relation: r) }
                    case .none:
                        expected = ""
                    }
                    guard matches(name, expected) else {
                        throw InputError(file: path, byteOffset: tagOffset, message: "unexpected </\(text(name))>")
                    }
                    open = .none
                    openDeleted = false
                } else if matches(name, "osm") {
                    sawRootEnd = true
                }
                continue
            }
            attrs.removeAll(keepingCapacity: true)
            try parseAttributes(from: i, to: selfClosing ? end - 1 : end, into: &attrs, tagOffset: tagOffset)
            if matches(name, "node") || matches(name, "way") || matches(name, "relation") {
                guard sawRoot else { throw InputError(file: path, byteOffset: tagOffset, message: "not an OSM XML file: <\(text(name))> before <osm>") }
                if case .none = open {} else {
                    throw InputError(file: path, byteOffset: tagOffset, message: "<\(text(name))> inside \(describe(open))")
                }
                guard let idRange = attribute("id", attrs) else {
                    throw InputError(file: path, byteOffset: tagOffset, message: "<\(text(name))> without an id")
                }
                let id = try integer(idRange, what: "id", at: tagOffset)
                let typeIndex = matches(name, "node") ? 0 : matches(name, "way") ? 1 : 2
                if lastID[typeIndex] == id {
                    throw InputError(
                        file: path, byteOffset: tagOffset,
                        message: Self.historyFileMessage("\(text(name)) \(id) appears twice in a row"))
                }
                lastID[typeIndex] = id
                let deleted = attribute("visible", attrs).map { matches($0, "false") } ?? false
                    || attribute("action", attrs).map { matches($0, "delete") } ?? false
                if deleted {
                    // A deleted object is not part of the map: not counted, not handed over.
                    counts.deleted += 1
                    openDeleted = true
                    open = matches(name, "node") ? .node(OSMNode(id: id, latE7: 0, lonE7: 0))
                        : matches(name, "way") ? .way(OSMWay(id: id, refs: [])) : .relation(OSMRelation(id: id, members: []))
                    if selfClosing { open = .none; openDeleted = false }
                    continue
                }
                if matches(name, "node") {
                    counts.nodes += 1
                    var node = OSMNode(id: id, latE7: 0, lonE7: 0)
                    if kinds.contains(.nodes) {
                        guard let lat = attribute("lat", attrs), let lon = attribute("lon", attrs) else {
                            throw InputError(file: path, byteOffset: tagOffset, message: "node \(id) without lat/lon")
                        }
                        node.latE7 = try fixedE7(lat, limit: 900_000_000, what: "lat of node \(id)", at: tagOffset)
                        node.lonE7 = try fixedE7(lon, limit: 1_800_000_000, what: "lon of node \(id)", at: tagOffset)
                    }
                    open = .node(node)
                } else if matches(name, "way") {
                    counts.ways += 1
                    open = .way(OSMWay(id: id, refs: []))
                } else {
                    counts.relations += 1
                    open = .relation(OSMRelation(id: id, members: []))
                }
                if selfClosing {
                    switch open {
                    case .node(let n): if wantNode(n) { try visitor.visit(node: n) }
                    case .way(let w): if kinds.contains(.ways) { try visitor.visit(way: w) }
                    case .relation(let r): if kinds.contains(.relations) { try visitor.visit(relation: r) }
                    case .none: break
                    }
                    open = .none
                }
            } else if matches(name, "tag") {
                guard let k = attribute("k", attrs), let v = attribute("v", attrs) else {
                    throw InputError(file: path, byteOffset: tagOffset, message: "<tag> without k or v in \(describe(open))")
                }
                switch open {
                case .node(var n):
                    if nodeTags { n.tags.append(OSMTag(key: try decode(k, at: tagOffset), value: try decode(v, at: tagOffset))) }
                    open = .node(n)
                case .way(var w):
                    if kinds.contains(.ways), otherTags { w.tags.append(OSMTag(key: try decode(k, at: tagOffset), value: try decode(v, at: tagOffset))) }
                    open = .way(w)
                case .relation(var r):
                    if kinds.contains(.relations), otherTags { r.tags.append(OSMTag(key: try decode(k, at: tagOffset), value: try decode(v, at: tagOffset))) }
                    open = .relation(r)
                case .none:
                    break  // tags of changesets or other elements
                }
            } else if matches(name, "nd") {
                guard case .way(var w) = open else {
                    throw InputError(file: path, byteOffset: tagOffset, message: "<nd> outside a way")
                }
                guard let ref = attribute("ref", attrs) else {
                    throw InputError(file: path, byteOffset: tagOffset, message: "<nd> without ref in way \(w.id)")
                }
                if kinds.contains(.ways), !openDeleted {
                    w.refs.append(try integer(ref, what: "nd ref in way \(w.id)", at: tagOffset))
                    // Node locations on the way (osmium add-locations-to-ways): <nd ref lat lon>.
                    if let lat = attribute("lat", attrs), let lon = attribute("lon", attrs) {
                        if w.latE7.count < w.refs.count - 1 { w.padLocations(to: w.refs.count - 1) }
                        w.latE7.append(try fixedE7(lat, limit: 900_000_000, what: "lat of nd \(w.refs.count) in way \(w.id)", at: tagOffset))
                        w.lonE7.append(try fixedE7(lon, limit: 1_800_000_000, what: "lon of nd \(w.refs.count) in way \(w.id)", at: tagOffset))
                    } else if !w.latE7.isEmpty {
                        w.padLocations()
                    }
                }
                open = .way(w)
            } else if matches(name, "member") {
                guard case .relation(var r) = open else {
                    throw InputError(file: path, byteOffset: tagOffset, message: "<member> outside a relation")
                }
                guard let typeRange = attribute("type", attrs), let ref = attribute("ref", attrs) else {
                    throw InputError(file: path, byteOffset: tagOffset, message: "<member> without type or ref in relation \(r.id)")
                }
                if kinds.contains(.relations) {
                    guard let type = OSMElementType(rawValue: text(typeRange)) else {
                        throw InputError(file: path, byteOffset: tagOffset, message: "unknown member type \"\(text(typeRange))\" in relation \(r.id)")
                    }
                    let role = try attribute("role", attrs).map { try decode($0, at: tagOffset) } ?? ""
                    r.members.append(OSMMember(type: type, ref: try integer(ref, what: "member ref in relation \(r.id)", at: tagOffset), role: role))
                }
                open = .relation(r)
            } else if matches(name, "osm") {
                sawRoot = true
            } else if matches(name, "osmChange") {
                throw InputError(file: path, byteOffset: tagOffset, message: Self.changeFileMessage())
            }
        }
        if case .none = open {} else {
            throw InputError(file: path, byteOffset: base + count, message: "truncated OSM XML: the file ends inside \(describe(open))")
        }
        guard sawRoot else { throw InputError(file: path, byteOffset: 0, message: "not an OSM XML file: no <osm> element") }
        guard sawRootEnd else {
            throw InputError(file: path, byteOffset: base + count, message: "truncated OSM XML: the file ends before </osm>")
        }
        return counts
    }

    private func describe(_ open: Open) -> String {
        switch open {
        case .none: return "no element"
        case .node(let n): return "node \(n.id)"
        case .way(let w): return "way \(w.id)"
        case .relation(let r): return "relation \(r.id)"
        }
    }

    @inline(__always)
    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    private func matches(_ r: Range<Int>, _ s: StaticString) -> Bool {
        guard r.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for k in 0..<r.count where buffer[r.lowerBound + k] != p[k] { return false }
        return true
    }

    private func matches(_ r: Range<Int>, _ s: String) -> Bool {
        r.count == s.utf8.count && zip(buffer[r], s.utf8).allSatisfy { $0 == $1 }
    }

    private func text(_ r: Range<Int>) -> String { String(decoding: buffer[r], as: UTF8.self) }

    private func attribute(_ name: StaticString, _ attrs: [(name: Range<Int>, value: Range<Int>)]) -> Range<Int>? {
        for a in attrs where matches(a.name, name) { return a.value }
        return nil
    }

    /// Refills the buffer keeping bytes from `keep` on; returns false at end of data.
    private mutating func refill(keep: Int) throws -> Bool {
        guard !atEOF else { return false }
        if keep > 0 {
            buffer.withUnsafeMutableBytes { raw in
                guard let b = raw.baseAddress else { return }
                (b).copyMemory(from: b + keep, byteCount: count - keep)
            }
            count -= keep
            pos -= keep
            base += keep
        }
        if count == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }  // one huge tag
        let filled = count
        let n = try buffer.withUnsafeMutableBytes { raw in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
        }
        if n == 0 { atEOF = true; return false }
        count += n
        return true
    }

    /// Finds the next markup `<…>`, skipping text, comments, CDATA and processing instructions are
    /// returned as tags starting with `!`/`?`. Returns indices of `<` and `>` in `buffer`.
    private mutating func nextTag() throws -> (Int, Int)? {
        // Find '<'.
        while true {
            while pos < count, buffer[pos] != UInt8(ascii: "<") { pos += 1 }
            if pos < count { break }
            if !(try refill(keep: count)) { return nil }
        }
        var start = pos
        var i = pos + 1
        var quote: UInt8 = 0
        var isComment = false
        while true {
            if i >= count {
                // Keep the tag so far: after the refill it starts at index 0.
                let shift = start
                if !(try refill(keep: start)) {
                    throw InputError(file: path, byteOffset: base + start, message: "truncated OSM XML: the file ends inside a tag")
                }
                i -= shift
                start = 0
                continue
            }
            if i == start + 4, buffer[start + 1] == UInt8(ascii: "!"), buffer[start + 2] == UInt8(ascii: "-"), buffer[start + 3] == UInt8(ascii: "-") {
                isComment = true
            }
            let b = buffer[i]
            let begin = start
            if isComment {
                if b == UInt8(ascii: ">"), i >= start + 6, buffer[i - 1] == UInt8(ascii: "-"), buffer[i - 2] == UInt8(ascii: "-") {
                    pos = i + 1
                    return (begin, i)
                }
            } else if quote != 0 {
                if b == quote { quote = 0 } else if b == UInt8(ascii: "<") {
                    throw InputError(file: path, byteOffset: base + i, message: "'<' inside an attribute value (unterminated quote?)")
                }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: ">") {
                pos = i + 1
                return (begin, i)
            } else if b == UInt8(ascii: "<") {
                throw InputError(file: path, byteOffset: base + i, message: "malformed XML: '<' inside a tag")
            }
            i += 1
        }
    }

    /// Splits `name="value"` pairs in `buffer[from..<to]`.
    private func parseAttributes(
        from: Int, to: Int, into attrs: inout [(name: Range<Int>, value: Range<Int>)], tagOffset: Int
    ) throws {
        var i = from
        while true {
            while i < to, isSpace(buffer[i]) { i += 1 }
            if i >= to { return }
            let nameStart = i
            while i < to, buffer[i] != UInt8(ascii: "="), !isSpace(buffer[i]) { i += 1 }
            let name = nameStart..<i
            while i < to, isSpace(buffer[i]) { i += 1 }
            guard i < to, buffer[i] == UInt8(ascii: "=") else {
                throw InputError(file: path, byteOffset: base + nameStart, message: "malformed attribute \"\(text(name))\" (no '=')")
            }
            i += 1
            while i < to, isSpace(buffer[i]) { i += 1 }
            guard i < to, buffer[i] == UInt8(ascii: "\"") || buffer[i] == UInt8(ascii: "'") else {
                throw InputError(file: path, byteOffset: base + i, message: "attribute \"\(text(name))\" value is not quoted")
            }
            let q = buffer[i]
            i += 1
            let valueStart = i
            while i < to, buffer[i] != q { i += 1 }
            guard i < to else { throw InputError(file: path, byteOffset: base + valueStart, message: "unterminated attribute value") }
            attrs.append((name, valueStart..<i))
            i += 1
        }
    }

    /// An attribute value as a string with entities decoded.
    private func decode(_ r: Range<Int>, at tagOffset: Int) throws -> String {
        guard buffer[r].contains(UInt8(ascii: "&")) else { return text(r) }
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var i = r.lowerBound
        while i < r.upperBound {
            let b = buffer[i]
            guard b == UInt8(ascii: "&") else { out.append(b); i += 1; continue }
            var j = i + 1
            while j < r.upperBound, buffer[j] != UInt8(ascii: ";"), j - i < 12 { j += 1 }
            guard j < r.upperBound, buffer[j] == UInt8(ascii: ";") else {
                throw InputError(file: path, byteOffset: base + i, message: "unterminated XML entity")
            }
            let entity = text((i + 1)..<j)
            switch entity {
            case "amp": out.append(UInt8(ascii: "&"))
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var scalarValue: UInt32?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalarValue = UInt32(entity.dropFirst(2), radix: 16)
                } else if entity.hasPrefix("#") {
                    scalarValue = UInt32(entity.dropFirst(1))
                }
                guard let v = scalarValue, let scalar = Unicode.Scalar(v) else {
                    throw InputError(file: path, byteOffset: base + i, message: "unknown XML entity &\(entity);")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = j + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A decimal integer attribute.
    private func integer(_ r: Range<Int>, what: String, at tagOffset: Int) throws -> Int64 {
        var i = r.lowerBound
        var negative = false
        if i < r.upperBound, buffer[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < r.upperBound else { throw InputError(file: path, byteOffset: tagOffset, message: "empty \(what)") }
        var v: Int64 = 0
        while i < r.upperBound {
            let d = buffer[i] &- 48
            guard d < 10 else { throw InputError(file: path, byteOffset: tagOffset, message: "\(what) \"\(text(r))\" is not an integer") }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { throw InputError(file: path, byteOffset: tagOffset, message: "\(what) \"\(text(r))\" is too large") }
            v = s
            i += 1
        }
        return negative ? -v : v
    }

    /// A decimal number of degrees as fixed-point 1e-7 (rounded half away from zero).
    private func fixedE7(_ r: Range<Int>, limit: Int64, what: String, at tagOffset: Int) throws -> Int32 {
        var i = r.lowerBound
        var negative = false
        if i < r.upperBound, buffer[i] == UInt8(ascii: "-") || buffer[i] == UInt8(ascii: "+") {
            negative = buffer[i] == UInt8(ascii: "-"); i += 1
        }
        var whole: Int64 = 0, frac: Int64 = 0, fracDigits = 0, digits = 0
        var roundUp = false
        var seenPoint = false
        while i < r.upperBound {
            let b = buffer[i]
            if b == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if b &- 48 < 10 {
                digits += 1
                let d = Int64(b &- 48)
                if !seenPoint {
                    whole = whole * 10 + d
                    guard whole <= 1000 else { break }
                } else if fracDigits < 7 {
                    frac = frac * 10 + d; fracDigits += 1
                } else if fracDigits == 7 {
                    roundUp = d >= 5; fracDigits += 1
                }
            } else {
                digits = 0
                break
            }
            i += 1
        }
        guard digits > 0, whole <= 1000 else {
            throw InputError(file: path, byteOffset: tagOffset, message: "\(what) \"\(text(r))\" is not a decimal number")
        }
        while fracDigits < 7 { frac *= 10; fracDigits += 1 }
        var v = whole * 10_000_000 + frac + (roundUp ? 1 : 0)
        if negative { v = -v }
        guard abs(v) <= limit else { throw InputError(file: path, byteOffset: tagOffset, message: "\(what) \(text(r)) out of range") }
        return Int32(v)
    }
}

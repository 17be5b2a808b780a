import Foundation

/// Reads the walkable lines of a network layer (a GeoJSON FeatureCollection of LineStrings and
/// MultiLineStrings in WGS84) straight into `NetworkLines`, on all cores, without building a
/// `Feature`, a `Geometry` or a `properties` object per feature: of the properties only `id` is
/// looked at, the other values are checked and skipped.
///
/// It takes only the plain case: every feature a LineString or MultiLineString whose positions are
/// plausible lon/lat, members without escapes, none repeated, no `bbox`. On anything else (a syntax
/// error, a null or polygon geometry, a position out of range, a member it does not handle) it
/// gives nil, and the caller reads the file with the general reader, which names the file, the
/// feature index and what is wrong. So a file it accepts gives the lines the general reader and
/// `StudyLoader.loadNetwork` give (`NetworkLayerReaderTests` compares them), and a file it
/// refuses gives the general reader's errors.
///
/// The features array is cut at places that look like feature boundaries (`SharedText.boundary`),
/// each piece decoded by a task of its own; a piece must end exactly where the next one starts
/// (else a cut lay inside a string and the whole read gives nil), so the pieces joined are the
/// features in file order.
enum NetworkLayerReader {
    /// Bytes of text per piece at least.
    static let minimumPieceBytes = 1 << 20

    /// The lines of the GeoJSON file at `path`, or nil when it is not a plain network layer (or
    /// cannot be read): then read it with the general reader.
    /// - Parameter pieces: how many pieces to cut the features array into (nil: a few per core,
    ///   each at least `minimumPieceBytes`).
    /// - Complexity: O(n) in the number of bytes, spread over the cores.
    static func read(path: String, pieces: Int? = nil) -> NetworkLines? {
        guard let file = try? MappedFile(path: path) else { return nil }
        return try? file.withScanner { scanner in read(&scanner, pieces: pieces) }
    }

    /// The lines of the text of `scanner`, or nil (see `read(path:pieces:)`).
    static func read(_ s: inout JSONScanner, pieces: Int? = nil) -> NetworkLines? {
        do {
            s.skipByteOrderMark()
            s.skipWhitespace()
            guard s.peek == UInt8(ascii: "{"), try !s.beginObject("an object") else { return nil }
            var sawType = false
            var lines: NetworkLines?
            repeat {
                guard let t = try plainMember(&s) else { return nil }
                if s.equals(t, "type") {
                    guard !sawType, s.peek == UInt8(ascii: "\"") else { return nil }
                    guard s.equals(try s.scanString(), "FeatureCollection") else { return nil }
                    sawType = true
                } else if s.equals(t, "features") {
                    // An empty array has no lines: the general reader says so.
                    guard lines == nil, s.peek == UInt8(ascii: "["), try !s.beginArray("an array") else { return nil }
                    s.skipWhitespace()
                    guard let (decoded, end) = decode(s, from: s.index, pieces: pieces) else { return nil }
                    lines = decoded
                    s.index = end
                } else if s.equals(t, "bbox") {
                    return nil
                } else {
                    try s.skipValue(depth: 1)
                }
            } while try s.nextElement(UInt8(ascii: "}"), "\",\" or \"}\" in an object")
            try s.expectEnd()
            guard sawType else { return nil }
            return lines
        } catch {
            return nil
        }
    }

    /// Reads a member name and its `:`, leaving the cursor on the value.
    static func member(_ s: inout JSONScanner) throws -> JSONScanner.StringToken {
        let t = try s.scanString()
        try s.expect(UInt8(ascii: ":"), "\":\" after a member name")
        s.skipWhitespace()
        return t
    }

    /// `member`, or nil for a name with escapes (left to the general reader).
    static func plainMember(_ s: inout JSONScanner) throws -> JSONScanner.StringToken? {
        let t = try member(&s)
        return t.escaped ? nil : t
    }

    /// The features of the array whose first feature starts at `start`, decoded in pieces, and
    /// the offset just after the array's `]`; nil when any piece fails.
    private static func decode(_ s: JSONScanner, from start: Int, pieces: Int?) -> (NetworkLines, Int)? {
        let text = SharedText(base: s.base, count: s.count, file: s.file)
        let end = s.count
        let count = max(1, pieces ?? min(4 * ProcessInfo.processInfo.activeProcessorCount, (end - start) / minimumPieceBytes))
        var cuts = [start]
        for k in 1..<max(count, 1) {
            let from = max(start + (end - start) * k / count, (cuts.last ?? start) + 1)
            guard let c = text.boundary(from: from) else { break }
            cuts.append(c)
        }
        let ranges = cuts.indices.map { k in (cuts[k], k + 1 < cuts.count ? cuts[k + 1] : Int.max) }
        let decoded = Parallel.tasks(count: ranges.count) { k -> Piece? in
            var scanner = JSONScanner(base: text.base, count: text.count, file: text.file)
            scanner.index = ranges[k].0
            return Piece.decode(&scanner, stop: ranges[k].1)
        }
        var positions: [Position] = [], lineEnds: [Int] = [], ids: [String] = []
        var featureOffset = 0
        var total = (positions: 0, lines: 0)
        for piece in decoded {
            guard let piece else { return nil }
            total.positions += piece.positions.count
            total.lines += piece.lineEnds.count
        }
        guard total.lines > 0, let last = decoded.last??.end else { return nil }
        positions.reserveCapacity(total.positions)
        lineEnds.reserveCapacity(total.lines)
        ids.reserveCapacity(total.lines)
        for case let piece? in decoded {
            let base = positions.count
            positions.append(contentsOf: piece.positions)
            lineEnds.append(contentsOf: piece.lineEnds.lazy.map { $0 + base })
            var unnamed = piece.unnamed.makeIterator()
            var next = unnamed.next()
            for (k, id) in piece.ids.enumerated() {
                if let u = next, u.line == k {
                    let name = String(featureOffset + u.feature)
                    ids.append(u.part < 0 ? name : "\(name)#\(u.part)")
                    next = unnamed.next()
                } else {
                    ids.append(id)
                }
            }
            featureOffset += piece.featureCount
        }
        return (NetworkLines(positions: positions, lineEnds: lineEnds, ids: ids), last)
    }

    /// The features of one piece of the array, decoded by one task.
    private struct Piece: Sendable {
        var positions: [Position] = []
        var lineEnds: [Int] = []
        /// Each line's id; "" for a line in `unnamed`.
        var ids: [String] = []
        /// Lines of features without an id, whose id (the feature's index) is known only once the
        /// pieces before are counted: the line, the feature's index in the piece and the part
        /// (-1 for a single line).
        var unnamed: [(line: Int, feature: Int, part: Int)] = []
        var featureCount = 0
        /// Where the piece ends: its `stop`, or just after the array's `]` for the last piece.
        var end = 0

        /// Thrown for input this reader leaves to the general one.
        struct Unsupported: Error {}

        /// The features from the cursor (a feature's `{`) up to the feature starting at `stop`, or
        /// to the `]` closing the array when `stop` is `Int.max`; nil on any error or when the
        /// features do not end exactly there.
        static func decode(_ s: inout JSONScanner, stop: Int) -> Piece? {
            var piece = Piece()
            do {
                while true {
                    s.skipWhitespace()
                    if s.index == stop {
                        piece.end = stop
                        return piece
                    }
                    if s.index > stop { return nil }
                    try piece.feature(&s)
                    if try !s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" after a feature") {
                        piece.end = s.index
                        return stop == Int.max ? piece : nil
                    }
                }
            } catch {
                return nil
            }
        }

        /// What a feature's id comes from.
        enum ID {
            case absent, string(String), number(Double), other
        }

        /// Decodes the feature at the cursor, appending its lines.
        mutating func feature(_ s: inout JSONScanner) throws {
            guard s.peek == UInt8(ascii: "{"), try !s.beginObject("an object") else { throw Unsupported() }
            var seen: UInt8 = 0
            var id = ID.absent, propertyID = ID.absent
            var sawGeometry = false
            let firstLine = lineEnds.count
            /// Marks member `k` seen; a repeated member is left to the general reader.
            func once(_ k: UInt8) throws {
                if seen & (1 << k) != 0 { throw Unsupported() }
                seen |= 1 << k
            }
            repeat {
                guard let t = try NetworkLayerReader.plainMember(&s) else { throw Unsupported() }
                if s.equals(t, "type") {
                    try once(0)
                    guard s.peek == UInt8(ascii: "\""), s.equals(try s.scanString(), "Feature") else { throw Unsupported() }
                } else if s.equals(t, "id") {
                    try once(1)
                    id = try idValue(&s)
                    if case .other = id { throw Unsupported() }
                } else if s.equals(t, "properties") {
                    try once(2)
                    if s.peek == UInt8(ascii: "n") {
                        try s.skipValue()
                    } else {
                        guard s.peek == UInt8(ascii: "{") else { throw Unsupported() }
                        propertyID = try properties(&s)
                    }
                } else if s.equals(t, "geometry") {
                    try once(3)
                    sawGeometry = true
                    try geometry(&s)
                } else if s.equals(t, "bbox") {
                    throw Unsupported()
                } else {
                    try s.skipValue(depth: 1)
                }
            } while try s.nextElement(UInt8(ascii: "}"), "\",\" or \"}\" in a feature")
            guard seen & 1 != 0, sawGeometry else { throw Unsupported() }
            // The id `StudyLoader` gives a feature: its `id` member, else its `id` property
            // (string or number), else its index.
            var name: String?
            switch id {
            case .string(let v): name = v
            case .number(let d): name = FeatureID.number(d).description
            default:
                switch propertyID {
                case .string(let v): name = v
                case .number(let d): name = FeatureID.number(d).description
                default: name = nil
                }
            }
            let parts = lineEnds.count - firstLine
            for k in 0..<parts {
                let part = parts == 1 ? -1 : k
                if let name {
                    ids.append(part < 0 ? name : "\(name)#\(part)")
                } else {
                    unnamed.append((line: firstLine + k, feature: featureCount, part: part))
                    ids.append("")
                }
            }
            featureCount += 1
        }

        /// A feature's `id` member: a string, a number or null (absent).
        private func idValue(_ s: inout JSONScanner) throws -> ID {
            switch s.peek {
            case UInt8(ascii: "\""): return .string(try s.parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try s.parseNumber())
            case UInt8(ascii: "n"):
                try s.skipValue()
                return .absent
            default: return .other
            }
        }

        /// The `id` of a properties object at the cursor (the last one, as `JSONObject` keeps);
        /// every other value is checked and skipped.
        private func properties(_ s: inout JSONScanner) throws -> ID {
            var found = ID.absent
            if try s.beginObject("an object") { return found }
            repeat {
                let t = try NetworkLayerReader.member(&s)
                let isID = t.escaped ? s.string(t) == "id" : s.equals(t, "id")
                if isID {
                    switch s.peek {
                    case UInt8(ascii: "\""): found = .string(try s.parseString())
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): found = .number(try s.parseNumber())
                    default:
                        try s.skipValue(depth: 2)
                        found = .other
                    }
                } else {
                    try s.skipValue(depth: 2)
                }
            } while try s.nextElement(UInt8(ascii: "}"), "\",\" or \"}\" in an object")
            return found
        }

        /// Decodes a LineString or MultiLineString object at the cursor, appending its lines.
        private mutating func geometry(_ s: inout JSONScanner) throws {
            guard s.peek == UInt8(ascii: "{"), try !s.beginObject("an object") else { throw Unsupported() }
            var multi: Bool?
            var sawCoordinates = false
            /// Where coordinates that came before the type start (checked, decoded once it is known).
            var early: Int?
            repeat {
                guard let t = try NetworkLayerReader.plainMember(&s) else { throw Unsupported() }
                if s.equals(t, "type") {
                    guard multi == nil, s.peek == UInt8(ascii: "\"") else { throw Unsupported() }
                    let type = try s.scanString()
                    if s.equals(type, "LineString") {
                        multi = false
                    } else if s.equals(type, "MultiLineString") {
                        multi = true
                    } else {
                        throw Unsupported()
                    }
                } else if s.equals(t, "coordinates") {
                    // Twice: the general reader's case.
                    guard !sawCoordinates else { throw Unsupported() }
                    sawCoordinates = true
                    if let multi {
                        try coordinates(&s, multi: multi)
                    } else {
                        early = s.index
                        try s.skipValue(depth: 2)
                    }
                } else if s.equals(t, "geometries") {
                    throw Unsupported()
                } else {
                    try s.skipValue(depth: 2)
                }
            } while try s.nextElement(UInt8(ascii: "}"), "\",\" or \"}\" in a geometry")
            guard sawCoordinates, let multi else { throw Unsupported() }
            if let early {
                let after = s.index
                s.index = early
                try coordinates(&s, multi: multi)
                s.index = after
            }
        }

        /// Decodes the coordinates of a LineString or MultiLineString at the cursor.
        private mutating func coordinates(_ s: inout JSONScanner, multi: Bool) throws {
            guard multi else { return try line(&s) }
            guard s.peek == UInt8(ascii: "["), try !s.beginArray("an array") else { throw Unsupported() }
            repeat {
                s.skipWhitespace()
                try line(&s)
            } while try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in coordinates")
        }

        /// Decodes one line of at least two positions at the cursor, each a plausible lon/lat.
        private mutating func line(_ s: inout JSONScanner) throws {
            guard s.peek == UInt8(ascii: "["), try !s.beginArray("an array") else { throw Unsupported() }
            let begin = positions.count
            repeat {
                s.skipWhitespace()
                guard s.peek == UInt8(ascii: "[") else { throw Unsupported() }
                s.index += 1
                let x = try ordinate(&s)
                guard try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in a position") else { throw Unsupported() }
                let y = try ordinate(&s)
                while try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in a position") { _ = try ordinate(&s) }
                // What `StudyLoader.coordinateProblem` accepts.
                guard x.isFinite, y.isFinite, abs(x) <= 180, abs(y) <= 90 else { throw Unsupported() }
                positions.append(Position(x: x, y: y))
            } while try s.nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in coordinates")
            guard positions.count - begin >= 2 else { throw Unsupported() }
            lineEnds.append(positions.count)
        }

        /// One number of a position.
        @inline(__always) private func ordinate(_ s: inout JSONScanner) throws -> Double {
            s.skipWhitespace()
            let b = s.peek
            guard b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) else { throw Unsupported() }
            return try s.parseNumber()
        }
    }
}

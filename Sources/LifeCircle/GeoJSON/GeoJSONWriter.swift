import Foundation

/// Writes RFC 7946 GeoJSON (<https://www.rfc-editor.org/rfc/rfc7946>): stable member order
/// (`type`, `id`, `bbox`, `properties`, `geometry`; properties in their own order), a fixed number
/// of decimals with trailing zeros trimmed, right-hand-rule rings (exteriors counterclockwise,
/// holes clockwise, §3.1.6), one feature per line.
///
/// Output goes straight into a byte buffer; numbers are formatted with integer arithmetic
/// (`FixedDecimal`), identical to `String(format: "%.<precision>f")` trimmed. Non-ASCII text is
/// written as raw UTF-8; control characters are escaped. A collection's foreign members follow
/// `"type"`, except `crs`, which is dropped because RFC 7946 output is always WGS84.
package enum GeoJSONWriter {
    /// Encodes a feature collection. `precision` is the number of decimals for coordinates
    /// (7 for degrees ≈ 1 cm).
    /// - Complexity: O(size of the output).
    package static func encode(_ collection: FeatureCollection, precision: Int = 7) -> [UInt8] {
        let sink = ByteSink(capacity: estimatedSize(collection))
        write(collection, precision: precision, to: sink)
        return sink.bytes
    }

    /// Appends the encoding of `collection` to `out`.
    package static func append(_ collection: FeatureCollection, precision: Int = 7, to out: inout [UInt8]) {
        let sink = ByteSink(capacity: estimatedSize(collection))
        write(collection, precision: precision, to: sink)
        sink.appendBytes(to: &out)
    }

    /// Writes `collection` to `path` atomically (temporary file, then rename).
    /// - Throws: `FileError` when the file cannot be written.
    package static func write(_ collection: FeatureCollection, to path: String, precision: Int = 7) throws {
        try AtomicFile.write(encode(collection, precision: precision), to: path)
    }

    /// One feature as a JSON object.
    package static func encode(feature f: Feature, precision: Int = 7) -> String {
        let sink = ByteSink()
        write(feature: f, precision: precision, to: sink)
        return String(decoding: UnsafeBufferPointer(start: sink.base, count: sink.count), as: UTF8.self)
    }

    /// Appends one feature (a JSON object, no line break) to `out`.
    package static func append(feature f: Feature, precision: Int = 7, to out: inout [UInt8]) {
        let sink = ByteSink()
        write(feature: f, precision: precision, to: sink)
        sink.appendBytes(to: &out)
    }

    /// One geometry as a JSON object, polygon rings oriented by the right-hand rule.
    package static func encode(geometry g: Geometry, precision: Int = 7) -> String {
        let sink = ByteSink()
        write(geometry: g, precision: precision, to: sink)
        return String(decoding: UnsafeBufferPointer(start: sink.base, count: sink.count), as: UTF8.self)
    }

    /// A JSON value (properties, foreign members): numbers as `plainNumber` writes them.
    package static func encode(value: JSONValue) -> String {
        let sink = ByteSink()
        write(value: value, to: sink)
        return String(decoding: UnsafeBufferPointer(start: sink.base, count: sink.count), as: UTF8.self)
    }

    /// Signed area (shoelace); positive for counterclockwise rings.
    /// - Complexity: O(n).
    package static func signedArea(_ ring: [Position]) -> Double {
        guard ring.count > 2 else { return 0 }
        var s = 0.0
        for i in 0..<(ring.count - 1) {
            s += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        return s / 2
    }

    static func orient(_ ring: [Position], counterclockwise: Bool) -> [Position] {
        needsReversal(ring, counterclockwise: counterclockwise) ? ring.reversed() : ring
    }

    /// True when `ring` runs against the wanted direction (a degenerate ring is left alone).
    static func needsReversal(_ ring: [Position], counterclockwise: Bool) -> Bool {
        let a = signedArea(ring)
        return !((a > 0) == counterclockwise || a == 0)
    }

    /// A number with at most `precision` decimals, trailing zeros dropped ("121.4", "31.2304512");
    /// "-0" is written "0", non-finite values "null". Identical to `String(format: "%.<p>f")`
    /// trimmed, computed with integer arithmetic.
    package static func number(_ d: Double, _ precision: Int) -> String {
        let sink = ByteSink(capacity: 64)
        FixedDecimal.append(d, precision: precision, to: sink)
        return String(decoding: UnsafeBufferPointer(start: sink.base, count: sink.count), as: UTF8.self)
    }

    /// A property number: integers without a decimal point, others with up to 6 decimals.
    package static func plainNumber(_ d: Double) -> String {
        let sink = ByteSink(capacity: 64)
        writePlainNumber(d, to: sink)
        return String(decoding: UnsafeBufferPointer(start: sink.base, count: sink.count), as: UTF8.self)
    }

    /// The JSON string body of `s` (no quotes): `"`, `\` and control characters escaped, all
    /// other text (Chinese included) as raw UTF-8.
    package static func escape(_ s: String) -> String {
        let sink = ByteSink()
        writeEscaped(s, to: sink)
        return String(decoding: UnsafeBufferPointer(start: sink.base, count: sink.count), as: UTF8.self)
    }

    // MARK: Writing into a sink

    /// Collection members the writer sets itself (`crs` is dropped: RFC 7946 output is WGS84).
    private static let writerOwnedMembers: Set<String> = ["type", "features", "bbox", "crs"]

    static func write(_ collection: FeatureCollection, precision: Int, to out: ByteSink) {
        out.append("{\"type\":\"FeatureCollection\"")
        for k in collection.foreignMembers.keys where !writerOwnedMembers.contains(k) {
            guard let v = collection.foreignMembers[k] else { continue }
            out.append(UInt8(ascii: ","))
            writeString(k, to: out)
            out.append(UInt8(ascii: ":"))
            write(value: v, to: out)
        }
        if let bbox = collection.bbox { writeBBox(bbox, precision, out) }
        out.append(",\"features\":[")
        for (i, f) in collection.features.enumerated() {
            out.append(featureSeparator(first: i == 0))
            write(feature: f, precision: precision, to: out)
        }
        out.append(collectionEnd)
    }

    /// The start of a collection with no foreign members and no bbox, up to its first feature
    /// (for writers that append features one at a time).
    static let plainCollectionStart: StaticString = "{\"type\":\"FeatureCollection\",\"features\":["
    /// What comes before each feature: one per line.
    static func featureSeparator(first: Bool) -> StaticString { first ? "\n" : ",\n" }
    /// The end of a collection.
    static let collectionEnd: StaticString = "\n]}\n"

    static func write(feature f: Feature, precision: Int, to out: ByteSink) {
        out.append("{\"type\":\"Feature\"")
        if let id = f.id {
            out.append(",\"id\":")
            switch id {
            case .string(let s): writeString(s, to: out)
            case .number(let d): writePlainNumber(d, to: out)
            }
        }
        if let bbox = f.bbox { writeBBox(bbox, precision, out) }
        out.append(",\"properties\":")
        writeObject(f.properties, to: out)
        out.append(",\"geometry\":")
        if let g = f.geometry { write(geometry: g, precision: precision, to: out) } else { out.append("null") }
        out.append(UInt8(ascii: "}"))
    }

    static func write(geometry g: Geometry, precision: Int, to out: ByteSink) {
        switch g {
        case .point(let p):
            out.append("{\"type\":\"Point\",\"coordinates\":")
            writePosition(p, precision, out)
        case .multiPoint(let ps):
            out.append("{\"type\":\"MultiPoint\",\"coordinates\":")
            writeLine(ps, reversed: false, precision, out)
        case .lineString(let ps):
            out.append("{\"type\":\"LineString\",\"coordinates\":")
            writeLine(ps, reversed: false, precision, out)
        case .multiLineString(let ls):
            out.append("{\"type\":\"MultiLineString\",\"coordinates\":[")
            for (i, l) in ls.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeLine(l, reversed: false, precision, out)
            }
            out.append(UInt8(ascii: "]"))
        case .polygon(let rs):
            out.append("{\"type\":\"Polygon\",\"coordinates\":")
            writePolygon(rs, precision, out)
        case .multiPolygon(let ps):
            out.append("{\"type\":\"MultiPolygon\",\"coordinates\":[")
            for (i, p) in ps.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writePolygon(p, precision, out)
            }
            out.append(UInt8(ascii: "]"))
        case .geometryCollection(let gs):
            out.append("{\"type\":\"GeometryCollection\",\"geometries\":[")
            for (i, member) in gs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(geometry: member, precision: precision, to: out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }

    static func write(value: JSONValue, to out: ByteSink) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): if b { out.append("true") } else { out.append("false") }
        case .number(let d): writePlainNumber(d, to: out)
        case .string(let s): writeString(s, to: out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(value: v, to: out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o): writeObject(o, to: out)
        }
    }

    /// An object, members in their insertion order.
    static func writeObject(_ o: JSONObject, to out: ByteSink) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for k in o.keys {
            guard let v = o[k] else { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            writeString(k, to: out)
            out.append(UInt8(ascii: ":"))
            write(value: v, to: out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func writePlainNumber(_ d: Double, to out: ByteSink) {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
            FixedDecimal.appendInteger(Int64(d), to: out)
        } else {
            FixedDecimal.append(d, precision: 6, to: out)
        }
    }

    /// `s` as a quoted JSON string.
    static func writeString(_ s: String, to out: ByteSink) {
        out.append(UInt8(ascii: "\""))
        writeEscaped(s, to: out)
        out.append(UInt8(ascii: "\""))
    }

    private static func writeEscaped(_ s: String, to out: ByteSink) {
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                out.append(UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                runStart = i + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    let hex: StaticString = "0123456789abcdef"
                    out.append("u00")
                    out.append(hex.utf8Start[Int(b >> 4)])
                    out.append(hex.utf8Start[Int(b & 15)])
                }
            }
            out.append(UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
    }

    // MARK: Coordinates

    @inline(__always) private static func writePosition(_ p: Position, _ precision: Int, _ out: ByteSink) {
        out.append(UInt8(ascii: "["))
        FixedDecimal.append(p.x, precision: precision, to: out)
        out.append(UInt8(ascii: ","))
        FixedDecimal.append(p.y, precision: precision, to: out)
        out.append(UInt8(ascii: "]"))
    }

    private static func writeLine(_ ps: [Position], reversed: Bool, _ precision: Int, _ out: ByteSink) {
        out.append(UInt8(ascii: "["))
        ps.withUnsafeBufferPointer { buffer in
            let n = buffer.count
            for i in 0..<n {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writePosition(buffer[reversed ? n - 1 - i : i], precision, out)
            }
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func writePolygon(_ rings: [[Position]], _ precision: Int, _ out: ByteSink) {
        out.append(UInt8(ascii: "["))
        for (i, r) in rings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            writeLine(r, reversed: needsReversal(r, counterclockwise: i == 0), precision, out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func writeBBox(_ bbox: [Double], _ precision: Int, _ out: ByteSink) {
        out.append(",\"bbox\":[")
        for (i, v) in bbox.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            FixedDecimal.append(v, precision: precision, to: out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A rough output size (the buffer doubles when it is short).
    private static func estimatedSize(_ collection: FeatureCollection) -> Int {
        256 + collection.features.count * 256
    }
}

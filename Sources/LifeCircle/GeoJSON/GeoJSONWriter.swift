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
public enum GeoJSONWriter {
    /// Encodes a feature collection. `precision` is the number of decimals for coordinates
    /// (7 for degrees ≈ 1 cm).
    /// - Complexity: O(size of the output).
    public static func encode(_ collection: FeatureCollection, precision: Int = 7) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(estimatedSize(collection))
        append(collection, precision: precision, to: &out)
        return out
    }

    /// Appends the encoding of `collection` to `out`.
    public static func append(_ collection: FeatureCollection, precision: Int = 7, to out: inout [UInt8]) {
        raw("{\"type\":\"FeatureCollection\"", &out)
        for (k, v) in collection.foreignMembers where k != "crs" {
            raw(",", &out)
            appendString(k, to: &out)
            raw(":", &out)
            append(value: v, to: &out)
        }
        if let bbox = collection.bbox { appendBBox(bbox, precision, &out) }
        raw(",\"features\":[", &out)
        for (i, f) in collection.features.enumerated() {
            raw(i == 0 ? "\n" : ",\n", &out)
            append(feature: f, precision: precision, to: &out)
        }
        raw("\n]}\n", &out)
    }

    /// Writes `collection` to `path` atomically (temporary file, then rename).
    /// - Throws: `FileError` when the file cannot be written.
    public static func write(_ collection: FeatureCollection, to path: String, precision: Int = 7) throws {
        try AtomicFile.write(encode(collection, precision: precision), to: path)
    }

    /// One feature as a JSON object.
    public static func encode(feature f: Feature, precision: Int = 7) -> String {
        var out: [UInt8] = []
        append(feature: f, precision: precision, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one feature to `out`.
    public static func append(feature f: Feature, precision: Int = 7, to out: inout [UInt8]) {
        raw("{\"type\":\"Feature\"", &out)
        if let id = f.id {
            raw(",\"id\":", &out)
            switch id {
            case .string(let s): appendString(s, to: &out)
            case .number(let d): appendPlainNumber(d, to: &out)
            }
        }
        if let bbox = f.bbox { appendBBox(bbox, precision, &out) }
        raw(",\"properties\":", &out)
        append(value: .object(f.properties), to: &out)
        raw(",\"geometry\":", &out)
        if let g = f.geometry { append(geometry: g, precision: precision, to: &out) } else { raw("null", &out) }
        raw("}", &out)
    }

    /// One geometry as a JSON object.
    public static func encode(geometry g: Geometry, precision: Int = 7) -> String {
        var out: [UInt8] = []
        append(geometry: g, precision: precision, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one geometry to `out`, polygon rings oriented by the right-hand rule.
    public static func append(geometry g: Geometry, precision: Int = 7, to out: inout [UInt8]) {
        switch g {
        case .point(let p):
            raw("{\"type\":\"Point\",\"coordinates\":", &out)
            appendPosition(p, precision, &out)
        case .multiPoint(let ps):
            raw("{\"type\":\"MultiPoint\",\"coordinates\":", &out)
            appendLine(ps, precision, &out)
        case .lineString(let ps):
            raw("{\"type\":\"LineString\",\"coordinates\":", &out)
            appendLine(ps, precision, &out)
        case .multiLineString(let ls):
            raw("{\"type\":\"MultiLineString\",\"coordinates\":[", &out)
            for (i, l) in ls.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendLine(l, precision, &out)
            }
            out.append(UInt8(ascii: "]"))
        case .polygon(let rs):
            raw("{\"type\":\"Polygon\",\"coordinates\":", &out)
            appendPolygon(rs, precision, &out)
        case .multiPolygon(let ps):
            raw("{\"type\":\"MultiPolygon\",\"coordinates\":[", &out)
            for (i, p) in ps.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendPolygon(p, precision, &out)
            }
            out.append(UInt8(ascii: "]"))
        case .geometryCollection(let gs):
            raw("{\"type\":\"GeometryCollection\",\"geometries\":[", &out)
            for (i, member) in gs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(geometry: member, precision: precision, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A JSON value (properties, foreign members): numbers via `plainNumber`.
    public static func encode(value: JSONValue) -> String {
        var out: [UInt8] = []
        append(value: value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends a JSON value to `out`; objects keep their member order.
    public static func append(value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: raw("null", &out)
        case .bool(let b): raw(b ? "true" : "false", &out)
        case .number(let d): appendPlainNumber(d, to: &out)
        case .string(let s): appendString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(value: v, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            var first = true
            for k in o.keys {
                guard let v = o[k] else { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                appendString(k, to: &out)
                out.append(UInt8(ascii: ":"))
                append(value: v, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Signed area (shoelace); positive for counterclockwise rings.
    /// - Complexity: O(n).
    public static func signedArea(_ ring: [Position]) -> Double {
        guard ring.count > 2 else { return 0 }
        var s = 0.0
        for i in 0..<(ring.count - 1) {
            s += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        return s / 2
    }

    static func orient(_ ring: [Position], counterclockwise: Bool) -> [Position] {
        let a = signedArea(ring)
        if (a > 0) == counterclockwise || a == 0 { return ring }
        return ring.reversed()
    }

    /// A number with at most `precision` decimals, trailing zeros dropped ("121.4", "31.2304512");
    /// "-0" is written "0", non-finite values "null".
    public static func number(_ d: Double, _ precision: Int) -> String {
        var out: [UInt8] = []
        FixedDecimal.append(d, precision: precision, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A property number: integers without a decimal point, others with up to 6 decimals.
    public static func plainNumber(_ d: Double) -> String {
        var out: [UInt8] = []
        appendPlainNumber(d, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends a property number (see `plainNumber`).
    static func appendPlainNumber(_ d: Double, to out: inout [UInt8]) {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
            FixedDecimal.appendInteger(Int64(d), to: &out)
        } else {
            FixedDecimal.append(d, precision: 6, to: &out)
        }
    }

    /// The JSON string body of `s` (no quotes): `"`, `\` and control characters escaped, all
    /// other text as it is.
    public static func escape(_ s: String) -> String {
        var out: [UInt8] = []
        appendEscaped(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a quoted JSON string.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(s, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                runStart = i + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
    }

    // MARK: Pieces

    @inline(__always) private static func raw(_ text: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always) private static func appendPosition(_ p: Position, _ precision: Int, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        FixedDecimal.append(p.x, precision: precision, to: &out)
        out.append(UInt8(ascii: ","))
        FixedDecimal.append(p.y, precision: precision, to: &out)
        out.append(UInt8(ascii: "]"))
    }

    private static func appendLine(_ ps: [Position], _ precision: Int, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, p) in ps.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendPosition(p, precision, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func appendPolygon(_ rings: [[Position]], _ precision: Int, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, r) in rings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendLine(orient(r, counterclockwise: i == 0), precision, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func appendBBox(_ bbox: [Double], _ precision: Int, _ out: inout [UInt8]) {
        raw(",\"bbox\":[", &out)
        for (i, v) in bbox.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            FixedDecimal.append(v, precision: precision, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A rough output size, to reserve the buffer once.
    private static func estimatedSize(_ collection: FeatureCollection) -> Int {
        var positions = 0
        for f in collection.features {
            f.geometry?.forEachPosition { _ in positions += 1 }
        }
        return 64 + collection.features.count * 96 + positions * 24
    }
}

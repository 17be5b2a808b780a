import Foundation

/// Writes RFC 7946 GeoJSON: stable member order (`type`, `id`, `bbox`, `properties`, `geometry`;
/// properties in their own order), a fixed number of decimals, right-hand-rule rings
/// (exteriors counterclockwise, holes clockwise), one feature per line.
///
/// PLACEHOLDER: correct but not tuned; the GeoJSON work replaces the internals, keeping the API.
public enum GeoJSONWriter {
    /// Encodes a feature collection. `precision` is the number of decimals for coordinates
    /// (7 for degrees ≈ 1 cm).
    public static func encode(_ collection: FeatureCollection, precision: Int = 7) -> [UInt8] {
        var out = "{\"type\":\"FeatureCollection\""
        for (k, v) in collection.foreignMembers where k != "crs" {
            out += ",\"\(escape(k))\":"
            out += encode(value: v)
        }
        if let bbox = collection.bbox { out += ",\"bbox\":[" + bbox.map { number($0, precision) }.joined(separator: ",") + "]" }
        out += ",\"features\":["
        for (i, f) in collection.features.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += encode(feature: f, precision: precision)
        }
        out += "\n]}\n"
        return Array(out.utf8)
    }

    /// Writes `collection` to `path` atomically.
    public static func write(_ collection: FeatureCollection, to path: String, precision: Int = 7) throws {
        try AtomicFile.write(encode(collection, precision: precision), to: path)
    }

    public static func encode(feature f: Feature, precision: Int = 7) -> String {
        var out = "{\"type\":\"Feature\""
        if let id = f.id {
            switch id {
            case .string(let s): out += ",\"id\":\"\(escape(s))\""
            case .number(let d): out += ",\"id\":" + plainNumber(d)
            }
        }
        if let bbox = f.bbox { out += ",\"bbox\":[" + bbox.map { number($0, precision) }.joined(separator: ",") + "]" }
        out += ",\"properties\":" + encode(value: .object(f.properties))
        out += ",\"geometry\":"
        if let g = f.geometry { out += encode(geometry: g, precision: precision) } else { out += "null" }
        out += "}"
        return out
    }

    public static func encode(geometry g: Geometry, precision: Int = 7) -> String {
        func pos(_ p: Position) -> String { "[\(number(p.x, precision)),\(number(p.y, precision))]" }
        func line(_ ps: [Position]) -> String { "[" + ps.map(pos).joined(separator: ",") + "]" }
        func poly(_ rings: [[Position]]) -> String {
            "[" + rings.enumerated().map { i, r in line(orient(r, counterclockwise: i == 0)) }.joined(separator: ",") + "]"
        }
        switch g {
        case .point(let p): return "{\"type\":\"Point\",\"coordinates\":\(pos(p))}"
        case .multiPoint(let ps): return "{\"type\":\"MultiPoint\",\"coordinates\":\(line(ps))}"
        case .lineString(let ps): return "{\"type\":\"LineString\",\"coordinates\":\(line(ps))}"
        case .multiLineString(let ls): return "{\"type\":\"MultiLineString\",\"coordinates\":[" + ls.map(line).joined(separator: ",") + "]}"
        case .polygon(let rs): return "{\"type\":\"Polygon\",\"coordinates\":\(poly(rs))}"
        case .multiPolygon(let ps): return "{\"type\":\"MultiPolygon\",\"coordinates\":[" + ps.map(poly).joined(separator: ",") + "]}"
        case .geometryCollection(let gs):
            return "{\"type\":\"GeometryCollection\",\"geometries\":[" + gs.map { encode(geometry: $0, precision: precision) }.joined(separator: ",") + "]}"
        }
    }

    public static func encode(value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return plainNumber(d)
        case .string(let s): return "\"\(escape(s))\""
        case .array(let a): return "[" + a.map(encode(value:)).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.map { "\"\(escape($0.key))\":" + encode(value: $0.value) }.joined(separator: ",") + "}"
        }
    }

    /// Signed area (shoelace); positive for counterclockwise rings.
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

    /// A number with at most `precision` decimals, trailing zeros dropped ("121.4", "31.2304512").
    public static func number(_ d: Double, _ precision: Int) -> String {
        guard d.isFinite else { return "null" }
        var s = String(format: "%.\(precision)f", d)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s
    }

    /// A property number: integers without a decimal point, others with up to 6 decimals.
    public static func plainNumber(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return number(d, 6)
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}

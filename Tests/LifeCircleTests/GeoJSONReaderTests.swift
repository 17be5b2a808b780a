import Foundation
import Testing
@testable import LifeCircle

/// The JSON parser and the GeoJSON reader: hand-made cases with known answers, errors that name
/// the file, the feature and the key, real data, and a seeded mutation run that must never crash.
@Suite struct GeoJSONReaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8), file: "t.json")
    }

    func read(_ text: String, file: String = "t.geojson") throws -> GeoJSONObject {
        try GeoJSONReader.read(bytes: Array(text.utf8), file: file)
    }

    /// The error thrown by `body`, which must be an `InputError`.
    func inputError(_ body: () throws -> Any) -> InputError? {
        do {
            _ = try body()
            return nil
        } catch let e as InputError {
            return e
        } catch {
            return nil
        }
    }

    func collection(_ text: String) throws -> FeatureCollection {
        guard case .featureCollection(let fc) = try read(text) else {
            throw InputError(file: "t.geojson", message: "not a collection")
        }
        return fc
    }

    // MARK: JSON parser

    @Test func objectsKeepMemberOrderAndValues() throws {
        let v = try parse(#"{"z": 1, "a": [true, false, null, "x"], "m": {"k": -2.5e3}}"#)
        let o = try #require(v.objectValue)
        #expect(o.keys == ["z", "a", "m"])
        #expect(o["a"] == .array([.bool(true), .bool(false), .null, .string("x")]))
        #expect(o["m"] == .object(JSONObject([("k", .number(-2500))])))
        #expect(try parse(" 42 ") == .number(42))
        #expect(try parse("\"\"") == .string(""))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object(JSONObject()))
    }

    @Test func stringEscapesAndSurrogatePairs() throws {
        let v = try parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u4E2D", "\ud83d\ude00", "静安 ☕"]"#)
        #expect(v == .array([
            .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"), .string("é中"), .string("😀"), .string("静安 ☕"),
        ]))
        for bad in [#""\ud83d""#, #""\ude00""#, #""\ud83dx""#, #""\ud83d\u0041""#] {
            let e = try #require(inputError { try parse(bad) })
            #expect(e.message.contains("unpaired surrogate"))
        }
        #expect(inputError { try parse(#""\x""#) }?.message.contains("invalid escape") == true)
        #expect(inputError { try parse(#""\u12G4""#) }?.message.contains("four hex digits") == true)
        #expect(inputError { try parse("\"a\u{01}b\"") }?.message.contains("control character") == true)
    }

    @Test func numbersFollowTheStrictGrammar() throws {
        let good: [(String, Double)] = [
            ("0", 0), ("-0", -0.0), ("1", 1), ("-12", -12), ("3.25", 3.25), ("1e3", 1000), ("1E+3", 1000),
            ("2.5e-3", 0.0025), ("0.1", 0.1), ("121.4736472", 121.4736472), ("1e-400", 0),
            ("123456789012345678901234567890", 123456789012345678901234567890.0),
            ("0.000000000000000000000000000001", 1e-30), ("9007199254740993", 9007199254740992),
        ]
        for (text, expected) in good {
            let v = try #require(try parse(text).doubleValue, "\(text)")
            #expect(v == expected, "\(text)")
            #expect(v.sign == expected.sign, "\(text)")
        }
        for bad in ["01", "-", "1.", ".5", "+1", "1e", "1e+", "0x10", "1.2.3", "--1", "-.5"] {
            #expect(inputError { try parse(bad) } != nil, "\(bad)")
        }
        for bad in ["NaN", "Infinity", "-Infinity", "[1, NaN]"] {
            #expect(inputError { try parse(bad) }?.message == "NaN and Infinity are not valid JSON numbers", "\(bad)")
        }
        #expect(inputError { try parse("1e400") }?.message.contains("out of the range") == true)
    }

    @Test func numbersAreCorrectlyRounded() throws {
        var rng = SplitMix64(seed: 7)
        for i in 0..<20_000 {
            let d: Double
            switch i % 4 {
            case 0: d = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)  // any finite double
            case 1: d = (rng.unit() - 0.5) * 360
            case 2: d = Double(Int64(bitPattern: rng.next()) % 10_000_000_000) / 1e7
            default: d = rng.unit() * pow(10, Double(Int(rng.next() % 40)) - 20)
            }
            // `description` is the shortest text that round-trips; the parser must give d back.
            let text = "\(d)"
            #expect(try parse(text).doubleValue == d, "\(text)")
            // The fixed 7-decimal text parses to the same double as Foundation's strtod.
            let fixed = String(format: "%.7f", d)
            if abs(d) < 1e12 { #expect(try parse(fixed).doubleValue == strtod(fixed, nil), "\(fixed)") }
        }
    }

    /// Random documents in random layouts (whitespace, escapes, exponents) parse back to the
    /// values they were printed from, and agree with Foundation's JSONSerialization.
    @Test func randomDocumentsParseToTheirValues() throws {
        var rng = SplitMix64(seed: 11)
        func ws() -> String { ["", " ", "\n", "\t ", "\r\n  "][Int(rng.next() % 5)] }
        func str() -> (String, String) {
            let pieces = ["a", "静", "😀", "\"", "\\", "/", "\n", "\u{01}", "é", " ", "\u{7F}", "\u{2028}"]
            var value = ""
            var text = "\""
            for _ in 0..<Int(rng.next() % 6) {
                let p = pieces[Int(rng.next() % UInt64(pieces.count))]
                value += p
                for u in p.unicodeScalars {
                    let escape = rng.next() % 3 == 0 || u.value < 0x20 || u == "\"" || u == "\\"
                    if !escape {
                        text.unicodeScalars.append(u)
                    } else if u.value > 0xFFFF {
                        for unit in String(u).utf16 { text += String(format: "\\u%04X", unit) }
                    } else if u == "\"" || u == "\\" || u == "/", rng.next() % 2 == 0 {
                        text += "\\" + String(u)
                    } else {
                        text += String(format: "\\u%04x", u.value)
                    }
                }
            }
            return (value, text + "\"")
        }
        func number() -> (Double, String) {
            switch rng.next() % 4 {
            case 0:
                let i = Int64(bitPattern: rng.next()) % 1_000_000
                return (Double(i), "\(i)")
            case 1:
                let d = (rng.unit() - 0.5) * 1e6
                return (d, "\(d)")
            case 2:
                let m = Int64(rng.next() % 100_000)
                let e = Int(rng.next() % 40) - 20
                return (Double("\(m)e\(e)") ?? 0, "\(m)\(rng.next() % 2 == 0 ? "e" : "E")\(e >= 0 && rng.next() % 2 == 0 ? "+" : "")\(e)")
            default:
                let d = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
                return (d, "\(d)")
            }
        }
        func document(_ depth: Int) -> (JSONValue, String) {
            switch rng.next() % (depth > 3 ? 4 : 6) {
            case 0: return rng.next() % 2 == 0 ? (.bool(true), "true") : (.null, "null")
            case 1: return (.bool(false), "false")
            case 2:
                let (d, t) = number()
                return (.number(d), t)
            case 3:
                let (v, t) = str()
                return (.string(v), t)
            case 4:
                var items: [JSONValue] = []
                var parts: [String] = []
                for _ in 0..<Int(rng.next() % 4) {
                    let (v, t) = document(depth + 1)
                    items.append(v)
                    parts.append(ws() + t + ws())
                }
                return (.array(items), "[" + ws() + parts.joined(separator: ",") + "]")
            default:
                var object = JSONObject()
                var parts: [String] = []
                for k in 0..<Int(rng.next() % 4) {
                    let (v, t) = document(depth + 1)
                    let (name, nameText) = str()
                    let key = "\(k)" + name
                    object[key] = v
                    parts.append(ws() + "\"\(k)" + nameText.dropFirst() + ws() + ":" + ws() + t + ws())
                }
                return (.object(object), "{" + ws() + parts.joined(separator: ",") + "}")
            }
        }
        func foundation(_ any: Any) -> JSONValue {
            switch any {
            case let s as String: return .string(s)
            case let n as NSNumber: return .number(n.doubleValue)
            case let a as [Any]: return .array(a.map(foundation))
            case let d as [String: Any]:
                return .object(JSONObject(d.keys.sorted().map { ($0, foundation(d[$0] ?? NSNull())) }))
            default: return .null
            }
        }
        /// Keys sorted and booleans as 0/1, as Foundation's untyped result has them.
        func normalized(_ v: JSONValue) -> JSONValue {
            switch v {
            case .array(let a): return .array(a.map(normalized))
            case .object(let o): return .object(JSONObject(o.keys.sorted().map { ($0, normalized(o[$0] ?? .null)) }))
            case .bool(let b): return .number(b ? 1 : 0)
            default: return v
            }
        }
        /// Equal, numbers within a relative 1e-15 (Foundation's own conversion need not be exact).
        func close(_ a: JSONValue, _ b: JSONValue) -> Bool {
            switch (a, b) {
            case (.number(let x), .number(let y)): return x == y || abs(x - y) <= 1e-15 * max(abs(x), abs(y))
            case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { close($0, $1) }
            case (.object(let x), .object(let y)):
                return x.keys == y.keys && x.keys.allSatisfy { close(x[$0] ?? .null, y[$0] ?? .null) }
            default: return a == b
            }
        }
        var compared = 0
        for _ in 0..<2_000 {
            let (value, text) = document(0)
            let parsed = try JSONParser.parse(Array((ws() + text + ws()).utf8), file: "r.json")
            #expect(parsed == value, "\(text)")
            if let any = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) {
                #expect(close(foundation(any), normalized(value)), "\(text)")
                compared += 1
            }
        }
        #expect(compared > 1_900)
    }

    @Test func byteOrderMarkWhitespaceAndTrailingCharacters() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array(" [1] \n".utf8), file: "b.json") == .array([.number(1)]))
        let e = try #require(inputError { try parse("[1] x") })
        #expect(e.message == "trailing characters after the JSON value")
        #expect(e.byteOffset == 4)
        #expect(e.file == "t.json")
        #expect(inputError { try parse("{} {}") }?.message == "trailing characters after the JSON value")
        #expect(inputError { try parse("") }?.message.contains("empty") == true)
        #expect(inputError { try parse("   ") }?.message.contains("empty") == true)
    }

    @Test func truncatedInputSaysWhereItEnded() throws {
        let e = try #require(inputError { try parse(#"{"a": "abc"#) })
        #expect(e.message == "unexpected end of file in a string")
        #expect(e.byteOffset == 10)
        for text in [#"{"a": 1"#, "[1, 2", "{", #"{"a""#, "tru", #"{"a": [1, {"b": nul"#] {
            let e = try #require(inputError { try parse(text) }, "\(text)")
            #expect(e.message.contains("unexpected end of file"), "\(text): \(e.message)")
        }
    }

    @Test func invalidUTF8IsReportedWithItsOffset() throws {
        let cases: [[UInt8]] = [
            Array("[\"ab".utf8) + [0xFF] + Array("\"]".utf8),
            Array("[\"ab".utf8) + [0xC0, 0x80] + Array("\"]".utf8),  // overlong
            Array("[\"ab".utf8) + [0xED, 0xA0, 0x80] + Array("\"]".utf8),  // surrogate
            Array("[\"ab".utf8) + [0xE4, 0xB8] + Array("\"]".utf8),  // cut short
            Array("[\"ab".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array("\"]".utf8),  // > U+10FFFF
        ]
        for bytes in cases {
            let e = try #require(inputError { try JSONParser.parse(bytes, file: "u.json") })
            #expect(e.message.hasPrefix("not UTF-8"), "\(e.message)")
            #expect(e.byteOffset == 4)
        }
        let outside = try #require(inputError { try JSONParser.parse([0x5B, 0xFE, 0x5D], file: "u.json") })
        #expect(outside.message.hasPrefix("not UTF-8"))
        #expect(outside.byteOffset == 1)
    }

    @Test func deepNestingIsRejectedNotOverflowed() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let e = try #require(inputError { try parse(deep) })
        #expect(e.message.contains("nesting deeper than"))
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try parse(ok).arrayValue?.count == 1)
        let deepObjects = String(repeating: #"{"a":"#, count: 10_000)
        #expect(inputError { try parse(deepObjects) }?.message.contains("nesting deeper than") == true)
        let deepGeometry = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":"#
            + String(repeating: "[", count: 5_000)
        let g = try #require(inputError { try read(deepGeometry) })
        #expect(g.featureIndex == 0)
        #expect(g.key == "properties")
    }

    @Test func deeplyNestedGeometryCollectionsAreRejected() throws {
        let open = String(repeating: #"{"type":"GeometryCollection","geometries":["#, count: 2_000)
        let e = try #require(inputError { try read(open) })
        #expect(e.message.contains("nesting deeper than"))
        let fine = String(repeating: #"{"type":"GeometryCollection","geometries":["#, count: 20)
            + #"{"type":"Point","coordinates":[1,2]}"# + String(repeating: "]}", count: 20)
        guard case .geometry(let g) = try read(fine) else {
            Issue.record("not a geometry")
            return
        }
        var count = 0
        g.forEachPosition { _ in count += 1 }
        #expect(count == 1)
    }

    @Test func seededMutationsNeverCrash() throws {
        let valid = Array(Self.mixedCollection.utf8)
        var rng = SplitMix64(seed: 42)
        let noise: [UInt8] = Array("[]{}\",:-0e.\\u".utf8) + [0xFF, 0xC3, 0x00]
        var rejected = 0
        for _ in 0..<3_000 {
            var bytes = valid
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(noise[Int(rng.next() % UInt64(noise.count))], at: at)
                default: bytes.removeLast(min(bytes.count - 1, Int(rng.next() % 50)))
                }
            }
            do {
                _ = try GeoJSONReader.read(bytes: bytes, file: "m.geojson")
                _ = try JSONParser.parse(bytes, file: "m.geojson")
            } catch let e as InputError {
                #expect(e.file == "m.geojson")
                rejected += 1
            }
        }
        #expect(rejected > 2_000)
    }

    // MARK: GeoJSON reader

    static let mixedCollection = #"""
        {"type": "FeatureCollection", "name": "mixed",
         "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
         "bbox": [121.0, 31.0, 122.0, 32.0],
         "features": [
          {"type": "Feature", "id": "p-1", "properties": {"name": "静安寺", "population": 120, "tags": ["a", {"b": null}]},
           "geometry": {"type": "Point", "coordinates": [121.4465, 31.2235, 12.5]}},
          {"geometry": {"coordinates": [[121.0, 31.0], [121.1, 31.1]], "type": "MultiPoint"},
           "properties": null, "id": 7, "type": "Feature", "extra": {"ignored": [1, 2, {"x": "y"}]}},
          {"type": "Feature", "properties": {"note": "tab\there \"quoted\" \u00e9"}, "bbox": [0, 0, 1, 1],
           "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1], [2, 0]]}},
          {"type": "Feature", "properties": {},
           "geometry": {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[2, 2], [3, 3], [4, 4]]]}},
          {"type": "Feature", "properties": {"n": -0.5},
           "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [0, 4], [4, 4], [4, 0], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]]}},
          {"type": "Feature", "properties": {},
           "geometry": {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]]}},
          {"type": "Feature", "properties": {},
           "geometry": {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]},
             {"type": "GeometryCollection", "geometries": [{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}]}]}},
          {"type": "Feature", "id": null, "properties": {"unlocated": true}, "geometry": null}
         ]}
        """#

    @Test func readsEveryGeometryTypeAndMember() throws {
        let fc = try collection(Self.mixedCollection)
        #expect(fc.features.count == 8)
        #expect(fc.bbox == [121, 31, 122, 32])
        #expect(fc.foreignMembers.keys == ["name", "crs"])
        #expect(fc.foreignMembers["crs"]?.objectValue?["type"] == .string("name"))
        let f = fc.features
        #expect(f[0].id == .string("p-1"))
        #expect(f[0].geometry == .point(Position(x: 121.4465, y: 31.2235)))
        #expect(f[0].properties.keys == ["name", "population", "tags"])
        #expect(f[0].string("name") == "静安寺")
        #expect(f[0].number("population") == 120)
        #expect(f[0].properties["tags"] == .array([.string("a"), .object(JSONObject([("b", .null)]))]))
        #expect(f[1].id == .number(7))
        #expect(f[1].properties.isEmpty)
        #expect(f[1].geometry == .multiPoint([Position(x: 121, y: 31), Position(x: 121.1, y: 31.1)]))
        #expect(f[2].string("note") == "tab\there \"quoted\" é")
        #expect(f[2].bbox == [0, 0, 1, 1])
        #expect(f[2].geometry == .lineString([Position(x: 0, y: 0), Position(x: 1, y: 1), Position(x: 2, y: 0)]))
        #expect(f[3].geometry == .multiLineString([
            [Position(x: 0, y: 0), Position(x: 1, y: 1)], [Position(x: 2, y: 2), Position(x: 3, y: 3), Position(x: 4, y: 4)],
        ]))
        guard case .polygon(let rings)? = f[4].geometry else {
            Issue.record("feature 4 is not a polygon")
            return
        }
        #expect(rings.count == 2)
        #expect(rings[1] == [Position(x: 1, y: 1), Position(x: 2, y: 1), Position(x: 2, y: 2), Position(x: 1, y: 1)])
        #expect(f[4].number("n") == -0.5)
        guard case .multiPolygon(let polygons)? = f[5].geometry else {
            Issue.record("feature 5 is not a multipolygon")
            return
        }
        #expect(polygons.count == 2)
        #expect(polygons[1][0][2] == Position(x: 6, y: 6))
        #expect(f[6].geometry == .geometryCollection([
            .point(Position(x: 1, y: 2)), .geometryCollection([.lineString([Position(x: 0, y: 0), Position(x: 1, y: 1)])]),
        ]))
        #expect(f[7].geometry == nil)
        #expect(f[7].id == nil)
    }

    @Test func fastReaderAgreesWithTheValueDecoder() throws {
        let bytes = Array(Self.mixedCollection.utf8)
        let fast = try GeoJSONReader.read(bytes: bytes, file: "t.geojson")
        let slow = try GeoJSONDecoding.object(from: try JSONParser.parse(bytes, file: "t.geojson"), file: "t.geojson")
        #expect(fast == slow)
    }

    @Test func membersInAnyOrder() throws {
        // "type" last at the top level, "coordinates" before "type" in geometries.
        let text = #"""
            {"features": [{"geometry": {"coordinates": [[[0,0],[1,0],[1,1],[0,0]]], "type": "Polygon"},
                           "properties": {"b": 1, "a": 2}, "type": "Feature"},
                          {"type": "Feature", "properties": null,
                           "geometry": {"coordinates": [[[[0,0],[1,0],[1,1],[0,0]]], [[[2,2],[3,2],[3,3],[2,2]]]], "bbox": [0,0,3,3], "type": "MultiPolygon"}},
                          {"type": "Feature", "properties": null,
                           "geometry": {"coordinates": [], "type": "MultiPoint"}}],
             "crs": null, "type": "FeatureCollection"}
            """#
        let fc = try collection(text)
        #expect(fc.features.count == 3)
        #expect(fc.features[0].geometry == .polygon([[Position(x: 0, y: 0), Position(x: 1, y: 0), Position(x: 1, y: 1), Position(x: 0, y: 0)]]))
        #expect(fc.features[0].properties.keys == ["b", "a"])
        guard case .multiPolygon(let ps)? = fc.features[1].geometry else {
            Issue.record("not a multipolygon")
            return
        }
        #expect(ps.count == 2 && ps[1][0][1] == Position(x: 3, y: 2))
        #expect(fc.features[2].geometry == .multiPoint([]))
        #expect(fc.foreignMembers["crs"] == .null)
        // Coordinates of the wrong depth for the type given later.
        let e = try #require(inputError { try read(#"{"coordinates": [1, 2], "type": "LineString"}"#) })
        #expect(e.key == "coordinates")
        #expect(e.message.contains("LineString"))
    }

    @Test func bareGeometryAndSingleFeature() throws {
        let g = try read(#"{"type": "Point", "coordinates": [1.5, -2]}"#)
        #expect(g == .geometry(.point(Position(x: 1.5, y: -2))))
        let f = try read(#"{"type": "Feature", "id": 3.5, "geometry": null, "properties": {"a": "b"}}"#)
        guard case .feature(let feature) = f else {
            Issue.record("not a feature")
            return
        }
        #expect(feature.id == .number(3.5))
        #expect(feature.string("a") == "b")
        #expect(f.asFeatureCollection.features.count == 1)
        let escapedKeys = try read(#"{"t\u0079pe": "Point", "coordinates": [1, 2]}"#)
        #expect(escapedKeys == .geometry(.point(Position(x: 1, y: 2))))
    }

    // MARK: GeoJSON errors

    func featureError(_ geometryOrMembers: String, index: Int = 1, file: String = "residents.geojson") throws -> InputError {
        let ok = #"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [0, 0]}}"#
        let text = "{\"type\": \"FeatureCollection\", \"features\": [" + Array(repeating: ok, count: index).joined(separator: ",")
            + (index > 0 ? "," : "") + geometryOrMembers + "]}"
        return try #require(inputError { try read(text, file: file) }, "\(geometryOrMembers)")
    }

    func geometryError(_ geometry: String, index: Int = 12) throws -> InputError {
        try featureError(#"{"type": "Feature", "properties": {}, "geometry": "# + geometry + "}", index: index)
    }

    @Test func errorsNameTheFileFeatureAndKey() throws {
        let e = try geometryError(#"{"type": "Point", "coordinates": [121.4]}"#)
        #expect(e.file == "residents.geojson")
        #expect(e.featureIndex == 12)
        #expect(e.key == "coordinates")
        #expect(e.message == "a position needs at least two numbers")
        #expect(e.description.hasPrefix(#"residents.geojson: feature 12, "coordinates", byte "#))
        #expect(e.description.hasSuffix(": a position needs at least two numbers"))
    }

    @Test func geometryValidationErrors() throws {
        let cases: [(String, String, String)] = [
            (#"{"type": "LineString", "coordinates": [[0, 0]]}"#, "coordinates", "a LineString needs at least two positions"),
            (#"{"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[0, 0]]]}"#, "coordinates", "a LineString needs at least two positions"),
            (#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}"#, "coordinates", "a polygon ring needs at least four positions"),
            (#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}"#, "coordinates", "a polygon ring is not closed"),
            (#"{"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 1]]]]}"#, "coordinates", "a polygon ring is not closed"),
            (#"{"coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]], "type": "Polygon"}"#, "coordinates", "a polygon ring is not closed"),
            (#"{"type": "Point", "coordinates": [0, "1"]}"#, "coordinates", "a position must hold numbers only"),
            (#"{"type": "Point", "coordinates": "0, 1"}"#, "coordinates", "a position must be an array"),
            (#"{"type": "Point", "coordinates": [0, NaN]}"#, "coordinates", "NaN and Infinity"),
            (#"{"type": "Point", "coordinates": [0, 1e999]}"#, "coordinates", "out of the range"),
            (#"{"type": "Circle", "coordinates": [0, 0]}"#, "type", "unknown geometry type \"Circle\""),
            (#"{"type": 3, "coordinates": [0, 0]}"#, "type", "must be a string"),
            (#"{"coordinates": [0, 0]}"#, "type", "geometry has no \"type\""),
            (#"{"type": "Point"}"#, "coordinates", "Point has no \"coordinates\""),
            (#"{"type": "GeometryCollection"}"#, "geometries", "needs a \"geometries\" array"),
            (#"[0, 0]"#, "geometry", "geometry must be an object or null"),
        ]
        for (geometry, key, message) in cases {
            let e = try geometryError(geometry)
            #expect(e.file == "residents.geojson", "\(geometry)")
            #expect(e.featureIndex == 12, "\(geometry)")
            #expect(e.key == key, "\(geometry): \(e)")
            #expect(e.message.contains(message), "\(geometry): \(e)")
        }
    }

    @Test func featureMemberErrors() throws {
        let cases: [(String, String, String)] = [
            (#"{"type": "Feature", "id": [1], "properties": {}, "geometry": null}"#, "id", "id must be a string or a number, found an array"),
            (#"{"type": "Feature", "properties": [], "geometry": null}"#, "properties", "properties must be an object or null, found an array"),
            (#"{"type": "Feature", "properties": {}}"#, "geometry", "missing \"geometry\" member"),
            (#"{"type": "Featur", "properties": {}, "geometry": null}"#, "type", "expected \"type\": \"Feature\""),
            (#"{"properties": {}, "geometry": null}"#, "type", "expected \"type\": \"Feature\""),
            (#"{"type": "Feature", "bbox": [0, 0, 1], "geometry": null}"#, "bbox", "bbox must be an array of 2×n numbers"),
            (#"{"type": "Feature", "bbox": [0, 0, "1", 1], "geometry": null}"#, "bbox", "bbox must hold numbers only"),
            (#"{"type": "Feature", "properties": {"a": "\x"}, "geometry": null}"#, "properties", "invalid escape"),
            (#"{"type": "Feature", "properties": {"a": 1,}, "geometry": null}"#, "properties", "expected"),
        ]
        for (feature, key, message) in cases {
            let e = try featureError(feature, index: 3)
            #expect(e.featureIndex == 3, "\(feature)")
            #expect(e.key == key, "\(feature): \(e)")
            #expect(e.message.contains(message), "\(feature): \(e)")
        }
        let notObject = try featureError("42", index: 2)
        #expect(notObject.featureIndex == 2)
        #expect(notObject.message.contains("expected a Feature object, found a number"))
    }

    @Test func documentLevelErrors() throws {
        let truncated = try #require(inputError {
            try read(#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "静"#, file: "a.geojson")
        })
        #expect(truncated.file == "a.geojson")
        #expect(truncated.featureIndex == 0)
        #expect(truncated.key == "properties")
        #expect(truncated.message == "unexpected end of file in a string")
        let trailing = try #require(inputError { try read(#"{"type": "Point", "coordinates": [0, 0]} ]"#) })
        #expect(trailing.message == "trailing characters after the JSON value")
        #expect(trailing.featureIndex == nil)
        let badUTF8 = Array(#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"n": ""#.utf8) + [0xB0]
            + Array(#""}, "geometry": null}]}"#.utf8)
        let u = try #require(inputError { try GeoJSONReader.read(bytes: badUTF8, file: "b.geojson") })
        #expect(u.message.hasPrefix("not UTF-8"))
        #expect(u.featureIndex == 0)
        #expect(u.key == "properties")
        #expect(u.byteOffset == badUTF8.firstIndex(of: 0xB0))
        #expect(inputError { try read(#"{"type": "FeatureCollection"}"#) }?.key == "features")
        #expect(inputError { try read(#"{"type": "FeatureCollection", "features": {}}"#) }?.message.contains("\"features\" array") == true)
        #expect(inputError { try read(#"{"type": "Topology"}"#) }?.message.contains("unknown GeoJSON type") == true)
        #expect(inputError { try read(#"{"features": []}"#) }?.message.contains("missing \"type\"") == true)
        #expect(inputError { try read("[1, 2]") }?.message.contains("expected a GeoJSON object") == true)
        #expect(inputError { try read("") }?.message.contains("empty") == true)
    }

    @Test func missingFileIsAFileError() throws {
        #expect(throws: FileError.self) { try GeoJSONReader.read(path: "/nonexistent/x.geojson") }
        #expect(throws: FileError.self) { try GeoJSONReader.read(path: Self.root.path) }
    }

    // MARK: Real data

    @Test func helsinkiPopulationGridWithLegacyCRS() throws {
        let path = TestSupport.RealData.helsinkiPopulationGrid
        try #require(FileManager.default.fileExists(atPath: path))
        let fc = try GeoJSONReader.readFeatureCollection(path: path)
        #expect(fc.features.count == 92)
        let total = fc.features.compactMap { $0.number("population") }.reduce(0, +)
        #expect(total == 71_724)
        #expect(fc.foreignMembers["crs"] != nil)
        let slow = try GeoJSONDecoding.object(from: try JSONParser.parse(try GeoJSONReader.readBytes(path: path), file: path), file: path)
        #expect(slow.asFeatureCollection == fc)
    }

    @Test(TestSupport.RealData.needsJinganDistrict)
    func jinganBoundaryIsABareMultiPolygon() throws {
        let path = TestSupport.RealData.jinganDistrictGCJ02
        guard case .geometry(let g) = try GeoJSONReader.read(path: path), case .multiPolygon = g else {
            Issue.record("not a bare MultiPolygon")
            return
        }
        var vertices = 0
        g.forEachPosition { _ in vertices += 1 }
        #expect(vertices == 969)
        let box = try #require(g.boundingBox)
        #expect(box.minX > 121.3 && box.maxX < 121.6 && box.minY > 31.1 && box.maxY < 31.4)
    }
}

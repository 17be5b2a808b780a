import Foundation
import Testing
@testable import LifeCircle

/// The GeoJSON writer: exact fixed-decimal numbers, escapes, member order, ring orientation,
/// golden fixtures and a seeded write/read round trip.
@Suite struct GeoJSONWriterTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/geojson")

    func text(_ fc: FeatureCollection, precision: Int = 7) -> String {
        String(decoding: GeoJSONWriter.encode(fc, precision: precision), as: UTF8.self)
    }

    // MARK: Numbers

    @Test func fixedDecimalsMatchPrintfOnRandomValues() {
        var rng = SplitMix64(seed: 2024)
        var checked = 0
        for i in 0..<60_000 {
            let d: Double
            switch i % 5 {
            case 0: d = (rng.unit() - 0.5) * 360
            case 1: d = (rng.unit() - 0.5) * pow(10, Double(Int(rng.next() % 30)) - 15)
            case 2: d = Double(Int64(bitPattern: rng.next()) % 100_000_000) / 1e7  // short decimals
            case 3: d = (Double(Int64(bitPattern: rng.next()) % 1_000_000) + 0.5) / pow(10, Double(rng.next() % 8))  // ties
            default: d = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (rng.next() % 2 == 0 ? 1 : -1)
            }
            let precision = i % 3 == 0 ? 7 : Int(rng.next() % 12)
            let fast = GeoJSONWriter.number(d, precision)
            let reference = FixedDecimal.reference(d, precision: precision)
            #expect(fast == reference, "\(d) at \(precision)")
            checked += 1
        }
        #expect(checked == 60_000)
    }

    @Test func fixedDecimalsKnownCases() {
        #expect(GeoJSONWriter.number(121.4, 7) == "121.4")
        #expect(GeoJSONWriter.number(31.23045123, 7) == "31.2304512")
        #expect(GeoJSONWriter.number(5, 7) == "5")
        #expect(GeoJSONWriter.number(-0.0, 7) == "0")
        #expect(GeoJSONWriter.number(-0.00000001, 7) == "0")
        #expect(GeoJSONWriter.number(-0.00000005, 7) == "0")  // the double is just below 5e-8 in magnitude
        #expect(GeoJSONWriter.number(-0.00000006, 7) == "-0.0000001")
        #expect(GeoJSONWriter.number(0.125, 2) == "0.12")  // an exact tie rounds to even
        #expect(GeoJSONWriter.number(0.375, 2) == "0.38")
        #expect(GeoJSONWriter.number(2.5, 0) == "2")
        #expect(GeoJSONWriter.number(1e300, 2) == String(format: "%.0f", 1e300))
        #expect(GeoJSONWriter.number(.nan, 7) == "null")
        #expect(GeoJSONWriter.number(.infinity, 7) == "null")
        #expect(GeoJSONWriter.plainNumber(42) == "42")
        #expect(GeoJSONWriter.plainNumber(-3) == "-3")
        #expect(GeoJSONWriter.plainNumber(-0.0) == "0")
        #expect(GeoJSONWriter.plainNumber(2.5) == "2.5")
        #expect(GeoJSONWriter.plainNumber(1.0 / 3.0) == "0.333333")
        #expect(GeoJSONWriter.plainNumber(1e20) == "100000000000000000000")
    }

    // MARK: Text and members

    @Test func escapesControlCharactersAndKeepsChineseAsUTF8() {
        #expect(GeoJSONWriter.escape("a\"b\\c\nd\re\tf\u{01}\u{1F}") == #"a\"b\\c\nd\re\tf\u0001\u001f"#)
        #expect(GeoJSONWriter.escape("静安寺 ☕ 😀") == "静安寺 ☕ 😀")
        let v: JSONValue = .object(JSONObject([("名", .string("江宁路")), ("x", .array([1, 2.5, nil, true]))]))
        #expect(GeoJSONWriter.encode(value: v) == #"{"名":"江宁路","x":[1,2.5,null,true]}"#)
    }

    @Test func memberOrderForeignMembersAndOneFeaturePerLine() throws {
        var props = JSONObject()
        props["z"] = "last-first"
        props["a"] = 1
        let fc = FeatureCollection(
            features: [
                Feature(id: .string("f1"), geometry: .point(Position(x: 121.5, y: 31.25)), properties: props, bbox: [1, 2, 3, 4]),
                Feature(id: .number(2), geometry: nil),
            ],
            bbox: [0, 0, 1, 1],
            foreignMembers: JSONObject([("name", "layer"), ("crs", .object(JSONObject([("type", "name")])))]))
        let expected = """
            {"type":"FeatureCollection","name":"layer","bbox":[0,0,1,1],"features":[
            {"type":"Feature","id":"f1","bbox":[1,2,3,4],"properties":{"z":"last-first","a":1},"geometry":{"type":"Point","coordinates":[121.5,31.25]}},
            {"type":"Feature","id":2,"properties":{},"geometry":null}
            ]}

            """
        #expect(text(fc) == expected)
        #expect(text(FeatureCollection()) == "{\"type\":\"FeatureCollection\",\"features\":[\n]}\n")
    }

    @Test func ringsFollowTheRightHandRule() throws {
        let cwExterior = [Position(x: 0, y: 0), Position(x: 0, y: 4), Position(x: 4, y: 4), Position(x: 4, y: 0), Position(x: 0, y: 0)]
        let ccwHole = [Position(x: 1, y: 1), Position(x: 2, y: 1), Position(x: 2, y: 2), Position(x: 1, y: 1)]
        let out = GeoJSONWriter.encode(geometry: .multiPolygon([[cwExterior, ccwHole]]))
        let back = try GeoJSONReader.read(bytes: Array(out.utf8), file: "o.geojson")
        guard case .geometry(.multiPolygon(let polys)) = back else {
            Issue.record("not a multipolygon: \(out)")
            return
        }
        #expect(GeoJSONWriter.signedArea(polys[0][0]) > 0)
        #expect(GeoJSONWriter.signedArea(polys[0][1]) < 0)
        #expect(polys[0][0] == cwExterior.reversed())
        #expect(polys[0][1] == ccwHole.reversed())
    }

    @Test func writesAtomicallyToAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geojson-writer-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.geojson").path
        let fc = FeatureCollection(features: [Feature(geometry: .point(Position(x: 1, y: 2)), properties: JSONObject([("名", "静安")]))])
        try GeoJSONWriter.write(fc, to: path)
        #expect(try GeoJSONReader.readFeatureCollection(path: path) == fc)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names == ["out.geojson"])
    }

    // MARK: Round trips

    @Test func seededRandomGeometriesRoundTrip() throws {
        var rng = SplitMix64(seed: 99)
        func coordinate() -> Double { Double(Int64(bitPattern: rng.next()) % 1_800_000_000) / 1e7 }
        func position() -> Position { Position(x: coordinate(), y: Double(Int64(bitPattern: rng.next()) % 900_000_000) / 1e7) }
        func line(_ n: Int) -> [Position] { (0..<n).map { _ in position() } }
        func ring(counterclockwise: Bool) -> [Position] {
            // A triangle-fan star around a centre, in angle order: a simple ring.
            let c = position()
            let n = 3 + Int(rng.next() % 8)
            var r = (0..<n).map { k -> Position in
                let a = Double(k) / Double(n) * 2 * Double.pi
                let radius = 0.001 + rng.unit() * 0.01
                return Position(x: ((c.x + radius * cos(a)) * 1e7).rounded() / 1e7, y: ((c.y + radius * sin(a)) * 1e7).rounded() / 1e7)
            }
            r.append(r[0])
            return counterclockwise ? r : r.reversed()
        }
        func polygon() -> [[Position]] {
            [ring(counterclockwise: true)] + (rng.next() % 2 == 0 ? [ring(counterclockwise: false)] : [])
        }
        func geometry(_ depth: Int) -> Geometry {
            switch rng.next() % (depth > 1 ? 6 : 7) {
            case 0: return .point(position())
            case 1: return .multiPoint(line(Int(rng.next() % 4)))
            case 2: return .lineString(line(2 + Int(rng.next() % 6)))
            case 3: return .multiLineString((0..<(1 + Int(rng.next() % 3))).map { _ in line(2 + Int(rng.next() % 4)) })
            case 4: return .polygon(polygon())
            case 5: return .multiPolygon((0..<(1 + Int(rng.next() % 3))).map { _ in polygon() })
            default: return .geometryCollection((0..<Int(rng.next() % 3)).map { _ in geometry(depth + 1) })
            }
        }
        func value(_ depth: Int) -> JSONValue {
            switch rng.next() % (depth > 2 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(rng.next() % 2 == 0)
            case 2: return .number(Double(Int64(bitPattern: rng.next()) % 1_000_000))
            case 3: return .number(Double(Int64(bitPattern: rng.next()) % 1_000_000) / 64)  // exact binary fractions
            case 4: return .string(["静安", "a\"b", "tab\t", "\u{01}x", "😀", ""][Int(rng.next() % 6)])
            case 5: return .array((0..<Int(rng.next() % 3)).map { _ in value(depth + 1) })
            default: return .object(JSONObject((0..<Int(rng.next() % 3)).map { k in ("k\(k)", value(depth + 1)) }))
            }
        }
        var features: [Feature] = []
        for i in 0..<400 {
            var props = JSONObject()
            for k in 0..<Int(rng.next() % 5) { props["p\(k)-\(rng.next() % 100)"] = value(0) }
            let id: FeatureID? = i % 3 == 0 ? .number(Double(i)) : (i % 3 == 1 ? .string("f\(i)") : nil)
            features.append(Feature(id: id, geometry: i % 17 == 0 ? nil : geometry(0), properties: props))
        }
        let fc = FeatureCollection(features: features, foreignMembers: JSONObject([("name", "random")]))
        let bytes = GeoJSONWriter.encode(fc)
        let back = try GeoJSONReader.read(bytes: bytes, file: "random.geojson").asFeatureCollection
        #expect(back.features.count == fc.features.count)
        for (a, b) in zip(back.features, fc.features) { #expect(a == b) }
        #expect(back.foreignMembers == fc.foreignMembers)
        #expect(GeoJSONWriter.encode(back) == bytes)
    }

    /// Golden pairs: each `in/X.geojson` read and written must match `out/X.geojson` (numbers
    /// compared with a tolerance, everything else exactly, member order included).
    @Test func everyGoldenInputIsWrittenAsItsGoldenOutput() throws {
        let inFolder = Self.fixtures.appendingPathComponent("in")
        let names = try FileManager.default.contentsOfDirectory(atPath: inFolder.path).filter { $0.hasSuffix(".geojson") }.sorted()
        #expect(names.count >= 3)
        for name in names {
            let input = inFolder.appendingPathComponent(name).path
            let expectedPath = Self.fixtures.appendingPathComponent("out").appendingPathComponent(name).path
            let written = GeoJSONWriter.encode(try GeoJSONReader.readFeatureCollection(path: input))
            let expected = try GeoJSONReader.readBytes(path: expectedPath)
            let a = try JSONParser.parse(written, file: "written " + name)
            let b = try JSONParser.parse(expected, file: expectedPath)
            #expect(Self.close(a, b), "\(name): \(String(decoding: written, as: UTF8.self))")
        }
    }

    /// Structural equality with numbers equal within 1e-9.
    static func close(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return abs(x - y) <= 1e-9
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { close($0, $1) }
        case (.object(let x), .object(let y)):
            return x.keys == y.keys && x.keys.allSatisfy { k in x[k].flatMap { xv in y[k].map { close(xv, $0) } } ?? false }
        default: return a == b
        }
    }
}

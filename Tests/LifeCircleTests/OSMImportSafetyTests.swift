import Foundation
import Testing

@testable import LifeCircle

/// The OSM bad-input corpus: each folder under Fixtures/bad-osm holds a small extract (hand-made
/// or written by osmium) and an `expect.json` with the `import-osm` arguments (paths relative to the
/// folder; `--out` is added), the exit status and the texts its output must contain.
@Suite struct OSMBadCorpusTests {
    struct Expectation: Decodable {
        var args: [String]
        var status: Int32
        var contains: [String]
    }

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestSupport.fixture("bad-osm"))) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    @Test func theCorpusHoldsEveryCase() {
        #expect(Self.cases.count >= 19)
    }

    @Test(arguments: cases)
    func importOSMExitsAndSaysWhy(_ name: String) throws {
        let folder = TestSupport.fixture("bad-osm/" + name)
        let data = try #require(FileManager.default.contents(atPath: folder + "/expect.json"), "\(name) has no expect.json")
        let expect = try JSONDecoder().decode(Expectation.self, from: data)
        let out = try TestSupport.temporaryFolder("bad-osm-\(name)") + "/out"
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: out).deletingLastPathComponent().path) }
        let result = try TestSupport.run(["import-osm"] + expect.args + ["--out", out], cwd: folder)
        let output = result.stdout + result.stderr
        #expect(result.status == expect.status, "\(name): exit \(result.status)\n\(output)")
        for text in expect.contains {
            #expect(output.contains(text), "\(name): the output lacks \"\(text)\":\n\(output)")
        }
        if expect.status == 0 {
            #expect(FileManager.default.fileExists(atPath: out + "/plan.json"), "\(name): no plan written")
        } else {
            #expect(!FileManager.default.fileExists(atPath: out), "\(name): a failed import left output behind")
        }
    }
}

/// The bytes of every .geojson layer in `dir`, by name (plan.json names the extract, so it differs).
private func layers(_ dir: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".geojson") {
        out[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
    }
    return out
}

/// Runs osmium with `arguments`; true when it succeeded.
private func osmium(_ arguments: [String]) throws -> Bool {
    let result = try TestSupport.runProcess(OSMTestData.osmium ?? "/usr/bin/osmium", arguments)
    return result.status == 0
}

@Suite struct OSMImportFormatSafetyTests {
    static let small = OSMTestData.fixtures.appendingPathComponent("small.osm").path

    @Test(
        "locations-on-ways copies (PBF and XML, untagged nodes dropped) and .osm.bz2 import to the same layers as the plain file",
        arguments: ["04-locations-on-ways-pbf/small-low.osm.pbf", "05-locations-on-ways-xml/small-low.osm", "06-bzip2/small.osm.bz2"])
    func sameLayersAsPlain(relative: String) throws {
        let dir = try TestSupport.temporaryFolder("osm-same")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plain = try OSMImporter().run(extract: Self.small, outDir: dir + "/plain")
        let other = try OSMImporter().run(extract: TestSupport.fixture("bad-osm/" + relative), outDir: dir + "/other")
        #expect(other.networkSegments == plain.networkSegments)
        #expect(other.missingNodeRefs == plain.missingNodeRefs)
        let a = try layers(dir + "/plain"), b = try layers(dir + "/other")
        #expect(a.count == 8)
        #expect(a == b, "\(relative): layers differ from small.osm's")
    }

    @Test(
        "Helsinki: a copy made by osmium add-locations-to-ways imports to byte-identical layers",
        .enabled(if: OSMTestData.osmium != nil, "osmium is not on PATH: install osmium-tool to run this test"),
        .enabled(if: FileManager.default.fileExists(atPath: OSMTestData.helsinki), "the Helsinki extract fixture (Fixtures/real) is missing"))
    func helsinkiLocationsOnWays() throws {
        let dir = try TestSupport.temporaryFolder("osm-low")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let low = dir + "/helsinki-low.osm.pbf"
        // The extract cuts ways at its edge: their outside nodes get no location.
        #expect(try osmium(["add-locations-to-ways", "--ignore-missing-nodes", OSMTestData.helsinki, "-o", low, "--overwrite"]))
        let plain = try OSMImporter().run(extract: OSMTestData.helsinki, outDir: dir + "/plain")
        let located = try OSMImporter().run(extract: low, outDir: dir + "/low")
        #expect(located.counts.nodes < plain.counts.nodes)  // the untagged nodes are gone
        #expect(located.networkSegments == plain.networkSegments)
        #expect(try layers(dir + "/low") == layers(dir + "/plain"))
    }
}

@Suite struct OSMWalkTopologySafetyTests {
    /// private paths are closed unless foot allows them.
    @Test func privatePathsAreClosedUnlessFootAllowsThem() {
        func walkable(_ tags: [(String, String)]) -> Bool {
            OSMWalkRules.isWalkable(tags.map { OSMTag(key: $0.0, value: $0.1) })
        }
        #expect(!walkable([("highway", "footway"), ("foot", "private")]))
        #expect(!walkable([("highway", "residential"), ("access", "yes"), ("foot", "private")]))
        #expect(!walkable([("highway", "service"), ("access", "private")]))
        #expect(!walkable([("highway", "path"), ("foot", "no")]))
        for permission in ["yes", "designated", "permissive"] {
            #expect(walkable([("highway", "service"), ("access", "private"), ("foot", permission)]))
        }
    }

    /// a bridge node at a road node's coordinates: the written network has the components the import reports.
    @Test func aBridgeNodeOnARoadNodeGivesTheComponentsTheImportReports() throws {
        let dir = try TestSupport.temporaryFolder("osm-bridge")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try OSMImporter().run(extract: TestSupport.fixture("bad-osm/14-bridge-coincident-nodes/extract.osm"), outDir: dir)
        #expect(s.componentSizes == [1, 1, 1])
        // The analysis's graph: lines joined only at bit-equal coordinates.
        let network = try GeoJSONReader.readFeatureCollection(path: dir + "/network.geojson")
        var lines: [[Position]] = []
        for f in network.features {
            if case .lineString(let line)? = f.geometry { lines.append(line) }
        }
        let graph = WalkNetwork.build(lines: lines)
        var linesPerComponent: [Int: Set<Int32>] = [:]
        for e in 0..<graph.edgeCount {
            linesPerComponent[Int(graph.nodeComponent[Int(graph.edgeFrom[e])]), default: []].insert(graph.edgeLine[e])
        }
        #expect(linesPerComponent.values.map(\.count).sorted(by: >) == s.componentSizes)
        // The bridge's middle node moved 2e-7° east (1e-7° east is node 7 of the path).
        let bridge = try #require(network.features.first { $0.string("id") == "w2-0" })
        #expect(bridge.geometry == .lineString([
            Position(lon: 25.001, lat: 59.999), Position(lon: 25.0010002, lat: 60.0), Position(lon: 25.001, lat: 60.001),
        ]))
    }
}

@Suite struct OSMPopulationSafetyTests {
    static let small = OSMTestData.fixtures.appendingPathComponent("small.osm").path

    /// Residents of an import: id → (population, age60plus, floor area).
    private func residents(_ dir: String) throws -> [String: (population: Double?, elderly: Double?, floor: Double)] {
        let fc = try GeoJSONReader.readFeatureCollection(path: dir + "/residents.geojson")
        var out: [String: (population: Double?, elderly: Double?, floor: Double)] = [:]
        for f in fc.features {
            out[f.string("id") ?? ""] = (f.number("population"), f.number("age60plus"), f.number("floor_area") ?? 0)
        }
        return out
    }

    /// without a population source: a warning, and validate gives one error naming residents.geojson.
    @Test func withoutAPopulationSourceTheImportWarnsAndValidateRefusesTheResidents() throws {
        let dir = try TestSupport.temporaryFolder("osm-nopop")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try TestSupport.run(["import-osm", Self.small, "--out", dir + "/out"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: no population source"))
        let plan = try String(contentsOfFile: dir + "/out/plan.json", encoding: .utf8)
        #expect(plan.contains("warning: no population source") && !plan.contains("give population in the plan"))
        let report = Validator.validatePlan(path: dir + "/out")
        let errors = report.problems.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.description))")
        let error = try #require(errors.first)
        #expect(error.file.hasSuffix("/residents.geojson") && error.featureIndex == nil && error.key == "population")
        #expect(error.message.contains("--population-total"))
        let validate = try TestSupport.run(["validate", dir + "/out"])
        #expect(validate.status == 1)
        #expect(validate.stdout.components(separatedBy: "residents.geojson: \"population\"").count == 2)
    }

    /// --population-total spreads one total over residential buildings by floor area.
    @Test func aPopulationTotalIsSpreadOverResidentialFloorArea() throws {
        let dir = try TestSupport.temporaryFolder("osm-total")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try TestSupport.run(["import-osm", Self.small, "--out", dir + "/out", "--population-total", "1000"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("population: --population-total 1000 spread over all residential buildings by floor area"))
        #expect(try String(contentsOfFile: dir + "/out/plan.json", encoding: .utf8).contains("--population-total 1000"))
        let rows = try residents(dir + "/out")
        #expect(rows.count == 3)
        let people = rows.values.compactMap(\.population)
        #expect(people.count == 3 && abs(people.reduce(0, +) - 1000) < 1e-4)
        let floor = rows.values.reduce(0) { $0 + $1.floor }
        for (id, r) in rows {
            // Each building's share of the people is its share of the (rounded) floor area.
            #expect(abs((r.population ?? 0) / 1000 - r.floor / floor) < 1e-3, "\(id)")
        }
        let validate = try TestSupport.run(["validate", dir + "/out"])
        #expect(validate.status == 0, "\(validate.stdout)")
    }

    /// a boundary whose streets carry population and population60plus: each street's people over its buildings.
    @Test func aBoundaryWithStreetPopulationsSpreadsEachStreetOverItsBuildings() throws {
        let dir = try TestSupport.temporaryFolder("osm-streets")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // North holds the three residential buildings of small.osm; South none (its people stay at its point).
        let streets = """
            {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "North", "population": 900, "population60plus": 300}, "geometry": {"type": "Polygon", "coordinates": [[[24.99, 60.005], [25.04, 60.005], [25.04, 60.04], [24.99, 60.04], [24.99, 60.005]]]}},
            {"type": "Feature", "properties": {"name": "South", "population": 40, "population60plus": 10}, "geometry": {"type": "Polygon", "coordinates": [[[24.99, 59.99], [25.04, 59.99], [25.04, 60.005], [24.99, 60.005], [24.99, 59.99]]]}}
            ]}
            """
        try AtomicFile.write(streets, to: dir + "/streets.geojson")
        let run = try TestSupport.run(["import-osm", Self.small, "--out", dir + "/out", "--boundary", dir + "/streets.geojson"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("population: each street's population (and population60plus) from streets.geojson"))
        let rows = try residents(dir + "/out")
        let north = rows.filter { $0.key.hasPrefix("w") }
        #expect(north.count == 3)
        #expect(abs(north.values.reduce(0) { $0 + ($1.population ?? 0) } - 900) < 1e-4)
        #expect(abs(north.values.reduce(0) { $0 + ($1.elderly ?? 0) } - 300) < 1e-4)
        #expect(rows["unit-South"]?.population == 40 && rows["unit-South"]?.elderly == 10)
        // The streets layer keeps the boundary's own features; elder canteens serve the 60+.
        let written = try GeoJSONReader.readFeatureCollection(path: dir + "/out/streets.geojson")
        #expect(written.features.map { $0.string("name") } == ["North", "South"])
        let plan = try String(contentsOfFile: dir + "/out/plan.json", encoding: .utf8)
        #expect(plan.contains("\"id\": \"elder-canteen\", \"name\": \"社区长者食堂 Elder canteen\", \"demand\": \"age60plus\""))
        let validate = try TestSupport.run(["validate", dir + "/out"])
        #expect(validate.status == 0, "\(validate.stdout)")
    }
}

import Foundation
import Testing

@testable import LifeCircle

/// Paths shared by the OSM tests.
enum OSMTestData {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let helsinki = TestSupport.RealData.helsinkiPBF
    static let grid = TestSupport.RealData.helsinkiPopulationGrid
    static let shanghai = TestSupport.RealData.peoplesSquareDrive
    static let fixtures = root.appendingPathComponent("Tests/LifeCircleTests/Fixtures/osm")

    static func tempDir(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lifecircle-osm-\(name)-\(UUID().uuidString)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// The full path of `osmium` when it is on PATH.
    static var osmium: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/osmium"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}

@Suite struct OSMReaderTests {
    /// Helsinki PBF element counts match osmium fileinfo -e.
    @Test func helsinkiPBFElementCountsMatchOsmiumFileinfo() throws {
        // `osmium fileinfo -e Fixtures/real/helsinki/helsinki-centre.osm.pbf` (osmium 1.15):
        // Number of nodes: 24260, Number of ways: 5130, Number of relations: 620.
        let counts = try OSMReader.count(path: OSMTestData.helsinki)
        #expect(counts == OSMElementCounts(nodes: 24260, ways: 5130, relations: 620))
        // The full decode sees the same numbers.
        struct Tally: OSMVisitor {
            var counts = OSMElementCounts()
            var tagged = 0
            mutating func visit(node: OSMNode) { counts.nodes += 1; if !node.tags.isEmpty { tagged += 1 } }
            mutating func visit(way: OSMWay) { counts.ways += 1 }
            mutating func visit(relation: OSMRelation) { counts.relations += 1 }
        }
        var tally = Tally()
        let seen = try OSMReader.read(path: OSMTestData.helsinki, visitor: &tally)
        #expect(seen == counts)
        #expect(tally.counts == counts)
        #expect(tally.tagged > 0)
    }

    /// reader hints: only tagged nodes, no tags.
    @Test(arguments: [OSMTestData.helsinki, OSMTestData.shanghai])
    func readerHintsSkipUntaggedNodesAndTags(path: String) throws {
        struct Tally: OSMVisitor {
            var nodes = 0, tagged = 0, wayTags = 0, ways = 0
            mutating func visit(node: OSMNode) { nodes += 1; if !node.tags.isEmpty { tagged += 1 } }
            mutating func visit(way: OSMWay) { ways += 1; wayTags += way.tags.count }
        }
        var all = Tally()
        try OSMReader.read(path: path, visitor: &all)
        var taggedOnly = Tally()
        try OSMReader.read(path: path, kinds: [.nodes, .onlyTaggedNodes], visitor: &taggedOnly)
        #expect(taggedOnly.nodes == all.tagged && taggedOnly.tagged == all.tagged && taggedOnly.ways == 0)
        var bare = Tally()
        try OSMReader.read(path: path, kinds: [.nodes, .ways, .skipTags], visitor: &bare)
        #expect(bare.nodes == all.nodes && bare.ways == all.ways)
        #expect(bare.tagged == 0 && bare.wayTags == 0 && all.wayTags > 0)
    }

    /// A digest of every element field a reader hands over (FNV-1a over ids, positions, tags,
    /// references, members).
    struct Digest: OSMVisitor {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func mix(_ v: Int64) { hash = (hash ^ UInt64(bitPattern: v)) &* 0x100_0000_01b3 }
        mutating func mix(_ s: String) { for b in s.utf8 { mix(Int64(b)) } }
        mutating func mix(_ tags: [OSMTag]) { for t in tags { mix(t.key); mix(t.value) } }
        mutating func visit(node: OSMNode) { mix(node.id); mix(Int64(node.latE7)); mix(Int64(node.lonE7)); mix(node.tags) }
        mutating func visit(way: OSMWay) { mix(way.id); for r in way.refs { mix(r) }; mix(way.tags) }
        mutating func visit(relation: OSMRelation) {
            mix(relation.id)
            for m in relation.members { mix(m.ref); mix(m.role); mix(m.type.rawValue) }
            mix(relation.tags)
        }
    }

    @Test(
        "XML read in tiny chunks gives the same elements", arguments: [16, 61, 997, 4096],
        [OSMTestData.shanghai, OSMImportTests.small])
    func chunkSeams(chunk: Int, path: String) throws {
        var reference = Digest()
        var whole = try XMLReader(path: path, gzip: false)
        let counts = try whole.read(kinds: .all, visitor: &reference)
        var digest = Digest()
        var chunked = try XMLReader(path: path, gzip: false, chunkSize: chunk)
        #expect(try chunked.read(kinds: .all, visitor: &digest) == counts)
        #expect(digest.hash == reference.hash)
    }

    /// Shanghai XML element counts match osmium fileinfo -e.
    @Test func shanghaiXMLElementCountsMatchOsmiumFileinfo() throws {
        // `osmium fileinfo -e Fixtures/real/shanghai/peoples-square-drive.osm`:
        // Number of nodes: 2958, Number of ways: 796, Number of relations: 0.
        let counts = try OSMReader.count(path: OSMTestData.shanghai)
        #expect(counts == OSMElementCounts(nodes: 2958, ways: 796, relations: 0))
    }
}

/// Reads a written layer.
private func layer(_ dir: String, _ name: String) throws -> FeatureCollection {
    try GeoJSONReader.readFeatureCollection(path: dir + "/" + name)
}

/// Connected components of a network layer: lines joined where they share a vertex (union-find
/// over exact coordinates); sizes in segments, largest first.
private func componentSizes(_ network: FeatureCollection) -> [Int] {
    var vertexIndex: [Position: Int] = [:]
    var parent: [Int] = []
    func id(_ p: Position) -> Int {
        if let i = vertexIndex[p] { return i }
        vertexIndex[p] = parent.count
        parent.append(parent.count)
        return parent.count - 1
    }
    func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }
    var firsts: [Int] = []
    for f in network.features {
        guard case .lineString(let line)? = f.geometry, let first = line.first else { continue }
        let a = id(first)
        for p in line.dropFirst() {
            let ra = find(a), rb = find(id(p))
            if ra != rb { parent[rb] = ra }
        }
        firsts.append(a)
    }
    var sizes: [Int: Int] = [:]
    for a in firsts { sizes[find(a), default: 0] += 1 }
    return sizes.values.sorted(by: >)
}

@Suite struct OSMImportTests {
    static let small = OSMTestData.fixtures.appendingPathComponent("small.osm").path

    /// hand-made extract: walk rules, splitting at shared nodes, components.
    @Test func theHandMadeExtractsNetworkFollowsTheWalkRulesAndSplitsAtSharedNodes() throws {
        let out = try OSMTestData.tempDir("small-net")
        let s = try OSMImporter().run(extract: Self.small, outDir: out)
        #expect(s.counts == OSMElementCounts(nodes: 50, ways: 18, relations: 1))
        let network = try layer(out, "network.geojson")
        let ids = network.features.compactMap { $0.string("id") }
        // 10 and 11 cross at node 2 (two segments each); 13 motorway with sidewalk; 16 private but
        // foot=yes; 18 pedestrian area; 19 cycleway. Excluded: 12 motorway, 14 foot=no,
        // 15 access=private, 17 footway area, 20 cycleway foot=no.
        #expect(ids == ["w10-0", "w10-1", "w11-0", "w11-1", "w13-0", "w16-0", "w18-0", "w19-0"])
        #expect(network.features.first?.string("name") == "Main & Co")
        #expect(network.features.first?.geometry == .lineString([Position(lon: 25.0, lat: 60.0), Position(lon: 25.001, lat: 60.0)]))
        #expect(s.componentSizes == [6, 1, 1])
        #expect(componentSizes(network) == s.componentSizes)
    }

    /// hand-made extract: facilities by tag, representative points, entities.
    @Test func theHandMadeExtractsFacilitiesComeByTagWithRepresentativePoints() throws {
        let out = try OSMTestData.tempDir("small-fac")
        let s = try OSMImporter().run(extract: Self.small, outDir: out)
        #expect(s.facilities.map(\.category) == ["health-station", "elder-canteen", "fitness-point", "ev-charger", "aed-school"])
        #expect(s.facilities.map(\.count) == [2, 1, 0, 0, 2])
        let health = try layer(out, "facilities-health-station.geojson")
        #expect(health.features.map { $0.string("id") } == ["n20", "r40"])
        #expect(health.features.first?.string("name") == "Clinic <A> 中心")
        // The multipolygon's outer ring comes from an untagged member way: its centroid.
        #expect(health.features.last?.geometry == .point(Position(lon: 25.0065, lat: 60.0065)))
        let aed = try layer(out, "facilities-aed-school.geojson")
        #expect(aed.features.map { $0.string("osm_rule") } == ["emergency=defibrillator", "amenity=school"])
        #expect(aed.features.last?.geometry == .point(Position(lon: 25.0045, lat: 60.0035)))
        #expect(aed.features.allSatisfy { $0.string("status") == "existing" && $0.string("category") == "aed-school" })
    }

    /// hand-made extract: residents and dasymetric population.
    @Test func theHandMadeExtractsResidentsGetDasymetricPopulation() throws {
        let out = try OSMTestData.tempDir("small-res")
        var options = OSMImportOptions()
        options.populationPath = OSMTestData.fixtures.appendingPathComponent("small-population.geojson").path
        let s = try OSMImporter(options: options).run(extract: Self.small, outDir: out)
        let residents = try layer(out, "residents.geojson")
        // w62 is building=yes outside residential land use: not a resident.
        #expect(residents.features.map { $0.string("id") } == ["w60", "w61", "w63", "unit-C", "unit-D", "unit-E"])
        #expect(residents.features.map { $0.number("levels") } == [5, 2, 2, 0, 0, 0])
        let people = residents.features.map { $0.number("population") ?? -1 }
        // Unit A (700) over floor areas 5:2 of equal footprints; B (100) on its house; C and E
        // have no building and keep their people; D is outside the extract and is kept at its
        // point too (coverage then finds it unreachable), and reported.
        #expect(abs(people[0] - 500) < 0.01 && abs(people[1] - 200) < 0.01)
        #expect(people[2] == 100 && people[3] == 50 && people[4] == 1000 && people[5] == 7)
        #expect(abs(people.reduce(0, +) - 1857) < 1e-9)
        #expect(s.populationUnitsOutside == ["D"])
        #expect(s.populationOutside == 1000)
        let area = residents.features.first?.number("area") ?? 0
        #expect(abs(area - 61.8) < 0.2)  // 0.0001° × 0.0001° at 60°N ≈ 11.12 m × 5.56 m
        let streets = try layer(out, "streets.geojson")
        #expect(streets.features.map { $0.string("name") } == ["A", "B", "C", "D"])
    }

    /// boundary clipping keeps what lies inside.
    @Test func boundaryClippingKeepsWhatLiesInside() throws {
        let out = try OSMTestData.tempDir("small-bnd")
        var options = OSMImportOptions()
        options.boundaryPath = OSMTestData.fixtures.appendingPathComponent("small-boundary.geojson").path
        let s = try OSMImporter(options: options).run(extract: Self.small, outDir: out)
        #expect(s.networkSegments == 4)
        #expect(s.facilities.allSatisfy { $0.count == 0 })
        #expect(try layer(out, "streets.geojson").features.map { $0.string("name") } == ["West"])
        options.boundaryCRS = "no such CRS"
        #expect(throws: InputError.self) { try OSMImporter(options: options).run(extract: Self.small, outDir: out) }
    }

    /// boundary with population: units outside the boundary are left out and reported.
    @Test func populationUnitsOutsideTheBoundaryAreLeftOutAndReported() throws {
        let out = try OSMTestData.tempDir("small-bnd-pop")
        var options = OSMImportOptions()
        options.boundaryPath = OSMTestData.fixtures.appendingPathComponent("small-boundary.geojson").path
        options.populationPath = OSMTestData.fixtures.appendingPathComponent("small-population.geojson").path
        let s = try OSMImporter(options: options).run(extract: Self.small, outDir: out)
        // Only unit C lies inside the "West" boundary (and has no building): it is kept at its point.
        #expect(try layer(out, "residents.geojson").features.map { $0.string("id") } == ["unit-C"])
        #expect(s.populationUnitsOutsideBoundary == ["A", "B", "D", "E"])
        #expect(s.populationOutsideBoundary == 1807)
        #expect(s.populationUnitsOutside.isEmpty)
        #expect(s.population == 50)
        #expect(try layer(out, "streets.geojson").features.map { $0.string("name") } == ["C"])
    }

    /// a GCJ-02 boundary (Jing'an) is converted to WGS84 before clipping.
    @Test(TestSupport.RealData.needsJinganDistrict)
    func aGCJ02BoundaryIsConvertedToWGS84BeforeClipping() throws {
        let jingan = TestSupport.RealData.jinganDistrictGCJ02
        var options = OSMImportOptions()
        options.boundaryPath = jingan
        let all = try OSMImporter().run(extract: OSMTestData.shanghai, outDir: try OSMTestData.tempDir("gcj-all"))
        let raw = try OSMImporter(options: options).run(extract: OSMTestData.shanghai, outDir: try OSMTestData.tempDir("gcj-raw"))
        options.boundaryCRS = "GCJ-02"
        let converted = try OSMImporter(options: options).run(extract: OSMTestData.shanghai, outDir: try OSMTestData.tempDir("gcj-wgs"))
        // The extract straddles Jing'an's south-east edge: part of it lies inside.
        #expect(converted.networkSegments > 0 && converted.networkSegments < all.networkSegments)
        // The GCJ-02 offset (a few hundred metres) moves the edge: the clip differs.
        #expect(converted.networkSegments != raw.networkSegments)
        #expect(converted.notes.contains { $0.contains("GCJ-02") })
    }

    /// streamed layers are byte-identical to GeoJSONWriter.encode.
    @Test(arguments: [0, 1, 3])
    func streamedLayersAreByteIdenticalToTheWriter(count: Int) throws {
        let dir = try OSMTestData.tempDir("stream")
        var features: [Feature] = []
        for i in 0..<count {
            var props = JSONObject()
            props["id"] = .string("f\(i)")
            props["name"] = i == 1 ? .string("quote \" and 中文") : .null
            features.append(Feature(
                id: .string("f\(i)"), geometry: .lineString([Position(lon: 25 + Double(i) * 1e-7, lat: 60), Position(lon: 25.1, lat: 60.1)]),
                properties: props))
        }
        let stream = try OSMLayerStream(path: dir + "/layer.geojson")
        for f in features { try stream.append(f) }
        try stream.finish()
        let written = try GeoJSONReader.readBytes(path: dir + "/layer.geojson")
        #expect(written == GeoJSONWriter.encode(FeatureCollection(features: features)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["layer.geojson"])
    }

    /// facility table override from JSON.
    @Test func aJSONFacilityTableOverridesTheDefault() throws {
        let dir = try OSMTestData.tempDir("table")
        let path = dir + "/table.json"
        try AtomicFile.write(#"{"clinics": ["amenity=clinic"], "any-name": ["name=*+amenity=school|hospital"]}"#, to: path)
        var options = OSMImportOptions()
        options.facilityTable = try OSMFacilityTable.read(path: path)
        let s = try OSMImporter(options: options).run(extract: Self.small, outDir: dir + "/out")
        // Categories follow the JSON object's member order as the parser gives it; compare by id.
        let counts = Dictionary(uniqueKeysWithValues: s.facilities.map { ($0.category, $0.count) })
        #expect(counts == ["clinics": 1, "any-name": 2])
        try AtomicFile.write(#"{"bad": ["amenity"]}"#, to: path)
        #expect(throws: InputError.self) { try OSMFacilityTable.read(path: path) }
    }

    /// Matching: every condition of a rule, the first rule of each category; keys of any length
    /// (the length filter before the key lookup keeps none out that a rule tests).
    @Test func theFacilityTableMatchesKeysOfEveryLengthAndNothingElse() throws {
        let long = String(repeating: "k", count: 70)
        let table = try OSMFacilityTable([
            ("a", ["x=1", "amenity=clinic+\(long)=*"]),
            ("b", ["\(String(repeating: "k", count: 63))=yes", "emergency=defibrillator"]),
        ])
        func tags(_ pairs: [(String, String)]) -> [OSMTag] { pairs.map { OSMTag(key: $0.0, value: $0.1) } }
        func ids(_ pairs: [(String, String)]) -> [String] { table.match(tags(pairs)).map(\.category) }
        #expect(ids([("x", "1")]) == ["a"])
        #expect(ids([("y", "1"), ("x", "2")]).isEmpty)  // a key of the same length, a value not listed
        #expect(ids([("amenity", "clinic")]).isEmpty)  // one condition of two
        #expect(ids([("amenity", "clinic"), (long, "any")]) == ["a"])
        #expect(ids([("amenity", "clinic"), (String(repeating: "k", count: 71), "any")]).isEmpty)
        #expect(ids([(String(repeating: "k", count: 63), "yes"), ("x", "1")]) == ["a", "b"])
        #expect(ids([("emergency", "defibrillator"), ("amenity", "clinic"), (long, "")]) == ["a", "b"])
        #expect(table.match(tags([("x", "1")])).map(\.rule) == ["x=1"])
        // Keys equal by canonical equivalence match, whatever their bytes: "é" precomposed (2
        // bytes) and decomposed (3), the Kelvin sign (3 bytes) and "K" (1).
        let accents = try OSMFacilityTable([("c", ["caf\u{E9}=*"]), ("k", ["K=1"])])
        #expect(accents.match(tags([("cafe\u{301}", "x")])).map(\.category) == ["c"])
        #expect(accents.match(tags([("\u{212A}", "1")])).map(\.category) == ["k"])
        let kelvin = try OSMFacilityTable([("k", ["\u{212A}=1"])])
        #expect(kelvin.match(tags([("K", "1")])).map(\.category) == ["k"])
        #expect(kelvin.match(tags([("L", "1")])).isEmpty)
    }

    /// The ways the first pass keeps give the multipolygons' member ways without a second read of
    /// the file: every layer and the manifest are the bytes the second read gives.
    @Test func memberWaysKeptByTheFirstPassGiveTheLayersASecondReadGives() throws {
        let dir = try OSMTestData.tempDir("member-ways")
        let kept = try OSMImporter().run(extract: OSMTestData.helsinki, outDir: dir + "/kept")
        var options = OSMImportOptions()
        options.keptWayReferences = 0  // over the limit at the first way: the member ways are read again
        let read = try OSMImporter(options: options).run(extract: OSMTestData.helsinki, outDir: dir + "/read")
        #expect(kept.files == read.files && kept.residentialBuildings == read.residentialBuildings)
        for name in kept.files + ["lifecircle-manifest.json"] {
            let same = try GeoJSONReader.readBytes(path: dir + "/kept/" + name) == GeoJSONReader.readBytes(path: dir + "/read/" + name)
            #expect(same, "\(name) differs")
        }
    }

    /// Helsinki PBF: network, facilities, one large component plus counted islands.
    @Test func helsinkiPBFImportsOneLargeComponentPlusCountedIslands() throws {
        let out = try OSMTestData.tempDir("hel")
        let s = try OSMImporter().run(extract: OSMTestData.helsinki, outDir: out)
        #expect(s.counts == OSMElementCounts(nodes: 24260, ways: 5130, relations: 620))
        let network = try layer(out, "network.geojson")
        #expect(network.features.count == s.networkSegments)
        let sizes = componentSizes(network)
        #expect(sizes == s.componentSizes)
        // Recorded from this import: 4,502 segments, the largest component 4,432, 25 islands.
        #expect(s.networkSegments == 4502)
        #expect(sizes.first == 4432)
        #expect(sizes.count - 1 == 25)
        #expect(sizes.dropFirst().allSatisfy { $0 < 20 })
        let walkable = Set(OSMWalkRules.highways.keys)
        #expect(network.features.allSatisfy { walkable.contains($0.string("highway") ?? "") })
        #expect(s.facilities.map(\.count) == [11, 0, 11, 4, 3])
        #expect(s.residentialBuildings == 83)
        let plan = try JSONParser.parse(GeoJSONReader.readBytes(path: out + "/plan.json"), file: "plan.json")
        #expect(plan.objectValue?["layers"]?.objectValue?["network"]?.stringValue == "network.geojson")
        #expect(plan.objectValue?["categories"]?.arrayValue?.count == 5)
    }

    /// Helsinki with the population grid: every resident is kept, those outside the extract are unreachable.
    @Test func helsinkiWithThePopulationGridKeepsEveryResident() throws {
        let out = try OSMTestData.tempDir("hel-pop")
        var options = OSMImportOptions()
        options.populationPath = OSMTestData.grid
        let s = try OSMImporter(options: options).run(extract: OSMTestData.helsinki, outDir: out)
        let grid = try GeoJSONReader.readFeatureCollection(path: OSMTestData.grid)
        let total = grid.features.reduce(0) { $0 + ($1.number("population") ?? 0) }
        #expect(total == 71724)
        let residents = try layer(out, "residents.geojson")
        let written = residents.features.reduce(0) { $0 + ($1.number("population") ?? 0) }
        // Properties are written with 6 decimals: allow that rounding per resident.
        #expect(abs(written - total) < 1e-6 * Double(residents.features.count))
        #expect(abs((s.population ?? 0) - total) < 1e-6)
        let outside = Set(s.populationUnitsOutside)
        #expect(!outside.isEmpty && outside.count < grid.features.count)
        #expect(s.populationOutside > 0 && s.populationOutside < total)
        // Each cell becomes a street named by its id, those outside the extract too.
        #expect(try layer(out, "streets.geojson").features.count == grid.features.count)

        // Coverage on the imported plan: cells beyond the snap distance of the extract's network are
        // unreachable, counted in the demand, and all of them lie outside the extract.
        let (plan, _) = try PlanReader.read(path: out)
        let prepared = try PreparedStudy.prepare(try StudyLoader().load(plan))
        let analysis = try StudyAnalysis.run(prepared, scenarios: [.existing], metrics: [.network])
        let result = try #require(analysis.categories.first?.result(.existing))
        #expect(abs(result.totals.demand - total) < 1e-3)
        #expect(result.totals.unreachable > 0)
        for (i, r) in prepared.study.residents.enumerated() where result.status[i] == .unreachable {
            #expect(r.id.hasPrefix("unit-") && outside.contains(String(r.id.dropFirst(5))), "\(r.id) is unreachable")
        }
    }
}

/// Runs osmium with `arguments`; throws when it fails.
private func runOsmium(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: OSMTestData.osmium ?? "/usr/bin/osmium")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    struct OsmiumFailed: Error {}
    if process.terminationStatus != 0 { throw OsmiumFailed() }
}

/// The bytes of every .geojson layer in `dir`, by name.
private func layerBytes(_ dir: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".geojson") {
        out[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
    }
    return out
}

@Suite struct OSMFormatTests {
    @Test(
        "XML, gzip XML and PBF of the same data give identical layers (converted with osmium)",
        .enabled(if: OSMTestData.osmium != nil, "osmium is not on PATH: install osmium-tool to run this test"),
        arguments: [OSMTestData.shanghai, OSMImportTests.small])
    func sameLayers(xml: String) throws {
        let dir = try OSMTestData.tempDir("formats-\(URL(fileURLWithPath: xml).deletingPathExtension().lastPathComponent)")
        try runOsmium(["cat", xml, "-o", dir + "/x.osm.pbf", "--overwrite"])
        try runOsmium(["cat", xml, "-o", dir + "/x.osm.gz", "--overwrite"])
        let reference = try OSMImporter().run(extract: xml, outDir: dir + "/xml")
        let xmlLayers = try layerBytes(dir + "/xml")
        #expect(xmlLayers.count == 8)
        for converted in ["x.osm.pbf", "x.osm.gz"] {
            let s = try OSMImporter().run(extract: dir + "/" + converted, outDir: dir + "/out-" + converted)
            #expect(s.counts == reference.counts)
            #expect(try layerBytes(dir + "/out-" + converted) == xmlLayers, "\(converted) layers differ from the XML's")
        }
    }

    /// the committed gzip copy of the fixture reads like the XML.
    @Test func theCommittedGzipCopyReadsLikeTheXML() throws {
        let gz = OSMTestData.fixtures.appendingPathComponent("small.osm.gz").path
        #expect(try OSMReader.format(of: gz) == .gzipXML)
        let dirA = try OSMTestData.tempDir("gz-a"), dirB = try OSMTestData.tempDir("gz-b")
        let a = try OSMImporter().run(extract: gz, outDir: dirA)
        let b = try OSMImporter().run(extract: OSMImportTests.small, outDir: dirB)
        #expect(try layerBytes(dirA) == layerBytes(dirB))
        #expect(a.counts == b.counts)
        #expect(a.networkSegments == b.networkSegments && a.residentialBuildings == b.residentialBuildings)
    }

    /// Shanghai XML (OSMnx drive network) imports.
    @Test func shanghaiXMLImports() throws {
        let s = try OSMImporter().run(extract: OSMTestData.shanghai, outDir: try OSMTestData.tempDir("sh"))
        #expect(s.counts == OSMElementCounts(nodes: 2958, ways: 796, relations: 0))
        #expect(s.missingNodeRefs == 0)
        // Recorded from this import: 1,049 segments from 693 ways, the largest component 847.
        #expect(s.networkSegments == 1049)
        #expect(s.componentSizes.first == 847)
    }
}

@Suite struct OSMCorruptInputTests {
    /// Reads `bytes` written to a temp file as `name`; returns the thrown error.
    private func readError(_ bytes: [UInt8], name: String) throws -> InputError? {
        let dir = try OSMTestData.tempDir("corrupt")
        let path = dir + "/" + name
        try AtomicFile.write(bytes, to: path)
        do {
            var v = FullVisitor()
            try OSMReader.read(path: path, visitor: &v)
            return nil
        } catch let e as InputError {
            return e
        }
    }

    private struct FullVisitor: OSMVisitor {
        var n = 0
        mutating func visit(node: OSMNode) { n += 1 }
    }

    /// a PBF cut short fails with the byte offset.
    @Test(arguments: [1, 3, 10, 40, 200, 5_000, 100_000, 400_000, 685_000])
    func aPBFCutShortFailsWithTheByteOffset(length: Int) throws {
        let bytes = try GeoJSONReader.readBytes(path: OSMTestData.helsinki)
        let error = try #require(try readError(Array(bytes.prefix(length)), name: "cut.osm.pbf"))
        let offset = try #require(error.byteOffset)
        #expect(offset <= length)
        #expect(error.description.contains("truncated PBF"))
    }

    /// flipped bytes in a PBF fail with a clear error.
    @Test(arguments: [2, 20, 150, 1_000, 100_000, 400_000, 684_000])
    func flippedBytesInAPBFFailWithAClearError(at offset: Int) throws {
        var bytes = try GeoJSONReader.readBytes(path: OSMTestData.helsinki)
        bytes[offset] ^= 0xA5
        let error = try #require(try readError(bytes, name: "flip.osm.pbf"))
        #expect(error.byteOffset != nil)
        #expect(error.file.hasSuffix("flip.osm.pbf"))
    }

    /// truncated and corrupt gzip fail with the compressed byte offset.
    @Test func truncatedAndCorruptGzipFailWithTheCompressedByteOffset() throws {
        let bytes = try GeoJSONReader.readBytes(path: OSMTestData.fixtures.appendingPathComponent("small.osm.gz").path)
        let cut = try #require(try readError(Array(bytes.prefix(bytes.count / 2)), name: "cut.osm.gz"))
        #expect(cut.message.contains("truncated gzip"))
        #expect(cut.byteOffset == bytes.count / 2)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0xFF
        let bad = try #require(try readError(flipped, name: "flip.osm.gz"))
        #expect(bad.message.contains("gzip") || bad.message.contains("XML"))
    }

    @Test(
        "broken XML fails with the element and byte offset",
        arguments: [
            (#"<osm><node id="1" lat="60" lon="25"><tag k="a" v="b"/>"#, "inside node 1"),
            (#"<osm><node id="1" lat="60" lon="25"/>"#, "before </osm>"),
            (#"<osm><way id="5"><nd ref="x"/></way></osm>"#, "nd ref in way 5"),
            (#"<osm><node id="1" lat="sixty" lon="25"/></osm>"#, "lat of node 1"),
            (#"<osm><node id="1" lat="95" lon="25"/></osm>"#, "out of range"),
            (#"<osm><node id="1" lat="60" lon="25"><tag k="a&bogus;" v="b"/></node></osm>"#, "unknown XML entity"),
            (#"<osm><node id="1" lat="60" lon="25></osm>"#, "unterminated"),
            (#"<osm><node lat="60" lon="25"/></osm>"#, "without an id"),
            (#"<osm><way id="2"><node id="1" lat="60" lon="25"/></way></osm>"#, "inside way 2"),
            (#"<osm><node id="1" lat="60" lon="25"/"#, "ends inside a tag"),
        ])
    func brokenXML(text: String, expected: String) throws {
        let error = try #require(try readError(Array(text.utf8), name: "broken.osm"))
        #expect(error.description.contains(expected), "\(error)")
        #expect(error.byteOffset != nil)
    }

    /// a file that is not OSM data is refused.
    @Test func aFileThatIsNotOSMDataIsRefused() throws {
        let error = try #require(try readError(Array("hello, world".utf8), name: "hello.txt"))
        #expect(error.message.contains("not an OSM file"))
    }
}

import Foundation
import Testing
@testable import LifeCircle

/// Plan layers in other vector formats (read through GDAL/OGR) give the numbers of the same data
/// as GeoJSON. The layers are made at test time with `ogr2ogr` (gdal-bin, installed by `.ci/run`)
/// from the tiny plan and the Jing'an sample.
@Suite struct OGRInputTests {
    static var ogr2ogrPath: String? {
        ["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `ogr2ogr ARGS` in `folder`.
    static func ogr2ogr(_ arguments: [String], in folder: String) throws {
        let exe = try #require(ogr2ogrPath, "ogr2ogr (Debian gdal-bin) is needed to make the layers")
        let r = try TestSupport.runProcess(exe, arguments, cwd: folder)
        try #require(r.status == 0, "ogr2ogr \(arguments.joined(separator: " ")): \(r.stderr)")
    }

    /// A copy of the plan folder `source` in a fresh temporary folder.
    static func copy(_ source: String, label: String) throws -> String {
        let folder = try TestSupport.temporaryFolder(label)
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: (source as NSString).appendingPathComponent(name),
                                             toPath: (folder as NSString).appendingPathComponent(name))
        }
        return folder
    }

    /// Writes `folder/name`: the folder's plan.json with `layers` replaced by `layers`
    /// (merged over the existing ones).
    @discardableResult
    static func writePlan(in folder: String, name: String = "plan.json", layers: [String: Any]) throws -> String {
        let base = (folder as NSString).appendingPathComponent("plan.json")
        var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: base))) as? [String: Any])
        var merged = plan["layers"] as? [String: Any] ?? [:]
        for (k, v) in layers { merged[k] = v }
        plan["layers"] = merged
        let path = (folder as NSString).appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: plan, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func analysis(_ plan: String) throws -> StudyAnalysis {
        let (p, _) = try PlanReader.read(path: plan)
        return try StudyAnalysis.run(try PreparedStudy.prepare(try StudyLoader().load(p)))
    }

    /// The problems loading `plan` reports (the load must fail).
    static func loadProblems(_ plan: String) throws -> [InputError] {
        let (p, _) = try PlanReader.read(path: plan)
        do {
            _ = try StudyLoader().load(p)
        } catch let e as InputProblems {
            return e.problems.filter { $0.severity == .error }
        }
        Issue.record("loading \(plan) should fail")
        return []
    }

    /// Every category's coverage (per resident and in total) and street gaps, in both scenarios.
    static func expectSameNumbers(_ a: StudyAnalysis, _ b: StudyAnalysis, minutesTolerance: Double = 0) {
        #expect(a.categories.map(\.category.id) == b.categories.map(\.category.id))
        #expect(a.prepared.residentStreet == b.prepared.residentStreet)
        for (x, y) in zip(a.categories, b.categories) {
            for scenario in [CoverageScenario.existing, .withPlanned] {
                let rx = x.result(scenario), ry = y.result(scenario)
                #expect(rx != nil && ry != nil)
                #expect(rx?.totals == ry?.totals, "\(x.category.id) \(scenario) totals")
                #expect(rx?.status == ry?.status, "\(x.category.id) \(scenario) statuses")
                if let mx = rx?.minutes, let my = ry?.minutes {
                    #expect(mx.count == my.count)
                    let worst = zip(mx, my).map { $0 == $1 ? 0 : abs($0 - $1) }.max() ?? 0
                    #expect(worst <= minutesTolerance, "\(x.category.id) \(scenario) minutes differ by \(worst)")
                }
                #expect(x.streetGaps(scenario) == y.streetGaps(scenario), "\(x.category.id) \(scenario) street gaps")
            }
        }
    }

    static let jingan = TestSupport.root.appendingPathComponent("GeoData/jingan").path

    /// The done-when case of issue 17: residents as a Shapefile holding GCJ-02 coordinates with no
    /// `.prj` (the plan declares GCJ-02), streets and network as two layers of one GeoPackage,
    /// facilities and candidates GeoJSON, against the all-GeoJSON plan with the same GCJ-02 residents;
    /// the CLI's street gaps table is byte-identical too.
    @Test func shapefileGeoPackageAndGeoJSONGiveTheNumbersOfTheAllGeoJSONPlan() throws {
        let folder = try Self.copy(Self.jingan, label: "ogr-jingan")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let residents = try GeoJSONReader.readFeatureCollection(path: (folder as NSString).appendingPathComponent("residents.geojson"))
        var shifted = residents
        shifted.features = residents.features.map { f in
            var g = f
            g.geometry = f.geometry?.mapPositions { ChinaCoordinates.wgs84ToGCJ02($0) }
            return g
        }
        try GeoJSONWriter.write(shifted, to: (folder as NSString).appendingPathComponent("residents-gcj.geojson"))
        let reference = try Self.writePlan(in: folder, name: "geojson.json", layers: ["residents": ["path": "residents-gcj.geojson", "crs": "GCJ-02"]])

        try Self.ogr2ogr(["residents.shp", "residents-gcj.geojson"], in: folder)
        try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent("residents.prj"))
        try Self.ogr2ogr(["-f", "GPKG", "layers.gpkg", "streets.geojson", "-nln", "streets"], in: folder)
        try Self.ogr2ogr(["-f", "GPKG", "-update", "layers.gpkg", "network.geojson", "-nln", "network"], in: folder)
        let mixed = try Self.writePlan(in: folder, name: "mixed.json", layers: [
            "residents": ["path": "residents.shp", "crs": "GCJ-02"],
            "streets": ["path": "layers.gpkg", "layer": "streets"],
            "network": ["path": "layers.gpkg", "layer": "network"],
        ])
        let a = try Self.analysis(reference), b = try Self.analysis(mixed)
        #expect(b.prepared.study.residents.count == 21_371 && a.prepared.study.residents.count == 21_371)
        #expect(b.prepared.study.streets.count == a.prepared.study.streets.count)
        #expect(b.prepared.study.warnings.contains { $0.file.hasSuffix("residents.shp") && $0.message.contains("GCJ-02") })
        Self.expectSameNumbers(a, b)

        let cliA = try TestSupport.run(["gaps", "--format", "csv", reference])
        let cliB = try TestSupport.run(["gaps", "--format", "csv", mixed])
        #expect(cliA.status == 0 && cliB.status == 0, "\(cliB.stderr)")
        #expect(!cliA.stdout.isEmpty && cliA.stdout == cliB.stdout)

        // The declaration is what made it right: the same Shapefile read as WGS84 moves everyone
        // by about 500 m and changes the numbers.
        let undeclared = try Self.writePlan(in: folder, name: "undeclared.json", layers: [
            "residents": "residents.shp",
            "streets": ["path": "layers.gpkg", "layer": "streets"],
            "network": ["path": "layers.gpkg", "layer": "network"],
        ])
        let c = try Self.analysis(undeclared)
        #expect(c.categories.map { $0.result(.existing)?.totals } != a.categories.map { $0.result(.existing)?.totals })
    }

    /// Without a declaration the file's own CRS is used: residents reprojected to a metric CRS in
    /// a Shapefile's `.prj` give the tiny plan's numbers; a declaration overrides the `.prj`.
    @Test func theFilesCRSIsUsedUnlessThePlanDeclaresOne() throws {
        let folder = try Self.copy(TestSupport.fixture("plans/tiny"), label: "ogr-prj")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.ogr2ogr(["-t_srs", "EPSG:4549", "residents.shp", "residents.geojson"], in: folder)
        let plan = try Self.writePlan(in: folder, name: "shp.json", layers: ["residents": "residents.shp"])
        let a = try Self.analysis(TestSupport.fixture("plans/tiny")), b = try Self.analysis(plan)
        #expect(b.prepared.study.residents.count == 4)
        Self.expectSameNumbers(a, b, minutesTolerance: 1e-6)

        // Declaring WGS84 over a metric .prj: the eastings read as longitudes are refused.
        let wrong = try Self.writePlan(in: folder, name: "wrong.json", layers: ["residents": ["path": "residents.shp", "crs": "EPSG:4326"]])
        let problems = try Self.loadProblems(wrong)
        #expect(problems.contains { $0.file.hasSuffix("residents.shp") && $0.featureIndex == 0 && $0.key == "coordinates" })
    }

    /// The facilities layer as FlatGeobuf, CSV with a WKT column, CSV with X/Y columns and a File
    /// Geodatabase folder and KML: each gives the tiny plan's numbers (capacity, status and name
    /// come through). A File Geodatabase stores coordinates on a grid (about 1e-9°), so its walk
    /// minutes may differ in the tenth decimal.
    @Test(arguments: [
        ("facilities.fgb", ["-f", "FlatGeobuf"], 0.0),
        ("facilities-wkt.csv", ["-f", "CSV", "-lco", "GEOMETRY=AS_WKT"], 0.0),
        ("facilities-xy.csv", ["-f", "CSV", "-lco", "GEOMETRY=AS_XY"], 0.0),
        ("facilities.gdb", ["-f", "OpenFileGDB"], 1e-6),
        ("facilities.kml", ["-f", "KML"], 0.0),
    ])
    func facilitiesInOtherFormatsGiveTheSameNumbers(name: String, options: [String], tolerance: Double) throws {
        let folder = try Self.copy(TestSupport.fixture("plans/tiny"), label: "ogr-fac")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.ogr2ogr(options + [name, "facilities.geojson"], in: folder)
        let plan = try Self.writePlan(in: folder, name: "other.json", layers: ["facilities": name])
        let b = try Self.analysis(plan)
        let canteen = try #require(b.prepared.study.facilities["elder-canteen"]?.first)
        #expect(canteen.capacity == 150 && canteen.status == .planned && canteen.name == "长者食堂")
        Self.expectSameNumbers(try Self.analysis(TestSupport.fixture("plans/tiny")), b, minutesTolerance: tolerance)
    }

    @Test func anUnknownLayerIsNamedWithTheLayersThereAre() throws {
        let folder = try Self.copy(TestSupport.fixture("plans/tiny"), label: "ogr-bad")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.ogr2ogr(["-f", "GPKG", "layers.gpkg", "streets.geojson", "-nln", "streets"], in: folder)
        try Self.ogr2ogr(["-f", "GPKG", "-update", "layers.gpkg", "network.geojson", "-nln", "network"], in: folder)
        let unknown = try Self.writePlan(in: folder, name: "unknown.json", layers: ["streets": ["path": "layers.gpkg", "layer": "roads"]])
        let p = try #require(try Self.loadProblems(unknown).first)
        #expect(p.file.hasSuffix("layers.gpkg") && p.key == "layer")
        #expect(p.message == "no layer \"roads\" (the file has: \"streets\", \"network\")")

        // Two layers and no name: which one is meant is not guessed.
        let unnamed = try Self.writePlan(in: folder, name: "unnamed.json", layers: ["streets": "layers.gpkg"])
        let q = try #require(try Self.loadProblems(unnamed).first)
        #expect(q.message.contains("holds 2 layers") && q.message.contains("\"layer\""))

        // A layer name on a GeoJSON file is a mistake, not ignored.
        let geojson = try Self.writePlan(in: folder, name: "geojson.json", layers: ["streets": ["path": "streets.geojson", "layer": "streets"]])
        #expect(try Self.loadProblems(geojson).first?.message.contains("a GeoJSON file holds one layer") == true)

        // The CLI: exit 1, the file and the layer named, no output folder.
        let out = (folder as NSString).appendingPathComponent("out")
        let r = try TestSupport.run(["report", unknown, "--out", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("layers.gpkg") && r.stderr.contains("no layer \"roads\""))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aPointLayerGivenForStreetsNamesTheFeatureAndTheType() throws {
        let folder = try Self.copy(TestSupport.fixture("plans/tiny"), label: "ogr-type")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.ogr2ogr(["-f", "GPKG", "layers.gpkg", "facilities.geojson", "-nln", "facilities"], in: folder)
        try Self.ogr2ogr(["-f", "GPKG", "-update", "layers.gpkg", "network.geojson", "-nln", "network"], in: folder)
        let plan = try Self.writePlan(in: folder, name: "points.json", layers: ["streets": ["path": "layers.gpkg", "layer": "facilities"]])
        let problems = try Self.loadProblems(plan)
        let first = try #require(problems.first { $0.featureIndex == 0 })
        #expect(first.file.hasSuffix("layers.gpkg (layer \"facilities\")"))
        #expect(first.key == "geometry" && first.message == "Point cannot be a street area: expected MultiPolygon or Polygon")
    }

    @Test func aCorruptShapefileIsAnErrorNamingIt() throws {
        let folder = try Self.copy(TestSupport.fixture("plans/tiny"), label: "ogr-corrupt")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.ogr2ogr(["residents.shp", "residents.geojson"], in: folder)
        let shp = (folder as NSString).appendingPathComponent("residents.shp")
        try Data("this is not a shapefile, only text where the header should be".utf8).write(to: URL(fileURLWithPath: shp))
        let plan = try Self.writePlan(in: folder, name: "corrupt.json", layers: ["residents": "residents.shp"])
        let p = try #require(try Self.loadProblems(plan).first)
        #expect(p.file == shp && p.message.hasPrefix("cannot be read as a vector data set"))

        // A .shp cut short: the first feature past the end is named, once.
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] { try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent("residents.\(ext)")) }
        try Self.ogr2ogr(["residents.shp", "residents.geojson"], in: folder)
        let whole = try Data(contentsOf: URL(fileURLWithPath: shp))
        try whole.prefix(100 + 2 * 28 + 10).write(to: URL(fileURLWithPath: shp))  // header, 2 points, part of the 3rd
        let cut = try Self.loadProblems(plan)
        #expect(cut.count == 1)
        #expect(cut.first?.file == shp && cut.first?.featureIndex == 2 && cut.first?.message.hasPrefix("cannot be read (damaged file?)") == true)

        // A `.gdb` that is a file, and a sidecar that is a folder, are refused before GDAL opens them.
        let gdb = (folder as NSString).appendingPathComponent("streets.gdb")
        try Data("x".utf8).write(to: URL(fileURLWithPath: gdb))
        let notFolder = try Self.writePlan(in: folder, name: "gdb.json", layers: ["streets": "streets.gdb"])
        #expect(try Self.loadProblems(notFolder).first?.message == "a File Geodatabase (.gdb) must be a folder")
        try Self.ogr2ogr(["facilities.shp", "facilities.geojson"], in: folder)
        try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent("facilities.dbf"))
        try FileManager.default.createDirectory(atPath: (folder as NSString).appendingPathComponent("facilities.dbf"), withIntermediateDirectories: false)
        let sidecar = try Self.writePlan(in: folder, name: "sidecar.json", layers: ["facilities": "facilities.shp"])
        let s = try #require(try Self.loadProblems(sidecar).first)
        #expect(s.file.hasSuffix("facilities.dbf") && s.message == "is a folder, not a file")
    }

    /// A shapefile's sidecar files count as inputs: no output folder may hold them.
    @Test func aShapefilesSidecarsAreInputs() throws {
        let plan = Plan(name: "p", title: "p", folder: "/data/plan", layers: Layers(
            streets: LayerRef(path: "/data/gis/streets.shp"), residents: LayerRef(path: "/data/r.geojson"),
            network: LayerRef(path: "/data/n.gpkg", layer: "network")), categories: [])
        #expect(plan.inputPaths.contains("/data/gis/streets.dbf"))
        #expect(plan.inputPaths.contains("/data/gis/streets.prj"))
        #expect(plan.inputPaths.contains("/data/n.gpkg"))

        // End to end: a plan whose streets are a Shapefile in another folder cannot write there.
        let root = try TestSupport.temporaryFolder("ogr-out")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tiny = try Self.copy(TestSupport.fixture("plans/tiny"), label: "ogr-out-plan")
        defer { try? FileManager.default.removeItem(atPath: tiny) }
        let gis = (root as NSString).appendingPathComponent("gis")
        try FileManager.default.createDirectory(atPath: gis, withIntermediateDirectories: true)
        try Self.ogr2ogr(["-f", "ESRI Shapefile", (gis as NSString).appendingPathComponent("streets.shp"), "streets.geojson"], in: tiny)
        let p = try Self.writePlan(in: tiny, name: "gis.json", layers: ["streets": (gis as NSString).appendingPathComponent("streets.shp")])
        let r = try TestSupport.run(["report", p, "--out", gis])
        #expect(r.status == 1 && r.stderr.contains("streets.shp, which this run reads"))
        #expect(FileManager.default.fileExists(atPath: (gis as NSString).appendingPathComponent("streets.dbf")))
    }

    /// Odd features are located errors, not crashes: a null geometry and a MultiPoint where a point
    /// is expected name their 0-based feature index; a 3D point is read at its x/y; an empty layer
    /// is read as no facilities (a warning).
    @Test func oddGeometriesAreLocatedErrors() throws {
        let folder = try Self.copy(TestSupport.fixture("plans/tiny"), label: "ogr-odd")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let odd = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"a","category":"health-station"},"geometry":{"type":"Point","coordinates":[121.45,31.25,12.5]}},
            {"type":"Feature","properties":{"id":"b","category":"health-station"},"geometry":null},
            {"type":"Feature","properties":{"id":"c","category":"elder-canteen"},"geometry":{"type":"MultiPoint","coordinates":[[121.45,31.25],[121.451,31.251]]}}
            ]}
            """
        try Data(odd.utf8).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("odd.geojson")))
        try Self.ogr2ogr(["-f", "GPKG", "odd.gpkg", "odd.geojson", "-nln", "odd", "-nlt", "GEOMETRYZ"], in: folder)
        let plan = try Self.writePlan(in: folder, name: "odd.json", layers: ["facilities": "odd.gpkg"])
        let problems = try Self.loadProblems(plan)
        #expect(problems.map(\.featureIndex) == [1, 2])
        #expect(problems.allSatisfy { $0.file.hasSuffix("odd.gpkg") && $0.key == "geometry" })
        #expect(problems.first?.message == "null geometry: a point location needs a location")
        #expect(problems.last?.message.hasPrefix("MultiPoint cannot be a point location") == true)

        // The 3D point alone loads, at its x/y.
        try Self.ogr2ogr(["-f", "GPKG", "one.gpkg", "odd.geojson", "-nln", "one", "-where", "id = 'a'"], in: folder)
        let (p, _) = try PlanReader.read(path: try Self.writePlan(in: folder, name: "one.json", layers: ["facilities": "one.gpkg"]))
        let study = try StudyLoader().load(p)
        #expect(study.facilities["health-station"]?.map(\.position) == [Position(x: 121.45, y: 31.25)])

        // An empty layer: no facilities, warned, no crash.
        try Self.ogr2ogr(["-f", "GPKG", "empty.gpkg", "odd.geojson", "-nln", "empty", "-where", "id = 'none'"], in: folder)
        let (e, _) = try PlanReader.read(path: try Self.writePlan(in: folder, name: "empty.json", layers: ["facilities": "empty.gpkg"]))
        let emptyStudy = try StudyLoader().load(e)
        #expect(emptyStudy.facilities.values.allSatisfy { $0.isEmpty })
        #expect(emptyStudy.warnings.contains { $0.message.contains("no facilities of category \"health-station\"") })
    }

    /// A Shapefile's `.cpg` gives its code page: GBK (CP936) names come out as written.
    @Test func aShapefilesCodePageIsHonoured() throws {
        let folder = try Self.copy(TestSupport.fixture("plans/tiny"), label: "ogr-cpg")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.ogr2ogr(["-lco", "ENCODING=CP936", "facilities.shp", "facilities.geojson"], in: folder)
        let cpg = try String(contentsOfFile: (folder as NSString).appendingPathComponent("facilities.cpg"), encoding: .utf8)
        #expect(cpg.hasPrefix("CP936"))
        let dbf = [UInt8](try Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("facilities.dbf"))))
        let utf8 = Array("长者食堂".utf8)
        #expect(!dbf.indices.contains { dbf[$0...].starts(with: utf8) })  // stored as GBK, not UTF-8
        let (p, _) = try PlanReader.read(path: try Self.writePlan(in: folder, name: "shp.json", layers: ["facilities": "facilities.shp"]))
        let study = try StudyLoader().load(p)
        #expect(study.facilities["elder-canteen"]?.map(\.name) == ["长者食堂"])
        #expect(study.facilities["health-station"]?.map(\.name) == ["卫生站"])
    }

    /// The plan's `layer` key: read with the path, the declared CRS flagged; a non-string is an error.
    @Test func thePlansLayerKeyIsRead() throws {
        func decode(_ layers: String) throws -> (Plan?, [InputError]) {
            let json = "{\"name\": \"p\", \"layers\": {\(layers), \"residents\": \"r.shp\", \"network\": \"n.geojson\", \"facilities\": \"f.fgb\"}, \"categories\": [{\"id\": \"a\"}]}"
            var problems: [InputError] = []
            let plan = PlanReader.decode(try JSONParser.parse(Array(json.utf8), file: "plan.json"), file: "plan.json", folder: "/d", problems: &problems)
            return (plan, problems)
        }
        let (plan, problems) = try decode("\"streets\": {\"path\": \"city.gpkg\", \"layer\": \"streets\"}")
        #expect(problems.isEmpty)
        #expect(plan?.layers.streets == LayerRef(path: "/d/city.gpkg", layer: "streets"))
        #expect(plan?.layers.streets.label == "/d/city.gpkg (layer \"streets\")")
        #expect(plan?.layers.residents == LayerRef(path: "/d/r.shp"))
        let (_, bad) = try decode("\"streets\": {\"path\": \"city.gpkg\", \"layer\": 3}")
        #expect(bad.map(\.key) == ["layers.streets.layer"])
    }
}

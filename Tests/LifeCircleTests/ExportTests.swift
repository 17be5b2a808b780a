import Foundation
import Testing
@testable import LifeCircle

/// The GIS layers on the tiny 3×3 grid (100 m blocks), whose coverage is checked by hand in
/// StudyAnalysisTests: health station at the corner (2 min at 80 m/min = 160 m) covers r0, r1, r3;
/// the only canteen is planned, so nobody is covered by existing canteens.
@Suite struct ExportTests {
    /// One proposed health station with a Chinese name, for the proposal layer and report tests.
    static let proposedSite = ProposedSiteRow(
        rank: 1, id: "c-7", name: "候选 7", position: Position(x: 121.4521008, y: 31.2518083), newlyCoveredDemand: 300,
        newlyCovered60plus: 100, byStreet: [.init(street: "东街道 East", demand: 300)], nearestFacilityID: "hs-1",
        nearestFacilityMeters: 400)

    static func tinyReport(proposals: [String: [ProposedSiteRow]]? = nil) throws -> StudyReport {
        let (plan, _) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        let study = try StudyLoader().load(plan)
        return try Study(data: study).report(proposals: proposals)
    }

    static func layer(_ files: [OutputFile], _ name: String) throws -> FeatureCollection {
        let file = try #require(files.first { $0.name == name }, "no file \(name)")
        return try GeoJSONReader.read(bytes: file.bytes, file: name).asFeatureCollection
    }

    static func number(_ f: Feature, _ key: String) -> Double? { f.properties[key]?.doubleValue }

    /// By default the residents and the service-area lines are in the GeoPackage only; `allGeoJSON`
    /// writes them as files too.
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func writesTheLayersInAFixedOrderWithoutProposals(perCategoryLayers: Bool, allGeoJSON: Bool) throws {
        let files = try Self.tinyReport().layerFiles(perCategoryLayers: perCategoryLayers, allGeoJSON: allGeoJSON)
        var expected = ["street-gaps.geojson", "street-gaps.csv", "street-gaps.csvt"]
        if allGeoJSON { expected += ["residents.geojson", "residents.csv", "residents.csvt"] }
        for id in ["health-station", "elder-canteen"] {
            if perCategoryLayers {
                expected += ["coverage-\(id).geojson", "coverage-\(id).csv", "coverage-\(id).csvt",
                             "uncovered-\(id).geojson", "uncovered-\(id).csv", "uncovered-\(id).csvt"]
            }
            expected += ["facilities-\(id).geojson", "facilities-\(id).csv", "facilities-\(id).csvt"]
            if allGeoJSON { expected.append("service-area-\(id).geojson") }
            expected.append("service-area-polygon-\(id).geojson")
        }
        #expect(files.map(\.name) == expected)
    }

    @Test func streetGapsHaveFlatPerCategoryColumns() throws {
        let layer = try Self.layer(try Self.tinyReport().layerFiles(), "street-gaps.geojson")
        #expect(layer.features.count == 2)
        let east = try #require(layer.features.first { $0.string("name") == "东街道 East" })
        #expect(Self.number(east, "health_station_demand") == 350)
        #expect(Self.number(east, "health_station_covered") == 50)
        #expect(Self.number(east, "health_station_uncovered") == 300)
        #expect(Self.number(east, "health_station_coverage") == 0.1429)
        #expect(Self.number(east, "health_station_rank") == 1)
        #expect(Self.number(east, "elder_canteen_coverage") == 0)
        #expect(Self.number(east, "elder_canteen_coverage_planned") == 1)  // r2, r3 within 300 m of the planned canteen
        let west = try #require(layer.features.first { $0.string("name") == "西街道 West" })
        #expect(Self.number(west, "elder_canteen_coverage_planned") == 0.625)  // r1's 50 of 80 aged 60+
        for f in layer.features {
            for (key, value) in f.properties {
                #expect(key.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }, "key \(key)")
                if case .object = value { Issue.record("nested object in \(key)") }
                if case .array = value { Issue.record("array in \(key)") }
            }
        }
    }

    @Test func coverageAndUncoveredResidents() throws {
        let files = try Self.tinyReport().layerFiles(perCategoryLayers: true)
        let coverage = try Self.layer(files, "coverage-health-station.geojson")
        #expect(coverage.features.map { $0.string("id") } == ["r0", "r1", "r2", "r3"])
        #expect(coverage.features.map { Self.number($0, "covered") } == [1, 1, 0, 1])
        #expect(coverage.features.map { $0.string("status") } == ["covered", "covered", "beyond-threshold", "covered"])
        #expect(coverage.features[2].properties["minutes"] == .null)
        #expect(coverage.features[2].properties["facility_id"] == .null)
        #expect(coverage.features[1].string("facility_id") == "hs-1")
        #expect(Self.number(coverage.features[1], "minutes") == 1.88)  // 150 m at 80 m/min, 2 decimals
        #expect(coverage.features[3].string("street") == "东街道 East")
        let uncovered = try Self.layer(files, "uncovered-health-station.geojson")
        #expect(uncovered.features.map { $0.string("id") } == ["r2"])
        // No existing canteen: everyone is uncovered, but the planned one covers r1, r2, r3.
        let canteen = try Self.layer(files, "uncovered-elder-canteen.geojson")
        #expect(canteen.features.count == 4)
        #expect(canteen.features.map { Self.number($0, "covered_planned") } == [0, 1, 1, 1])
        #expect(canteen.features.map { Self.number($0, "demand") } == [30, 50, 100, 10])
    }

    @Test func facilitiesCarryTheDemandTheyServe() throws {
        let files = try Self.tinyReport().layerFiles()
        let health = try Self.layer(files, "facilities-health-station.geojson")
        #expect(health.features.count == 1)
        #expect(Self.number(health.features[0], "served_demand") == 350)
        #expect(Self.number(health.features[0], "served_points") == 3)
        #expect(health.features[0].string("name") == "卫生站")
        let canteen = try Self.layer(files, "facilities-elder-canteen.geojson")
        #expect(canteen.features[0].string("status") == "planned")
        #expect(Self.number(canteen.features[0], "capacity") == 150)
        #expect(Self.number(canteen.features[0], "served_demand") == 160)  // 50 + 100 + 10 with the planned canteen
    }

    @Test func serviceAreaEdgesAreCutAtTheThreshold() throws {
        // From the corner, 160 m: the two corner edges in full (about 100 m each), then 60 m along
        // each of the four edges leaving their far ends.
        let files = try Self.tinyReport().layerFiles(perCategoryLayers: true, allGeoJSON: true)
        let lines = try Self.layer(files, "service-area-health-station.geojson")
        #expect(lines.features.count == 6)
        #expect(lines.features.filter { Self.number($0, "full_edge") == 1 }.count == 2)
        let total = lines.features.compactMap { Self.number($0, "length_m") }.reduce(0, +)
        #expect(abs(total - 440) < 2)
        for f in lines.features where Self.number(f, "full_edge") == 0 {
            #expect(Self.number(f, "minutes_at_end") == 2)  // cut exactly at the 2-minute threshold
            #expect(Self.number(f, "minutes_at_start") == 1.25)
            #expect(abs((Self.number(f, "length_m") ?? 0) - 60) < 0.5)
        }
        let polygon = try Self.layer(files, "service-area-polygon-health-station.geojson")
        #expect(polygon.features.count == 1)
        let area = try GeosGeometry(try #require(polygon.features[0].geometry))
        #expect(try area.isValid)
        for f in lines.features { #expect(try area.covers(GeosGeometry(try #require(f.geometry)))) }
        let coverage = try Self.layer(files, "coverage-health-station.geojson")
        for f in coverage.features {
            guard case .point(let p)? = f.geometry else { continue }
            #expect(try area.covers(GeosGeometry(point: p)) == (Self.number(f, "covered") == 1), "\(f.string("id") ?? "")")
        }
        // No existing canteen: empty service area layers.
        #expect(try Self.layer(files, "service-area-elder-canteen.geojson").features.isEmpty)
        #expect(try Self.layer(files, "service-area-polygon-elder-canteen.geojson").features.isEmpty)
    }

    @Test func csvTablesHaveABOMAndOneRowPerFeature() throws {
        let files = try Self.tinyReport().layerFiles(perCategoryLayers: true)
        let csv = try #require(files.first { $0.name == "coverage-health-station.csv" })
        #expect(Array(csv.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: csv.bytes.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
        #expect(lines.count == 5)
        #expect(lines[0] == "id,street,street_code,population,age60plus,demand,minutes,facility_id,status,covered,minutes_planned,covered_planned,minutes_radius,lon,lat")
        #expect(lines[3] == "r2,东街道 East,2,300,100,300,,,beyond-threshold,0,,0,,121.4521008,31.2518083")
        let gaps = try #require(files.first { $0.name == "street-gaps.csv" })
        #expect(String(decoding: gaps.bytes.dropFirst(3), as: UTF8.self).split(separator: "\r\n").count == 3)
    }

    /// The header and the `.csvt` types of a CSV file of a report folder.
    static func headerAndTypes(_ folder: String, _ csv: String) throws -> (header: [String], types: [String]) {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + csv)))
        #expect(Array(bytes.prefix(3)) == CSVTable.byteOrderMark, "\(csv) starts with the BOM")
        let firstLine = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")[0]
        let sidecar = folder + "/" + csv.dropLast(4) + ".csvt"
        let text = try String(contentsOfFile: sidecar, encoding: .utf8)
        #expect(text.hasSuffix("\r\n") && text.split(separator: "\r\n").count == 1, "\(sidecar) is one line")
        let types = text.trimmingCharacters(in: .newlines).split(separator: ",").map(String.init)
        // Column names have no commas or quotes, so the header splits at commas.
        return (firstLine.split(separator: ",").map(String.init), types)
    }

    @Test func everyCSVFileOfAReportHasATypesSidecarFromTheColumnsDefinition() throws {
        let work = try TestSupport.temporaryFolder("csvt")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let out = work + "/report"
        let run = try TestSupport.run(["report", TestSupport.fixture("plans/tiny"), "--out", out, "--per-category-layers", "--all-geojson"])
        #expect(run.status == 0, "\(run.stderr)")
        let names = try TestSupport.entries(out)
        let csvs = names.filter { $0.hasSuffix(".csv") }
        #expect(csvs.count == 13)  // street gaps, residents, per category coverage, uncovered, facilities, proposals; the joint proposals and streets; fields.csv
        #expect(names.filter { $0.hasSuffix(".csvt") } == csvs.map { $0 + "t" })
        var typesOf: [String: [String: String]] = [:]
        for csv in csvs {
            let (header, types) = try Self.headerAndTypes(out, csv)
            #expect(types.count == header.count, "\(csv): \(types.count) types for \(header.count) columns")
            #expect(types.allSatisfy { ["\"String\"", "\"Integer\"", "\"Real\""].contains($0) }, "\(csv): \(types)")
            typesOf[csv] = Dictionary(zip(header, types), uniquingKeysWith: { a, _ in a })
        }
        // Codes and ids are text even where every value is digits (street code "2" in the tiny plan).
        let coverage = try #require(typesOf["coverage-health-station.csv"])
        #expect(coverage["street_code"] == "\"String\"" && coverage["id"] == "\"String\"")
        #expect(coverage["population"] == "\"Real\"" && coverage["minutes"] == "\"Real\"" && coverage["lon"] == "\"Real\"")
        #expect(coverage["covered"] == "\"Integer\"")
        let gaps = try #require(typesOf["street-gaps.csv"])
        #expect(gaps["code"] == "\"String\"" && gaps["health_station_rank"] == "\"Integer\"")
        #expect(gaps["health_station_coverage"] == "\"Real\"" && gaps["elder_canteen_uncovered"] == "\"Real\"")
        let facilities = try #require(typesOf["facilities-health-station.csv"])
        #expect(facilities["served_points"] == "\"Integer\"" && facilities["capacity"] == "\"Integer\"")
        #expect(try #require(typesOf["proposals-health-station.csv"])["rank"] == "\"Integer\"")
    }

    @Test(.enabled(if: ExternalTool.path("ogrinfo") != nil, "ogrinfo (Debian gdal-bin) is not on PATH: GDAL check of the .csvt sidecars skipped"))
    func gdalReadsTheCSVColumnTypesFromTheSidecars() throws {
        let work = try TestSupport.temporaryFolder("csvt-gdal")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let out = work + "/layers"
        let run = try TestSupport.run(["export", TestSupport.fixture("plans/tiny"), "--out", out, "--per-category-layers"])
        #expect(run.status == 0, "\(run.stderr)")
        // Without a sidecar GDAL reads every CSV column as String.
        let coverage = try ExternalTool.ogrinfo(out + "/coverage-health-station.csv")
        #expect(coverage.featureCount == 4)
        #expect(coverage.fields["street_code"] == "String")
        #expect(coverage.fields["population"] == "Real")
        #expect(coverage.fields["covered"] == "Integer")
        let gaps = try ExternalTool.ogrinfo(out + "/street-gaps.csv")
        #expect(gaps.fields["code"] == "String")
        #expect(gaps.fields["health_station_rank"] == "Integer")
    }

    @Test func csvOnStdoutHasNoByteOrderMark() throws {
        for command in ["coverage", "gaps"] {
            let run = try TestSupport.run([command, TestSupport.fixture("plans/tiny"), "--format", "csv"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(Array(run.stdout.utf8.prefix(9)) == Array("category,".utf8), "\(command): \(run.stdout.prefix(12).unicodeScalars.map(\.value))")
            #expect(!run.stdout.unicodeScalars.contains("\u{FEFF}"))
        }
    }

    @Test func csvFieldsAreQuotedOnlyWhenNeeded() {
        let t = CSVTable(header: ["a", "b"], types: [.string, .string], rows: [["x,y", "say \"hi\""], [" lead", "中文"], ["two\nlines", "plain"]])
        let text = String(decoding: t.encoded(byteOrderMark: false), as: UTF8.self)
        #expect(text == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\" lead\",中文\r\n\"two\nlines\",plain\r\n")
        for row in t.rows { for f in row { #expect(CSVTable.quote(f) == { var o: [UInt8] = []; CSVTable.appendQuoted(f, to: &o); return String(decoding: o, as: UTF8.self) }()) } }
    }

    @Test func proposalsBecomeALayerWhenGiven() throws {
        let files = try Self.tinyReport(proposals: ["health-station": [Self.proposedSite]]).layerFiles()
        let layer = try Self.layer(files, "proposals-health-station.geojson")
        #expect(layer.features.count == 1)
        let p = layer.features[0]
        #expect(Self.number(p, "rank") == 1)
        #expect(p.string("by_street") == "东街道 East:300")
        #expect(Self.number(p, "nearest_facility_m") == 400)
        #expect(try Self.layer(files, "proposals-elder-canteen.geojson").features.isEmpty)
        #expect(files.contains { $0.name == "proposals-elder-canteen.csv" })
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let a = try Self.tinyReport().files()
        let b = try Self.tinyReport().files()
        #expect(a == b)
    }

    // MARK: GDAL

    @Test(.enabled(if: ExternalTool.path("ogrinfo") != nil, "ogrinfo (Debian gdal-bin) is not on PATH: GDAL checks skipped"))
    func everyLayerOpensInGDALWithTheExpectedCountsAndTypes() throws {
        let out = try TestSupport.temporaryFolder("export") + "/layers"
        let run = try TestSupport.run(["export", TestSupport.fixture("plans/tiny"), "--out", out, "--per-category-layers", "--all-geojson"])
        #expect(run.status == 0, "\(run.stderr)")
        let counts = [
            "street-gaps": 2, "coverage-health-station": 4, "uncovered-health-station": 1, "facilities-health-station": 1,
            "service-area-health-station": 6, "service-area-polygon-health-station": 1, "coverage-elder-canteen": 4,
            "uncovered-elder-canteen": 4, "facilities-elder-canteen": 1, "service-area-elder-canteen": 0,
            "service-area-polygon-elder-canteen": 0,
        ]
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) {
            let info = try ExternalTool.ogrinfo(out + "/\(name).geojson")
            #expect(info.featureCount == count, "\(name)")
        }
        // Per layer: its geometry type and some of its fields' types, as GDAL reads them.
        let schemas: [(layer: String, geometry: String, fields: [String: String])] = [
            ("street-gaps", "Polygon", ["name": "String", "health_station_uncovered": "Integer", "health_station_coverage": "Real"]),
            ("coverage-health-station", "Point",
             ["minutes": "Real", "covered": "Integer", "facility_id": "String", "population": "Integer"]),
            ("service-area-health-station", "Line String", ["edge": "Integer", "to_m": "Real", "line_id": "String"]),
            ("service-area-polygon-health-station", "Polygon", ["area_m2": "Integer"]),
        ]
        for schema in schemas {
            let info = try ExternalTool.ogrinfo(out + "/\(schema.layer).geojson")
            #expect(info.geometry == schema.geometry, "\(schema.layer)")
            for (field, type) in schema.fields { #expect(info.fields[field] == type, "\(schema.layer).\(field)") }
        }
        let csv = try ExternalTool.ogrinfo(out + "/coverage-health-station.csv")
        #expect(csv.featureCount == 4)
        #expect(csv.fields["lon"] != nil)
    }
}

/// Finding and running command-line tools the tests use when present (ogrinfo, chromium).
enum ExternalTool {
    /// The tool's full path on PATH, or nil.
    static func path(_ name: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool on PATH and collects its output.
    static func run(_ tool: String, _ arguments: [String]) throws -> TestSupport.RunResult {
        let exe = try #require(path(tool), "\(tool) is not on PATH")
        return try TestSupport.runProcess(exe, arguments)
    }

    struct LayerInfo {
        var featureCount: Int?
        var geometry: String?
        /// Field name → OGR type (`String`, `Integer`, `Real`, ...).
        var fields: [String: String]
    }

    /// `ogrinfo -ro -so -al` of a file (or `ogrinfo -ro -so` of one `layer` of it), parsed.
    static func ogrinfo(_ file: String, layer: String? = nil) throws -> LayerInfo {
        let o = try run("ogrinfo", layer.map { ["-ro", "-so", file, $0] } ?? ["-ro", "-so", "-al", file])
        #expect(o.status == 0, "ogrinfo \(file): \(o.stderr)")
        var info = LayerInfo(fields: [:])
        for line in o.stdout.split(separator: "\n") {
            if line.hasPrefix("Feature Count: ") { info.featureCount = Int(line.dropFirst("Feature Count: ".count)) }
            else if line.hasPrefix("Geometry: ") { info.geometry = String(line.dropFirst("Geometry: ".count)) }
            else if let colon = line.range(of: ": "), !line.hasPrefix(" "), line.hasSuffix(")"), line.contains(" (") {
                let name = String(line[..<colon.lowerBound])
                let type = line[colon.upperBound...].split(separator: " ").first.map(String.init) ?? ""
                info.fields[name] = type
            }
        }
        return info
    }
}

import Foundation
import Testing
@testable import LifeCircle

/// The report (report.md, report.html), the atomic folder write, and the committed Reports/jingan.
@Suite struct ReportTests {
    struct Injected: Error {}

    static func entries(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func aFailureHalfWayLeavesThePreviousFolderAndNoTemporaryOne() throws {
        let parent = try TestSupport.temporaryFolder("atomic")
        let dir = parent + "/report"
        try OutputFolder.write([OutputFile(name: "old.txt", text: "old"), OutputFile(name: "report.md", text: "# old")], to: dir)
        let new = (1...6).map { OutputFile(name: "f\($0).geojson", text: "{}") } + [OutputFile(name: "report.md", text: "# new")]
        var written: [String] = []
        #expect(throws: Injected.self) {
            try OutputFolder.write(new, to: dir) { n, name in
                written.append(name)
                if n == 3 { throw Injected() }
            }
        }
        #expect(written == ["f1.geojson", "f2.geojson", "f3.geojson"])
        #expect(try Self.entries(dir) == ["lifecircle-manifest.json", "old.txt", "report.md"])
        #expect(try String(contentsOfFile: dir + "/report.md", encoding: .utf8) == "# old")
        #expect(try Self.entries(parent) == ["report"])  // no temporary or moved-aside folder left
        // A complete run replaces the folder as a whole (old.txt, written by the first run, goes).
        try OutputFolder.write(new, to: dir)
        #expect(try Self.entries(dir) == (new.map(\.name) + ["lifecircle-manifest.json"]).sorted())
        #expect(try String(contentsOfFile: dir + "/report.md", encoding: .utf8) == "# new")
        #expect(try Self.entries(parent) == ["report"])
    }

    @Test func aFileInTheWayIsAnErrorThatKeepsIt() throws {
        let parent = try TestSupport.temporaryFolder("atomic")
        let path = parent + "/report"
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: FileError.self) { try OutputFolder.write([OutputFile(name: "a.txt", text: "a")], to: path) }
        #expect(try Self.entries(parent) == ["report"])
    }

    @Test func theReportSaysProposalsAreNotComputedAndKeepsPathsRelative() throws {
        let files = try ExportTests.tinyReport().files()
        let md = String(decoding: try #require(files.first { $0.name == "report.md" }).bytes, as: UTF8.self)
        let html = String(decoding: try #require(files.first { $0.name == "report.html" }).bytes, as: UTF8.self)
        #expect(md.contains("Proposed sites: not computed"))
        #expect(html.contains("Proposed sites: not computed"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("Noto Sans CJK SC"))
        // One map per category, and the life circle's two charts (Lorenz curve, coverage over minutes).
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        #expect(html.contains("东街道 East"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
        // The health station: 350 of 650 covered (53.8%); East ranks first with 300 uncovered.
        #expect(md.contains("| 1 | 东街道 East | 350 | 50 | 300 | 14.3% |"))
        #expect(md.contains("53.8%"))
        #expect(md.contains("| streets | streets.geojson | EPSG:4326 | 2 |"))
        let fixture = TestSupport.fixture("plans/tiny")
        for f in files {
            let text = String(decoding: f.bytes, as: UTF8.self)
            #expect(!text.contains(fixture), "\(f.name) holds an absolute path")
            #expect(!text.contains(TestSupport.root.path), "\(f.name) holds an absolute path")
        }
    }

    @Test func proposedSitesAppearInTheReportWithTheirRank() throws {
        let files = try ExportTests.tinyReport(proposals: ["health-station": [ExportTests.proposedSite]]).files()
        let md = String(decoding: try #require(files.first { $0.name == "report.md" }).bytes, as: UTF8.self)
        let html = String(decoding: try #require(files.first { $0.name == "report.html" }).bytes, as: UTF8.self)
        #expect(md.contains("| 1 | 候选 7 (c-7) | 300 | 100 | 东街道 East:300 | hs-1, 400 m |"))
        #expect(md.contains("Proposed sites: none."))  // the canteen was given no sites
        #expect(html.contains("proposed #1: 候选 7"))
    }

    @Test func theReportCommandWritesTheDefaultFolderUnderReports() throws {
        let cwd = try TestSupport.temporaryFolder("cwd")
        let run = try TestSupport.run(["report", TestSupport.fixture("plans/tiny")], cwd: cwd)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("service areas"))
        #expect(FileManager.default.fileExists(atPath: cwd + "/Reports/tiny/report.html"))
        // Street gaps (GeoJSON, CSV, .csvt), per category facilities (GeoJSON, CSV, .csvt),
        // service-area polygon and proposals (GeoJSON, CSV, .csvt), the two pages, the GeoPackage,
        // its QGIS project, fields.csv (and .csvt) and lifecircle-manifest.json, and the two targets
        // placed together (proposals-joint and joint-streets, GeoJSON, CSV, .csvt): 3 + 2 × 7 + 2 +
        // 4 + 1 + 6. No coverage-/uncovered- layers by default, and the residents and service-area
        // lines are in the GeoPackage only.
        #expect(try Self.entries(cwd + "/Reports/tiny").count == 30)
        #expect(try Self.entries(cwd + "/Reports/tiny").contains("tiny.gpkg"))
        #expect(try !Self.entries(cwd + "/Reports/tiny").contains {
            $0.hasPrefix("residents.") || ($0.hasPrefix("service-area-") && !$0.hasPrefix("service-area-polygon-"))
        })
        #expect(try !Self.entries(cwd + "/Reports/tiny").contains { $0.hasPrefix("coverage-") || $0.hasPrefix("uncovered-") })
        #expect(try Self.entries(cwd + "/Reports/tiny").contains("lifecircle-manifest.json"))
        #expect(try Self.entries(cwd + "/Reports/tiny").contains("proposals-elder-canteen.geojson"))
        #expect(try Self.entries(cwd + "/Reports") == ["tiny"])
    }

    /// Reports/jingan in the repository is exactly what `lifecircle report GeoData/jingan` writes.
    @Test func theCommittedJinganReportIsReproducedByteForByte() throws {
        let committed = TestSupport.root.appendingPathComponent("Reports/jingan").path
        let out = try TestSupport.temporaryFolder("jingan") + "/jingan"
        let run = try TestSupport.run(["report", "GeoData/jingan", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let names = try Self.entries(out)
        #expect(try Self.entries(committed) == names)
        for name in names {
            let a = try Data(contentsOf: URL(fileURLWithPath: committed + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            #expect(a == b, "Reports/jingan/\(name) differs from a fresh run: regenerate with `swift run lifecircle report GeoData/jingan`")
        }
    }

    @Test func theCommittedJinganServiceAreasAreValidAndHoldTheirLines() throws {
        let dir = TestSupport.root.appendingPathComponent("Reports/jingan").path
        for id in ["health-station", "elder-canteen", "fitness-point", "ev-charger", "aed-school"] {
            let polygon = try GeoJSONReader.readFeatureCollection(path: dir + "/service-area-polygon-\(id).geojson")
            #expect(polygon.features.count == 1)
            let area = try GeosGeometry(try #require(polygon.features.first?.geometry))
            let reason = try area.validityReason
            #expect(try area.isValid, "\(id): \(reason)")
            // The lines are in the GeoPackage only (residents and lines as files with --all-geojson).
            let lines = FeatureCollection(features: try OGRReader(LayerRef(path: dir + "/jingan.gpkg", layer: "service-area-\(id)")).readFeatures())
            #expect(lines.features.count > 100)
            for f in lines.features.prefix(200) {
                let m = (f.number("minutes_at_start") ?? 99, f.number("minutes_at_end") ?? 99)
                #expect(m.0 <= 15 && m.1 <= 15, "\(id) edge \(f.number("edge") ?? -1)")
                #expect(try area.covers(GeosGeometry(try #require(f.geometry))))
            }
        }
    }

    @Test(.enabled(if: ExternalTool.path("ogrinfo") != nil, "ogrinfo (Debian gdal-bin) is not on PATH: GDAL checks skipped"))
    func theCommittedJinganLayersOpenInGDAL() throws {
        let dir = TestSupport.root.appendingPathComponent("Reports/jingan").path
        let gaps = try ExternalTool.ogrinfo(dir + "/street-gaps.geojson")
        #expect(gaps.featureCount == 14)
        #expect(gaps.fields["elder_canteen_rank"] == "Integer")
        let coverage = try ExternalTool.ogrinfo(dir + "/jingan.gpkg", layer: "residents")
        // One feature per resident point of the sample.
        let residents = try GeoJSONReader.readFeatureCollection(path: TestSupport.root.appendingPathComponent("GeoData/jingan/residents.geojson").path)
        #expect(coverage.featureCount == residents.features.count)
        #expect(coverage.fields["health_station_minutes"] == "Real")
        let csv = try ExternalTool.ogrinfo(dir + "/street-gaps.csv")
        #expect(csv.featureCount == 14)
        // From the .csvt sidecar: codes stay text, ranks are whole numbers.
        #expect(csv.fields["code"] == "String")
        #expect(csv.fields["elder_canteen_rank"] == "Integer")
        let area = try ExternalTool.ogrinfo(dir + "/service-area-polygon-elder-canteen.geojson")
        #expect(area.featureCount == 1)
        #expect(area.geometry == "Multi Polygon" || area.geometry == "Polygon")
    }

    @Test(.enabled(if: ExternalTool.path("chromium") != nil, "chromium is not on PATH: browser check skipped"))
    func theHTMLLoadsInAHeadlessBrowserWithItsMaps() throws {
        let html = TestSupport.root.appendingPathComponent("Reports/jingan/report.html").path
        let o = try ExternalTool.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + html])
        #expect(o.status == 0, "\(o.stderr)")
        #expect(o.stdout.components(separatedBy: "<svg").count - 1 == 8)  // a map per category, the life circle's two charts, the placed-together map
        #expect(o.stdout.components(separatedBy: "class=\"chart\"").count - 1 == 2)
        #expect(o.stdout.contains("The whole life circle"))
        #expect(o.stdout.contains("District summary"))
        #expect(o.stdout.contains("彭浦镇"))
        #expect(o.stdout.contains("</table>"))
        for bad in ["ERR_FILE_NOT_FOUND", "Uncaught", "net::ERR"] { #expect(!o.stderr.contains(bad), "\(bad) in \(o.stderr)") }
    }
}

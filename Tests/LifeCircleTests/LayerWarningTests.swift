import Foundation
import Testing
@testable import LifeCircle

/// Inputs that are valid but would change the answer without a word: a facility too far from every
/// path to join the network, and street polygons that overlap. Each gets a warning from `validate`,
/// on stderr from the commands, and in the report's data section, and the run still succeeds.
@Suite struct LayerWarningTests {
    /// The tiny plan in a temporary folder, with `file` replaced by `text`.
    static func tinyPlan(_ label: String, replacing file: String, with text: String) throws -> String {
        let folder = try InputFileTests.tinyCopy(label)
        try AtomicFile.write(text, to: folder + "/" + file)
        return folder
    }

    static func warnings(_ report: ValidationReport) -> [InputError] {
        report.problems.filter { $0.severity == .warning }
    }

    /// The tiny streets with the east street's west edge at longitude `eastStart` (121.4510504 is
    /// the shared edge; less overlaps the west street).
    static func streets(eastStart: Double) -> String {
        let e = "\(eastStart)"
        return """
            {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "西街道 West", "code": "1"}, "geometry": {"type": "Polygon", "coordinates": [[[121.4489496, 31.2490958], [121.4510504, 31.2490958], [121.4510504, 31.2527125], [121.4489496, 31.2527125], [121.4489496, 31.2490958]]]}},
            {"type": "Feature", "properties": {"name": "东街道 East", "code": "2"}, "geometry": {"type": "Polygon", "coordinates": [[[\(e), 31.2490958], [121.4531513, 31.2490958], [121.4531513, 31.2527125], [\(e), 31.2527125], [\(e), 31.2490958]]]}}]}
            """
    }

    static let farFacilities = """
        {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "hs-1", "name": "卫生站", "category": "health-station", "status": "existing"}, "geometry": {"type": "Point", "coordinates": [121.45, 31.25]}},
        {"type": "Feature", "properties": {"id": "hs-far", "name": "远处", "category": "health-station", "status": "existing"}, "geometry": {"type": "Point", "coordinates": [121.47, 31.25]}},
        {"type": "Feature", "properties": {"id": "ec-1", "name": "长者食堂", "category": "elder-canteen", "status": "planned", "capacity": 150}, "geometry": {"type": "Point", "coordinates": [121.4521008, 31.2518083]}}]}
        """

    @Test func theTinyPlanHasNeitherWarning() {
        let report = Validator.validatePlan(path: TestSupport.fixture("plans/tiny"))
        #expect(report.errorCount == 0)
        #expect(!Self.warnings(report).contains { $0.message.contains("overlaps") || $0.message.contains("from every path") },
                "\(report.problems.map(\.description))")
    }

    @Test func aFacilityOffTheNetworkIsNamedInAWarning() throws {
        let folder = try Self.tinyPlan("far-facility", replacing: "facilities.geojson", with: Self.farFacilities)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = Validator.validatePlan(path: folder)
        #expect(report.errorCount == 0, "\(report.problems.map(\.description))")
        let warning = Self.warnings(report).first { $0.message.contains("from every path") }
        #expect(warning?.file.hasSuffix("/facilities.geojson") == true)
        #expect(warning?.message.contains("1 \"health-station\" facility is farther than 500 m") == true, "\(warning?.message ?? "none")")
        #expect(warning?.message.hasSuffix(": hs-far") == true, "\(warning?.message ?? "none")")
        #expect(!Self.warnings(report).contains { $0.message.contains("elder-canteen") })

        let coverage = try TestSupport.run(["coverage", folder, "--format", "csv"])
        #expect(coverage.status == 0, "\(coverage.stderr)")
        #expect(coverage.stderr.contains("hs-far"), "\(coverage.stderr)")

        let out = folder + "/out"
        let run = try TestSupport.run(["report", folder, "--out", out, "--no-proposals"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("hs-far"))
        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        let data = try #require(md.range(of: "## Data")).upperBound
        #expect(md[data...].contains("facility is farther than 500 m"), "the data section does not list the facility")
        #expect(md[data...].contains("hs-far"))
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("facility is farther than 500 m (walking.maxSnapDistance) from every path and serves nobody in the walk analysis: hs-far"))
    }

    @Test func manyFacilitiesOffTheNetworkAreCountedBeyondTheFirstTen() throws {
        var features = [#"{"type": "Feature", "properties": {"id": "ec-1", "category": "elder-canteen"}, "geometry": {"type": "Point", "coordinates": [121.4521008, 31.2518083]}}"#]
        for k in 0..<12 {
            features.append(#"{"type": "Feature", "properties": {"id": "hs-far-\#(k)", "category": "health-station"}, "geometry": {"type": "Point", "coordinates": [121.47, 31.2\#(k)]}}"#)
        }
        let text = #"{"type": "FeatureCollection", "features": ["# + features.joined(separator: ",\n") + "]}"
        let folder = try Self.tinyPlan("many-far", replacing: "facilities.geojson", with: text)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = Validator.validatePlan(path: folder)
        let warning = try #require(Self.warnings(report).first { $0.message.contains("from every path") })
        #expect(warning.message.contains("12 \"health-station\" facilities are farther than 500 m (walking.maxSnapDistance) from every path and serve nobody"))
        #expect(warning.message.contains("hs-far-9 … and 2 more"), "\(warning.message)")
        #expect(!warning.message.contains("hs-far-10"))
    }

    @Test func overlappingStreetsAreNamedWithTheArea() throws {
        // The east street starts 0.0005504° (about 52 m) inside the west one, over 0.0036167°
        // (about 401 m) of latitude: about 21,000 m² shared.
        let folder = try Self.tinyPlan("overlap", replacing: "streets.geojson", with: Self.streets(eastStart: 121.4505))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let found = try StreetOverlapCheck.overlaps(try StudyLoader().load(try PlanReader.read(path: folder).plan).streets, metricCRS: "EPSG:32651")
        #expect(found.count == 1)
        #expect(found.first?.first == 0 && found.first?.second == 1)
        let area = try #require(found.first?.area)
        #expect(area > 20_000 && area < 22_500, "\(area)")

        let report = Validator.validatePlan(path: folder)
        #expect(report.errorCount == 0, "\(report.problems.map(\.description))")
        let warning = try #require(Self.warnings(report).first { $0.message.contains("overlaps") }, "\(report.problems.map(\.description))")
        #expect(warning.file.hasSuffix("/streets.geojson"))
        #expect(warning.featureIndex == 1)
        #expect(warning.message.contains("street \"东街道 East\" overlaps street \"西街道 West\" (feature 0) by "))
        #expect(warning.message.contains("m²: residents in the overlap count for \"西街道 West\" only"))

        let validate = try TestSupport.run(["validate", folder])
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("warning: ") && validate.stdout.contains("overlaps street \"西街道 West\""), "\(validate.stdout)")
        let out = folder + "/out"
        let run = try TestSupport.run(["report", folder, "--out", out, "--no-proposals"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("overlaps street"), "\(run.stderr)")
        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        let data = try #require(md.range(of: "## Data")).upperBound
        #expect(md[data...].contains("overlaps street \"西街道 West\""))
    }

    @Test func aSliverUnderOneSquareMetreIsNotReported() throws {
        // 1e-8° of longitude is about 1 mm: 1 mm × 401 m ≈ 0.4 m².
        let folder = try Self.tinyPlan("sliver", replacing: "streets.geojson", with: Self.streets(eastStart: 121.45105039))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let streets = try StudyLoader().load(try PlanReader.read(path: folder).plan).streets
        #expect(try StreetOverlapCheck.overlaps(streets, metricCRS: "EPSG:32651").isEmpty)
        let report = Validator.validatePlan(path: folder)
        #expect(report.errorCount == 0)
        #expect(!Self.warnings(report).contains { $0.message.contains("overlaps") })
    }
}

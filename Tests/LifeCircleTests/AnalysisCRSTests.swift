import Foundation
import Testing
@testable import LifeCircle

/// The analysis CRS must be projected, in metres, and true to scale within 1% over the study area
/// (`MetricCRS.checkAnalysisCRS`); above 0.1% it is used with a warning.
@Suite struct AnalysisCRSTests {
    /// The tiny plan's area in Shanghai.
    static let tinyArea = BoundingBox(minX: 121.4489496, minY: 31.2490958, maxX: 121.4531513, maxY: 31.2527125)

    @Test func projAnswersWhatKindOfCRSItIs() throws {
        let wgs84 = try CRSDescription.describe("EPSG:4326")
        #expect(wgs84.kind == .geographic && wgs84.unitName == "degree")
        #expect(try CRSDescription.describe("EPSG:4490").kind == .geographic)
        #expect(try CRSDescription.describe("CGCS2000").kind == .geographic)
        #expect(try CRSDescription.describe("+proj=longlat").kind == .geographic)
        #expect(try CRSDescription.describe("GCJ-02").kind == .geographic)
        #expect(try CRSDescription.describe("EPSG:4978").kind == .geocentric)
        let gk = try CRSDescription.describe("EPSG:4549")
        #expect(gk.isProjectedInMetres && gk.name == "CGCS2000 / 3-degree Gauss-Kruger CM 120E")
        #expect(try CRSDescription.describe("+proj=utm +zone=51 +datum=WGS84").isProjectedInMetres)
        let feet = try CRSDescription.describe("EPSG:2263")
        #expect(feet.kind == .projected && !feet.isProjectedInMetres)
        #expect(feet.unitName == "US survey foot" && abs(feet.unitFactor - 1200.0 / 3937) < 1e-12)
        #expect(throws: LibraryError.self) { try CRSDescription.describe("EPSG:999999") }
    }

    @Test func scaleErrorsInShanghai() throws {
        func error(_ crs: String) throws -> Double {
            try MetricCRS.scaleError(of: CoordinateTransformer(from: "EPSG:4326", to: crs), over: Self.tinyArea).error
        }
        // Web Mercator: 1 / cos 31.25° − 1 ≈ 17% (a little more on the ellipsoid).
        #expect(abs(try error("EPSG:3857") - 0.17) < 0.01)
        // UTM zone 50 (CM 117°E, 4.45° west): k ≈ 0.9996 (1 + x²/2R²) with x ≈ 424 km: about 0.18%.
        #expect(abs(try error("EPSG:32650") - 0.0018) < 0.0002)
        // The zone auto picks (CM 120°E, 1.45° away): 0.02%.
        #expect(try error("EPSG:4549") < 0.0003)
    }

    @Test func degreesFeetAndWebMercatorAreRefusedNamingTheZoneAutoWouldPick() throws {
        for crs in ["EPSG:4326", "EPSG:4490", "+proj=longlat", "EPSG:4978", "EPSG:2263", "EPSG:3857"] {
            do {
                _ = try MetricCRS.checkAnalysisCRS(crs, automatic: false, area: Self.tinyArea, planFile: "p/plan.json")
                Issue.record("\(crs) was accepted")
            } catch let e as InputError {
                #expect(e.file == "p/plan.json" && e.key == "crs" && e.severity == .error)
                #expect(e.message.contains("\"auto\" (for this study area: EPSG:4549"), "\(e.message)")
                #expect(e.message.contains("UTM") && e.message.contains("Gauss–Krüger"))
            }
        }
    }

    @Test func aZoneOffByMoreThanATenthOfAPercentIsUsedWithAWarning() throws {
        let warnings = try MetricCRS.checkAnalysisCRS("EPSG:32650", automatic: false, area: Self.tinyArea, planFile: "plan.json")
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .warning && warnings.first?.key == "crs")
        #expect(warnings.first?.message.contains("0.18%") == true)
        #expect(try MetricCRS.checkAnalysisCRS("EPSG:32651", automatic: false, area: Self.tinyArea, planFile: "plan.json").isEmpty)
        #expect(try MetricCRS.checkAnalysisCRS("EPSG:4549", automatic: true, area: Self.tinyArea, planFile: "plan.json").isEmpty)
    }

    @Test func autoRefusesAStudyTooWideForOneZone() throws {
        let wide = BoundingBox(minX: 100, minY: 25, maxX: 125, maxY: 40)
        #expect(throws: InputError.self) {
            _ = try MetricCRS.checkAnalysisCRS(MetricCRS.choose(forLonLat: wide), automatic: true, area: wide, planFile: "plan.json")
        }
    }

    /// The tiny plan copied to a temporary folder with `crs` as its analysis CRS.
    static func tinyPlan(crs: String) throws -> String {
        let folder = try TestSupport.temporaryFolder("crs")
        let tiny = TestSupport.fixture("plans/tiny")
        for f in try FileManager.default.contentsOfDirectory(atPath: tiny) {
            try FileManager.default.copyItem(atPath: tiny + "/" + f, toPath: folder + "/" + f)
        }
        let text = try String(contentsOfFile: folder + "/plan.json", encoding: .utf8)
        try text.replacingOccurrences(of: "\"crs\": \"auto\"", with: "\"crs\": \"\(crs)\"")
            .write(toFile: folder + "/plan.json", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func theCommandsRefuseDegreesAndWarnAboutAFarZone() throws {
        let degrees = try Self.tinyPlan(crs: "EPSG:4326")
        defer { try? FileManager.default.removeItem(atPath: degrees) }
        let refused = try TestSupport.run(["coverage", degrees])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("plan.json") && refused.stderr.contains("\"crs\"") && refused.stderr.contains("EPSG:4549"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)

        let far = try Self.tinyPlan(crs: "EPSG:32650")
        defer { try? FileManager.default.removeItem(atPath: far) }
        let warned = try TestSupport.run(["coverage", far])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("warning") && warned.stderr.contains("distorts distances by 0.18%"), "\(warned.stderr)")
        let validated = try TestSupport.run(["validate", far])
        #expect(validated.status == 0 && validated.stdout.contains("0.18%"))
    }
}

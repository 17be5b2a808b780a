import Foundation
import Testing
@testable import LifeCircle

/// The tiny plan's GeoPackage and QGIS project opened headless in QGIS itself (PyQGIS, Debian
/// `python3-qgis`) by `Fixtures/qgis/check_project.py`: every layer valid, in its group and drawn with
/// the default style `layer_styles` holds for it, both in the project and opened from the GeoPackage.
@Suite(.enabled(if: PyQGIS.python != nil && ExternalTool.path("ogrinfo") != nil,
                "no python3 that can import qgis.core (Debian python3-qgis), or no ogrinfo: QGIS checks skipped"))
struct QGISProjectTests {
    /// `check_project.py` on a folder's `tiny.qgs` and `tiny.gpkg`: exit status, summary, stderr.
    static func check(_ folder: String) throws -> (status: Int32, summary: [String: Any], stderr: String) {
        let script = TestSupport.fixture("qgis/check_project.py")
        let o = try TestSupport.runProcess(try #require(PyQGIS.python), [script, folder + "/tiny.qgs", folder + "/tiny.gpkg"])
        let json = try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any]
        return (o.status, try #require(json, "no JSON summary: \(o.stdout) \(o.stderr)"), o.stderr)
    }

    @Test func qgisOpensEveryLayerValidGroupedAndStyled() throws {
        let folder = try GeoPackageTests.written("qgis-project")
        defer { try? FileManager.default.removeItem(atPath: folder + "/..") }
        let (status, summary, stderr) = try Self.check(folder)
        #expect(status == 0, "\(stderr)")
        let layers = try #require(summary["layers"] as? [[String: Any]])
        #expect(layers.compactMap { $0["name"] as? String } == GeoPackageTests.schemas.map(\.name))
        for (layer, schema) in zip(layers, GeoPackageTests.schemas) {
            #expect(layer["valid"] as? Bool == true, "\(schema.name)")
            #expect(layer["group"] as? String == schema.group, "\(schema.name)")
            // What QGIS drew it with, in the project and opened alone, is the writer's default style.
            let style = QGISStyle.styles(for: schema)[0].renderer
            for key in ["renderer", "direct"] {
                let r = try #require(layer[key] as? [String: Any], "\(schema.name): no \(key)")
                let type = try #require(r["renderer"] as? String)
                #expect(style.hasPrefix("<renderer-v2 type=\"\(type)\""), "\(schema.name) \(key): \(type)")
                if let field = r["field"] as? String { #expect(style.contains(" attr=\"\(field)\""), "\(schema.name) \(key): \(field)") }
                else { #expect(type == "singleSymbol", "\(schema.name) \(key): no field") }
            }
        }
        // Known answers of the tiny plan: one proposal, two streets' gaps graduated by coverage.
        let proposals = try #require(layers.first { $0["name"] as? String == "proposals-health-station" })
        #expect(proposals["features"] as? Int == 1)
        #expect((proposals["direct"] as? [String: Any])?["renderer"] as? String == "graduatedSymbol")
        let gaps = try #require(layers.first { $0["name"] as? String == "street-gaps" })
        #expect((gaps["renderer"] as? [String: Any])?["field"] as? String == "health_station_coverage")
        #expect((summary["failures"] as? [Any])?.isEmpty == true)
    }

    @Test func aBrokenStyleFailsNamingTheLayer() throws {
        let folder = try GeoPackageTests.written("qgis-broken")
        defer { try? FileManager.default.removeItem(atPath: folder + "/..") }
        // The default style of one layer classifies by a field the project's copy does not.
        let o = try ExternalTool.run("ogrinfo", [folder + "/tiny.gpkg", "-sql",
            "UPDATE layer_styles SET styleQML = replace(styleQML, 'attr=\"rank\"', 'attr=\"rnak\"') WHERE f_table_name = 'proposals-health-station'"])
        #expect(o.status == 0, "\(o.stderr)")
        let (status, summary, stderr) = try Self.check(folder)
        #expect(status == 1)
        #expect(stderr.contains("proposals-health-station:"), "\(stderr)")
        let failures = try #require(summary["failures"] as? [String])
        #expect(!failures.isEmpty && failures.allSatisfy { $0.hasPrefix("proposals-health-station:") }, "\(failures)")
    }
}

/// The Python the QGIS checks run with.
enum PyQGIS {
    /// The first of `python3` on PATH and Debian's `/usr/bin/python3` that imports `qgis.core` (a
    /// pyenv or venv Python on PATH does not see Debian's packages).
    static let python: String? = [ExternalTool.path("python3"), "/usr/bin/python3"].compactMap { $0 }.first { exe in
        FileManager.default.isExecutableFile(atPath: exe) && (try? TestSupport.runProcess(exe, ["-c", "import qgis.core"]).status) == 0
    }
}

import Foundation
import Testing
@testable import LifeCircle

@Suite struct StudyLoaderTests {
    /// A copy of the tiny plan in a temporary folder, with `edit` applied to one layer's JSON.
    private func tinyCopy(editing layer: String? = nil, _ edit: ((inout [String: Any]) -> Void)? = nil) throws -> String {
        let folder = try TestSupport.temporaryFolder("loader")
        let tiny = TestSupport.fixture("plans/tiny")
        for f in try FileManager.default.contentsOfDirectory(atPath: tiny) {
            try FileManager.default.copyItem(atPath: tiny + "/" + f, toPath: folder + "/" + f)
        }
        if let layer, let edit {
            let path = folder + "/" + layer
            let data = try #require(FileManager.default.contents(atPath: path))
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            edit(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        }
        return folder
    }

    @Test func loadsTheTinyStudy() throws {
        let (plan, _) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        let study = try StudyLoader().load(plan)
        #expect(study.streets.map(\.name) == ["西街道 West", "东街道 East"])
        #expect(study.residents.count == 4)
        #expect(study.residents.reduce(0) { $0 + $1.population } == 650)
        #expect(study.network.count == 12)
        #expect(study.facilities["health-station"]?.map(\.id) == ["hs-1"])
        #expect(study.facilities["elder-canteen"]?.first?.status == .planned)
        #expect(study.facilities["elder-canteen"]?.first?.capacity == 150)
    }

    @Test func aSelfIntersectingStreetIsRepairedWithAWarning() throws {
        let folder = try tinyCopy(editing: "streets.geojson") { fc in
            guard var features = fc["features"] as? [[String: Any]] else { return }
            // A bow-tie: the ring crosses itself in the middle.
            features[0]["geometry"] = ["type": "Polygon", "coordinates": [[[121.449, 31.249], [121.452, 31.252], [121.452, 31.249], [121.449, 31.252], [121.449, 31.249]]]]
            fc["features"] = features
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (plan, _) = try PlanReader.read(path: folder)
        let study = try StudyLoader().load(plan)
        let warning = try #require(study.warnings.first { $0.featureIndex == 0 && $0.file.hasSuffix("streets.geojson") })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("make-valid"))
        let repaired = try #require(study.streets.first)
        #expect(repaired.geometry.kind == .multiPolygon)  // the two triangles of the bow-tie
        #expect(try GeosGeometry(repaired.geometry).isValid)
    }

    /// A copy of the tiny plan whose residents (points) are shifted into GCJ-02, the plan unchanged.
    private func tinyCopyWithResidentsInGCJ02() throws -> String {
        try tinyCopy(editing: "residents.geojson") { fc in
            guard var features = fc["features"] as? [[String: Any]] else { return }
            for i in features.indices {
                guard var g = features[i]["geometry"] as? [String: Any], let c = g["coordinates"] as? [Double] else { continue }
                let shifted = ChinaCoordinates.wgs84ToGCJ02(Position(x: c[0], y: c[1]))
                g["coordinates"] = [shifted.x, shifted.y]
                features[i]["geometry"] = g
            }
            fc["features"] = features
        }
    }

    @Test func aLayerDeclaredGCJ02IsConvertedToWGS84() throws {
        // Shift the residents into GCJ-02 and declare it: after loading they must be back where they were.
        let (plan0, _) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        let original = try StudyLoader().load(plan0).residents.map(\.position)
        let folder = try tinyCopyWithResidentsInGCJ02()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var (plan, _) = try PlanReader.read(path: folder)
        plan.layers.residents.crs = "GCJ-02"
        let study = try StudyLoader().load(plan)
        for (a, b) in zip(study.residents.map(\.position), original) {
            #expect(abs(a.x - b.x) < 1e-7 && abs(a.y - b.y) < 1e-7)
        }
        #expect(study.warnings.contains { $0.message.contains("GCJ-02") })
    }

    @Test func aGCJ02LayerDeclaredAsWGS84DrawsAWarning() throws {
        // The residents carry the GCJ-02 offset (some 500 m in Shanghai) but the plan says WGS84.
        let folder = try tinyCopyWithResidentsInGCJ02()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = Validator.validatePlan(path: folder)
        let warning = try #require(report.problems.first { $0.file.hasSuffix("residents.geojson") && $0.key == "crs" })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("GCJ-02"))
        // The unshifted plan draws no such warning.
        let clean = Validator.validatePlan(path: TestSupport.fixture("plans/tiny"))
        #expect(!clean.problems.contains { $0.key == "crs" })
    }
}

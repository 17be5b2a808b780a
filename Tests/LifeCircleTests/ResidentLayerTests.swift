import Foundation
import Testing
@testable import LifeCircle

/// The compact residents layer on the tiny 3×3 grid (hand-checked in StudyAnalysisTests): the
/// health station (2 min at 80 m/min) covers r0, r1 and r3 (100 + 200 + 50 residents), not r2; no
/// existing canteen (the only one is planned and covers r1, r2, r3).
@Suite struct ResidentLayerTests {
    static let categories = ["health_station", "elder_canteen"]
    static let perCategory = ["minutes", "facility", "status", "minutes_planned", "2sfca", "2sfca_gaussian"]

    static func csvLines(_ files: [OutputFile], _ name: String) throws -> [String] {
        let file = try #require(files.first { $0.name == name }, "no file \(name)")
        #expect(Array(file.bytes.prefix(3)) == CSVTable.byteOrderMark)
        return String(decoding: file.bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test func theLayerHasOneFeaturePerResidentWithTheDocumentedColumnsAndTypes() throws {
        let files = try ExportTests.tinyReport().layerFiles(allGeoJSON: true)
        let layer = try ExportTests.layer(files, "residents.geojson")
        #expect(layer.features.map { $0.string("id") } == ["r0", "r1", "r2", "r3"])
        var expected = ["id", "street", "street_code", "population", "age60plus"]
        for k in Self.categories { expected += Self.perCategory.map { "\(k)_\($0)" } }
        expected += ["reached", "complete", "lifecircle_minutes"]
        for f in layer.features { #expect(Array(f.properties.keys) == expected) }
        let header = try Self.csvLines(files, "residents.csv")[0]
        #expect(header == (expected + ["lon", "lat"]).joined(separator: ","))
        let csvt = try #require(files.first { $0.name == "residents.csvt" })
        let types = String(decoding: csvt.bytes, as: UTF8.self).trimmingCharacters(in: .newlines).split(separator: ",").map(String.init)
        let typeOf = Dictionary(uniqueKeysWithValues: zip(expected + ["lon", "lat"], types))
        #expect(types.count == expected.count + 2)
        for key in ["id", "street", "street_code", "health_station_facility", "health_station_status", "elder_canteen_status"] {
            #expect(typeOf[key] == "\"String\"", "\(key)")
        }
        for key in ["population", "age60plus", "health_station_minutes", "elder_canteen_minutes_planned", "health_station_2sfca",
                    "elder_canteen_2sfca_gaussian", "lifecircle_minutes", "lon", "lat"] {
            #expect(typeOf[key] == "\"Real\"", "\(key)")
        }
        #expect(typeOf["reached"] == "\"Integer\"" && typeOf["complete"] == "\"Integer\"")

        let r = layer.features
        // Hand-checked: r1 is 150 m from the station (1.88 min), r2 beyond the 2 minutes.
        #expect(r[1].number("health_station_minutes") == 1.88 && r[1].string("health_station_facility") == "hs-1")
        #expect(r[2].string("health_station_status") == "beyond-threshold")
        #expect(r[2].properties["health_station_minutes"] == .null && r[2].properties["health_station_facility"] == .null)
        // No existing canteen: minutes null for all, but the planned one reaches r1, r2, r3.
        #expect(r.allSatisfy { $0.properties["elder_canteen_minutes"] == .null })
        #expect(r.map { $0.properties["elder_canteen_minutes_planned"] != .null } == [false, true, true, true])
        // Classic 2SFCA: the station's supply of 1 shared by the 350 residents within 2 minutes.
        #expect(r.map { $0.number("health_station_2sfca") } == [0.002857, 0.002857, 0, 0.002857])
        #expect(r.allSatisfy { $0.number("elder_canteen_2sfca") == 0 })
        // Both categories are essential (the plan names none) and no one reaches a canteen.
        #expect(r.map { $0.number("reached") } == [1, 1, 0, 1])
        #expect(r.allSatisfy { $0.number("complete") == 0 })
    }

    @Test func theStatusesAreThoseOfThePerCategoryLayers() throws {
        let files = try ExportTests.tinyReport().layerFiles(perCategoryLayers: true, allGeoJSON: true)
        let residents = try ExportTests.layer(files, "residents.geojson")
        for id in ["health-station", "elder-canteen"] {
            let coverage = try ExportTests.layer(files, "coverage-\(id).geojson")
            let k = StudyLayers.key(id)
            #expect(coverage.features.map { $0.string("id") } == residents.features.map { $0.string("id") })
            #expect(coverage.features.map { $0.string("status") } == residents.features.map { $0.string("\(k)_status") }, "\(id)")
            #expect(coverage.features.map { $0.string("facility_id") } == residents.features.map { $0.string("\(k)_facility") }, "\(id)")
            #expect(coverage.features.map { $0.properties["minutes"] } == residents.features.map { $0.properties["\(k)_minutes"] }, "\(id)")
        }
    }

    /// `complete` recomputed from the layer's own statuses: 1 exactly when every essential category is covered.
    @Test(arguments: [nil, ["health-station"]] as [[String]?])
    func completeMeansEveryEssentialCategoryIsCovered(essential: [String]?) throws {
        let report = try ExportTests.tinyReport()
        let circle = CircleStudy.run(report.analysis.prepared, scenario: .existing, essential: essential)
        let layer = StudyLayers.residents(report.analysis, circle: circle, equity: report.equity)
        let essentialKeys = (essential ?? ["health-station", "elder-canteen"]).map(StudyLayers.key)
        var completeCount = 0
        for f in layer.features {
            let covered = essentialKeys.filter { f.string("\($0)_status") == "covered" }.count
            #expect(f.number("reached") == Double(covered), "\(f.string("id") ?? "")")
            let complete = covered == essentialKeys.count
            #expect(f.number("complete") == (complete ? 1 : 0), "\(f.string("id") ?? "")")
            if complete {
                #expect(f.properties["lifecircle_minutes"] != .null, "\(f.string("id") ?? "")")
                completeCount += 1
            }
        }
        // With the health station alone essential, r0, r1, r3 are complete; with both, no one.
        #expect(completeCount == (essential == nil ? 0 : 3))
        if essential != nil {
            // The life-circle time is then the walk to the station (r2's 5.01 minutes beyond the
            // 2-minute threshold still count, within the 30-minute search).
            for f in layer.features where f.number("complete") == 1 {
                #expect(f.properties["lifecircle_minutes"] == f.properties["health_station_minutes"], "\(f.string("id") ?? "")")
            }
            #expect(layer.features[2].number("lifecircle_minutes") ?? 0 > 2)
        }
    }

    @Test func theLayersFilesMatchTheCollection() throws {
        let report = try ExportTests.tinyReport()
        let files = StudyLayers.residentFiles(report.analysis, circle: report.circle, equity: report.equity)
        let collection = StudyLayers.residents(report.analysis, circle: report.circle, equity: report.equity)
        #expect(files[0].bytes == GeoJSONWriter.encode(collection))
    }
}

import Foundation
import Testing

@testable import LifeCircle

/// The network layer is encoded on all cores by a writer of its own (no Feature values): its bytes
/// must be what `GeoJSONWriter` writes for the same features.
@Suite struct OSMLayerBuilderTests {
    @Test func theNetworkLayerIsByteForByteWhatGeoJSONWriterWritesForItsFeatures() throws {
        let dir = try OSMTestData.tempDir("network-bytes")
        let summary = try OSMImporter().run(extract: OSMTestData.helsinki, outDir: dir)
        let bytes = try GeoJSONReader.readBytes(path: dir + "/network.geojson")
        let collection = try GeoJSONReader.read(bytes: bytes, file: "network.geojson").asFeatureCollection
        // Enough segments for several parallel chunks (of at least 1,024 each), joined in order.
        #expect(collection.features.count == summary.networkSegments)
        #expect(summary.networkSegments > 3 * 1024)
        // The features as the importer built them before (a Feature with its properties in the
        // order id, osm_id, highway, name), from the values read back, encoded by GeoJSONWriter.
        var rebuilt: [Feature] = []
        var wrongIDs: [String] = []
        for f in collection.features {
            guard case .string(let id)? = f.id, case .number(let osmID)? = f.properties["osm_id"],
                case .string(let highway)? = f.properties["highway"]
            else {
                Issue.record("feature \(String(describing: f.id)) lacks id, osm_id or highway")
                continue
            }
            if !id.hasPrefix("w\(Int64(osmID))-") { wrongIDs.append(id) }
            #expect(f.properties.count == (f.properties["name"] == nil ? 3 : 4))
            var props = JSONObject()
            props["id"] = .string(id)
            props["osm_id"] = .number(osmID)
            props["highway"] = .string(highway)
            if let name = f.properties["name"] { props["name"] = name }
            rebuilt.append(Feature(id: .string(id), geometry: f.geometry, properties: props))
        }
        #expect(wrongIDs.isEmpty, "ids not matching their osm_id: \(wrongIDs.prefix(5))")
        let expected = GeoJSONWriter.encode(FeatureCollection(features: rebuilt))
        let same = expected == bytes  // a Bool: Testing would print both files on failure
        #expect(same, "first difference at byte \(firstDifference(expected, bytes))")
        // Named and unnamed ways both occur, so both property layouts were compared.
        let named = collection.features.filter { $0.properties["name"] != nil }.count
        #expect(named > 0 && named < collection.features.count)
    }

    @Test func runsOfEncodedFeaturesJoinAsSingleFeaturesDo() throws {
        // The network's parallel chunks are appended as runs: the bytes must not depend on where they are cut.
        let dir = try OSMTestData.tempDir("network-round")
        _ = try OSMImporter().run(extract: OSMTestData.helsinki, outDir: dir)
        let whole = try GeoJSONReader.readBytes(path: dir + "/network.geojson")
        let features = try GeoJSONReader.read(bytes: whole, file: "network.geojson").asFeatureCollection.features
        let stream = try OSMLayerStream(path: dir + "/again.geojson")
        var k = 0
        for size in [1, 2, 1000, 3, 4096] where k < features.count {
            let part = features[k..<min(k + size, features.count)]
            let encoded = part.map { GeoJSONWriter.encode(feature: $0) }.joined(separator: ",\n")
            try stream.append(encoded: Array(encoded.utf8), features: part.count)
            k += part.count
        }
        for f in features[k...] { try stream.append(f) }
        try stream.finish()
        let again = try GeoJSONReader.readBytes(path: dir + "/again.geojson")
        let same = again == whole
        #expect(same, "first difference at byte \(firstDifference(again, whole))")
    }
}

/// The first index where `a` and `b` differ (the shorter one's count when one is a prefix of the
/// other), for failure messages that do not print whole files.
func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
}

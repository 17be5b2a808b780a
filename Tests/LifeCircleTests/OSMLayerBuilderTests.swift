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
        #expect(GeoJSONWriter.encode(collection) == bytes)
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
        #expect(try GeoJSONReader.readBytes(path: dir + "/again.geojson") == whole)
    }
}

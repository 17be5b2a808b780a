import Foundation
import Testing
@testable import LifeCircle

/// `GeoJSONReader.forEachFeature` hands over the same features as a whole read, from a mapped
/// file and from a lone feature or geometry; a pipe is refused, not read.
@Suite struct GeoJSONStreamingTests {
    static func streamed(_ path: String) throws -> [Feature] {
        var features: [Feature] = []
        try GeoJSONReader.forEachFeature(path: path) { i, f in
            #expect(i == features.count)
            features.append(f)
        }
        return features
    }

    @Test func aFileStreamsTheFeaturesOfTheWholeRead() throws {
        let path = TestSupport.fixture("plans/tiny/residents.geojson")
        let whole = try GeoJSONReader.readFeatureCollection(path: path).features
        #expect(whole.count == 4)
        #expect(try Self.streamed(path) == whole)
    }

    @Test func aPipeIsRefusedNotRead() throws {
        let folder = try TestSupport.temporaryFolder("fifo")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/residents.geojson"
        try #require(mkfifo(fifo, 0o600) == 0)
        // A writer stands ready (so a reader that opens the pipe does not hang the test): it
        // blocks in open until a reader opens the pipe, then closes it without writing (a write
        // after the reader closed would end the test process with SIGPIPE).
        DispatchQueue.global().async {
            guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
            try? handle.close()
        }
        let e = #expect(throws: FileError.self) { try Self.streamed(fifo) }
        #expect(e?.path == fifo)
        #expect(e?.message.contains("named pipe") == true)
        // Release the writer: a non-blocking open of the read end lets its open return.
        let fd = open(fifo, O_RDONLY | O_NONBLOCK)
        if fd >= 0 { close(fd) }
    }

    @Test func aLoneFeatureOrGeometryIsFeatureZeroAndErrorsMatchTheWholeRead() throws {
        let folder = try TestSupport.temporaryFolder("lone")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let feature = folder + "/feature.geojson", geometry = folder + "/point.geojson", empty = folder + "/empty.geojson"
        let broken = folder + "/broken.geojson"
        try AtomicFile.write(#"{"type": "Feature", "id": 7, "properties": {"population": 3}, "geometry": {"type": "Point", "coordinates": [121.4, 31.2]}}"#, to: feature)
        try AtomicFile.write(#"{"type": "Point", "coordinates": [121.4, 31.2]}"#, to: geometry)
        try AtomicFile.write("", to: empty)
        try AtomicFile.write(#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": null}, {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1]}}]}"#, to: broken)
        for path in [feature, geometry] {
            let streamed = try Self.streamed(path)
            #expect(try streamed == GeoJSONReader.read(path: path).asFeatureCollection.features)
            #expect(streamed.count == 1)
        }
        for path in [empty, broken] {
            let whole = #expect(throws: InputError.self) { try GeoJSONReader.read(path: path) }
            let streaming = #expect(throws: InputError.self) { try GeoJSONReader.forEachFeature(path: path) { _, _ in } }
            #expect(whole == streaming)
        }
        // The broken collection's error names feature 1, after feature 0 was handed over.
        var seen: [Int] = []
        #expect(throws: InputError.self) { try GeoJSONReader.forEachFeature(path: broken) { i, _ in seen.append(i) } }
        #expect(seen == [0])
    }
}

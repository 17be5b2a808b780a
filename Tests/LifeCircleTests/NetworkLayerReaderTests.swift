import Foundation
import Testing
@testable import LifeCircle

/// The network layer's own reader (`NetworkLayerReader`) gives the lines the general reader gives,
/// in any number of pieces, and leaves every file it does not take (so its errors) to the general
/// reader.
@Suite struct NetworkLayerReaderTests {
    /// Writes `text` as `network.geojson` in a new folder; its path.
    static func write(_ text: String) throws -> String {
        let folder = try TestSupport.temporaryFolder("netreader")
        let path = folder + "/network.geojson"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The lines `StudyLoader.loadNetwork` gives with the general reader, and its problems.
    static func general(_ path: String) -> (NetworkLines, [InputError]) {
        var loader = StudyLoader()
        loader.fastNetworkReader = false
        var sink = ProblemSink(limit: 50)
        let lines = loader.loadNetwork(LayerRef(path: path), extent: nil, sink: &sink)
        return (lines, sink.finish())
    }

    /// The lines and problems of `StudyLoader.loadNetwork` as a run reads them.
    static func loaded(_ path: String) -> (NetworkLines, [InputError]) {
        var sink = ProblemSink(limit: 50)
        let lines = StudyLoader().loadNetwork(LayerRef(path: path), extent: nil, sink: &sink)
        return (lines, sink.finish())
    }

    /// Three features by hand: a LineString with a string id (and a third ordinate, whitespace and
    /// nested properties), a MultiLineString of two parts whose id is the number in its
    /// properties, a LineString without any id (so its index), a line whose `id` is null (so its
    /// property), and a one-part MultiLineString; `},{` inside a string.
    static let handMade = """
        { "type" : "FeatureCollection", "name": "walk", "features" : [
          {"type":"Feature","id":"a","properties":{"highway":"footway","note":"x},{y","tags":{"k":[1,{"v":null}]}},
           "geometry":{"type":"LineString","coordinates":[[121.5, 31.25, 4.0], [121.501,31.251] ]}},
          {"type":"Feature","properties":{"id":7,"name":"B"},"geometry":{"coordinates":[[[1,2],[3,4],[5,6]],[[7,8],[9,10]]],"type":"MultiLineString"},"extra":true},
          {"geometry":{"type":"LineString","coordinates":[[-0.5,-10],[0,0]]},"type":"Feature","properties":null},
          {"type":"Feature","id":null,"properties":{"id":"p"},"geometry":{"type":"LineString","coordinates":[[1,1],[2,2]]}},
          {"type":"Feature","id":12.5,"properties":{"id":"q"},"geometry":{"type":"MultiLineString","coordinates":[[[3,3],[4,4]]]}}
        ], "crs": {"type":"name"} }
        """

    @Test func readsTheHandMadeLinesWithTheirIDs() throws {
        let path = try Self.write(Self.handMade)
        let lines = try #require(NetworkLayerReader.read(path: path))
        #expect(lines.ids == ["a", "7#0", "7#1", "2", "p", "12.5"])
        #expect(lines.lineEnds == [2, 5, 7, 9, 11, 13])
        #expect(lines.positions.map(\.x) == [121.5, 121.501, 1, 3, 5, 7, 9, -0.5, 0, 1, 2, 3, 4])
        #expect(lines.positions.map(\.y) == [31.25, 31.251, 2, 4, 6, 8, 10, -10, 0, 1, 2, 3, 4])
        #expect(Array(lines.coordinates(of: 2)) == [Position(x: 7, y: 8), Position(x: 9, y: 10)])
    }

    @Test(arguments: [1, 2, 3, 5, 8, 40])
    func anyNumberOfPiecesGivesTheSameLinesOrLeavesTheFile(pieces: Int) throws {
        let path = try Self.write(Self.handMade)
        let (expected, problems) = Self.general(path)
        #expect(problems.isEmpty)
        // A cut inside the `"x},{y"` string fails its pieces, and the file is left to the general
        // reader; any other result is the same lines.
        if let lines = NetworkLayerReader.read(path: path, pieces: pieces) {
            #expect(lines == expected)
        }
        #expect(NetworkLayerReader.read(path: path, pieces: 1) == expected)
    }

    /// Many features, cut in many pieces: the ids of unnamed features count the pieces before.
    @Test func piecesJoinInFileOrder() throws {
        var features: [String] = []
        for i in 0..<300 {
            let id = i % 3 == 0 ? "" : "\"id\":\"f\(i)\","
            features.append("{\"type\":\"Feature\",\(id)\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[\(Double(i) / 10),1],[\(Double(i) / 10),2]]}}")
        }
        let path = try Self.write("{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ",\n"))]}")
        let (expected, _) = Self.general(path)
        #expect(expected.count == 300)
        #expect(expected.ids[3] == "3" && expected.ids[4] == "f4")
        for pieces in [1, 2, 7, 64, 300] {
            #expect(NetworkLayerReader.read(path: path, pieces: pieces) == expected, "\(pieces) pieces")
        }
    }

    @Test func equalsTheGeneralReaderOnTheFixtures() throws {
        for relative in ["plans/tiny/network.geojson"] {
            let path = TestSupport.fixture(relative)
            let (expected, problems) = Self.general(path)
            #expect(problems.isEmpty)
            #expect(NetworkLayerReader.read(path: path) == expected, "\(relative)")
            #expect(NetworkLayerReader.read(path: path, pieces: 4) == expected, "\(relative)")
        }
        let jingan = TestSupport.root.appendingPathComponent("GeoData/jingan/network.geojson").path
        let (expected, _) = Self.general(jingan)
        #expect(expected.count > 1000)
        #expect(NetworkLayerReader.read(path: jingan, pieces: 6) == expected)
    }

    /// Bad features: the reader takes none of them, and the run reports what the general reader
    /// reports (file, feature index, key, message).
    @Test(arguments: [
        (#"{"type":"Point","coordinates":[1,2]}"#, "geometry", "Point cannot be a walkable line"),
        ("null", "geometry", "null geometry"),
        (#"{"type":"LineString","coordinates":[[1,2]]}"#, "coordinates", "at least two positions"),
        (#"{"type":"LineString","coordinates":[[1,95],[1,2]]}"#, "coordinates", "latitude 95.0 is out of range"),
        (#"{"type":"LineString","coordinates":[[500000,3400000],[500010,3400000]]}"#, "coordinates", "projected CRS"),
        (#"{"type":"MultiLineString","coordinates":[]}"#, "geometry", "empty geometry"),
        (#"{"type":"LineString","coordinates":[[1,2],[1,"3"]]}"#, "coordinates", "numbers only"),
    ])
    func aBadFeatureGetsTheGeneralReadersError(geometry: String, key: String, message: String) throws {
        let good = #"{"type":"Feature","id":"ok","properties":{},"geometry":{"type":"LineString","coordinates":[[1,1],[2,2]]}}"#
        let bad = #"{"type":"Feature","id":"bad","properties":{"name":"x"},"geometry":"# + geometry + "}"
        let path = try Self.write(#"{"type":"FeatureCollection","features":["# + [good, good, bad, good].joined(separator: ",") + "]}")
        #expect(NetworkLayerReader.read(path: path) == nil)
        #expect(NetworkLayerReader.read(path: path, pieces: 3) == nil)
        let (lines, problems) = Self.loaded(path)
        let (expectedLines, expectedProblems) = Self.general(path)
        #expect(lines == expectedLines)
        #expect(problems == expectedProblems)
        let error = try #require(problems.first { $0.severity == .error })
        #expect(error.file == path)
        #expect(error.featureIndex == 2)
        #expect(error.key == key)
        #expect(error.message.contains(message), "\(error.message)")
    }

    /// Files the reader leaves to the general one though they are fine: the lines are the same.
    @Test(arguments: [
        #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","id":"b","properties":{},"geometry":{"type":"LineString","coordinates":[[1,1],[2,2]]}}]}"#,
        #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,1],[2,2]]},"bbox":[1,1,2,2]}]}"#,
        #"{"features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,1],[2,2]]}}],"type":"FeatureCollection"}"#,
        #"{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,1],[2,2]]}}"#,
        #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"\u0069d":"e"},"geometry":{"type":"LineString","coordinates":[[1,1],[2,2]]}}]}"#,
    ])
    func aFileItLeavesReadsAsBefore(text: String) throws {
        let path = try Self.write(text)
        let (expected, problems) = Self.general(path)
        #expect(problems.isEmpty)
        #expect(expected.count == 1)
        #expect(Self.loaded(path).0 == expected)
        if let lines = NetworkLayerReader.read(path: path) { #expect(lines == expected) }
    }
}

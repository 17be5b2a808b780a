import Foundation
import Testing

@testable import LifeCircle

/// Paths shared by the OSM tests.
enum OSMTestData {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let data = root.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let helsinki = data.appendingPathComponent("helsinki/helsinki-centre.osm.pbf").path
    static let grid = data.appendingPathComponent("helsinki/population-grid-2020.geojson").path
    static let shanghai = data.appendingPathComponent("shanghai/peoples-square-drive.osm").path
    static let fixtures = root.appendingPathComponent("Tests/LifeCircleTests/Fixtures/osm")

    static func tempDir(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lifecircle-osm-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// The full path of `osmium` when it is on PATH.
    static var osmium: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/osmium"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}

@Suite("OSM reader")
struct OSMReaderTests {
    @Test("Helsinki PBF element counts match osmium fileinfo -e")
    func helsinkiCounts() throws {
        // `osmium fileinfo -e ../shared/data/helsinki/helsinki-centre.osm.pbf` (osmium 1.15):
        // Number of nodes: 24260, Number of ways: 5130, Number of relations: 620.
        let counts = try OSMReader.count(path: OSMTestData.helsinki)
        #expect(counts == OSMElementCounts(nodes: 24260, ways: 5130, relations: 620))
        // The full decode sees the same numbers.
        struct Tally: OSMVisitor {
            var counts = OSMElementCounts()
            var tagged = 0
            mutating func visit(node: OSMNode) { counts.nodes += 1; if !node.tags.isEmpty { tagged += 1 } }
            mutating func visit(way: OSMWay) { counts.ways += 1 }
            mutating func visit(relation: OSMRelation) { counts.relations += 1 }
        }
        var tally = Tally()
        let seen = try OSMReader.read(path: OSMTestData.helsinki, visitor: &tally)
        #expect(seen == counts)
        #expect(tally.counts == counts)
        #expect(tally.tagged > 0)
    }

    @Test("Shanghai XML element counts match osmium fileinfo -e")
    func shanghaiCounts() throws {
        // `osmium fileinfo -e ../shared/data/shanghai/peoples-square-drive.osm`:
        // Number of nodes: 2958, Number of ways: 796, Number of relations: 0.
        let counts = try OSMReader.count(path: OSMTestData.shanghai)
        #expect(counts == OSMElementCounts(nodes: 2958, ways: 796, relations: 0))
    }
}

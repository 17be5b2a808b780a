import Foundation
import LifeCircle

/// `osm-import EXTRACT... [--out DIR]`: times reading (all elements decoded) and the full import
/// of each extract; prints MB/s and elements/s.
func osmImportBenchmark(_ args: [String]) throws {
    var files: [String] = []
    var out = NSTemporaryDirectory() + "lifecircle-bench-osm"
    var i = 0
    while i < args.count {
        if args[i] == "--out", i + 1 < args.count { out = args[i + 1]; i += 2; continue }
        files.append(args[i])
        i += 1
    }
    guard !files.isEmpty else {
        print("usage: lifecircle-bench osm-import EXTRACT... [--out DIR]")
        return
    }
    struct Decode: OSMVisitor {
        var refs = 0
        mutating func visit(way: OSMWay) { refs += way.refs.count }
    }
    for file in files {
        let size = Double((try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0) / 1e6
        var visitor = Decode()
        let (counts, readSeconds) = try BenchClock.measure { try OSMReader.read(path: file, visitor: &visitor) }
        let (summary, importSeconds) = try BenchClock.measure { try OSMImporter().run(extract: file, outDir: out) }
        let name = URL(fileURLWithPath: file).lastPathComponent
        print(String(
            format: "%@: %.1f MB, %d elements | read %.3f s = %.1f MB/s, %.2f M elements/s | import %.3f s = %.1f MB/s, %.2f M elements/s (%d segments, %d residents)",
            name, size, counts.total, readSeconds, size / readSeconds, Double(counts.total) / readSeconds / 1e6,
            importSeconds, size / importSeconds, Double(counts.total) / importSeconds / 1e6,
            summary.networkSegments, summary.residentialBuildings))
    }
    print(String(format: "peak memory %.0f MiB", BenchClock.peakMemoryMiB()))
}

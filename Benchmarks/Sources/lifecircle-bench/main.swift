import Foundation
import LifeCircle

// Each benchmark is a function in its own file, registered here by name.
let benchmarks: [String: ([String]) throws -> Void] = [
    "noop": { _ in print("noop") },
    "polygon-index": polygonIndexBench,
    "projection": projectionBench,
    "geojson-read": GeoJSONBenchmark.read,
    "geojson-write": GeoJSONBenchmark.write,
    "coverage": { try CoverageBenchmark.run($0) },
    "sample": sampleBenchmark,
    "siting": sitingBenchmark,
    "siting-plan": sitingPlanBenchmark,
    "equity": equityBenchmark,
    "osm-import": osmImportBenchmark,
    "circle": circleBenchmark,
]

let args = Array(CommandLine.arguments.dropFirst())
guard let name = args.first, let bench = benchmarks[name] else {
    print("usage: lifecircle-bench <\(benchmarks.keys.sorted().joined(separator: "|"))> [args...]")
    exit(2)
}
do {
    try bench(Array(args.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

import Foundation
import LifeCircle

/// `projection [points]`: bulk PROJ transform WGS84 → EPSG:4549 and GCJ-02 → WGS84 of random
/// points around Shanghai (seeded).
func projectionBench(_ args: [String]) throws {
    let n = args.first.flatMap { Int($0) } ?? 1_000_000
    var rng = SplitMix64(seed: 99)
    let points = (0..<n).map { _ in Position(lon: 121.3 + rng.unit() * 0.3, lat: 31.1 + rng.unit() * 0.3) }
    let transformer = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:4549")
    let (projected, projSeconds) = try BenchClock.measure { try transformer.transform(points) }
    let converter = try CRSConverter(crs: "GCJ-02")
    let (wgs, gcjSeconds) = try BenchClock.measure { try converter.toWGS84(points) }
    print("projection: \(n) points; PROJ bulk \(String(format: "%.3f", projSeconds)) s "
        + "(\(String(format: "%.0f", Double(n) / projSeconds)) points/s); GCJ-02→WGS84 \(String(format: "%.3f", gcjSeconds)) s "
        + "(\(String(format: "%.0f", Double(n) / gcjSeconds)) points/s); check \(projected.count + wgs.count)")
}

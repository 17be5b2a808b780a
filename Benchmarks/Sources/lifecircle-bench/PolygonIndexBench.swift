import Foundation
import LifeCircle

/// `polygon-index [points] [cells]`: street assignment speed. A cells×cells grid of 1 km "streets"
/// (400 wobbly vertices each) and `points` uniform random points (seeded), located with `PolygonIndex`.
func polygonIndexBench(_ args: [String]) throws {
    let n = args.first.flatMap { Int($0) } ?? 1_000_000
    let cells = args.dropFirst().first.flatMap { Int($0) } ?? 4
    var polygons: [Geometry] = []
    for row in 0..<cells {
        for col in 0..<cells {
            polygons.append(.polygon([wobblySquare(x: Double(col) * 1000, y: Double(row) * 1000, size: 1000)]))
        }
    }
    let (index, buildSeconds) = try BenchClock.measure { try PolygonIndex(polygons: polygons) }
    var rng = SplitMix64(seed: 2024)
    let extent = Double(cells) * 1000
    let points = (0..<n).map { _ in Position(x: rng.unit() * extent, y: rng.unit() * extent) }
    let (found, seconds) = try BenchClock.measure { () throws -> Int in
        var found = 0
        for p in points where try index.locate(p) != nil { found += 1 }
        return found
    }
    print("polygon-index: \(polygons.count) polygons built in \(String(format: "%.3f", buildSeconds)) s; "
        + "\(n) points in \(String(format: "%.3f", seconds)) s (\(String(format: "%.0f", Double(n) / seconds)) points/s), "
        + "\(found) inside; peak \(String(format: "%.0f", BenchClock.peakMemoryMiB())) MiB")
}

/// A square ring with 100 vertices per side, each pushed up to 20 m inward by a sine wobble.
private func wobblySquare(x: Double, y: Double, size: Double) -> [Position] {
    var ring: [Position] = []
    let perSide = 100
    for side in 0..<4 {
        for i in 0..<perSide {
            let t = Double(i) / Double(perSide)
            let inset = 20 * abs(sin(t * .pi * 7))
            switch side {
            case 0: ring.append(Position(x: x + t * size, y: y + inset))
            case 1: ring.append(Position(x: x + size - inset, y: y + t * size))
            case 2: ring.append(Position(x: x + size - t * size, y: y + size - inset))
            default: ring.append(Position(x: x + inset, y: y + size - t * size))
            }
        }
    }
    ring.append(ring[0])
    return ring
}

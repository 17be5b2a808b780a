import Foundation
import LifeCircle

/// `coverage [--scale K] [--spacing M] [--export DIR]`: build + snap + five categories × two scenarios on
/// a synthetic jittered-grid network (3 × 12 km at scale 1, about 20k edges and 20k residents; K× the
/// area at `--scale K`). `--export DIR` also writes the network and points as CSV for
/// `Benchmarks/pandana_compare.py`.
enum CoverageBenchmark {
    /// A benchmark argument problem.
    struct Usage: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    struct Category {
        var id: String
        var facilitiesAtScale1: Int
        var elder: Bool
    }

    static let categories = [
        Category(id: "health-station", facilitiesAtScale1: 40, elder: false),
        Category(id: "elder-canteen", facilitiesAtScale1: 30, elder: true),
        Category(id: "fitness-point", facilitiesAtScale1: 300, elder: false),
        Category(id: "ev-charger", facilitiesAtScale1: 150, elder: false),
        Category(id: "aed-school", facilitiesAtScale1: 60, elder: false),
    ]

    static func run(_ args: [String]) throws {
        var scale = 1.0, spacing = 60.0
        var export: String?
        var detail = false
        var i = 0
        while i < args.count {
            let value = i + 1 < args.count ? args[i + 1] : ""
            switch args[i] {
            case "--scale": scale = Double(value) ?? 1; i += 2
            case "--spacing": spacing = Double(value) ?? 60; i += 2
            case "--export": export = value; i += 2
            case "--detail": detail = true; i += 1
            default: throw Usage(message: "unknown argument \(args[i])")
            }
        }
        let side = scale.squareRoot()
        let width = 3000 * side, height = 12000 * side
        let residentCount = Int(20000 * scale)
        var rng = SplitMix64(seed: 20_240_415)

        // Jittered grid: one line per block side, with a bend (a shape point) on horizontal ones.
        let columns = Int(width / spacing) + 1, rows = Int(height / spacing) + 1
        var nodes: [Position] = []
        nodes.reserveCapacity(columns * rows)
        for r in 0..<rows {
            for c in 0..<columns {
                nodes.append(Position(x: Double(c) * spacing + (rng.unit() - 0.5) * spacing * 0.3,
                                      y: Double(r) * spacing + (rng.unit() - 0.5) * spacing * 0.3))
            }
        }
        var lines: [[Position]] = []
        lines.reserveCapacity(2 * columns * rows)
        for r in 0..<rows {
            for c in 0..<columns {
                let a = nodes[r * columns + c]
                if c + 1 < columns, rng.unit() < 0.97 {
                    let b = nodes[r * columns + c + 1]
                    lines.append([a, Position(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 + (rng.unit() - 0.5) * 6), b])
                }
                if r + 1 < rows, rng.unit() < 0.97 { lines.append([a, nodes[(r + 1) * columns + c]]) }
            }
        }
        func randomPoint() -> Position {
            Position(x: rng.unit() * width, y: rng.unit() * height)
        }
        let residents = (0..<residentCount).map { _ in randomPoint() }
        let population = (0..<residentCount).map { _ in Double(20 + rng.next() % 80) }
        let elders = population.map { ($0 * 0.3).rounded() }
        var facilities: [[Position]] = []
        var planned: [[Bool]] = []
        for cat in categories {
            let n = max(1, Int(Double(cat.facilitiesAtScale1) * scale))
            facilities.append((0..<n).map { _ in randomPoint() })
            planned.append((0..<n).map { _ in rng.unit() < 0.15 })
        }
        let walking = Walking(speedMetersPerMinute: 80, elderSpeedMetersPerMinute: 60, maxSnapDistanceMeters: 500)

        let (network, tBuild) = BenchClock.measure { WalkNetwork.build(lines: lines) }
        let (index, tIndex) = BenchClock.measure { SegmentIndex(network: network) }
        let ((analysis, requests), tSnap) = BenchClock.measure { () -> (CoverageAnalysis, [CoverageRequest]) in
            let analysis = CoverageAnalysis(index: index, residentPositions: residents,
                                            maxSnapDistance: walking.maxSnapDistanceMeters)
            let requests = categories.indices.map { k in
                CoverageRequest(
                    category: categories[k].id, facilityPositions: facilities[k],
                    facilitySnaps: index.snap(facilities[k], maxDistance: walking.maxSnapDistanceMeters),
                    facilityPlanned: planned[k], minutes: 15,
                    speed: CoverageRequest.speed(for: categories[k].elder ? .age60plus : .all, walking: walking),
                    demand: categories[k].elder ? elders : population)
            }
            return (analysis, requests)
        }
        let (results, tCoverage) = BenchClock.measure { analysis.run(requests) }
        let (lineResults, tLine) = BenchClock.measure { analysis.run(requests, metrics: [.straightLine]) }

        print("coverage benchmark: scale \(scale), \(Int(width)) × \(Int(height)) m, spacing \(spacing) m")
        print("network: \(network.nodeCount) nodes, \(network.edgeCount) edges, \(network.componentCount) components; "
              + "\(residentCount) residents; facilities \(facilities.map(\.count))")
        for (k, r) in results.enumerated() {
            let line = lineResults[k]
            print(String(format: "  %-15@ %-13@ network %5.1f%%  straight-line %5.1f%%",
                         r.category as NSString, r.scenario.rawValue as NSString,
                         100 * (r.totals.coverageShare ?? 0), 100 * (line.totals.coverageShare ?? 0)))
        }
        print(String(format: "build %.3f s, index %.3f s, snap %.3f s, coverage (5 categories × 2 scenarios) %.3f s",
                     tBuild, tIndex, tSnap, tCoverage))
        print(String(format: "total build + snap + coverage: %.3f s; straight-line (5 × 2): %.3f s",
                     tBuild + tIndex + tSnap + tCoverage, tLine))
        print(String(format: "peak RSS: %.0f MiB", BenchClock.peakMemoryMiB()))

        if detail {
            // One search at a time on one thread, to separate the search from the resident scan.
            var search = NetworkSearch(network: network)
            for request in requests {
                let sources = request.facilitySnaps
                let cpu0 = threadCPUSeconds()
                let (_, tRun) = BenchClock.measure { search.run(sources: sources, bound: request.minutes * request.speed) }
                let cpuRun = threadCPUSeconds() - cpu0
                let (_, tAll) = BenchClock.measure { _ = analysis.networkCoverage(request, scenario: .withPlanned, search: &search) }
                print(String(format: "  %-15@ search %.3f s (CPU %.3f s, %d nodes settled), search + residents %.3f s",
                             request.category as NSString, tRun, cpuRun, search.settledNodes.count, tAll))
            }
        }
        if let dir = export {
            try exportCSV(dir: dir, network: network, residents: residents, analysis: analysis,
                          requests: requests, results: results)
            print("exported CSV to \(dir)")
        }
    }

    /// CPU time of the calling thread, seconds (wall time misleads on a busy machine).
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Writes nodes, edges, residents (with their snaps) and facilities of each category, plus the Swift
    /// walk metres per resident, for the pandana comparison.
    static func exportCSV(dir: String, network: WalkNetwork, residents: [Position], analysis: CoverageAnalysis,
                          requests: [CoverageRequest], results: [CoverageResult]) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: (dir as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        var s = "id,x,y\n"
        for (i, p) in network.nodePositions.enumerated() { s += "\(i),\(p.x),\(p.y)\n" }
        try write("nodes.csv", s)
        s = "from,to,length\n"
        for e in 0..<network.edgeCount { s += "\(network.edgeFrom[e]),\(network.edgeTo[e]),\(network.edgeLength[e])\n" }
        try write("edges.csv", s)
        s = "id,x,y\n"
        for (i, p) in residents.enumerated() { s += "\(i),\(p.x),\(p.y)\n" }
        try write("residents.csv", s)
        s = "category,id,x,y,planned,speed\n"
        for r in requests {
            for (i, p) in r.facilityPositions.enumerated() {
                s += "\(r.category),\(i),\(p.x),\(p.y),\(r.facilityPlanned[i] ? 1 : 0),\(r.speed)\n"
            }
        }
        try write("facilities.csv", s)
        s = "category,scenario,resident,meters,facility\n"
        for r in results {
            for i in r.minutes.indices where r.status[i] == .covered {
                s += "\(r.category),\(r.scenario.rawValue),\(i),\(r.minutes[i] * r.speed),\(r.facility[i])\n"
            }
        }
        try write("swift-results.csv", s)
    }
}

import Foundation
import LifeCircle

/// GeoJSON read/write throughput on a generated FeatureCollection of mixed points, lines and
/// polygons with properties (about `--mb` MB, written once to /tmp and reused).
///
/// `geojson-read [--mb 100] [--runs 5] [--file PATH] [--no-foundation]`: decodes the bytes `runs` times with
/// `GeoJSONReader` and prints MB/s and features/s, then the same for Foundation's
/// `JSONSerialization` (which builds untyped objects only, no GeoJSON model).
/// `geojson-write [--mb 100] [--runs 5] [--file PATH]`: encodes the decoded collection.
enum GeoJSONBenchmark {
    struct Options {
        var megabytes = 100
        var runs = 5
        var file: String?
        var foundation = true

        init(_ args: [String]) throws {
            var i = 0
            while i < args.count {
                let value = i + 1 < args.count ? args[i + 1] : ""
                switch args[i] {
                case "--mb": megabytes = Int(value) ?? megabytes
                case "--runs": runs = max(1, Int(value) ?? runs)
                case "--file": file = value
                case "--no-foundation":
                    foundation = false
                    i -= 1
                default: throw BenchmarkUsage(message: "unknown argument \(args[i])")
                }
                i += 2
            }
        }

        var path: String { file ?? "/tmp/lifecircle-bench-geojson-\(megabytes)mb.geojson" }
    }

    struct BenchmarkUsage: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func read(_ args: [String]) throws {
        let options = try Options(args)
        let bytes = try loadOrGenerate(options)
        let mb = Double(bytes.count) / 1e6
        var features = 0
        var best = Double.infinity
        var bestCPU = Double.infinity
        for run in 1...options.runs {
            let cpuStart = threadCPUSeconds()
            let (object, seconds) = try BenchClock.measure { try GeoJSONReader.read(bytes: bytes, file: options.path) }
            let cpu = threadCPUSeconds() - cpuStart
            features = object.asFeatureCollection.features.count
            best = min(best, seconds)
            bestCPU = min(bestCPU, cpu)
            print(String(format: "GeoJSONReader run %d: %.3f s, %.1f MB/s (CPU %.3f s, %.1f MB/s)", run, seconds, mb / seconds, cpu, mb / cpu))
        }
        print(String(format: "GeoJSONReader best: %.1f MB/s, %.0f features/s (%d features, %.1f MB); by CPU time %.1f MB/s",
                     mb / best, Double(features) / best, features, mb, mb / bestCPU))
        guard options.foundation else { return }
        let data = Data(bytes)
        var bestFoundation = Double.infinity
        var bestFoundationCPU = Double.infinity
        for run in 1...min(options.runs, 3) {
            let cpuStart = threadCPUSeconds()
            let (_, seconds) = try BenchClock.measure { try JSONSerialization.jsonObject(with: data) }
            let cpu = threadCPUSeconds() - cpuStart
            bestFoundation = min(bestFoundation, seconds)
            bestFoundationCPU = min(bestFoundationCPU, cpu)
            print(String(format: "JSONSerialization run %d: %.3f s, %.1f MB/s (CPU %.3f s)", run, seconds, mb / seconds, cpu))
        }
        print(String(format: "JSONSerialization best: %.1f MB/s, %.0f features/s (untyped objects only); by CPU time %.1f MB/s",
                     mb / bestFoundation, Double(features) / bestFoundation, mb / bestFoundationCPU))
        print(String(format: "speed-up: %.2fx; peak memory %.0f MiB", bestFoundation / best, BenchClock.peakMemoryMiB()))
    }

    static func write(_ args: [String]) throws {
        let options = try Options(args)
        let bytes = try loadOrGenerate(options)
        let collection = try GeoJSONReader.read(bytes: bytes, file: options.path).asFeatureCollection
        var best = Double.infinity
        var size = 0
        var bestCPU = Double.infinity
        for run in 1...options.runs {
            let cpuStart = threadCPUSeconds()
            let (out, seconds) = BenchClock.measure { GeoJSONWriter.encode(collection, precision: 7) }
            let cpu = threadCPUSeconds() - cpuStart
            size = out.count
            best = min(best, seconds)
            bestCPU = min(bestCPU, cpu)
            print(String(format: "GeoJSONWriter run %d: %.3f s, %.1f MB/s (CPU %.3f s)", run, seconds, Double(out.count) / 1e6 / seconds, cpu))
        }
        print(String(format: "GeoJSONWriter by CPU time: %.1f MB/s", Double(size) / 1e6 / bestCPU))
        print(String(format: "GeoJSONWriter best: %.1f MB/s, %.0f features/s (%d features, %.1f MB out)",
                     Double(size) / 1e6 / best, Double(collection.features.count) / best, collection.features.count, Double(size) / 1e6))
    }

    /// CPU time of the calling thread (less disturbed than wall time on a shared machine).
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        // clock_gettime: 0 on success.
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0 else { return 0 }
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// The benchmark file's bytes, generating it first when missing.
    static func loadOrGenerate(_ options: Options) throws -> [UInt8] {
        if !FileManager.default.fileExists(atPath: options.path) {
            let (_, seconds) = try BenchClock.measure { try generate(megabytes: options.megabytes, to: options.path) }
            print(String(format: "generated %@ in %.1f s", options.path, seconds))
        }
        let (bytes, seconds) = try BenchClock.measure { try GeoJSONReader.readBytes(path: options.path) }
        print(String(format: "read %.1f MB from disk in %.3f s", Double(bytes.count) / 1e6, seconds))
        return bytes
    }

    /// Writes a deterministic FeatureCollection of about `megabytes` MB: 60% points, 25% lines,
    /// 15% polygons (some with a hole), each with a handful of properties (some Chinese text).
    static func generate(megabytes: Int, to path: String) throws {
        var rng = SplitMix64(seed: 20_240_515)
        let target = megabytes * 1_000_000
        var out: [UInt8] = []
        out.reserveCapacity(target + 1_000_000)
        out.append(contentsOf: Array("{\"type\":\"FeatureCollection\",\"name\":\"bench\",\"features\":[".utf8))
        let categories = ["health-station", "elder-canteen", "fitness-point", "ev-charger", "aed-school"]
        let names = ["江宁路", "石门二路", "南京西路", "静安寺", "曹家渡", "Beizhan", "Daning Road"]
        var index = 0
        func coordinate() -> Position {
            Position(x: 121.40 + rng.unit() * 0.1, y: 31.20 + rng.unit() * 0.12)
        }
        while out.count < target {
            let kind = rng.unit()
            let geometry: Geometry
            if kind < 0.6 {
                geometry = .point(coordinate())
            } else if kind < 0.85 {
                var p = coordinate()
                var line: [Position] = []
                for _ in 0..<(2 + Int(rng.unit() * 20)) {
                    line.append(p)
                    p = Position(x: p.x + (rng.unit() - 0.5) * 0.002, y: p.y + (rng.unit() - 0.5) * 0.002)
                }
                geometry = .lineString(line)
            } else {
                let c = coordinate()
                let n = 4 + Int(rng.unit() * 30)
                var ring: [Position] = []
                for k in 0..<n {
                    let angle = Double(k) / Double(n) * 2 * Double.pi
                    let r = 0.001 * (0.6 + 0.4 * rng.unit())
                    ring.append(Position(x: c.x + r * cos(angle), y: c.y + r * sin(angle)))
                }
                ring.append(ring[0])
                var rings = [ring]
                if rng.unit() < 0.2 {
                    let hole = [Position(x: c.x - 0.0001, y: c.y - 0.0001), Position(x: c.x - 0.0001, y: c.y + 0.0001),
                                Position(x: c.x + 0.0001, y: c.y + 0.0001), Position(x: c.x + 0.0001, y: c.y - 0.0001),
                                Position(x: c.x - 0.0001, y: c.y - 0.0001)]
                    rings.append(hole)
                }
                geometry = .polygon(rings)
            }
            var properties = JSONObject()
            properties["name"] = .string("\(names[Int(rng.next() % UInt64(names.count))]) \(index)")
            properties["category"] = .string(categories[Int(rng.next() % UInt64(categories.count))])
            properties["population"] = .number(Double(rng.next() % 5000))
            properties["height"] = .number((rng.unit() * 10_000).rounded() / 100)
            properties["existing"] = .bool(rng.unit() < 0.5)
            if rng.unit() < 0.2 { properties["tags"] = .array([.string("a"), .number(1), .null]) }
            let feature = Feature(id: .number(Double(index)), geometry: geometry, properties: properties)
            out.append(contentsOf: index == 0 ? [0x0A] : [0x2C, 0x0A])
            GeoJSONWriter.append(feature: feature, precision: 7, to: &out)
            index += 1
        }
        out.append(contentsOf: Array("\n]}\n".utf8))
        try AtomicFile.write(out, to: path)
    }
}

import Foundation
import LifeCircle

/// `sample [SCALE] [SEED] [OUT]`: generates the Jing'an sample with SCALE tiles (default 25, about
/// Shanghai's population), encodes every file, and writes them to OUT when given; prints the
/// seconds of each step, the sizes and the peak memory.
func sampleBenchmark(_ args: [String]) throws {
    let scale = args.first.flatMap { Int($0) } ?? 25
    let seed = args.dropFirst().first.flatMap { UInt64($0) } ?? 2024
    let (district, generate) = BenchClock.measure { JinganSample(seed: seed, scale: max(1, scale)).generate() }
    let (files, encode) = BenchClock.measure { district.files() }
    var write = 0.0
    if args.count > 2 {
        let out = args[2]
        (_, write) = try BenchClock.measure {
            for (name, bytes) in files { try AtomicFile.write(bytes, to: URL(fileURLWithPath: out).appendingPathComponent(name).path) }
        }
    }
    let megabytes = Double(files.reduce(0) { $0 + $1.bytes.count }) / 1_048_576
    print("sample scale \(scale) seed \(seed)")
    for line in district.summary { print("  " + line) }
    print(String(format: "  generate %.2f s, encode %.2f s, write %.2f s, %.1f MiB, peak %.0f MiB",
                 generate, encode, write, megabytes, BenchClock.peakMemoryMiB()))
}

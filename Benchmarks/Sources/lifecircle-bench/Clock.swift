import Foundation

/// Wall-clock timing and peak memory for benchmarks.
enum BenchClock {
    /// Runs `body` and returns its result and the seconds it took.
    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let end = DispatchTime.now().uptimeNanoseconds
        return (result, Double(end - start) / 1e9)
    }

    /// Peak resident set size of this process in MiB (Linux: VmHWM in /proc/self/status).
    static func peakMemoryMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Double($0) }
            if let kb = digits.first { return kb / 1024 }
        }
        return 0
    }
}

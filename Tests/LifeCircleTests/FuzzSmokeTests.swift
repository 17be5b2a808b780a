import Foundation
import Testing

/// The short fuzzing run CI does: the three libFuzzer targets (GeoJSON reader, plan reader, OSM
/// readers) are built with `-sanitize=fuzzer,address` by `Fuzz/build.sh` and each runs for a few
/// seconds over its seed corpus in `Fuzz/Corpus`, with no crash, leak or sanitizer report. The long
/// runs are a command in README's development section.
@Suite struct FuzzSmokeTests {
    static let targets = [("fuzz-geojson", "geojson"), ("fuzz-plan", "plan"), ("fuzz-osm", "osm")]

    @Test func everyFuzzTargetRunsCleanFromItsSeedCorpus() throws {
        let out = try TestSupport.temporaryFolder("fuzz")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let root = TestSupport.root.path
        let build = try TestSupport.runProcess("/bin/bash", [root + "/Fuzz/build.sh", out], cwd: root)
        try #require(build.status == 0, "Fuzz/build.sh failed: \(build.stderr.suffix(4000))")
        for (target, corpus) in Self.targets {
            let seeds = root + "/Fuzz/Corpus/" + corpus
            let seedCount = try FileManager.default.contentsOfDirectory(atPath: seeds).count
            #expect(seedCount >= 3, "\(seeds) holds \(seedCount) seeds")
            // New inputs go to the first folder (a scratch one); the seed folder is only read.
            let scratch = out + "/corpus-" + corpus
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let run = try TestSupport.runProcess(
                out + "/" + target,
                ["-max_total_time=15", "-rss_limit_mb=2048", "-timeout=20", "-print_final_stats=1", scratch, seeds],
                cwd: out)
            let log = run.stderr
            #expect(run.status == 0, "\(target) exited \(run.status): \(log.suffix(4000))")
            #expect(log.contains("Done "), "\(target) did not finish: \(log.suffix(2000))")
            #expect(!log.contains("ERROR: AddressSanitizer") && !log.contains("ERROR: LeakSanitizer")
                    && !log.contains("deadly signal"), "\(target): \(log.suffix(4000))")
            // Every seed was run at least once, and then mutated inputs.
            let executed = log.split(separator: "\n").first { $0.hasPrefix("stat::number_of_executed_units:") }
                .flatMap { Int($0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") } ?? 0
            #expect(executed > seedCount, "\(target) ran \(executed) inputs")
        }
    }
}

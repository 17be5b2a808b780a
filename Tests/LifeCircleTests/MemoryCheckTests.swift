import Foundation
import Testing

/// The main job under valgrind's memcheck: `lifecircle report` on the tiny plan runs every stage
/// (layers, network, coverage, siting towards each target, service-area polygons, the pages) and
/// must end with no invalid access, nothing definitely or indirectly lost, and no GEOS, PROJ or
/// LifeCircle allocation among the "possibly lost" (the Swift runtime's metadata caches, the TLS
/// of Dispatch's live worker threads and GDAL's per-thread holder in it are all that may stay there: the per-thread GEOS contexts and
/// PROJ transformers are freed by `PerThreadCache.releaseAll()`, which the library registers with `atexit`). The same check on the Jing'an
/// sample is a command in README's development section (minutes under valgrind).
@Suite struct MemoryCheckTests {
    @Test(.enabled(if: ExternalTool.path("valgrind") != nil, "valgrind is not on PATH (apt-get install valgrind): memory check skipped"))
    func theReportLeaksNoGEOSOrPROJHandleAndReadsNothingInvalid() throws {
        let exe = try #require(TestSupport.executable)
        let out = try TestSupport.temporaryFolder("valgrind")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let log = out + "/memcheck.log"
        let run = try ExternalTool.run("valgrind", [
            "--leak-check=full", "--show-leak-kinds=all", "--num-callers=40",
            "--log-file=" + log, exe, "report", TestSupport.fixture("plans/tiny"), "--out", out + "/report",
        ])
        #expect(run.status == 0, "report under valgrind failed: \(run.stderr.suffix(2000))")
        #expect(FileManager.default.fileExists(atPath: out + "/report/report.html"))
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("definitely lost: 0 bytes in 0 blocks") || text.contains("All heap blocks were freed"),
                "\(text.suffix(3000))")
        #expect(text.contains("indirectly lost: 0 bytes in 0 blocks") || text.contains("All heap blocks were freed"))
        for problem in ["Invalid read", "Invalid write", "uninitialised", "Invalid free", "Mismatched free"] {
            #expect(!text.contains(problem), "valgrind reports \(problem): \(text.prefix(4000))")
        }
        // What may stay "possibly lost": blocks the Swift runtime allocates for its own metadata
        // caches, and the TLS of Dispatch's worker threads still alive at exit. Judged by the frame
        // that called the allocator; anything else (a Swift object, GEOS, PROJ, SQLite) fails.
        // No GEOS context or PROJ transformer is left at exit, not even a reachable one (the CLI
        // library frees the per-thread ones at exit, without the CLI's help).
        for record in text.components(separatedBy: " in loss record ").dropFirst() {
            let stack = record.components(separatedBy: "\n==").prefix(while: { !$0.hasSuffix("== ") }).joined()
            for handle in ["GEOS_init_r", "proj_context_create", "proj_create_crs_to_crs"] {
                #expect(!stack.contains(handle), "left at exit: \(handle): \(stack.prefix(2000))")
            }
        }
        let records = text.components(separatedBy: "are possibly lost in loss record").dropFirst()
        for record in records {
            let frames = record.components(separatedBy: "\n").dropFirst()
                .prefix { $0.contains(" at 0x") || $0.contains(" by 0x") }
            // The runtime's metadata, witness-table and conformance caches (allocated by libswiftCore
            // itself, never through swift_allocObject, which is how Swift objects are made).
            let top = frames.prefix(6)
            let runtimeCache = top.dropFirst().first?.contains("libswiftCore.so") == true
                && !top.contains { $0.contains("swift_allocObject") }
                && top.contains { f in ["Metadata", "WitnessTable", "ConcurrentReadableHashMap", "Conformance"].contains { f.contains($0) } }
            let threadStorage = frames.prefix(4).contains { $0.contains("allocate_dtv") || $0.contains("_dl_allocate_tls") }
            // GDAL is opened with dlopen (GDALSession), so its C++ thread_local data lives in the
            // dynamic TLS of the thread that used it: the small per-thread holder GDAL makes in
            // importFromEPSG stays with the live Dispatch worker that wrote the GeoPackage (its PROJ
            // context is freed by OSRCleanup: `proj_context_create` is checked above). Only that
            // block: allocated inside libgdal, straight under importFromEPSGA.
            let gdalThreadHolder = frames.prefix(6).contains { $0.contains("importFromEPSGA") }
                && frames.dropFirst().prefix { !$0.contains("importFromEPSGA") }.allSatisfy { $0.contains("libgdal.so") }
            #expect(runtimeCache || threadStorage || gdalThreadHolder, "possibly lost: \(frames.joined(separator: "\n").prefix(3000))")
        }
    }
}

import Foundation
import Testing
@testable import LifeCircle

/// GEOS is loaded when first needed, not linked: a command that never touches geometry
/// (import-osm, --help) starts without libgeos_c and libgeos, one that does loads them, and a
/// missing library is an error naming the files tried.
@Suite struct GEOSLibraryTests {
    @Test func theInstalledLibraryLoadsWithEveryFunctionCalled() throws {
        // The resolver fails on the first function of the shim's list the library lacks.
        guard case .success(let geos) = GEOSLibrary.load(GEOSLibrary.libraryNames) else {
            Issue.record("libgeos_c did not load: \(GEOSLibrary.load(GEOSLibrary.libraryNames))")
            return
        }
        let handle = try #require(geos.GEOS_init_r())
        defer { geos.GEOS_finish_r(handle) }
        let box = try #require(geos.GEOSGeom_createRectangle_r(handle, 0, 0, 2, 3))
        defer { geos.GEOSGeom_destroy_r(handle, box) }
        var area = 0.0
        #expect(geos.GEOSArea_r(handle, box, &area) == 1)
        #expect(area == 6)
    }

    @Test func aMissingLibraryIsAnErrorNamingEveryFileTried() {
        let names = ["libgeos_c-missing.so.9", "/nonexistent/libgeos_c.so"]
        guard case .failure(let error) = GEOSLibrary.load(names) else {
            Issue.record("a library that does not exist loaded")
            return
        }
        #expect(error.description.hasPrefix("GEOS load libgeos_c-missing.so.9 or /nonexistent/libgeos_c.so failed: "))
        #expect(error.message.contains("libgeos_c-missing.so.9: cannot open shared object file"))
        #expect(error.message.contains("/nonexistent/libgeos_c.so: cannot open shared object file"))
        #expect(error.message.hasSuffix("(install GEOS, e.g. apt-get install libgeos-dev)"))
    }

    @Test func aLibraryWithoutGEOSsFunctionsIsRefusedNamingTheFirstMissing() {
        // zlib loads (the dynamic loader finds it) but has none of GEOS's functions.
        guard case .failure(let error) = GEOSLibrary.load(["libz.so.1"]) else {
            Issue.record("zlib was taken for GEOS")
            return
        }
        #expect(error.description == "GEOS load libz.so.1 failed: it has no function GEOS_finish_r")
    }

    /// glibc's `LD_DEBUG=files` lists on stderr every library the loader opens and why (at start,
    /// or `dynamically loaded by` the program: dlopen).
    @Test func importOSMAndHelpRunWithoutLoadingGEOSAndValidateLoadsItOnDemand() throws {
        let work = try TestSupport.temporaryFolder("geos-on-demand")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let exe = try #require(TestSupport.executable, "the lifecircle executable was not found next to the tests")
        let runs: [(arguments: [String], loadsGEOS: Bool)] = [
            (["import-osm", TestSupport.fixture("osm/small.osm"), "--out", work + "/osm"], false),
            (["--help"], false),
            (["validate", TestSupport.fixture("plans/tiny")], true),
        ]
        for (arguments, loadsGEOS) in runs {
            let run = try TestSupport.runProcess("/usr/bin/env", ["LD_DEBUG=files", exe] + arguments)
            #expect(run.status == 0, "\(arguments[0]): \(run.stderr.suffix(1000))")
            #expect(run.stderr.contains("file=libswiftCore.so"), "\(arguments[0]): LD_DEBUG listed nothing")
            // libgeos_c, and libgeos (C++) which it needs: opened with dlopen or not at all.
            let geos = run.stderr.split(separator: "\n").filter { $0.contains("file=libgeos") && $0.contains(" by ") }
            #expect(geos.contains { $0.contains("file=libgeos_c.so.1") } == loadsGEOS, "\(arguments[0]): \(geos)")
            let linked = geos.filter {
                !$0.contains("dynamically loaded by") && $0.range(of: #"needed by \S*libgeos_c"#, options: .regularExpression) == nil
            }
            #expect(linked.isEmpty, "\(arguments[0]): libgeos linked: \(linked)")
        }
        #expect(FileManager.default.fileExists(atPath: work + "/osm/network.geojson"))
    }
}

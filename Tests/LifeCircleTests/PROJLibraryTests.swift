import CPROJ
import Foundation
import Testing
@testable import LifeCircle

/// PROJ is loaded when first needed, not linked: a command that never projects (import-osm,
/// --help) starts without its ~40 shared libraries, one that does loads it, and a missing library
/// is an error naming the files tried.
@Suite struct PROJLibraryTests {
    @Test func theLibraryOfTheHeadersMajorVersionIsTriedFirstThenTheDevelopmentLink() {
        #if os(Linux)
        #expect(PROJLibrary.libraryNames(major: 9) == ["libproj.so.25", "libproj.so"])
        #expect(PROJLibrary.libraryNames(major: 8) == ["libproj.so.22", "libproj.so"])
        #expect(PROJLibrary.libraryNames(major: 12) == ["libproj.so"])
        #endif
    }

    @Test func theLibraryLoadsWithEveryFunctionCalled() throws {
        let proj = try PROJLibrary.functions()
        let context = try #require(proj.proj_context_create())
        defer { _ = proj.proj_context_destroy(context) }
        let crs = try #require(proj.proj_create(context, "EPSG:32651"))
        defer { _ = proj.proj_destroy(crs) }
        #expect(proj.proj_get_type(crs) == PJ_TYPE_PROJECTED_CRS)
        #expect(String(cString: try #require(proj.proj_get_name(crs))) == "WGS 84 / UTM zone 51N")
    }

    @Test func aMissingLibraryIsAnErrorNamingEveryFileTried() {
        let names = ["libproj-missing.so.99", "/nonexistent/libproj.so"]
        guard case .failure(let error) = PROJLibrary.load(names) else {
            Issue.record("a library that does not exist loaded")
            return
        }
        #expect(error.library == "PROJ")
        #expect(error.operation == "load libproj-missing.so.99 or /nonexistent/libproj.so")
        #expect(error.message.contains("libproj-missing.so.99: cannot open shared object file"))
        #expect(error.message.contains("/nonexistent/libproj.so: cannot open shared object file"))
        #expect(error.message.hasSuffix("(install PROJ, e.g. apt-get install libproj-dev)"))
    }

    @Test func aLibraryWithoutPROJsFunctionsIsRefusedNamingTheFirstMissing() {
        // zlib loads (the dynamic loader finds it) but has none of PROJ's functions.
        guard case .failure(let error) = PROJLibrary.load(["libz.so.1"]) else {
            Issue.record("zlib was taken for PROJ")
            return
        }
        #expect(error.description == "PROJ load libz.so.1 failed: it has no function proj_clone")
    }

    /// glibc's `LD_DEBUG=files` lists on stderr every library the loader opens and why (at start,
    /// or `dynamically loaded by` the program: dlopen).
    @Test func importOSMAndHelpRunWithoutLoadingPROJAndValidateLoadsItOnDemand() throws {
        let work = try TestSupport.temporaryFolder("proj-on-demand")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let exe = try #require(TestSupport.executable, "the lifecircle executable was not found next to the tests")
        let runs: [(arguments: [String], loadsPROJ: Bool)] = [
            (["import-osm", TestSupport.fixture("osm/small.osm"), "--out", work + "/osm"], false),
            (["--help"], false),
            (["validate", TestSupport.fixture("plans/tiny")], true),
        ]
        for (arguments, loadsPROJ) in runs {
            let run = try TestSupport.runProcess("/usr/bin/env", ["LD_DEBUG=files", exe] + arguments)
            let loaded = run.stderr.split(separator: "\n").filter { $0.contains("file=") }
            #expect(run.status == 0, "\(arguments[0]): \(run.stderr.suffix(1000))")
            #expect(loaded.contains { $0.contains("file=libswiftCore.so") }, "\(arguments[0]): LD_DEBUG listed nothing")
            // Why each library was opened: "needed by" a linked one, or "dynamically loaded by" dlopen.
            let proj = loaded.filter { $0.contains("file=libproj") && ($0.contains("needed by") || $0.contains("loaded by")) }
            #expect(proj.isEmpty != loadsPROJ, "\(arguments[0]): \(proj)")
            #expect(proj.allSatisfy { $0.contains("dynamically loaded by") }, "\(arguments[0]): libproj linked: \(proj)")
        }
        #expect(FileManager.default.fileExists(atPath: work + "/osm/network.geojson"))
    }
}

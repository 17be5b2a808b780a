import Foundation
import Testing
@testable import LifeCircle

/// PROJ and GEOS are loaded when first needed, not linked (`SharedLibrary`): a command that never
/// projects or touches geometry (import-osm, --help) starts without them, one that does loads
/// them, and a library that is missing, or lacks their functions, is an error naming the files tried.
@Suite struct SharedLibraryTests {
    /// A library opened on first use, and what its loader's errors say.
    enum Library: String, CaseIterable, Sendable {
        case proj = "PROJ", geos = "GEOS"

        /// The error of the library's own loader given the files `names`, nil when one loaded.
        func loadError(_ names: [String]) -> LibraryError? {
            let result = switch self {
            case .proj: PROJLibrary.load(names).map { _ in () }
            case .geos: GEOSLibrary.load(names).map { _ in () }
            }
            guard case .failure(let error) = result else { return nil }
            return error
        }

        /// How its files' names start (`libproj.so.25`, `libgeos_c.so.1`).
        var file: String { self == .proj ? "libproj" : "libgeos_c" }
        /// How to install it, as the loader's error ends.
        var install: String { self == .proj ? "install PROJ, e.g. apt-get install libproj-dev" : "install GEOS, e.g. apt-get install libgeos-dev" }
        /// The first function of its shim's list.
        var firstFunction: String { self == .proj ? "proj_clone" : "GEOS_finish_r" }
    }

    @Test(arguments: Library.allCases)
    func aMissingLibraryIsAnErrorNamingEveryFileTried(_ library: Library) throws {
        let names = ["\(library.file)-missing.so.99", "/nonexistent/\(library.file).so"]
        let error = try #require(library.loadError(names), "a library that does not exist loaded")
        #expect(error.library == library.rawValue)
        #expect(error.operation == "load \(names[0]) or \(names[1])")
        for name in names {
            #expect(error.message.contains("\(name): cannot open shared object file"), "\(error.message)")
        }
        #expect(error.message.hasSuffix("(\(library.install))"))
    }

    @Test(arguments: Library.allCases)
    func aLibraryWithoutItsFunctionsIsRefusedNamingTheFirstMissing(_ library: Library) throws {
        // zlib loads (the dynamic loader finds it) but has none of their functions.
        let error = try #require(library.loadError(["libz.so.1"]), "zlib was taken for \(library.rawValue)")
        #expect(error.description == "\(library.rawValue) load libz.so.1 failed: it has no function \(library.firstFunction)")
    }

    /// glibc's `LD_DEBUG=files` lists on stderr every library the loader opens and why (at start,
    /// or `dynamically loaded by` the program: dlopen).
    @Test func importOSMAndHelpRunWithoutLoadingPROJOrGEOSAndValidateLoadsBothOnDemand() throws {
        let work = try TestSupport.temporaryFolder("libraries-on-demand")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let exe = try #require(TestSupport.executable, "the lifecircle executable was not found next to the tests")
        let runs: [(arguments: [String], loadsThem: Bool)] = [
            (["import-osm", TestSupport.fixture("osm/small.osm"), "--out", work + "/osm"], false),
            (["--help"], false),
            (["validate", TestSupport.fixture("plans/tiny")], true),
        ]
        for (arguments, loadsThem) in runs {
            let run = try TestSupport.runProcess("/usr/bin/env", ["LD_DEBUG=files", exe] + arguments)
            let loaded = run.stderr.split(separator: "\n").filter { $0.contains("file=") }
            #expect(run.status == 0, "\(arguments[0]): \(run.stderr.suffix(1000))")
            #expect(loaded.contains { $0.contains("file=libswiftCore.so") }, "\(arguments[0]): LD_DEBUG listed nothing")
            for library in Library.allCases {
                // Why each library was opened: "needed by" a linked one, or "dynamically loaded by" dlopen.
                let opened = loaded.filter { $0.contains("file=\(library.file)") && ($0.contains("needed by") || $0.contains("loaded by")) }
                #expect(opened.isEmpty != loadsThem, "\(arguments[0]): \(opened)")
                #expect(opened.allSatisfy { $0.contains("dynamically loaded by") }, "\(arguments[0]): \(library.rawValue) linked: \(opened)")
            }
        }
        #expect(FileManager.default.fileExists(atPath: work + "/osm/network.geojson"))
    }
}

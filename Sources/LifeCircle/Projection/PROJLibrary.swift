import CPROJ
import Foundation

/// PROJ's C functions, each typed as proj.h declares it (`proj.proj_trans(pj, PJ_FWD, coord)`).
typealias PROJFunctions = LCPROJFunctions

/// PROJ, loaded once on first use: libproj opened with `dlopen(3)` (it is not linked, so that
/// commands that never project, `import-osm` among them, do not load its ~40 shared libraries)
/// and its functions looked up.
enum PROJLibrary {
    /// PROJ's functions, loaded on first use only.
    /// - Throws: `LibraryError` naming the library files tried when libproj cannot be loaded (or
    ///   lacks a function LifeCircle calls).
    static func functions() throws -> PROJFunctions {
        try loaded.get()
    }

    /// The library files tried, in order, for the PROJ version the headers are from.
    static let libraryNames = libraryNames(major: Int(PROJ_VERSION_MAJOR))

    /// The library files to try for PROJ `major`: on Linux the library of that major version
    /// (PROJ 9 names it `libproj.so.25`, 8 `libproj.so.22`, 7 `libproj.so.19`), then the
    /// development link `libproj.so` (installed with the headers LifeCircle is built with).
    static func libraryNames(major: Int) -> [String] {
        #if os(macOS)
        return ["libproj.dylib"]
        #else
        let soname = [7: 19, 8: 22, 9: 25][major]
        return (soname.map { ["libproj.so.\($0)"] } ?? []) + ["libproj.so"]
        #endif
    }

    /// Loads the first of the library files `names` that loads, with every function LifeCircle calls.
    static func load(_ names: [String]) -> Result<PROJFunctions, LibraryError> {
        SharedLibrary.load("PROJ", names: names, global: false, install: "install PROJ, e.g. apt-get install libproj-dev") {
            lc_proj_resolve($0, $1)
        }
    }

    /// A lazy static: Swift runs its initializer exactly once, thread-safely.
    private static let loaded: Result<PROJFunctions, LibraryError> = {
        let result = load(libraryNames)
        if case .success = result {
            // dlopen has just made libproj's C++ static objects, to be destroyed at exit in the
            // reverse order of the exit handlers registered: this one, registered after them, runs
            // before them, so the templates (waited for when still being made) and the per-thread
            // transformers are freed while PROJ is whole, as when libproj was linked and its
            // objects came before every handler. (The handlers of TransformerTemplates and
            // PerThreadCache may be older than libproj's objects; at exit they find nothing left.)
            // atexit: 0 on success; on failure the handles stay to the end, reachable.
            _ = atexit {
                TransformerTemplates.releaseAll()
                PerThreadCache.releaseAll()
            }
        }
        return result
    }()
}

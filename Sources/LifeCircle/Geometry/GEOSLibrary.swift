import CGEOS
import Foundation

/// GEOS's C functions, each typed as geos_c.h declares it (`context.geos.GEOSArea_r(h, g, &area)`).
typealias GEOSFunctions = LCGEOSFunctions

/// GEOS, loaded once on first use: libgeos_c opened with `dlopen(3)` (it is not linked, so that
/// commands that never touch geometry, `import-osm` among them, start without loading libgeos_c,
/// libgeos and running their C++ initialisers) and its functions looked up.
enum GEOSLibrary {
    /// GEOS's functions, loaded on first use only (``GeosContext`` asks for them).
    /// - Throws: `LibraryError` naming the library files tried when libgeos_c cannot be loaded (or
    ///   lacks a function LifeCircle calls).
    static func functions() throws -> GEOSFunctions {
        try loaded.get()
    }

    /// The library files tried, in order: the C API's library (its soname has been
    /// `libgeos_c.so.1` since GEOS 3.0), then the development link `libgeos_c.so`.
    #if os(macOS)
    static let libraryNames = ["libgeos_c.dylib"]
    #else
    static let libraryNames = ["libgeos_c.so.1", "libgeos_c.so"]
    #endif

    /// Loads the first of the library files `names` that loads, with every function LifeCircle calls.
    static func load(_ names: [String]) -> Result<GEOSFunctions, LibraryError> {
        SharedLibrary.load("GEOS", names: names, global: false, install: "install GEOS, e.g. apt-get install libgeos-dev") {
            lc_geos_resolve($0, $1)
        }
    }

    /// A lazy static: Swift runs its initializer exactly once, thread-safely.
    private static let loaded: Result<GEOSFunctions, LibraryError> = {
        let result = load(libraryNames)
        if case .success(let geos) = result {
            // GEOS's C++ static objects (its default geometry factory is made by the first
            // GEOS_init_r) are destroyed at exit in the reverse order of the exit handlers
            // registered: making them now, then registering this handler, has it run before them,
            // so the per-thread contexts are freed while GEOS is whole, as when libgeos_c was
            // linked. A context made and freed: nothing else changes.
            // GEOS_init_r: a context, or NULL when out of memory (then nothing to free).
            if let warmUp = geos.GEOS_init_r() { geos.GEOS_finish_r(warmUp) }
            // atexit: 0 on success; on failure the contexts stay to the end, reachable.
            _ = atexit { PerThreadCache.releaseAll() }
        }
        return result
    }()
}

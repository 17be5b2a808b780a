import Foundation
import Testing
@testable import LifeCircle

/// GEOS is loaded when first needed, not linked: the installed library has every function called
/// (`SharedLibraryTests`: a missing library, and commands that never load it).
@Suite struct GEOSLibraryTests {
    @Test func theInstalledLibraryLoadsWithEveryFunctionCalled() throws {
        // The resolver fails on the first function of the shim's list the library lacks.
        let geos = try GEOSLibrary.load(GEOSLibrary.libraryNames).get()
        let handle = try #require(geos.GEOS_init_r())
        defer { geos.GEOS_finish_r(handle) }
        let box = try #require(geos.GEOSGeom_createRectangle_r(handle, 0, 0, 2, 3))
        defer { geos.GEOSGeom_destroy_r(handle, box) }
        var area = 0.0
        #expect(geos.GEOSArea_r(handle, box, &area) == 1)
        #expect(area == 6)
    }
}

import CPROJ
import Foundation
import Testing
@testable import LifeCircle

/// PROJ is loaded when first needed, not linked: which library file is tried and that it has
/// every function called (`SharedLibraryTests`: a missing library, and commands that never load it).
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
}

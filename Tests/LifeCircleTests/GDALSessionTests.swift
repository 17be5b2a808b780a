import Foundation
import Testing
@testable import LifeCircle

/// GDAL is loaded when first needed, not linked: a command that never reads an OGR layer or
/// writes a GeoPackage starts without its ~110 shared libraries, and one that does loads it.
@Suite struct GDALSessionTests {
    @Test func theLibraryOfTheHeadersVersionIsTriedFirstThenTheDevelopmentLink() {
        #if os(Linux)
        #expect(GDALSession.libraryNames(major: 3, minor: 6) == ["libgdal.so.32", "libgdal.so"])
        #expect(GDALSession.libraryNames(major: 3, minor: 10) == ["libgdal.so.36", "libgdal.so"])
        #expect(GDALSession.libraryNames(major: 4, minor: 0) == ["libgdal.so"])
        #endif
    }

    @Test func theLibraryLoadsWithEveryFunctionCalledAndItsDrivers() throws {
        let gdal = try GDALSession.functions()
        #expect(gdal.GDALGetDriverByName("GPKG") != nil)
        #expect(gdal.GDALGetDriverByName("ESRI Shapefile") != nil)
    }

    /// glibc's `LD_DEBUG=files` lists on stderr every library the loader opens and why.
    @Test func importOSMRunsWithoutLoadingGDALAndExportLoadsItForTheGeoPackage() throws {
        let work = try TestSupport.temporaryFolder("gdal-on-demand")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let exe = try #require(TestSupport.executable, "the lifecircle executable was not found next to the tests")
        let imported = try TestSupport.runProcess(
            "/usr/bin/env", ["LD_DEBUG=files", exe, "import-osm", TestSupport.fixture("osm/small.osm"), "--out", work + "/osm"])
        #expect(imported.status == 0)
        #expect(imported.stderr.contains("file=libswiftCore.so"))
        #expect(!imported.stderr.contains("file=libgdal"))
        #expect(FileManager.default.fileExists(atPath: work + "/osm/network.geojson"))

        let exported = try TestSupport.runProcess(
            "/usr/bin/env", ["LD_DEBUG=files", exe, "export", TestSupport.fixture("plans/tiny"), "--out", work + "/export"])
        #expect(exported.status == 0)
        #expect(exported.stderr.contains("file=libgdal") && exported.stderr.contains("dynamically loaded by"))
        #expect(FileManager.default.fileExists(atPath: work + "/export/tiny.gpkg"))
    }
}

import CGDAL
import Foundation

/// GDAL's C functions, each typed as GDAL's header declares it (`gdal.OGR_F_Create(defn)`).
typealias GDALFunctions = LCGDALFunctions

/// GDAL, loaded once on first use: libgdal opened with `dlopen(3)` (it is not linked, so that
/// commands that never read an OGR layer or write a GeoPackage do not load its ~110 shared
/// libraries), its functions looked up, every driver registered and GDAL's own messages kept off
/// stderr (callers read them with `CPLGetLastErrorMsg` and report them in their own words).
enum GDALSession {
    /// GDAL's functions, loaded and set up on first use only.
    /// - Throws: `LibraryError` naming the library files tried when libgdal cannot be loaded (or
    ///   lacks a function LifeCircle calls).
    static func functions() throws -> GDALFunctions {
        try loaded.get()
    }

    /// The library files tried, in order, for the GDAL version the headers are from.
    static let libraryNames = libraryNames(major: Int(GDAL_VERSION_MAJOR), minor: Int(GDAL_VERSION_MINOR))

    /// The library files to try for GDAL `major`.`minor`: on Linux the library of that version
    /// (GDAL 3.x names it `libgdal.so.<26 + minor>`: 3.6 is `libgdal.so.32`), then the
    /// development link `libgdal.so` (installed with the headers LifeCircle is built with).
    static func libraryNames(major: Int, minor: Int) -> [String] {
        #if os(macOS)
        return ["libgdal.dylib"]
        #else
        return (major == 3 ? ["libgdal.so.\(26 + minor)"] : []) + ["libgdal.so"]
        #endif
    }

    /// A lazy static: Swift runs its initializer exactly once, thread-safely.
    private static let loaded: Result<GDALFunctions, LibraryError> = {
        // RTLD_GLOBAL, as a linked library would be: GDAL's driver plugins resolve against it.
        SharedLibrary.load("GDAL", names: libraryNames, global: true, install: "install libgdal, e.g. apt-get install libgdal-dev") {
            lc_gdal_resolve($0, $1)
        }.map { gdal in
            gdal.GDALAllRegister()
            _ = gdal.CPLSetErrorHandler(gdal.CPLQuietErrorHandler)
            return gdal
        }
    }()

    /// GDAL's last error message on this thread (GDAL keeps it per thread), or `fallback`.
    static func lastError(fallback: String) -> String {
        guard let gdal = try? functions(), let c = gdal.CPLGetLastErrorMsg() else { return fallback }
        let message = String(decoding: UnsafeRawBufferPointer(start: c, count: strlen(c)), as: UTF8.self)
        return message.isEmpty ? fallback : message
    }

    /// Calls `body` with `strings` as a NULL-terminated C string list (nil when empty), as GDAL's
    /// `char **` options take them.
    static func withCStringList<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        if strings.isEmpty { return body(nil) }
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let list: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return list.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

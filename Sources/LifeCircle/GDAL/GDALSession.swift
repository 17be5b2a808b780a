import CGDAL
import Foundation

/// GDAL's process-wide setup, done once: every driver registered and GDAL's own messages kept off
/// stderr (callers read them with `CPLGetLastErrorMsg` and report them in their own words).
enum GDALSession {
    /// Registers GDAL's drivers and installs the quiet error handler, on first use only.
    static func ensureRegistered() {
        _ = registered
    }

    /// A lazy static: Swift runs its initializer exactly once, thread-safely.
    private static let registered: Bool = {
        GDALAllRegister()
        CPLSetErrorHandler(CPLQuietErrorHandler)
        return true
    }()

    /// GDAL's last error message on this thread (GDAL keeps it per thread), or `fallback`.
    static func lastError(fallback: String) -> String {
        guard let c = CPLGetLastErrorMsg() else { return fallback }
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

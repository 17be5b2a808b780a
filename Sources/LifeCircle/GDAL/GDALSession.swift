import CGDAL

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
}

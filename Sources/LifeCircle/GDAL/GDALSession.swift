import CGDAL

/// GDAL's process-wide set-up: its drivers registered once, on first use.
enum GDALSession {
    private static let registered: Bool = {
        GDALAllRegister()
        return true
    }()

    /// Registers GDAL's drivers (once; later calls do nothing).
    static func ensureRegistered() {
        _ = registered
    }
}

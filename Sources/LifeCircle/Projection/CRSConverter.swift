import Foundation

/// Turns positions in a layer's declared CRS into WGS84 longitude/latitude.
///
/// `"EPSG:4326"`, `"WGS84"`, `"CRS84"`, `"OGC:CRS84"`: unchanged. `"GCJ-02"`/`"GCJ02"` and
/// `"BD-09"`/`"BD09"`: converted with ``ChinaCoordinates`` (PROJ does not know them). Anything
/// else (e.g. `"EPSG:4490"`, `"EPSG:4549"`, WKT, a PROJ string): through PROJ to EPSG:4326.
/// Not `Sendable` when it holds a PROJ transformer: one per thread.
package struct CRSConverter {
    /// How positions are converted.
    package enum Method: Equatable, Sendable {
        /// Already WGS84 lon/lat.
        case identity
        /// GCJ-02 → WGS84 (iterative inverse of the GCJ-02 formula).
        case gcj02
        /// BD-09 → GCJ-02 → WGS84.
        case bd09
        /// PROJ, from the declared CRS to EPSG:4326 (lon/lat order).
        case proj
    }

    /// The CRS as declared.
    package let crs: String
    /// How this converter works.
    package let method: Method
    private let transformer: CoordinateTransformer?

    /// A converter from `crs` to WGS84.
    /// - Throws: `LibraryError` with PROJ's message when PROJ does not know `crs`.
    package init(crs: String) throws {
        self.crs = crs
        if let china = Self.chinaOffsetSystem(crs) {
            method = china
            transformer = nil
        } else if Self.isWGS84(crs) {
            method = .identity
            transformer = nil
        } else {
            method = .proj
            transformer = try CoordinateTransformer(from: crs, to: "EPSG:4326")
        }
    }

    /// True when no conversion is needed.
    package var isIdentity: Bool { method == .identity }

    /// A sentence for reports when the conversion is not a plain PROJ transformation
    /// (PROJ does not support GCJ-02 or BD-09, so the planner says it converted them itself).
    package var conversionNote: String? {
        switch method {
        case .identity, .proj: return nil
        case .gcj02: return "converted from GCJ-02 to WGS84 with the published GCJ-02 formulas (iterative inverse, < 1 cm)"
        case .bd09: return "converted from BD-09 to WGS84 via GCJ-02 with the published BD-09 and GCJ-02 formulas"
        }
    }

    /// `p` in WGS84 (lon, lat).
    package func toWGS84(_ p: Position) throws -> Position {
        switch method {
        case .identity: return p
        case .gcj02: return ChinaCoordinates.gcj02ToWGS84(p)
        case .bd09: return ChinaCoordinates.bd09ToWGS84(p)
        case .proj:
            guard let transformer else { return p }
            return try transformer.transform(p)
        }
    }

    /// All of `ps` in WGS84.
    /// - Complexity: O(n).
    package func toWGS84(_ ps: [Position]) throws -> [Position] {
        switch method {
        case .identity: return ps
        case .gcj02: return ps.map(ChinaCoordinates.gcj02ToWGS84)
        case .bd09: return ps.map(ChinaCoordinates.bd09ToWGS84)
        case .proj:
            guard let transformer else { return ps }
            return try transformer.transform(ps)
        }
    }

    /// `geometry` with every position in WGS84.
    package func toWGS84(_ geometry: Geometry) throws -> Geometry {
        if method == .identity { return geometry }
        return try geometry.mapPositions { try toWGS84($0) }
    }

    /// True for the names of WGS84 lon/lat this converter passes through unchanged.
    static func isWGS84(_ crs: String) -> Bool {
        switch normalized(crs) {
        case "EPSG:4326", "WGS84", "WGS 84", "WGS-84", "CRS84", "OGC:CRS84",
             "URN:OGC:DEF:CRS:OGC:1.3:CRS84", "URN:OGC:DEF:CRS:OGC::CRS84", "URN:OGC:DEF:CRS:EPSG::4326":
            return true
        default:
            return false
        }
    }

    /// `.gcj02` or `.bd09` when `crs` names one of the Chinese offset systems, else nil.
    static func chinaOffsetSystem(_ crs: String) -> Method? {
        switch normalized(crs) {
        case "GCJ-02", "GCJ02", "GCJ_02", "GCJ": return .gcj02
        case "BD-09", "BD09", "BD_09", "BD-09LL", "BD09LL": return .bd09
        default: return nil
        }
    }

    private static func normalized(_ crs: String) -> String {
        crs.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }
}

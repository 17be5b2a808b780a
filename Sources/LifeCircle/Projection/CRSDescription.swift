import Foundation
import CPROJ

/// What PROJ says about a CRS: its name, its kind (geographic, geocentric, projected…) and the unit
/// of its horizontal axes, read with `proj_get_type`, `proj_crs_get_coordinate_system`,
/// `proj_cs_get_type` and `proj_cs_get_axis_info`.
///
/// A bound CRS (a PROJ string with `+towgs84`) is described by its source CRS, a compound CRS by
/// its horizontal part. GCJ-02 and BD-09, which PROJ does not know, are geographic (degrees).
package struct CRSDescription: Hashable, Sendable {
    /// The kinds of CRS that matter for measuring distances.
    package enum Kind: String, Hashable, Sendable {
        /// Longitude/latitude in angular units.
        case geographic
        /// Earth-centred X/Y/Z.
        case geocentric
        /// Easting/northing on a map projection.
        case projected
        /// Anything else (engineering, vertical, temporal, unknown).
        case other
    }

    /// The CRS as given.
    package var crs: String
    /// PROJ's name for it ("WGS 84 / UTM zone 51N").
    package var name: String
    package var kind: Kind
    /// The unit of the first axis ("metre", "degree", "US survey foot").
    package var unitName: String
    /// Metres (or radians, for angles) per unit of the first axis.
    package var unitFactor: Double

    /// Whether coordinates are easting/northing in metres.
    package var isProjectedInMetres: Bool { kind == .projected && abs(unitFactor - 1) < 1e-12 }

    /// Asks PROJ about `crs`: an EPSG code, WKT, a PROJ string (read as a CRS) or an alias
    /// (`WGS84`, `CGCS2000`, `CRS84`, see ``CoordinateTransformer/resolve(_:)``).
    /// - Throws: `LibraryError` with PROJ's message when PROJ does not know `crs` or it is not a CRS.
    package static func describe(_ crs: String) throws -> CRSDescription {
        if CRSConverter.chinaOffsetSystem(crs) != nil {
            return CRSDescription(crs: crs, name: crs.trimmingCharacters(in: .whitespaces), kind: .geographic,
                                  unitName: "degree", unitFactor: .pi / 180)
        }
        var definition = CoordinateTransformer.resolve(crs)
        // A bare PROJ string is an operation; "+type=crs" makes PROJ read it as a CRS.
        if definition.hasPrefix("+") || definition.hasPrefix("proj=") {
            if !definition.contains("type=crs") { definition += " +type=crs" }
        }
        let context = try ProjContext()
        let proj = context.proj
        guard let object = proj.proj_create(context.handle, definition) else {  // NULL on failure
            throw context.failure("proj_create(\(crs))")
        }
        var crsObject = ProjObject(object, context)
        switch proj.proj_get_type(crsObject.handle) {
        case PJ_TYPE_BOUND_CRS:
            // NULL on failure
            guard let source = proj.proj_get_source_crs(context.handle, crsObject.handle) else { throw context.failure("proj_get_source_crs(\(crs))") }
            crsObject = ProjObject(source, context)
        case PJ_TYPE_COMPOUND_CRS:
            // NULL on failure
            guard let horizontal = proj.proj_crs_get_sub_crs(context.handle, crsObject.handle, 0) else { throw context.failure("proj_crs_get_sub_crs(\(crs))") }
            crsObject = ProjObject(horizontal, context)
        default:
            break
        }
        var name = proj.proj_get_name(crsObject.handle).map { String(cString: $0) } ?? crs
        if name == "unknown" || name.isEmpty { name = crs }
        let kind: Kind
        switch proj.proj_get_type(crsObject.handle) {
        case PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS, PJ_TYPE_GEOGRAPHIC_CRS: kind = .geographic
        case PJ_TYPE_GEOCENTRIC_CRS: kind = .geocentric
        case PJ_TYPE_PROJECTED_CRS: kind = .projected
        case PJ_TYPE_CONVERSION, PJ_TYPE_TRANSFORMATION, PJ_TYPE_CONCATENATED_OPERATION, PJ_TYPE_OTHER_COORDINATE_OPERATION,
             PJ_TYPE_UNKNOWN, PJ_TYPE_ELLIPSOID, PJ_TYPE_PRIME_MERIDIAN, PJ_TYPE_GEODETIC_REFERENCE_FRAME,
             PJ_TYPE_DYNAMIC_GEODETIC_REFERENCE_FRAME, PJ_TYPE_VERTICAL_REFERENCE_FRAME, PJ_TYPE_DYNAMIC_VERTICAL_REFERENCE_FRAME,
             PJ_TYPE_DATUM_ENSEMBLE, PJ_TYPE_TEMPORAL_DATUM, PJ_TYPE_ENGINEERING_DATUM, PJ_TYPE_PARAMETRIC_DATUM:
            throw LibraryError(library: "PROJ", operation: "proj_create(\(crs))", message: "\(name) is not a coordinate reference system")
        default: kind = .other
        }
        // NULL when the object has no coordinate system
        guard let cs = proj.proj_crs_get_coordinate_system(context.handle, crsObject.handle) else {
            return CRSDescription(crs: crs, name: name, kind: kind, unitName: "unknown", unitFactor: .nan)
        }
        let system = ProjObject(cs, context)
        if kind == .other, proj.proj_cs_get_type(context.handle, system.handle) == PJ_CS_TYPE_ELLIPSOIDAL {
            return CRSDescription(crs: crs, name: name, kind: .geographic, unitName: "degree", unitFactor: .pi / 180)
        }
        var factor = Double.nan
        var unit: UnsafePointer<CChar>?
        // 1 on success, 0 on error
        guard proj.proj_cs_get_axis_info(context.handle, system.handle, 0, nil, nil, nil, &factor, &unit, nil, nil) == 1 else {
            throw context.failure("proj_cs_get_axis_info(\(crs))")
        }
        return CRSDescription(crs: crs, name: name, kind: kind, unitName: unit.map { String(cString: $0) } ?? "unknown", unitFactor: factor)
    }
}

/// A PROJ context owned for a short query; freed in `deinit`. PROJ's error messages are collected
/// (instead of printed on stderr) for the thrown errors.
private final class ProjContext {
    /// PROJ's functions (``PROJLibrary``).
    let proj: PROJFunctions
    let handle: OpaquePointer
    private let log = CoordinateTransformer.Log()

    /// - Throws: `LibraryError` when PROJ cannot be loaded or make a context.
    init() throws {
        let proj = try PROJLibrary.functions()
        // NULL on failure
        guard let handle = proj.proj_context_create() else {
            throw LibraryError(library: "PROJ", operation: "proj_context_create", message: "could not create a context")
        }
        self.proj = proj
        self.handle = handle
        // PROJ logs errors through this function; `log` lives as long as the context.
        proj.proj_log_func(handle, Unmanaged.passUnretained(log).toOpaque()) { userdata, level, message in
            guard let userdata, let message, level <= Int32(PJ_LOG_ERROR.rawValue) else { return }
            Unmanaged<CoordinateTransformer.Log>.fromOpaque(userdata).takeUnretainedValue().lastMessage = String(cString: message)
        }
    }

    deinit { _ = proj.proj_context_destroy(handle) }

    /// A `LibraryError` carrying PROJ's message for the context's last error.
    func failure(_ operation: String) -> LibraryError {
        if let m = log.lastMessage { return LibraryError(library: "PROJ", operation: operation, message: m) }
        let err = proj.proj_context_errno(handle)
        let message = err != 0 ? proj.proj_context_errno_string(handle, err).map { String(cString: $0) } : nil
        return LibraryError(library: "PROJ", operation: operation, message: message ?? "failed without a message")
    }
}

/// A `PJ*` object owned by Swift; destroyed in `deinit`. It keeps its context alive, since PROJ
/// objects must be destroyed before their context.
private final class ProjObject {
    let handle: OpaquePointer
    private let context: ProjContext

    init(_ handle: OpaquePointer, _ context: ProjContext) {
        self.handle = handle
        self.context = context
    }

    deinit { _ = context.proj.proj_destroy(handle) }
}

import Foundation
import CPROJ

/// Transforms coordinates between two CRSs with PROJ (`proj_create_crs_to_crs`), in the
/// traditional GIS axis order: longitude/latitude or easting/northing (`proj_normalize_for_visualization`).
///
/// Owns its own PROJ context, so each transformer is independent, but it is not `Sendable`:
/// use one per thread. Errors throw `LibraryError` carrying PROJ's own message.
package final class CoordinateTransformer {
    /// Collects PROJ's last error-level log message through the log function's userdata pointer.
    final class Log {
        var lastMessage: String?
    }

    /// PROJ's functions (``PROJLibrary``).
    let proj: PROJFunctions
    let context: OpaquePointer
    let pj: OpaquePointer
    let log: Log
    /// The source CRS as given (before alias resolution).
    package let source: String
    /// The target CRS as given (before alias resolution).
    package let target: String

    /// A transformer from `source` to `target`: EPSG codes (`"EPSG:4549"`), WKT, PROJ strings,
    /// or the aliases `"WGS84"` (EPSG:4326), `"CGCS2000"` (EPSG:4490) and `"CRS84"` (OGC:CRS84).
    /// - Throws: `LibraryError` with PROJ's message when a CRS is unknown or no operation exists,
    ///   or naming the library files tried when PROJ cannot be loaded; GCJ-02 and BD-09 are refused
    ///   with a pointer to ``CRSConverter`` (PROJ does not know them).
    package init(from source: String, to target: String) throws {
        for crs in [source, target] where CRSConverter.chinaOffsetSystem(crs) != nil {
            throw LibraryError(
                library: "PROJ", operation: "proj_create_crs_to_crs",
                message: "\(crs) is not a CRS PROJ knows (PROJ issue 982); convert it with CRSConverter first")
        }
        let proj = try PROJLibrary.functions()
        let log = Log()
        guard let context = Self.makeContext(proj, log: log) else {
            throw LibraryError(library: "PROJ", operation: "proj_context_create", message: "could not create a context")
        }
        func failure(_ operation: String) -> LibraryError {
            let message = CoordinateTransformer.message(proj, context: context, log: log)
            _ = proj.proj_context_destroy(context)
            return LibraryError(library: "PROJ", operation: operation, message: message)
        }
        // NULL on failure (unknown CRS, no operation)
        guard let raw = proj.proj_create_crs_to_crs(context, Self.resolve(source), Self.resolve(target), nil) else {
            throw failure("proj_create_crs_to_crs(\(source) → \(target))")
        }
        let normalized = proj.proj_normalize_for_visualization(context, raw)
        _ = proj.proj_destroy(raw)
        // NULL on failure
        guard let normalized else { throw failure("proj_normalize_for_visualization") }
        self.proj = proj
        self.context = context
        self.pj = normalized
        self.log = log
        self.source = source
        self.target = target
    }

    /// A copy of `template` with a PROJ context of its own (`proj_clone`, no database search: the
    /// same operation, or the same candidate operations, as the template); nil when PROJ cannot
    /// copy it. Not thread-safe for `template`: no other thread may use it meanwhile.
    init?(cloning template: CoordinateTransformer) {
        let proj = template.proj
        let log = Log()
        guard let context = Self.makeContext(proj, log: log) else { return nil }
        // NULL on failure
        guard let pj = proj.proj_clone(context, template.pj) else {
            _ = proj.proj_context_destroy(context)
            return nil
        }
        self.proj = proj
        self.context = context
        self.pj = pj
        self.log = log
        self.source = template.source
        self.target = template.target
    }

    /// A new PROJ context that logs errors into `log` (instead of stderr); nil when PROJ cannot make one.
    /// `log` must outlive the context.
    private static func makeContext(_ proj: PROJFunctions, log: Log) -> OpaquePointer? {
        guard let context = proj.proj_context_create() else { return nil }
        proj.proj_log_func(context, Unmanaged.passUnretained(log).toOpaque()) { userdata, level, message in
            guard let userdata, let message, level <= Int32(PJ_LOG_ERROR.rawValue) else { return }
            Unmanaged<Log>.fromOpaque(userdata).takeUnretainedValue().lastMessage = String(cString: message)
        }
        return context
    }

    /// The transformer from `source` to `target` for the calling thread, made on first use and kept
    /// for the thread's life (``PerThreadCache``): PROJ builds one from its database once per process
    /// (tens of milliseconds) and each thread gets a copy of it (``TransformerTemplates``), so the
    /// report's many short tasks share them instead. Use it on this thread only.
    /// - Throws: as ``init(from:to:)``.
    package static func forThisThread(from source: String, to target: String) throws -> CoordinateTransformer {
        try PerThreadCache.value(forKey: "LifeCircle.PROJ\u{1}\(source)\u{1}\(target)") {
            try TransformerTemplates.transformer(from: source, to: target)
        }
    }

    /// Starts building the process's transformer from `source` to `target` on a background thread,
    /// so that ``forThisThread(from:to:)`` later finds it made (nothing happens when it is made or
    /// being made already). Errors wait for the thread that asks.
    package static func warmUp(from source: String, to target: String) {
        TransformerTemplates.warmUp(from: source, to: target)
    }

    deinit {
        _ = proj.proj_destroy(pj)
        _ = proj.proj_context_destroy(context)
    }

    /// The CRS definition PROJ is given for `crs`: aliases resolved, anything else unchanged.
    package static func resolve(_ crs: String) -> String {
        let trimmed = crs.trimmingCharacters(in: .whitespacesAndNewlines)
        switch trimmed.uppercased() {
        case "WGS84", "WGS 84", "WGS-84": return "EPSG:4326"
        case "CGCS2000", "CGCS 2000": return "EPSG:4490"
        case "CRS84", "OGC:CRS84", "URN:OGC:DEF:CRS:OGC:1.3:CRS84", "URN:OGC:DEF:CRS:OGC::CRS84": return "OGC:CRS84"
        default: return trimmed
        }
    }

    /// `p` in the target CRS.
    package func transform(_ p: Position) throws -> Position {
        try trans(p, PJ_FWD, "proj_trans")
    }

    /// `p` (in the target CRS) back in the source CRS.
    package func inverse(_ p: Position) throws -> Position {
        try trans(p, PJ_INV, "proj_trans (inverse)")
    }

    /// All of `ps` in the target CRS, in one `proj_trans_generic` call.
    /// - Complexity: O(n).
    package func transform(_ ps: [Position]) throws -> [Position] {
        try transGeneric(ps, PJ_FWD, "proj_trans_generic")
    }

    /// All of `ps` (in the target CRS) back in the source CRS.
    package func inverse(_ ps: [Position]) throws -> [Position] {
        try transGeneric(ps, PJ_INV, "proj_trans_generic (inverse)")
    }

    /// `geometry` with every position in the target CRS.
    package func transform(_ geometry: Geometry) throws -> Geometry {
        try geometry.mapPositions { try transform($0) }
    }

    /// `geometries` with every position in the target CRS, all positions in one
    /// `proj_trans_generic` call (the same operation as one call per point, so the same results).
    /// - Complexity: O(n) in the positions.
    package func transform(geometries: [Geometry]) throws -> [Geometry] {
        var positions: [Position] = []
        for g in geometries { g.forEachPosition { positions.append($0) } }
        let moved = try transform(positions)
        var k = 0
        return geometries.map { g in
            g.mapPositions { _ in
                defer { k += 1 }
                return moved[k]
            }
        }
    }

    // MARK: Helpers

    private func trans(_ p: Position, _ direction: PJ_DIRECTION, _ operation: String) throws -> Position {
        log.lastMessage = nil
        _ = proj.proj_errno_reset(pj)
        let out = proj.proj_trans(pj, direction, PJ_COORD(xyzt: PJ_XYZT(x: p.x, y: p.y, z: 0, t: 0)))
        // HUGE_VAL (infinite) coordinates on failure
        guard out.xy.x.isFinite, out.xy.y.isFinite else {
            throw LibraryError(library: "PROJ", operation: operation, message: "\(p): \(errorMessage())")
        }
        return Position(x: out.xy.x, y: out.xy.y)
    }

    private func transGeneric(_ ps: [Position], _ direction: PJ_DIRECTION, _ operation: String) throws -> [Position] {
        var out = ps
        guard !out.isEmpty else { return out }
        let stride = MemoryLayout<Position>.stride
        let xOffset = MemoryLayout<Position>.offset(of: \Position.x) ?? 0
        let yOffset = MemoryLayout<Position>.offset(of: \Position.y) ?? MemoryLayout<Double>.stride
        log.lastMessage = nil
        _ = proj.proj_errno_reset(pj)
        out.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            let x = (base + xOffset).assumingMemoryBound(to: Double.self)
            let y = (base + yOffset).assumingMemoryBound(to: Double.self)
            _ = proj.proj_trans_generic(pj, direction, x, stride, ps.count, y, stride, ps.count, nil, 0, 0, nil, 0, 0)
        }
        // Points that failed come back as HUGE_VAL (infinite).
        if let bad = out.firstIndex(where: { !$0.x.isFinite || !$0.y.isFinite }) {
            throw LibraryError(library: "PROJ", operation: operation, message: "point \(bad) \(ps[bad]): \(errorMessage())")
        }
        return out
    }

    private func errorMessage() -> String {
        let err = proj.proj_errno(pj)
        var parts: [String] = []
        if err != 0, let s = proj.proj_context_errno_string(context, err) { parts.append(String(cString: s)) }
        if let m = log.lastMessage, !parts.contains(m) { parts.append(m) }
        return parts.isEmpty ? "transformation failed" : parts.joined(separator: "; ")
    }

    /// PROJ's message for the context's last error: the errno string and the last logged error.
    private static func message(_ proj: PROJFunctions, context: OpaquePointer, log: Log) -> String {
        let err = proj.proj_context_errno(context)
        var parts: [String] = []
        if let m = log.lastMessage { parts.append(m) }
        if err != 0, let s = proj.proj_context_errno_string(context, err) {
            let text = String(cString: s)
            // Skip the generic "Unknown error (code …)" when PROJ already logged a specific message.
            if !parts.contains(text) && !(text.hasPrefix("Unknown error") && !parts.isEmpty) { parts.append(text) }
        }
        return parts.isEmpty ? "failed without a message" : parts.joined(separator: "; ")
    }
}

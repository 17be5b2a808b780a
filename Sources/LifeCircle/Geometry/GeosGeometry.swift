import CGEOS

/// A GEOS geometry (`GEOSGeometry*`) owned by this object and destroyed in `deinit`.
///
/// Made from a ``Geometry`` and converted back with ``toGeometry()``. Every operation runs in the
/// geometry's ``context`` (the initialisers' `context`, the calling thread's ``GeosContext/current``
/// when nil); combine only geometries made with the same context (the same thread).
/// Failures throw `LibraryError` with GEOS's own message. Not `Sendable`.
package final class GeosGeometry {
    /// The owned handle.
    let handle: OpaquePointer
    /// The context the geometry was made in; kept alive as long as the geometry.
    package let context: GeosContext

    /// Takes ownership of `handle`, which must be a geometry the caller owns (a successful result).
    init(owning handle: OpaquePointer, context: GeosContext) {
        self.handle = handle
        self.context = context
    }

    deinit {
        context.geos.GEOSGeom_destroy_r(context.handle, handle)
    }

    /// Builds the GEOS form of `geometry`.
    ///
    /// Polygon rings must be closed and have at least 4 positions; line strings need 0 or ≥ 2.
    /// A polygon with no rings becomes an empty polygon.
    /// - Throws: `LibraryError` with GEOS's message when GEOS rejects a part.
    /// - Complexity: O(n) in the number of positions.
    package convenience init(_ geometry: Geometry, context: GeosContext? = nil) throws {
        let context = try context ?? .current
        let handle = try GeosBuilder(context: context).make(geometry)
        self.init(owning: handle, context: context)
    }

    /// A point geometry at `p`.
    package convenience init(point p: Position, context: GeosContext? = nil) throws {
        let context = try context ?? .current
        context.clearMessages()
        guard let handle = context.geos.GEOSGeom_createPointFromXY_r(context.handle, p.x, p.y) else {
            throw context.error("GEOSGeom_createPointFromXY_r")
        }
        self.init(owning: handle, context: context)
    }

    /// The rectangle polygon of `box` (a point or line when the box is degenerate).
    package convenience init(box: BoundingBox, context: GeosContext? = nil) throws {
        let context = try context ?? .current
        context.clearMessages()
        guard let handle = context.geos.GEOSGeom_createRectangle_r(context.handle, box.minX, box.minY, box.maxX, box.maxY) else {
            throw context.error("GEOSGeom_createRectangle_r")
        }
        self.init(owning: handle, context: context)
    }

    /// The geometry as our value type. Empty parts map to empty arrays; an empty point becomes an
    /// empty `multiPoint`.
    /// - Complexity: O(n) in the number of positions.
    package func toGeometry() throws -> Geometry {
        try GeosReader(context: context).geometry(handle)
    }

    // MARK: Properties

    /// True when the geometry has no points.
    package var isEmpty: Bool {
        get throws {
            try context.predicate("GEOSisEmpty_r") { context.geos.GEOSisEmpty_r($0, handle) }
        }
    }

    /// True when the geometry is valid in the OGC sense (e.g. no self-intersecting rings).
    package var isValid: Bool {
        get throws {
            try context.predicate("GEOSisValid_r") { context.geos.GEOSisValid_r($0, handle) }
        }
    }

    /// Why the geometry is invalid, in GEOS's words (`"Valid Geometry"` when it is valid).
    package var validityReason: String {
        get throws {
            context.clearMessages()
            // NULL on exception; otherwise a string we must free with GEOSFree_r.
            guard let reason = context.geos.GEOSisValidReason_r(context.handle, handle) else {
                throw context.error("GEOSisValidReason_r")
            }
            defer { context.geos.GEOSFree_r(context.handle, reason) }
            return String(cString: reason)
        }
    }

    /// The area, in squared units of the coordinates (use a metric CRS for m²).
    package var area: Double {
        get throws {
            try context.measure("GEOSArea_r") { context.geos.GEOSArea_r($0, handle, &$1) }
        }
    }

    /// The length of lines or the perimeter of polygons, in units of the coordinates.
    package var length: Double {
        get throws {
            try context.measure("GEOSLength_r") { context.geos.GEOSLength_r($0, handle, &$1) }
        }
    }

    /// The bounding box, or nil for an empty geometry.
    package var envelope: BoundingBox? {
        get throws {
            guard try !isEmpty else { return nil }
            var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
            context.clearMessages()
            // 1 success, 0 exception
            guard context.geos.GEOSGeom_getExtent_r(context.handle, handle, &minX, &minY, &maxX, &maxY) == 1 else {
                throw context.error("GEOSGeom_getExtent_r")
            }
            return BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
        }
    }

    // MARK: Constructive operations

    /// A valid version of the geometry (GEOS `MakeValid`, the "linework" method).
    package func makeValid() throws -> GeosGeometry {
        try derived("GEOSMakeValid_r") { context.geos.GEOSMakeValid_r($0, handle) }
    }

    /// The geometry snap-rounded to a grid of `gridSize` units (GEOS `setPrecision`, OverlayNG):
    /// coordinates on the grid and the result valid, e.g. before writing 7 decimals.
    package func snapped(toGrid gridSize: Double) throws -> GeosGeometry {
        try derived("GEOSGeom_setPrecision_r") { context.geos.GEOSGeom_setPrecision_r($0, handle, gridSize, 0) }
    }

    /// A point guaranteed to lie on the geometry (inside a polygon), e.g. to place a building.
    /// - Throws: `LibraryError` for an empty geometry.
    package func pointOnSurface() throws -> Position {
        try derived("GEOSPointOnSurface_r") { context.geos.GEOSPointOnSurface_r($0, handle) }.pointPosition("GEOSPointOnSurface_r")
    }

    /// The centroid (which may lie outside a concave polygon).
    /// - Throws: `LibraryError` for an empty geometry.
    package func centroid() throws -> Position {
        try derived("GEOSGetCentroid_r") { context.geos.GEOSGetCentroid_r($0, handle) }.pointPosition("GEOSGetCentroid_r")
    }

    /// The geometry grown by `distance` (shrunk when negative), arcs approximated by
    /// `quadrantSegments` segments per quarter circle.
    package func buffer(_ distance: Double, quadrantSegments: Int = 8) throws -> GeosGeometry {
        let segments = Int32(clamping: quadrantSegments)
        return try derived("GEOSBuffer_r") { context.geos.GEOSBuffer_r($0, handle, distance, segments) }
    }

    /// The union with `other`.
    package func union(_ other: GeosGeometry) throws -> GeosGeometry {
        try derived("GEOSUnion_r") { context.geos.GEOSUnion_r($0, handle, other.handle) }
    }

    /// The union of the parts of this (multi or collection) geometry, e.g. to dissolve polygons.
    package func unaryUnion() throws -> GeosGeometry {
        try derived("GEOSUnaryUnion_r") { context.geos.GEOSUnaryUnion_r($0, handle) }
    }

    /// The intersection with `other`.
    package func intersection(_ other: GeosGeometry) throws -> GeosGeometry {
        try derived("GEOSIntersection_r") { context.geos.GEOSIntersection_r($0, handle, other.handle) }
    }

    /// This geometry minus `other`.
    package func difference(_ other: GeosGeometry) throws -> GeosGeometry {
        try derived("GEOSDifference_r") { context.geos.GEOSDifference_r($0, handle, other.handle) }
    }

    /// The boundary: the rings of a polygon as lines, the end points of a line.
    package func boundary() throws -> GeosGeometry {
        try derived("GEOSBoundary_r") { context.geos.GEOSBoundary_r($0, handle) }
    }

    // MARK: Measures and predicates

    /// The smallest Euclidean distance to `other` (0 when they intersect).
    package func distance(to other: GeosGeometry) throws -> Double {
        try context.measure("GEOSDistance_r") { context.geos.GEOSDistance_r($0, handle, other.handle, &$1) }
    }

    /// True when the geometries share at least one point.
    package func intersects(_ other: GeosGeometry) throws -> Bool {
        try context.predicate("GEOSIntersects_r") { context.geos.GEOSIntersects_r($0, handle, other.handle) }
    }

    /// True when the DE-9IM matrix of this geometry against `other` matches `pattern`, e.g.
    /// `"T********"`: the interiors share a point.
    package func relates(_ other: GeosGeometry, pattern: String) throws -> Bool {
        try context.predicate("GEOSRelatePattern_r") { context.geos.GEOSRelatePattern_r($0, handle, other.handle, pattern) }
    }

    /// True when `other` lies in this geometry and at least one of its interior points is in our
    /// interior (a point on the boundary is not contained).
    package func contains(_ other: GeosGeometry) throws -> Bool {
        try context.predicate("GEOSContains_r") { context.geos.GEOSContains_r($0, handle, other.handle) }
    }

    /// True when no point of `other` lies outside this geometry (boundary points count).
    package func covers(_ other: GeosGeometry) throws -> Bool {
        try context.predicate("GEOSCovers_r") { context.geos.GEOSCovers_r($0, handle, other.handle) }
    }

    // MARK: Helpers

    /// Runs a GEOS call returning a new geometry and takes ownership of the result once it is non-NULL.
    @inline(__always)
    func derived(_ operation: String, _ call: (GEOSContextHandle_t) -> OpaquePointer?) throws -> GeosGeometry {
        context.clearMessages()
        // NULL on exception
        guard let result = call(context.handle) else { throw context.error(operation) }
        return GeosGeometry(owning: result, context: context)
    }

    /// The x/y of this point geometry.
    func pointPosition(_ operation: String) throws -> Position {
        guard try !isEmpty else {
            throw LibraryError(library: "GEOS", operation: operation, message: "the result is empty (empty input)")
        }
        var x = 0.0, y = 0.0
        context.clearMessages()
        // 1 success, 0 exception
        guard context.geos.GEOSGeomGetX_r(context.handle, handle, &x) == 1, context.geos.GEOSGeomGetY_r(context.handle, handle, &y) == 1 else {
            throw context.error("GEOSGeomGetX_r")
        }
        return Position(x: x, y: y)
    }
}

import CGEOS

/// A prepared GEOS geometry (`GEOSPrepare_r`): indexed for many repeated predicate tests
/// against one polygon, e.g. point-in-polygon for every resident.
///
/// Not thread-safe: GEOS builds its indexes lazily on first use, so a prepared geometry must
/// stay on the thread (and context) that made it. Keeps its base geometry alive.
package final class PreparedGeosGeometry {
    let handle: OpaquePointer
    /// The geometry it was prepared from.
    package let geometry: GeosGeometry

    var context: GeosContext { geometry.context }

    /// Prepares `geometry` for repeated predicate tests.
    package init(_ geometry: GeosGeometry) throws {
        let context = geometry.context
        context.clearMessages()
        // NULL on exception
        guard let handle = context.geos.GEOSPrepare_r(context.handle, geometry.handle) else {
            throw context.error("GEOSPrepare_r")
        }
        self.handle = handle
        self.geometry = geometry
    }

    deinit {
        context.geos.GEOSPreparedGeom_destroy_r(geometry.context.handle, handle)
    }

    /// True when `p` lies in the interior (a point on the boundary is not contained).
    ///
    /// GEOS 3.11 has no `GEOSPreparedContainsXY_r` (added in 3.12), so a point geometry is made
    /// with `GEOSGeom_createPointFromXY_r` for the test.
    package func contains(_ p: Position) throws -> Bool {
        let point = try GeosGeometry(point: p, context: context)
        return try contains(pointHandle: point.handle)
    }

    /// True when `p` lies in the geometry or on its boundary.
    package func covers(_ p: Position) throws -> Bool {
        let point = try GeosGeometry(point: p, context: context)
        return try covers(pointHandle: point.handle)
    }

    /// True when `other` shares at least one point with the geometry.
    package func intersects(_ other: GeosGeometry) throws -> Bool {
        try context.predicate("GEOSPreparedIntersects_r") { context.geos.GEOSPreparedIntersects_r($0, handle, other.handle) }
    }

    /// `contains` against an existing GEOS geometry handle (saves a point allocation in loops).
    func contains(pointHandle: OpaquePointer) throws -> Bool {
        try context.predicate("GEOSPreparedContains_r") { context.geos.GEOSPreparedContains_r($0, handle, pointHandle) }
    }

    /// `covers` against an existing GEOS geometry handle (saves a point allocation in loops).
    func covers(pointHandle: OpaquePointer) throws -> Bool {
        try context.predicate("GEOSPreparedCovers_r") { context.geos.GEOSPreparedCovers_r($0, handle, pointHandle) }
    }
}

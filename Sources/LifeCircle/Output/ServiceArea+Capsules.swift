import CGEOS

extension ServiceArea {
    /// The buffers of `lines` (2 segments per quadrant) as one GEOS geometry collection, in order.
    /// Each buffer is handed to the collection as GEOS returned it, so the collection equals the one
    /// built from the buffers read back into ``Geometry`` values, without the copies.
    ///
    /// - Throws: `LibraryError` when GEOS fails.
    /// - Complexity: O(positions of `lines`).
    static func capsules(_ lines: [[Position]], bufferMeters: Double, context: GeosContext? = nil) throws -> GeosGeometry {
        let context = try context ?? .current
        let handle = try GeosBuilder(context: context).collection(GEOS_GEOMETRYCOLLECTION, lines.count) { i in
            let line = try GeosGeometry(.lineString(lines[i]), context: context)
            context.clearMessages()
            // NULL on exception; the caller (the collection) owns the result.
            guard let capsule = context.geos.GEOSBuffer_r(context.handle, line.handle, bufferMeters, 2) else {
                throw context.error("GEOSBuffer_r")
            }
            return capsule
        }
        return GeosGeometry(owning: handle, context: context)
    }
}

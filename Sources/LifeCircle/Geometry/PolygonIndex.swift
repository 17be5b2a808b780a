import CGEOS

/// Finds which of a list of polygons (e.g. street-office areas) holds a point: an STRtree on the
/// polygons' envelopes and a prepared geometry per polygon.
///
/// For one thread: it holds prepared geometries (not thread-safe) in the context it was made
/// with. Build one per worker thread to locate in parallel.
package final class PolygonIndex {
    private let tree: GeosSTRtree
    private let prepared: [PreparedGeosGeometry]
    private let boxes: [BoundingBox]
    private let context: GeosContext
    /// The union of all polygon boxes: points outside it skip GEOS entirely.
    private let extent: BoundingBox
    /// Reused buffer for tree query results (this index is single-threaded).
    private var scratch: [Int] = []

    /// Indexes `polygons` (Polygon or MultiPolygon geometries; others are accepted and tested the same way).
    /// Empty geometries are kept in the numbering but never match.
    /// - Throws: `LibraryError` when GEOS rejects a geometry (e.g. an open ring).
    /// - Complexity: O(n log n) plus the size of the polygons.
    package init(polygons: [Geometry], context: GeosContext? = nil) throws {
        let context = try context ?? .current
        self.context = context
        tree = try GeosSTRtree(context: context)
        var prepared: [PreparedGeosGeometry] = []
        var boxes: [BoundingBox] = []
        prepared.reserveCapacity(polygons.count)
        for (i, polygon) in polygons.enumerated() {
            let g = try GeosGeometry(polygon, context: context)
            prepared.append(try PreparedGeosGeometry(g))
            if let box = try g.envelope {
                boxes.append(box)
                try tree.insert(i, geometry: g)
            } else {
                boxes.append(BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity))
            }
        }
        self.prepared = prepared
        self.boxes = boxes
        self.extent = boxes.dropFirst().reduce(boxes.first ?? BoundingBox(minX: 1, minY: 1, maxX: 0, maxY: 0)) { $0.union($1) }
        try tree.build()
    }

    /// The number of polygons indexed.
    package var count: Int { prepared.count }

    /// The lowest index of a polygon covering `p` (boundary included), or nil when none does.
    /// - Complexity: O(log n) envelope search, then a prepared (indexed) point-in-polygon test per candidate.
    package func locate(_ p: Position) throws -> Int? {
        guard extent.contains(p) else { return nil }
        context.clearMessages()
        // NULL on exception; otherwise ours, destroyed on every exit.
        guard let point = context.geos.GEOSGeom_createPointFromXY_r(context.handle, p.x, p.y) else {
            throw context.error("GEOSGeom_createPointFromXY_r")
        }
        defer { context.geos.GEOSGeom_destroy_r(context.handle, point) }
        scratch.removeAll(keepingCapacity: true)
        try tree.querySlots(point, into: &scratch)
        // Polygons were inserted in index order, so ascending slots are ascending indices.
        if scratch.count > 1 { scratch.sort() }
        for slot in scratch {
            let index = tree.payload(ofSlot: slot)
            guard boxes[index].contains(p) else { continue }
            if try prepared[index].covers(pointHandle: point) { return index }
        }
        return nil
    }
}

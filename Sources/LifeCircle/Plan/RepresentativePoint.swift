/// A point guaranteed to lie inside a polygon, used for residents and facilities given as
/// polygons (buildings, grid cells, school grounds).
package enum RepresentativePoint {
    /// The centroid of the largest polygon's exterior ring when it lies inside that polygon;
    /// otherwise the midpoint of the widest horizontal run through the polygon at the height of its
    /// bounding-box centre (a point on the surface). nil for geometries without area.
    ///
    /// - Complexity: O(n) in the number of vertices.
    package static func of(_ geometry: Geometry) -> Position? {
        switch geometry {
        case .point(let p): return p
        case .multiPoint(let ps): return ps.first
        case .lineString(let ps): return ps.isEmpty ? nil : ps[ps.count / 2]
        case .multiLineString(let ls): return ls.first.flatMap { $0.isEmpty ? nil : $0[$0.count / 2] }
        case .polygon(let rings): return ofPolygon(rings)
        case .multiPolygon(let polys):
            let largest = polys.max { abs(GeoJSONWriter.signedArea($0.first ?? [])) < abs(GeoJSONWriter.signedArea($1.first ?? [])) }
            return largest.flatMap(ofPolygon)
        case .geometryCollection(let gs): return gs.lazy.compactMap(of).first
        }
    }

    static func ofPolygon(_ rings: [[Position]]) -> Position? {
        guard let outer = rings.first, outer.count >= 4 else { return nil }
        var a = 0.0, cx = 0.0, cy = 0.0
        let o = outer[0]
        for i in 0..<(outer.count - 1) {
            let p = Position(x: outer[i].x - o.x, y: outer[i].y - o.y)
            let q = Position(x: outer[i + 1].x - o.x, y: outer[i + 1].y - o.y)
            let cross = p.x * q.y - q.x * p.y
            a += cross
            cx += (p.x + q.x) * cross
            cy += (p.y + q.y) * cross
        }
        if a != 0 {
            let c = Position(x: o.x + cx / (3 * a), y: o.y + cy / (3 * a))
            if PlanarGeometry.contains(rings: rings, c) { return c }
        }
        // Scan line through the middle of the bounding box: the widest inside run's midpoint.
        guard let box = BoundingBox(positions: outer) else { return nil }
        let y = box.center.y
        var xs: [Double] = []
        for ring in rings where ring.count >= 2 {
            for i in 0..<(ring.count - 1) {
                let p = ring[i], q = ring[i + 1]
                if (p.y > y) != (q.y > y) {
                    xs.append(p.x + (y - p.y) / (q.y - p.y) * (q.x - p.x))
                }
            }
        }
        xs.sort()
        var best: Position?
        var widest = -1.0
        var i = 0
        while i + 1 < xs.count {
            let w = xs[i + 1] - xs[i]
            if w > widest {
                widest = w
                best = Position(x: (xs[i] + xs[i + 1]) / 2, y: y)
            }
            i += 2
        }
        return best ?? outer.first
    }
}

/// Small planar helpers in plain Swift (metres or degrees alike), for where GEOS is not wanted: the
/// sample generator, the OSM import, representative points and the China outline.
enum PlanarGeometry {
    /// Twice the signed area of a closed ring (first point repeated last); positive counterclockwise.
    ///
    /// - Complexity: O(n).
    static func doubleSignedArea(_ ring: [Position]) -> Double {
        guard ring.count > 3 else { return 0 }
        var s = 0.0
        let o = ring[0]
        for i in 0..<(ring.count - 1) {
            let a = ring[i], b = ring[i + 1]
            s += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y)
        }
        return s
    }

    /// Whether `p` lies inside a polygon, by even–odd ray casting over all its `rings` (exterior and
    /// holes alike; a ring need not repeat its first point, and one of fewer than four positions is
    /// skipped). The library's one point-in-polygon test outside GEOS.
    ///
    /// - Complexity: O(n) in the vertices.
    static func contains(rings: [[Position]], _ p: Position) -> Bool {
        var inside = false
        for ring in rings where ring.count >= 4 {
            var j = ring.count - 1
            for i in 0..<ring.count {
                let a = ring[i], b = ring[j]
                if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                    inside.toggle()
                }
                j = i
            }
        }
        return inside
    }

    /// Whether `p` lies inside a polygon without holes (see `contains(rings:_:)`).
    static func contains(_ ring: [Position], _ p: Position) -> Bool { contains(rings: [ring], p) }

    /// Whether segments ab and cd cross or touch (collinear overlaps included).
    static func segmentsIntersect(_ a: Position, _ b: Position, _ c: Position, _ d: Position) -> Bool {
        func orient(_ p: Position, _ q: Position, _ r: Position) -> Double {
            (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x)
        }
        func onSegment(_ p: Position, _ q: Position, _ r: Position) -> Bool {
            min(p.x, q.x) <= r.x && r.x <= max(p.x, q.x) && min(p.y, q.y) <= r.y && r.y <= max(p.y, q.y)
        }
        let d1 = orient(c, d, a), d2 = orient(c, d, b), d3 = orient(a, b, c), d4 = orient(a, b, d)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        if d1 == 0 && onSegment(c, d, a) { return true }
        if d2 == 0 && onSegment(c, d, b) { return true }
        if d3 == 0 && onSegment(a, b, c) { return true }
        if d4 == 0 && onSegment(a, b, d) { return true }
        return false
    }

    /// Whether segment ab crosses the polyline.
    ///
    /// - Complexity: O(n) in the polyline's vertices.
    static func crosses(_ a: Position, _ b: Position, polyline: [Position]) -> Bool {
        let minX = min(a.x, b.x), maxX = max(a.x, b.x), minY = min(a.y, b.y), maxY = max(a.y, b.y)
        for i in 0..<(polyline.count - 1) {
            let c = polyline[i], d = polyline[i + 1]
            if max(c.x, d.x) < minX || min(c.x, d.x) > maxX || max(c.y, d.y) < minY || min(c.y, d.y) > maxY { continue }
            if segmentsIntersect(a, b, c, d) { return true }
        }
        return false
    }

    /// Distance from p to segment ab.
    static func distance(_ p: Position, _ a: Position, _ b: Position) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        var t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0
        t = min(1, max(0, t))
        return p.distance(to: Position(x: a.x + t * dx, y: a.y + t * dy))
    }

    /// Linear interpolation between two positions.
    static func lerp(_ a: Position, _ b: Position, _ t: Double) -> Position {
        Position(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t)
    }
}

import Foundation

/// The real Jing'an of one tile in a local metric frame (x east, y north, metres from
/// ``JinganFacts/origin``): the 14 street polygons from OpenStreetMap (``JinganStreetPolygons``),
/// the district outline as their union, and Suzhou Creek and the railway on their approximate
/// real course.
///
/// The creek and the railway split the district into three walk-network zones: 0 south of the
/// creek (the old Jing'an), 1 between the creek and the railway (around the station), 2 north of
/// the railway. Each barrier is a west-to-east polyline that, continued due west and due east
/// from its ends, divides the plane; a point's side is the parity of the barrier's crossings
/// below it.
struct DistrictShape {
    /// Half-width of the strip along Suzhou Creek kept free of streets and buildings (metres).
    static let creekClearance = 30.0
    /// Grid cell of the outline's segment index (metres).
    static let cell = 200.0

    /// The street polygons' closed exterior rings (counterclockwise), indexed like JinganFacts.streets.
    let streetRings: [[Position]]
    /// The same rings as the source's longitude/latitude (the streets layer at tile offset zero).
    let streetRingsLonLat: [[Position]]
    /// Street areas in square metres (in the local frame).
    let streetAreas: [Double]
    /// The district outline: the union of the streets, one closed counterclockwise ring.
    let outline: [Position]
    /// Suzhou Creek and the railway as polylines reaching a little beyond the district.
    let creekLine: [Position]
    let railLine: [Position]
    /// Shanghai Railway Station: the railway yard is widest around it.
    let station: Position
    /// The frame that projected the polygons (for the other real places in JinganFacts).
    let frame: LocalFrame
    /// Bounding box of each zone's kept street positions (see ``zone(of:margin:)`` with margin −80).
    private(set) var zoneBoxes: [BoundingBox] = []
    /// Outline segment indices per grid cell.
    private let outlineCells: [Int64: [Int]]

    /// Projects the street polygons and barriers with `frame`.
    ///
    /// - Complexity: O(V + A / 100²) for V polygon vertices and a district of A m² (the zone boxes
    ///   are found on a 100 m lattice).
    init(frame: LocalFrame) {
        func pairs(_ flat: [Double]) -> [Position] {
            stride(from: 0, to: flat.count - 1, by: 2).map { Position(lon: flat[$0], lat: flat[$0 + 1]) }
        }
        let byCode = Dictionary(JinganStreetPolygons.streets.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        streetRingsLonLat = JinganFacts.streets.map { pairs(byCode[$0.code]?.ring ?? []) }
        streetRings = streetRingsLonLat.map { $0.map(frame.metres) }
        streetAreas = streetRings.map { PlanarGeometry.doubleSignedArea($0) / 2 }
        outline = Self.union(streetRingsLonLat).map(frame.metres)
        creekLine = pairs(JinganStreetPolygons.creek).map(frame.metres)
        railLine = pairs(JinganStreetPolygons.railway).map(frame.metres)
        station = frame.metres(JinganFacts.railwayStation)
        self.frame = frame
        var cells: [Int64: [Int]] = [:]
        for k in 0..<max(0, outline.count - 1) {
            let a = outline[k], b = outline[k + 1]
            for x in Self.index(min(a.x, b.x))...Self.index(max(a.x, b.x)) {
                for y in Self.index(min(a.y, b.y))...Self.index(max(a.y, b.y)) {
                    cells[Self.key(x, y), default: []].append(k)
                }
            }
        }
        outlineCells = cells
        zoneBoxes = findZoneBoxes()
    }

    /// The outline of tiling rings: the edges no neighbour uses the other way round, chained.
    ///
    /// - Complexity: O(E) for E ring edges.
    static func union(_ rings: [[Position]]) -> [Position] {
        struct Edge: Hashable { var a: Position; var b: Position }
        var edges = Set<Edge>()
        for ring in rings where ring.count > 1 {
            for i in 0..<(ring.count - 1) { edges.insert(Edge(a: ring[i], b: ring[i + 1])) }
        }
        var next: [Position: Position] = [:]
        for e in edges where !edges.contains(Edge(a: e.b, b: e.a)) { next[e.a] = e.b }
        // Start at the lowest vertex (ties: leftmost) so that the ring is the same on every run.
        guard let start = next.keys.min(by: { $0.y != $1.y ? $0.y < $1.y : $0.x < $1.x }) else { return [] }
        var ring = [start]
        var p = start
        while let q = next[p], ring.count <= next.count {
            ring.append(q)
            if q == start { break }
            p = q
        }
        return ring
    }

    static func index(_ v: Double) -> Int { Int((v / cell).rounded(.down)) }
    static func key(_ x: Int, _ y: Int) -> Int64 { Int64(x) << 32 | Int64(UInt32(bitPattern: Int32(y))) }

    /// Whether `p` lies inside the district outline.
    func contains(_ p: Position) -> Bool { PlanarGeometry.contains(outline, p) }

    /// Distance from `p` to the outline when it is at most `limit`, else nil.
    ///
    /// - Complexity: O(outline segments in the cells within `limit`).
    func outlineDistance(_ p: Position, within limit: Double) -> Double? {
        var best = Double.infinity
        var seen = Set<Int>()
        for x in Self.index(p.x - limit)...Self.index(p.x + limit) {
            for y in Self.index(p.y - limit)...Self.index(p.y + limit) {
                for k in outlineCells[Self.key(x, y)] ?? [] where seen.insert(k).inserted {
                    best = min(best, PlanarGeometry.distance(p, outline[k], outline[k + 1]))
                }
            }
        }
        return best <= limit ? best : nil
    }

    /// Distance from `p` to a polyline.
    static func distance(_ p: Position, to line: [Position]) -> Double {
        var best = Double.infinity
        for i in 0..<max(0, line.count - 1) { best = min(best, PlanarGeometry.distance(p, line[i], line[i + 1])) }
        return best
    }

    /// Whether `p` lies north of a west-to-east polyline continued due west and due east from its ends.
    ///
    /// - Complexity: O(n) in the polyline's vertices.
    static func isNorth(of line: [Position], _ p: Position) -> Bool {
        guard let first = line.first, let last = line.last else { return false }
        var north = false
        // The two rays beyond the ends, then the segments: a crossing of the vertical line through
        // p below p, counted half-open in x so that a vertex is counted once.
        if p.x < first.x && first.y < p.y { north.toggle() }
        if p.x >= last.x && last.y < p.y { north.toggle() }
        for i in 0..<(line.count - 1) {
            let a = line[i], b = line[i + 1]
            guard (a.x <= p.x) != (b.x <= p.x) else { continue }
            let y = a.y + (p.x - a.x) / (b.x - a.x) * (b.y - a.y)
            if y < p.y { north.toggle() }
        }
        return north
    }

    /// Half-width of the strip along the railway kept free of streets: the yard widens near the station.
    func railClearance(_ p: Position) -> Double {
        let d = p.distance(to: station) / 500
        return 45 + 130 * exp(-d * d)
    }

    /// The walk-network zone of a position: 0 south of Suzhou Creek, 1 between the creek and the
    /// railway, 2 north of the railway; nil in the creek or rail strips and outside the district.
    /// A positive `margin` asks for a point at least that far inside the outline; a negative one
    /// also takes points up to −margin outside it (streets run on a little beyond the edge), but
    /// not within −margin + 60 m of a barrier, where the far bank lies outside the district.
    ///
    /// - Complexity: O(outline segments near p + barrier vertices).
    func zone(of p: Position, margin: Double) -> Int? {
        if margin >= 0 {
            guard contains(p), margin == 0 || outlineDistance(p, within: margin) == nil else { return nil }
        } else if !contains(p) {
            guard outlineDistance(p, within: -margin) != nil,
                  Self.distance(p, to: creekLine) > 60 - margin, Self.distance(p, to: railLine) > 60 - margin else { return nil }
        }
        guard Self.distance(p, to: creekLine) > Self.creekClearance, Self.distance(p, to: railLine) > railClearance(p) else { return nil }
        if !Self.isNorth(of: creekLine, p) { return 0 }
        return Self.isNorth(of: railLine, p) ? 2 : 1
    }

    /// Each zone's bounding box, from a 100 m lattice over the outline's box.
    private func findZoneBoxes() -> [BoundingBox] {
        var boxes = Array(repeating: BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity), count: 3)
        guard let box = BoundingBox(positions: outline) else { return boxes }
        for y in stride(from: box.minY - 100, through: box.maxY + 100, by: 100) {
            for x in stride(from: box.minX - 100, through: box.maxX + 100, by: 100) {
                let p = Position(x: x, y: y)
                guard let z = zone(of: p, margin: -80) else { continue }
                boxes[z] = BoundingBox(minX: min(boxes[z].minX, x), minY: min(boxes[z].minY, y),
                                       maxX: max(boxes[z].maxX, x), maxY: max(boxes[z].maxY, y))
            }
        }
        return boxes
    }
}

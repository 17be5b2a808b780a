import Foundation

/// Small planar geometry helpers for the OSM import: ring area, representative point (point in
/// polygon is `PlanarGeometry.contains`). Rings are closed arrays of lon/lat positions.
enum OSMGeometry {
    static let earthRadius = 6_371_008.8

    /// Area of a ring in square metres (equirectangular about the ring's mean latitude; exact enough
    /// for building footprints).
    /// - Complexity: O(n).
    static func areaSquareMetres(_ ring: [Position]) -> Double {
        guard ring.count >= 4 else { return 0 }
        let lat0 = ring.reduce(0) { $0 + $1.y } / Double(ring.count)
        let kx = cos(lat0 * .pi / 180) * earthRadius * .pi / 180
        let ky = earthRadius * .pi / 180
        var s = 0.0
        for i in 0..<(ring.count - 1) {
            s += (ring[i].x - ring[0].x) * kx * (ring[i + 1].y - ring[0].y) * ky
                - (ring[i + 1].x - ring[0].x) * kx * (ring[i].y - ring[0].y) * ky
        }
        return abs(s) / 2
    }

    /// A deterministic representative point of a ring: its area centroid when that lies inside,
    /// else the middle of the widest span of the horizontal line through the centroid (a point on
    /// the surface), else the first vertex.
    /// - Complexity: O(n log n).
    static func representativePoint(_ ring: [Position]) -> Position? {
        guard let first = ring.first else { return nil }
        guard ring.count >= 4 else { return ring[ring.count / 2] }
        let lat0 = first.y
        let kx = cos(lat0 * .pi / 180)
        var a = 0.0, cx = 0.0, cy = 0.0
        for i in 0..<(ring.count - 1) {
            let x0 = (ring[i].x - first.x) * kx, y0 = ring[i].y - first.y
            let x1 = (ring[i + 1].x - first.x) * kx, y1 = ring[i + 1].y - first.y
            let cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        }
        guard a != 0 else {
            let n = Double(ring.count - 1)
            return Position(x: ring.dropLast().reduce(0) { $0 + $1.x } / n, y: ring.dropLast().reduce(0) { $0 + $1.y } / n)
        }
        let centroid = Position(x: first.x + cx / (3 * a) / kx, y: first.y + cy / (3 * a))
        if PlanarGeometry.contains(ring, centroid) { return centroid }
        var xs: [Double] = []
        let y = centroid.y
        for i in 0..<(ring.count - 1) {
            let p = ring[i], q = ring[i + 1]
            if (p.y > y) != (q.y > y) { xs.append(p.x + (y - p.y) * (q.x - p.x) / (q.y - p.y)) }
        }
        xs.sort()
        var best: Position?
        var widest = -1.0
        var k = 0
        while k + 1 < xs.count {
            if xs[k + 1] - xs[k] > widest {
                widest = xs[k + 1] - xs[k]
                best = Position(x: (xs[k] + xs[k + 1]) / 2, y: y)
            }
            k += 2
        }
        return best ?? first
    }
}

/// Polygons listed on a `UniformGrid` by their exterior's bounding box, for point-in-polygon
/// queries; each polygon keeps its index so the first (lowest-index) containing polygon can be found
/// deterministically.
struct OSMPolygonIndex {
    /// The polygons (exterior ring first, then holes), by index.
    let polygons: [[[Position]]]
    private let boxes: [BoundingBox]
    private let grid: UniformGrid
    /// Polygons spanning more than `largeCellCount` cells: tested for every query rather than listed.
    private let large: [Int32]

    /// Indexes `polygons` on cells of `cellSize` degrees (enlarged to keep at most about four cells
    /// per polygon, never fewer than 1,024 allowed).
    ///
    /// - Complexity: O(P + C + L) for P polygons, C cells and L listings.
    init(polygons: [[[Position]]], cellSize: Double = 0.01) {
        self.polygons = polygons
        let boxes = polygons.map { BoundingBox(positions: $0.first ?? []) }
        let all = BoundingBox(positions: boxes.compactMap { $0 }.flatMap {
            [Position(x: $0.minX, y: $0.minY), Position(x: $0.maxX, y: $0.maxY)]
        }) ?? BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
        let width = max(all.width, UniformGrid.minimumExtent), height = max(all.height, UniformGrid.minimumExtent)
        let size = UniformGrid.cellSize(cellSize.isFinite && cellSize > 0 ? cellSize : 1, width: width, height: height,
                                        budget: UniformGrid.cellBudget(items: polygons.count))
        func isLarge(_ b: BoundingBox) -> Bool { (b.width / size + 1) * (b.height / size + 1) > Self.largeCellCount }
        grid = UniformGrid(box: all, cellSize: size, itemCount: polygons.count) { k in
            boxes[k].flatMap { isLarge($0) ? nil : $0 }
        }
        large = boxes.indices.filter { boxes[$0].map(isLarge) ?? false }.map { Int32($0) }
        // A polygon without an exterior gets a box no point is in.
        self.boxes = boxes.map { $0 ?? BoundingBox(minX: 0, minY: 0, maxX: -1, maxY: -1) }
    }

    /// The most cells a polygon is listed in; a larger one is tested for every query.
    static let largeCellCount = 10_000.0

    var isEmpty: Bool { polygons.isEmpty }

    /// The lowest index of a polygon containing `p`, or nil.
    /// - Complexity: O(polygons in p's cell × their vertices).
    func first(containing p: Position) -> Int? {
        var best: Int?
        func test(_ i: Int32) {
            let k = Int(i)
            if best.map({ k < $0 }) ?? true, boxes[k].contains(p), PlanarGeometry.contains(rings: polygons[k], p) { best = k }
        }
        if let c = grid.cell(of: p) {
            for k in Int(grid.cellStart[c])..<Int(grid.cellStart[c + 1]) { test(grid.cellItems[k]) }
        }
        for i in large { test(i) }
        return best
    }
}

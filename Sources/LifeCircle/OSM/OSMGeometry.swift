import Foundation

/// Small planar geometry helpers for the OSM import: ring area, representative point,
/// point-in-polygon. Rings are closed arrays of lon/lat positions.
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

    /// Even-odd point-in-polygon over all `rings` (exterior and holes alike).
    /// - Complexity: O(vertices).
    static func contains(_ rings: [[Position]], _ p: Position) -> Bool {
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
        if contains([ring], centroid) { return centroid }
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

/// A uniform grid over polygon bounding boxes for point-in-polygon queries; each polygon keeps its
/// index so the first (lowest-index) containing polygon can be found deterministically.
struct OSMPolygonIndex {
    private(set) var polygons: [[[Position]]] = []
    private var boxes: [BoundingBox] = []
    private var cells: [Int64: [Int32]] = [:]
    /// Polygons spanning too many cells to list: tested for every query.
    private var large: [Int32] = []
    private let cellSize: Double

    init(cellSize: Double = 0.01) {
        self.cellSize = cellSize
    }

    var isEmpty: Bool { polygons.isEmpty }

    private func cell(_ x: Double, _ y: Double) -> (Int64, Int64) {
        (Int64(saturating: (x / cellSize).rounded(.down)), Int64(saturating: (y / cellSize).rounded(.down)))
    }

    /// Adds a polygon (exterior ring first, then holes); returns its index.
    @discardableResult
    mutating func add(_ rings: [[Position]]) -> Int {
        let index = polygons.count
        polygons.append(rings)
        let box = BoundingBox(positions: rings.first ?? []) ?? BoundingBox(minX: 0, minY: 0, maxX: -1, maxY: -1)
        boxes.append(box)
        guard box.minX <= box.maxX else { return index }
        let (x0, y0) = cell(box.minX, box.minY), (x1, y1) = cell(box.maxX, box.maxY)
        if (x1 - x0 + 1) * (y1 - y0 + 1) > 10_000 {
            large.append(Int32(index))
            return index
        }
        for cx in x0...x1 {
            for cy in y0...y1 { cells[cx &* 4_000_003 &+ cy, default: []].append(Int32(index)) }
        }
        return index
    }

    /// The lowest index of a polygon containing `p`, or nil.
    /// - Complexity: O(polygons in p's cell × their vertices).
    func first(containing p: Position) -> Int? {
        let (cx, cy) = cell(p.x, p.y)
        var best: Int?
        for i in (cells[cx &* 4_000_003 &+ cy] ?? []) + large {
            let k = Int(i)
            if best.map({ k < $0 }) ?? true, boxes[k].contains(p), OSMGeometry.contains(polygons[k], p) { best = k }
        }
        return best
    }
}

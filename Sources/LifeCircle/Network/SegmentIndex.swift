import Foundation

/// A uniform grid over the network's edge segments, for snapping points to the nearest edge.
///
/// Each segment is listed in every grid cell its bounding box touches (CSR: `cellStart`, `cellItems`).
/// A query visits rings of cells around the point, nearest first, and stops as soon as no unvisited cell
/// can hold anything nearer, or beyond the search distance.
package struct SegmentIndex: Sendable {
    /// The network the index was built on.
    package let network: WalkNetwork
    /// Side of a grid cell in metres.
    package let cellSize: Double
    /// The cells and the segments listed in them (by shape-point index `g`: the segment runs from
    /// `g` to `g + 1`).
    private let grid: UniformGrid
    /// The edge of each shape point seen as a segment start (−1 for an edge's last point).
    private let segmentEdge: [Int32]

    /// Builds the grid.
    ///
    /// - Parameters:
    ///   - network: The walk network.
    ///   - cellSize: Preferred cell side in metres; nil chooses about one segment per cell (the mean
    ///     area per segment, within 10…500 m). Enlarged when the area would need too many cells (at most
    ///     about four cells per segment, and never fewer than 1,024 allowed).
    /// - Complexity: O(S + C) time and memory for S segments and C cells (segments much longer than
    ///   a cell are listed in every cell of their bounding box).
    package init(network: WalkNetwork, cellSize: Double? = nil) {
        self.network = network
        let points = network.shapePoints
        var segEdge = [Int32](repeating: -1, count: points.count)
        for e in 0..<network.edgeCount {
            let lo = Int(network.shapeOffset[e]), hi = Int(network.shapeOffset[e + 1])
            for g in lo..<(hi - 1) { segEdge[g] = Int32(e) }
        }
        segmentEdge = segEdge
        let box = BoundingBox(positions: points) ?? BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
        let width = max(box.maxX - box.minX, UniformGrid.minimumExtent)
        let height = max(box.maxY - box.minY, UniformGrid.minimumExtent)
        let segments = max(points.count - network.edgeCount, 1)
        let maxCells = UniformGrid.cellBudget(items: segments)
        let automatic = min(max(((width * height) / Double(segments)).squareRoot(), 10), 500)
        var size = cellSize.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? automatic
        if (width / size + 1) * (height / size + 1) > maxCells {
            size = max(size, ((width * height) / maxCells).squareRoot() * 1.05)
            size = UniformGrid.cellSize(size, width: width, height: height, budget: maxCells, growth: 1.25)
        }
        self.cellSize = size
        grid = UniformGrid(box: box, cellSize: size, itemCount: segEdge.count) { g in
            guard segEdge[g] >= 0 else { return nil }
            let a = points[g], b = points[g + 1]
            return BoundingBox(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y))
        }
    }

    /// The nearest point of the nearest edge within `maxDistance` metres (plus ``DistanceTolerance``),
    /// or nil when none is that near.
    ///
    /// Ties (equal distance) go to the lowest edge index, then the lowest segment along it.
    ///
    /// - Complexity: O((r/s)² + k) for search radius r, cell size s and k segments listed in the cells
    ///   visited; the rings stop at the first one that cannot hold a nearer segment.
    package func snap(_ p: Position, maxDistance: Double) -> SnapPoint? {
        guard p.x.isFinite, p.y.isFinite, maxDistance >= 0, !grid.cellItems.isEmpty else { return nil }
        let points = network.shapePoints
        var bestD2 = Double.infinity
        var bestG = Int32.max
        var bestT = 0.0
        let starts = grid.cellStart, items = grid.cellItems
        grid.visitRings(around: p, radius: maxDistance + DistanceTolerance.meters, nearest: { bestD2.squareRoot() }) { c in
            for i in Int(starts[c])..<Int(starts[c + 1]) {
                let g = items[i]
                let a = points[Int(g)], b = points[Int(g) + 1]
                let dx = b.x - a.x, dy = b.y - a.y
                let len2 = dx * dx + dy * dy
                var t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0
                t = min(max(t, 0), 1)
                let qx = a.x + t * dx - p.x, qy = a.y + t * dy - p.y
                let d2 = qx * qx + qy * qy
                if d2 < bestD2 || (d2 == bestD2 && g < bestG) {
                    bestD2 = d2
                    bestG = g
                    bestT = t
                }
            }
        }
        guard bestG != Int32.max else { return nil }
        let access = bestD2.squareRoot()
        guard DistanceTolerance.within(access, maxDistance) else { return nil }
        let g = Int(bestG)
        let edge = segmentEdge[g]
        let a = points[g], b = points[g + 1]
        let point = Position(x: a.x + bestT * (b.x - a.x), y: a.y + bestT * (b.y - a.y))
        let along = network.shapeMeasure[g] + bestT * (network.shapeMeasure[g + 1] - network.shapeMeasure[g])
        return SnapPoint(edge: edge, offsetAlong: min(max(along, 0), network.edgeLength[Int(edge)]),
                         access: access, point: point)
    }

    /// Snaps many points, in parallel; nil marks a point farther than `maxDistance` from every edge.
    ///
    /// Points are processed in grid-cell order (for cache locality) and returned in input order.
    ///
    /// - Complexity: O(P + C) plus P single snaps for P points and C cells, spread over the cores.
    package func snap(_ positions: [Position], maxDistance: Double) -> [SnapPoint?] {
        let order = cellOrder(positions)
        let snapped = Parallel.map(count: order.count, minimumChunk: 2048) { k in
            self.snap(positions[Int(order[k])], maxDistance: maxDistance)
        }
        var out = [SnapPoint?](repeating: nil, count: positions.count)
        for k in order.indices { out[Int(order[k])] = snapped[k] }
        return out
    }

    /// Point indices ordered by the grid cell they fall in (a counting sort; points off the grid last).
    ///
    /// - Complexity: O(P + C).
    private func cellOrder(_ positions: [Position]) -> [Int32] {
        let cells = grid.columns * grid.rows
        var key = [Int](repeating: cells, count: positions.count)
        var count = [Int32](repeating: 0, count: cells + 2)
        for (i, p) in positions.enumerated() {
            if let c = grid.cell(of: p) { key[i] = c }
            count[key[i] + 1] += 1
        }
        for c in 0...cells { count[c + 1] += count[c] }
        var order = [Int32](repeating: 0, count: positions.count)
        for i in positions.indices {
            order[Int(count[key[i]])] = Int32(i)
            count[key[i]] += 1
        }
        return order
    }
}

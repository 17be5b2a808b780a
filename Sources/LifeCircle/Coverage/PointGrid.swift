/// A uniform grid over points (metres), for the nearest point within a radius.
package struct PointGrid: Sendable {
    package let positions: [Position]
    /// Side of a cell in metres.
    package let cellSize: Double
    /// The cells and their points.
    private let grid: UniformGrid

    /// Indexes `positions` (non-finite ones are left out).
    ///
    /// - Parameter cellSize: Preferred cell side; nil chooses about two points per cell. Enlarged to
    ///   keep at most about 4 cells per point (never fewer than 1,024 allowed).
    /// - Complexity: O(P + C) for P points and C cells.
    package init(positions: [Position], cellSize: Double? = nil) {
        self.positions = positions
        let finite = positions.filter { $0.x.isFinite && $0.y.isFinite }
        let box = BoundingBox(positions: finite) ?? BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
        let width = max(box.maxX - box.minX, UniformGrid.minimumExtent)
        let height = max(box.maxY - box.minY, UniformGrid.minimumExtent)
        let maxCells = UniformGrid.cellBudget(items: finite.count)
        let automatic = max(((width * height) * 2 / Double(max(finite.count, 1))).squareRoot(), 1)
        let preferred = cellSize.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? automatic
        let size = UniformGrid.cellSize(preferred, width: width, height: height, budget: maxCells)
        self.cellSize = size
        grid = UniformGrid(box: box, cellSize: size, itemCount: positions.count) { i in
            let p = positions[i]
            return p.x.isFinite && p.y.isFinite ? BoundingBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y) : nil
        }
    }

    /// The nearest indexed point within `radius` metres of `p` (plus ``DistanceTolerance``; ties to
    /// the lower index), or nil.
    ///
    /// - Complexity: O((r/s)² + k) for radius r, cell size s and k points in the cells visited.
    package func nearest(to p: Position, within radius: Double) -> ReachedPoint? {
        guard p.x.isFinite, p.y.isFinite, radius >= 0, !grid.cellItems.isEmpty else { return nil }
        var bestD2 = Double.infinity
        var best: Int32 = -1
        let starts = grid.cellStart, items = grid.cellItems, points = positions
        grid.visitRings(around: p, radius: radius + DistanceTolerance.meters, nearest: { bestD2.squareRoot() }) { c in
            for k in Int(starts[c])..<Int(starts[c + 1]) {
                let i = items[k]
                let q = points[Int(i)]
                let dx = q.x - p.x, dy = q.y - p.y
                let d2 = dx * dx + dy * dy
                if d2 < bestD2 || (d2 == bestD2 && i < best) {
                    bestD2 = d2
                    best = i
                }
            }
        }
        guard best >= 0, DistanceTolerance.within(bestD2.squareRoot(), radius) else { return nil }
        return ReachedPoint(index: best, distance: bestD2.squareRoot(), source: best)
    }
}

/// A uniform grid over points (metres), for the nearest point within a radius.
package struct PointGrid: Sendable {
    package let positions: [Position]
    /// Side of a cell in metres.
    package let cellSize: Double
    private let minX: Double
    private let minY: Double
    private let columns: Int
    private let rows: Int
    private let cellStart: [Int32]
    private let cellItems: [Int32]
    /// The grid's frame, for the ring search.
    private var frame: GridFrame { GridFrame(minX: minX, minY: minY, cellSize: cellSize, columns: columns, rows: rows) }

    /// Indexes `positions` (non-finite ones are left out).
    ///
    /// - Parameter cellSize: Preferred cell side; nil chooses about two points per cell. Enlarged to
    ///   keep at most about 4 cells per point (never fewer than 1,024 allowed).
    /// - Complexity: O(P + C) for P points and C cells.
    package init(positions: [Position], cellSize: Double? = nil) {
        self.positions = positions
        let finite = positions.filter { $0.x.isFinite && $0.y.isFinite }
        let box = BoundingBox(positions: finite) ?? BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
        let width = max(box.maxX - box.minX, 1e-9), height = max(box.maxY - box.minY, 1e-9)
        let maxCells = Double(max(1024, 4 * finite.count))
        let automatic = max(((width * height) * 2 / Double(max(finite.count, 1))).squareRoot(), 1)
        var size = cellSize.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? automatic
        while (width / size + 1) * (height / size + 1) > maxCells { size *= 1.5 }
        self.cellSize = size
        minX = box.minX
        minY = box.minY
        let cols = Int(width / size) + 1, rowCount = Int(height / size) + 1
        columns = cols
        rows = rowCount
        var start = [Int32](repeating: 0, count: cols * rowCount + 1)
        var cellOf = [Int](repeating: -1, count: positions.count)
        for (i, p) in positions.enumerated() where p.x.isFinite && p.y.isFinite {
            let x = min(max(Int((p.x - box.minX) / size), 0), cols - 1)
            let y = min(max(Int((p.y - box.minY) / size), 0), rowCount - 1)
            cellOf[i] = y * cols + x
            start[y * cols + x + 1] += 1
        }
        for c in 0..<(cols * rowCount) { start[c + 1] += start[c] }
        var cursor = start
        var items = [Int32](repeating: 0, count: Int(start[cols * rowCount]))
        for (i, c) in cellOf.enumerated() where c >= 0 {
            items[Int(cursor[c])] = Int32(i)
            cursor[c] += 1
        }
        cellStart = start
        cellItems = items
    }

    /// The nearest indexed point within `radius` metres of `p` (plus ``DistanceTolerance``; ties to
    /// the lower index), or nil.
    ///
    /// - Complexity: O((r/s)² + k) for radius r, cell size s and k points in the cells visited.
    package func nearest(to p: Position, within radius: Double) -> ReachedPoint? {
        guard p.x.isFinite, p.y.isFinite, radius >= 0, !cellItems.isEmpty else { return nil }
        var bestD2 = Double.infinity
        var best: Int32 = -1
        let starts = cellStart, items = cellItems, points = positions
        frame.visitRings(around: p, radius: radius + DistanceTolerance.meters, nearest: { bestD2.squareRoot() }) { c in
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

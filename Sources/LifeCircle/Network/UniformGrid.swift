/// The frame of a uniform grid in metres: origin, cell side, columns and rows. Shared by the grid
/// indexes (`SegmentIndex`, `PointGrid`), which keep their own cell contents.
struct GridFrame: Sendable {
    let minX: Double
    let minY: Double
    let cellSize: Double
    let columns: Int
    let rows: Int

    /// Visits the grid's cells in square rings around the cell of `p`, the point's own cell first,
    /// calling `visit` with each cell index inside the grid. It stops after a ring once `nearest()`
    /// (the distance of the best item found so far) is at most the ring's distance, since every
    /// unvisited cell is at least that far, or once the rings pass `radius` or the grid's edge.
    ///
    /// - Complexity: O((r/s)²) cells for radius r and cell side s (fewer when something is near).
    @inline(__always)
    func visitRings(around p: Position, radius: Double, nearest: () -> Double, _ visit: (Int) -> Void) {
        // Keep the cell numbers in Int range for points absurdly far away.
        let limit = Double(max(columns, rows) + 2)
        let cx = Int(min(max(((p.x - minX) / cellSize).rounded(.down), -limit), limit + Double(columns)))
        let cy = Int(min(max(((p.y - minY) / cellSize).rounded(.down), -limit), limit + Double(rows)))
        let farthest = max(abs(cx), abs(cx - (columns - 1)), abs(cy), abs(cy - (rows - 1)))
        let ringLimit = min(farthest, Int(min(radius / cellSize, Double(Int32.max))) + 1)
        @inline(__always) func cell(_ x: Int, _ y: Int) {
            guard x >= 0, x < columns, y >= 0, y < rows else { return }
            visit(y * columns + x)
        }
        var r = 0
        while r <= ringLimit {
            if r == 0 {
                cell(cx, cy)
            } else {
                for x in (cx - r)...(cx + r) {
                    cell(x, cy - r)
                    cell(x, cy + r)
                }
                for y in (cy - r + 1)..<(cy + r) {
                    cell(cx - r, y)
                    cell(cx + r, y)
                }
            }
            if nearest() <= Double(r) * cellSize { break }
            r += 1
        }
    }
}

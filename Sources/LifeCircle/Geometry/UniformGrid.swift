/// A uniform grid (metres, or degrees for the OSM import) whose cells list items (CSR: the items of
/// cell `c` are `cellItems[cellStart[c] ..< cellStart[c + 1]]`), with a nearest-first ring search:
/// the library's one spatial hash grid, behind `PointGrid` (a point in one cell), `SegmentIndex` (a
/// segment in every cell its bounding box touches) and `OSMPolygonIndex` (a polygon likewise).
struct UniformGrid: Sendable {
    let minX: Double
    let minY: Double
    let cellSize: Double
    let columns: Int
    let rows: Int
    /// CSR offsets, `columns × rows + 1` entries.
    let cellStart: [Int32]
    /// Item indices, cell after cell (in item order within a cell).
    let cellItems: [Int32]

    /// Lists items `0..<itemCount` in the cells their bounding boxes touch (boxes reaching past
    /// `box` are clamped to the grid's edge cells; an item whose `itemBox` is nil is left out).
    ///
    /// - Parameters:
    ///   - box: The area covered; the grid has `⌊width / cellSize⌋ + 1` columns and likewise rows.
    ///   - itemBox: The box of an item; called twice per item.
    /// - Complexity: O(I + C + L) for I items, C cells and L listings.
    init(box: BoundingBox, cellSize: Double, itemCount: Int, itemBox: (Int) -> BoundingBox?) {
        let width = max(box.maxX - box.minX, Self.minimumExtent), height = max(box.maxY - box.minY, Self.minimumExtent)
        let cols = Int(width / cellSize) + 1, rowCount = Int(height / cellSize) + 1
        (minX, minY, self.cellSize, columns, rows) = (box.minX, box.minY, cellSize, cols, rowCount)
        func cellRange(_ b: BoundingBox) -> (x: ClosedRange<Int>, y: ClosedRange<Int>) {
            func column(_ x: Double) -> Int { min(max(Int((x - box.minX) / cellSize), 0), cols - 1) }
            func row(_ y: Double) -> Int { min(max(Int((y - box.minY) / cellSize), 0), rowCount - 1) }
            return (column(b.minX)...column(b.maxX), row(b.minY)...row(b.maxY))
        }
        var start = [Int32](repeating: 0, count: cols * rowCount + 1)
        for i in 0..<itemCount {
            guard let b = itemBox(i) else { continue }
            let (xs, ys) = cellRange(b)
            for y in ys { for x in xs { start[y * cols + x + 1] += 1 } }
        }
        for c in 0..<(cols * rowCount) { start[c + 1] += start[c] }
        var cursor = start
        var items = [Int32](repeating: 0, count: Int(start[cols * rowCount]))
        for i in 0..<itemCount {
            guard let b = itemBox(i) else { continue }
            let (xs, ys) = cellRange(b)
            for y in ys {
                for x in xs {
                    items[Int(cursor[y * cols + x])] = Int32(i)
                    cursor[y * cols + x] += 1
                }
            }
        }
        cellStart = start
        cellItems = items
    }

    /// The least width and height of the area covered, so that a grid over one point has a cell.
    static let minimumExtent = 1e-9

    /// The most cells a grid over `items` items may have: about four per item (the grid's memory
    /// stays in proportion to what it holds), never fewer than 1,024.
    static func cellBudget(items: Int) -> Double { Double(max(1024, 4 * items)) }

    /// `size`, multiplied by `growth` until a `width` × `height` area needs at most `budget` cells.
    static func cellSize(_ size: Double, width: Double, height: Double, budget: Double, growth: Double = 1.5) -> Double {
        var size = size
        while (width / size + 1) * (height / size + 1) > budget { size *= growth }
        return size
    }

    /// The cell `p` falls in, or nil when it is off the grid.
    func cell(of p: Position) -> Int? {
        let fx = ((p.x - minX) / cellSize).rounded(.down), fy = ((p.y - minY) / cellSize).rounded(.down)
        guard fx >= 0, fy >= 0, fx < Double(columns), fy < Double(rows) else { return nil }
        return Int(fy) * columns + Int(fx)
    }

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

import Foundation

/// An R-tree of boxes packed bottom-up, laid out as SQLite's R-tree module stores a 2-D index
/// (`CREATE VIRTUAL TABLE … USING rtree(id, minx, maxx, miny, maxy)`): the rows of its three tables
/// `_node`, `_rowid` and `_parent`, ready to copy in (GDAL 3.7 and later bulk-load theirs the same way).
///
/// Leaves are filled sort-tile-recursive (boxes sorted by centre x into √(leaves) vertical slabs,
/// each sorted by centre y, cut into runs of 51), the levels above group consecutive nodes by 51,
/// up to one root, node 1. Every node is SQLite's 1,228 bytes (the size it picks for a 4,096-byte
/// page: 51 cells of 24 bytes after a 4-byte header: depth, in the root only, and cell count,
/// big-endian 16-bit); a cell is a big-endian 64-bit id (a feature's FID in a leaf, a child node
/// number above) and minx, maxx, miny, maxy as big-endian 32-bit floats, rounded outwards exactly
/// as SQLite rounds a double it is given (`rtreeValueDown`, `rtreeValueUp`). Ties in the sort keep
/// FID order, so the same boxes always give the same bytes.
///
/// - Complexity: O(n log n) for n boxes.
struct PackedRTree {
    /// Cells in a node (SQLite's `RTREE_MAXCELLS`).
    static let maxCells = 51
    static let cellBytes = 24
    static let nodeBytes = 4 + maxCells * cellBytes

    /// Node blobs; `nodes[k]` is node k + 1 (node 1 is the root).
    private(set) var nodes: [[UInt8]] = []
    /// (FID, leaf node number) for every box, in the order given (FID order).
    private(set) var rowids: [(Int64, Int64)] = []
    /// (node number, parent node number) for every node but the root.
    private(set) var parents: [(Int64, Int64)] = []

    /// Packs `fids.count` boxes, `bounds` holding minx, miny, maxx, maxy for each (as doubles: the
    /// features' envelopes).
    init(fids: [Int64], bounds: [Double]) {
        let n = fids.count
        guard n > 0, bounds.count == 4 * n else { return }
        // SQLite's order: minx, maxx, miny, maxy.
        var box = [Float](repeating: 0, count: 4 * n)
        for i in 0 ..< n {
            box[4 * i] = Self.down(bounds[4 * i])
            box[4 * i + 1] = Self.up(bounds[4 * i + 2])
            box[4 * i + 2] = Self.down(bounds[4 * i + 1])
            box[4 * i + 3] = Self.up(bounds[4 * i + 3])
        }
        let m = Self.maxCells
        let leafCount = (n + m - 1) / m
        let slabs = max(1, Int(Double(leafCount).squareRoot().rounded(.up)))
        var order = Array(0 ..< n)
        func centre(_ i: Int, _ axis: Int) -> Float { box[4 * i + 2 * axis] / 2 + box[4 * i + 2 * axis + 1] / 2 }
        order.sort { (centre($0, 0), $0) < (centre($1, 0), $1) }
        let perSlab = slabs * m
        var lo = 0
        while lo < n {
            let hi = min(n, lo + perSlab)
            order[lo ..< hi].sort { (centre($0, 1), $0) < (centre($1, 1), $1) }
            lo = hi
        }
        // The leaves: runs of `m` within each slab (a slab's last leaf may be short).
        var leaves: [Range<Int>] = []
        lo = 0
        while lo < n {
            let slabEnd = min(n, lo + perSlab)
            var a = lo
            while a < slabEnd {
                leaves.append(a ..< min(slabEnd, a + m))
                a += m
            }
            lo = slabEnd
        }
        // Counts per level (level 0 the leaves), and each level's node boxes.
        var counts = [leaves.count]
        while let last = counts.last, last > 1 { counts.append((last + m - 1) / m) }
        let depth = counts.count - 1
        // Node numbers: the root 1, then each level below in order.
        var first = [Int](repeating: 0, count: counts.count)
        var next = 1
        for level in stride(from: depth, through: 0, by: -1) {
            first[level] = next
            next += counts[level]
        }
        nodes = [[UInt8]](repeating: [], count: next - 1)
        var leafOf = [Int64](repeating: 0, count: n)
        var childBoxes: [Float] = []
        for (j, leaf) in leaves.enumerated() {
            let number = first[0] + j
            var cells: [(Int64, ArraySlice<Float>)] = []
            for i in leaf {
                let k = order[i]
                cells.append((fids[k], box[4 * k ..< 4 * k + 4]))
                leafOf[k] = Int64(number)
            }
            nodes[number - 1] = Self.node(cells, depth: depth == 0 ? 0 : nil)
            childBoxes += Self.union(cells.map(\.1))
        }
        rowids = zip(fids, leafOf).map { ($0, $1) }
        for level in 1 ..< counts.count {
            var boxes: [Float] = []
            for j in 0 ..< counts[level] {
                let number = first[level] + j
                var cells: [(Int64, ArraySlice<Float>)] = []
                for c in j * m ..< min(counts[level - 1], (j + 1) * m) {
                    cells.append((Int64(first[level - 1] + c), childBoxes[4 * c ..< 4 * c + 4]))
                    parents.append((Int64(first[level - 1] + c), Int64(number)))
                }
                nodes[number - 1] = Self.node(cells, depth: level == depth ? depth : nil)
                boxes += Self.union(cells.map(\.1))
            }
            childBoxes = boxes
        }
        parents.sort { $0.0 < $1.0 }
    }

    /// The box holding `boxes` (each minx, maxx, miny, maxy).
    private static func union(_ boxes: [ArraySlice<Float>]) -> [Float] {
        var u = [Float.infinity, -Float.infinity, Float.infinity, -Float.infinity]
        for b in boxes {
            let s = b.startIndex
            u[0] = min(u[0], b[s]); u[1] = max(u[1], b[s + 1])
            u[2] = min(u[2], b[s + 2]); u[3] = max(u[3], b[s + 3])
        }
        return u
    }

    /// A node's bytes: the depth (root only), the cell count, the cells, zeros to the node size.
    private static func node(_ cells: [(Int64, ArraySlice<Float>)], depth: Int?) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: nodeBytes)
        func put16(_ v: Int, at o: Int) {
            out[o] = UInt8(truncatingIfNeeded: v >> 8)
            out[o + 1] = UInt8(truncatingIfNeeded: v)
        }
        if let depth { put16(depth, at: 0) }
        put16(cells.count, at: 2)
        for (c, (id, b)) in cells.enumerated() {
            let o = 4 + c * cellBytes
            let bits = UInt64(bitPattern: id)
            for k in 0 ..< 8 { out[o + k] = UInt8(truncatingIfNeeded: bits >> (56 - 8 * k)) }
            for (q, v) in b.enumerated() {
                let f = v.bitPattern
                for k in 0 ..< 4 { out[o + 8 + 4 * q + k] = UInt8(truncatingIfNeeded: f >> (24 - 8 * k)) }
            }
        }
        return out
    }

    /// SQLite's rounding of a minimum (`rtreeValueDown`): the nearest float, or when that is
    /// above, the double scaled towards minus infinity by one part in 2²³ then rounded.
    static func down(_ d: Double) -> Float {
        let f = Float(d)
        if Double(f) > d { return Float(d * (d < 0 ? 1 + 1 / 8_388_608.0 : 1 - 1 / 8_388_608.0)) }
        return f
    }

    /// SQLite's rounding of a maximum (`rtreeValueUp`), the mirror of ``down(_:)``.
    static func up(_ d: Double) -> Float {
        let f = Float(d)
        if Double(f) < d { return Float(d * (d < 0 ? 1 - 1 / 8_388_608.0 : 1 + 1 / 8_388_608.0)) }
        return f
    }
}

/// Depth-first branch and bound for the fewest columns covering every row of a ``SetCoverComponent``,
/// with a node budget (so the answer never depends on the machine's speed).
///
/// A node branches on the uncovered row with the fewest free columns: one child per free column
/// (most newly covered rows first, ties lower index), each excluding the columns its elder
/// siblings took, so no cover is visited twice. A node is cut when its columns plus a bound on the
/// rest cannot beat the incumbent; the bound is the larger of two, both counted on the uncovered
/// rows and free columns: the fractional dual Σᵣ 1 / (most uncovered rows of one of r's columns),
/// rounded up, and the number of rows no two of which share a free column (taken rarest first).
struct SetCoverBranchAndBound {
    let c: SetCoverComponent
    /// The smallest cover known (columns ascending).
    private(set) var best: [Int]
    /// Nodes visited.
    private(set) var nodes = 0
    /// Whether the search ran to the end (then `best` is a minimum cover).
    private(set) var finished = false
    private let budget: Int
    private let floor: Int
    private var cover: [Int32]
    private var excluded: [Bool]
    private var chosen: [Int] = []
    private var uncovered: Int
    private var stopped = false
    // Scratch for the bounds.
    private var gain: [Int32]
    private var claimed: [Bool]

    /// Searches for a cover smaller than `incumbent`, visiting at most `nodeBudget` nodes; stops
    /// early once the incumbent meets `lowerBound`.
    ///
    /// - Complexity: O(nodes · (members + rows log rows)); nodes ≤ `nodeBudget`.
    init(_ c: SetCoverComponent, incumbent: [Int], lowerBound: Int, nodeBudget: Int) {
        self.c = c
        best = incumbent
        budget = nodeBudget
        floor = lowerBound
        cover = [Int32](repeating: 0, count: c.rowCount)
        excluded = [Bool](repeating: false, count: c.columnCount)
        uncovered = c.rowCount
        gain = [Int32](repeating: 0, count: c.columnCount)
        claimed = [Bool](repeating: false, count: c.columnCount)
        if best.count > floor { visit() }
        finished = !stopped
    }

    private mutating func take(_ j: Int) {
        chosen.append(j)
        for r in c.rows(of: j) {
            if cover[Int(r)] == 0 { uncovered -= 1 }
            cover[Int(r)] += 1
        }
    }

    private mutating func untake(_ j: Int) {
        chosen.removeLast()
        for r in c.rows(of: j) {
            cover[Int(r)] -= 1
            if cover[Int(r)] == 0 { uncovered += 1 }
        }
    }

    private mutating func visit() {
        guard nodes < budget else {
            stopped = true
            return
        }
        nodes += 1
        if uncovered == 0 {
            if chosen.count < best.count { best = chosen.sorted() }
            return
        }
        guard chosen.count + 1 < best.count, let row = nodeBound(room: best.count - chosen.count) else { return }
        var children = c.columns(of: row).map(Int.init).filter { !excluded[$0] }
        children.sort { (gain[$0], -$0) > (gain[$1], -$1) }
        var shut: [Int] = []
        for j in children {
            take(j)
            visit()
            untake(j)
            if stopped || best.count <= floor { break }
            excluded[j] = true
            shut.append(j)
        }
        for j in shut { excluded[j] = false }
    }

    /// The row to branch on, or nil when the node is cut: its chosen columns plus the bound on the
    /// rest reach `room` more (the incumbent's size), or an uncovered row has no free column left.
    /// Leaves each free column's newly covered rows in `gain`.
    private mutating func nodeBound(room: Int) -> Int? {
        for j in 0 ..< c.columnCount {
            var g: Int32 = 0
            if !excluded[j] { for r in c.rows(of: j) where cover[Int(r)] == 0 { g += 1 } }
            gain[j] = g
        }
        var dual = 0.0
        var open: [(free: Int, row: Int)] = []
        open.reserveCapacity(uncovered)
        for r in 0 ..< c.rowCount where cover[r] == 0 {
            var widest: Int32 = 0
            var free = 0
            for j in c.columns(of: r) where !excluded[Int(j)] {
                widest = max(widest, gain[Int(j)])
                free += 1
            }
            if free == 0 { return nil }
            dual += 1 / Double(widest)
            open.append((free, r))
        }
        if SetCoverLagrangian.roundUp(dual) >= room { return nil }
        open.sort { ($0.free, $0.row) < ($1.free, $1.row) }
        var disjoint = 0
        for j in 0 ..< c.columnCount { claimed[j] = false }
        for (_, r) in open where !c.columns(of: r).contains(where: { !excluded[Int($0)] && claimed[Int($0)] }) {
            for j in c.columns(of: r) { claimed[Int(j)] = true }
            disjoint += 1
        }
        if disjoint >= room { return nil }
        return open.first?.row
    }
}

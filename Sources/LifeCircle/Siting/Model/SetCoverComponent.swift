/// One connected part of a unicost set cover (the points a fewest-sites goal leaves no slack on):
/// rows are points every solution must cover, columns the candidates that still matter, and no
/// column covers a row of another component, so the fewest sites of the whole is the sum over the
/// components. Rows and columns are numbered densely, both in ascending order of the problem's
/// point and candidate indices.
struct SetCoverComponent: Sendable, Equatable {
    /// The candidate index (``ReducedProblem``) of each column, ascending.
    var candidates: [Int]
    /// CSR offsets of the rows each column covers.
    var columnOffsets: [Int]
    /// CSR entries: rows per column, ascending.
    var columnRows: [Int32]
    /// CSR offsets of the columns covering each row.
    var rowOffsets: [Int]
    /// CSR entries: columns per row, ascending.
    var rowColumns: [Int32]

    var columnCount: Int { candidates.count }
    var rowCount: Int { rowOffsets.count - 1 }

    /// The rows column `c` covers.
    func rows(of c: Int) -> ArraySlice<Int32> { columnRows[columnOffsets[c] ..< columnOffsets[c + 1]] }
    /// The columns covering row `r`.
    func columns(of r: Int) -> ArraySlice<Int32> { rowColumns[rowOffsets[r] ..< rowOffsets[r + 1]] }

    /// A component from its columns' row lists (`rows[c]` ascending, rows `0 ..< rowCount`).
    ///
    /// - Complexity: O(rows + members).
    init(candidates: [Int], rows: [[Int32]], rowCount: Int) {
        self.candidates = candidates
        let columns = CSRLayout.build(rows)
        columnOffsets = columns.offsets
        columnRows = columns.entries
        let coverers = PointCoverers(offsets: columns.offsets, members: columns.entries, pointCount: rowCount)
        rowOffsets = [0]
        rowOffsets.reserveCapacity(rowCount + 1)
        rowColumns = []
        rowColumns.reserveCapacity(columns.entries.count)
        for r in 0 ..< rowCount {
            rowColumns.append(contentsOf: coverers.slice(of: r))
            rowOffsets.append(rowColumns.count)
        }
        SitingInvariant.check("SetCoverComponent", invariantViolation())
    }

    /// `chosen` without its redundant columns, ascending: taken in the given order, a column is
    /// dropped when the columns still kept or not yet looked at cover each of its rows twice or more.
    /// `hits` holds, per row, how many of `chosen` cover it, and is kept up to date.
    ///
    /// - Complexity: O(members of `chosen` + its size · log).
    func droppingRedundant(_ chosen: [Int], hits: inout [Int32]) -> [Int] {
        var kept: [Int] = []
        for j in chosen {
            if rows(of: j).allSatisfy({ hits[Int($0)] > 1 }) {
                for r in rows(of: j) { hits[Int(r)] -= 1 }
            } else {
                kept.append(j)
            }
        }
        return kept.sorted()
    }

    /// Whether the columns `chosen` (component numbering) cover every row.
    func covers(_ chosen: [Int]) -> Bool {
        var covered = [Bool](repeating: false, count: rowCount)
        for c in chosen { for r in rows(of: c) { covered[Int(r)] = true } }
        return !covered.contains(false)
    }

    /// The first broken invariant, or nil: both CSR layouts, each the other turned around, and
    /// every row covered by some column.
    func invariantViolation() -> String? {
        if let broken = CSRLayout.violation(offsets: columnOffsets, entries: columnRows, rows: columnCount, columns: rowCount) {
            return "columns: \(broken)"
        }
        if let broken = CSRLayout.violation(offsets: rowOffsets, entries: rowColumns, rows: rowCount, columns: columnCount) {
            return "rows: \(broken)"
        }
        guard columnRows.count == rowColumns.count else { return "\(columnRows.count) column entries, \(rowColumns.count) row entries" }
        for r in 0 ..< rowCount where rowOffsets[r] == rowOffsets[r + 1] { return "row \(r): no column covers it" }
        return nil
    }
}

/// The layout every cover-set structure in Siting keeps its lists in (compressed sparse rows, CSR):
/// row `r` is `entries[offsets[r] ..< offsets[r + 1]]`, with `rows + 1` offsets from 0 to
/// `entries.count`, non-decreasing, and each row's entries strictly ascending in `0 ..< columns`.
/// ``CoverageInstance`` (candidates → demand points), ``ReducedProblem`` (candidates → kept points,
/// kept points → original points) and ``PointCoverers`` (points → candidates) all use it.
enum CSRLayout {
    /// The first way a pair of arrays breaks the layout.
    enum Violation: Equatable, CustomStringConvertible {
        /// Not `rows + 1` offsets from 0 to the number of entries.
        case offsetRange(rows: Int, entries: Int)
        /// `offsets[row] > offsets[row + 1]`.
        case offsetsDecrease(row: Int)
        /// An entry of `row` not above the one before it.
        case notAscending(row: Int)
        /// An entry of `row` outside `0 ..< columns` (entries below 0 are `notAscending`).
        case outOfRange(row: Int, entry: Int32, columns: Int)

        var description: String {
            switch self {
            case let .offsetRange(rows, entries): return "need \(rows + 1) offsets from 0 to \(entries)"
            case let .offsetsDecrease(row): return "row \(row): offsets decrease"
            case let .notAscending(row): return "row \(row): entries not strictly ascending"
            case let .outOfRange(row, entry, columns): return "row \(row): entry \(entry) out of range 0..<\(columns)"
            }
        }
    }

    /// The CSR arrays of `rows` (each sorted, repeats dropped): row r's entries are
    /// `entries[offsets[r]..<offsets[r + 1]]`.
    ///
    /// - Complexity: O(Σ s log s) over the row sizes s.
    static func build(_ rows: [[Int32]]) -> (offsets: [Int], entries: [Int32]) {
        var offsets = [0]
        offsets.reserveCapacity(rows.count + 1)
        var entries: [Int32] = []
        entries.reserveCapacity(rows.reduce(0) { $0 + $1.count })
        for row in rows {
            var last: Int32 = -1
            for entry in row.sorted() where entry != last {
                entries.append(entry)
                last = entry
            }
            offsets.append(entries.count)
        }
        return (offsets, entries)
    }

    /// The first violation of the layout, or nil: the offsets first, then the rows in order.
    ///
    /// - Complexity: O(rows + entries).
    static func violation(offsets: [Int], entries: [Int32], rows: Int, columns: Int) -> Violation? {
        guard offsets.count == rows + 1, offsets.first == 0, offsets.last == entries.count else {
            return .offsetRange(rows: rows, entries: entries.count)
        }
        // Non-decreasing from 0 to entries.count: every row lies inside `entries`.
        for r in 0 ..< rows where offsets[r] > offsets[r + 1] { return .offsetsDecrease(row: r) }
        for r in 0 ..< rows {
            var previous: Int32 = -1
            for k in offsets[r] ..< offsets[r + 1] {
                let entry = entries[k]
                guard entry > previous else { return .notAscending(row: r) }
                guard Int(entry) < columns else { return .outOfRange(row: r, entry: entry, columns: columns) }
                previous = entry
            }
        }
        return nil
    }
}

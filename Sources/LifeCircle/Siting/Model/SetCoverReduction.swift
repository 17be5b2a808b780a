/// The classic reductions of a unicost set cover, none of which changes its minimum, then its split
/// into independent parts (``SetCoverComponent``).
///
/// The rows are the points of a ``ReducedProblem`` every solution must cover (already one per set
/// of coverers); the columns its candidates. Repeated until none applies:
/// - a row only one column covers forces that column (an essential site): its rows are covered;
/// - a column whose rows another column also covers is dropped (dominated; of two with the same
///   rows the lower index stays), and so is a column left with no row;
/// - a row whose columns include all the columns of another row is dropped (covering the other
///   covers it; of two with the same columns the lower index stays).
/// What is left falls into connected components (columns linked by a row they share).
/// Every minimum cover of the rest plus the forced columns is a minimum cover of the whole.
/// Subset tests are filtered by 64-bit signatures first; once ``workLimit`` pairs have been looked
/// at, the dominance steps stop (what is left is still a valid, if larger, reduction), so a dense
/// instance cannot take quadratic time here. The count of pairs is deterministic.
struct SetCoverReduction: Sendable {
    /// Columns every cover needs, as candidate indices, in the order found.
    var forced: [Int]
    /// What the reductions leave, in ascending order of each component's first candidate.
    var components: [SetCoverComponent]
    /// The size before the reductions.
    var rowsBefore: Int, columnsBefore: Int
    /// The size after, over all components.
    var rowsAfter: Int, columnsAfter: Int

    /// Candidate pairs the dominance steps may look at in all.
    static let workLimit = 200_000_000

    /// Reduces the set cover of the points `rows` (ascending point indices of `p`) by `p`'s candidates.
    ///
    /// - Complexity: per round O(Σ over rows of the members of one of its columns, and Σ over
    ///   columns of the members of the columns sharing its rarest row); rounds repeat while a
    ///   reduction applies (a few on the samples).
    init(_ p: ReducedProblem, rows points: [Int]) {
        let m = p.candidateCount
        let n = points.count
        var rowOfPoint = [Int32](repeating: -1, count: p.pointCount)
        for (r, i) in points.enumerated() { rowOfPoint[i] = Int32(r) }
        // Columns → rows (ascending, as the points are) and rows → columns.
        var colOffsets = [0]
        colOffsets.reserveCapacity(m + 1)
        var colRows: [Int32] = []
        for j in 0 ..< m {
            for k in p.offsets[j] ..< p.offsets[j + 1] where rowOfPoint[Int(p.members[k])] >= 0 {
                colRows.append(rowOfPoint[Int(p.members[k])])
            }
            colOffsets.append(colRows.count)
        }
        let rowCols = PointCoverers(offsets: colOffsets, members: colRows, pointCount: n)
        var state = State(colOffsets: colOffsets, colRows: colRows, rowCols: rowCols, rowCount: n)
        rowsBefore = n
        columnsBefore = state.colAlive.filter { $0 }.count
        var changed = true
        while changed {
            changed = state.forceEssentials()
            guard state.work < Self.workLimit else { continue }
            state.sign()
            changed = state.dropDominatedColumns() || changed
            changed = state.dropDominatedRows() || changed
        }
        forced = state.forced
        components = state.components()
        rowsAfter = components.reduce(0) { $0 + $1.rowCount }
        columnsAfter = components.reduce(0) { $0 + $1.columnCount }
    }

    /// The rows and columns still in play, with their live degrees.
    private struct State {
        let colOffsets: [Int]
        let colRows: [Int32]
        let rowCols: PointCoverers
        var rowAlive: [Bool]
        var colAlive: [Bool]
        /// Live columns covering each row; live rows of each column.
        var rowDegree: [Int32]
        var colSize: [Int32]
        var forced: [Int] = []
        /// Stamps marking the rows of one column, or the columns of one row, for a subset test.
        var rowMark: [Int32]
        var colMark: [Int32]
        var stamp: Int32 = 0
        /// Per row a bit per live column (hashed to 64), per column a bit per live row: x ⊆ y needs
        /// sig(x) ⊆ sig(y).
        var rowSig: [UInt64]
        var colSig: [UInt64]
        /// Pairs looked at by the dominance steps.
        var work = 0

        init(colOffsets: [Int], colRows: [Int32], rowCols: PointCoverers, rowCount n: Int) {
            self.colOffsets = colOffsets
            self.colRows = colRows
            self.rowCols = rowCols
            let m = colOffsets.count - 1
            rowAlive = [Bool](repeating: true, count: n)
            rowDegree = (0 ..< n).map { Int32(rowCols.count(of: $0)) }
            colSize = (0 ..< m).map { Int32(colOffsets[$0 + 1] - colOffsets[$0]) }
            colAlive = colSize.map { $0 > 0 }
            rowMark = [Int32](repeating: 0, count: n)
            colMark = [Int32](repeating: 0, count: m)
            rowSig = [UInt64](repeating: 0, count: n)
            colSig = [UInt64](repeating: 0, count: m)
        }

        /// One of 64 bits for index `k`, spread by a multiplicative hash.
        @inline(__always)
        static func bit(_ k: Int32) -> UInt64 { 1 << ((UInt64(UInt32(bitPattern: k)) &* 0x9E37_79B9_7F4A_7C15) >> 58) }

        /// Signatures of the live rows and columns.
        mutating func sign() {
            for r in 0 ..< rowSig.count { rowSig[r] = 0 }
            for c in 0 ..< colAlive.count {
                var sig: UInt64 = 0
                if colAlive[c] {
                    for r in rows(of: c) where rowAlive[Int(r)] {
                        sig |= Self.bit(r)
                        rowSig[Int(r)] |= Self.bit(Int32(c))
                    }
                }
                colSig[c] = sig
            }
        }

        func rows(of c: Int) -> ArraySlice<Int32> { colRows[colOffsets[c] ..< colOffsets[c + 1]] }

        mutating func killRow(_ r: Int) {
            rowAlive[r] = false
            for c in rowCols.slice(of: r) where colAlive[Int(c)] { colSize[Int(c)] -= 1 }
        }

        mutating func killColumn(_ c: Int) {
            colAlive[c] = false
            for r in rows(of: c) where rowAlive[Int(r)] { rowDegree[Int(r)] -= 1 }
        }

        /// Forces the only column of each row that has one; says whether any was forced.
        mutating func forceEssentials() -> Bool {
            var changed = false
            for r in 0 ..< rowAlive.count where rowAlive[r] && rowDegree[r] == 1 {
                guard let c = rowCols.slice(of: r).first(where: { colAlive[Int($0)] }).map(Int.init) else { continue }
                forced.append(c)
                colAlive[c] = false
                for q in rows(of: c) where rowAlive[Int(q)] { killRow(Int(q)) }
                changed = true
            }
            return changed
        }

        /// Drops columns without rows and columns another live column dominates.
        mutating func dropDominatedColumns() -> Bool {
            var changed = false
            for c in 0 ..< colAlive.count where colAlive[c] {
                if colSize[c] == 0 {
                    colAlive[c] = false
                    continue
                }
                // The live row of c with the fewest live columns: any dominating column covers it.
                var rarest = -1
                stamp += 1
                for r in rows(of: c) where rowAlive[Int(r)] {
                    rowMark[Int(r)] = stamp
                    if rarest < 0 || rowDegree[Int(r)] < rowDegree[rarest] { rarest = Int(r) }
                }
                let size = colSize[c]
                for d32 in rowCols.slice(of: rarest) {
                    let d = Int(d32)
                    guard d != c, colAlive[d], colSize[d] > size || (colSize[d] == size && d < c) else { continue }
                    work += 1
                    guard colSig[c] & ~colSig[d] == 0 else { continue }
                    var shared: Int32 = 0
                    for r in rows(of: d) where rowAlive[Int(r)] && rowMark[Int(r)] == stamp { shared += 1 }
                    if shared == size {
                        killColumn(c)
                        changed = true
                        break
                    }
                }
            }
            return changed
        }

        /// Drops rows whose columns include all of another live row's.
        mutating func dropDominatedRows() -> Bool {
            var changed = false
            for a in 0 ..< rowAlive.count where rowAlive[a] {
                // The live column of a with the fewest live rows: every row a dominates lies in it.
                var narrowest = -1
                stamp += 1
                for c in rowCols.slice(of: a) where colAlive[Int(c)] {
                    colMark[Int(c)] = stamp
                    if narrowest < 0 || colSize[Int(c)] < colSize[narrowest] { narrowest = Int(c) }
                }
                guard narrowest >= 0 else { continue }
                let degree = rowDegree[a]
                for b32 in rows(of: narrowest) {
                    let b = Int(b32)
                    guard b != a, rowAlive[b], rowDegree[b] > degree || (rowDegree[b] == degree && b > a) else { continue }
                    work += 1
                    guard rowSig[a] & ~rowSig[b] == 0 else { continue }
                    var shared: Int32 = 0
                    for c in rowCols.slice(of: b) where colAlive[Int(c)] && colMark[Int(c)] == stamp { shared += 1 }
                    if shared == degree {
                        killRow(b)
                        changed = true
                    }
                }
            }
            return changed
        }

        /// The live rows and columns, split into connected components.
        func components() -> [SetCoverComponent] {
            let m = colAlive.count
            var parent = Array(0 ..< m)
            func root(_ x: Int) -> Int {
                var x = x
                while parent[x] != x {
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                }
                return x
            }
            for r in 0 ..< rowAlive.count where rowAlive[r] {
                var first = -1
                for c in rowCols.slice(of: r) where colAlive[Int(c)] {
                    if first < 0 {
                        first = root(Int(c))
                    } else {
                        let other = root(Int(c))
                        if other != first { parent[max(other, first)] = min(other, first) }
                        first = min(other, first)
                    }
                }
            }
            // Components numbered by their first column; rows numbered within each, ascending.
            var index = [Int](repeating: -1, count: m)
            var columnsOf: [[Int]] = []
            for c in 0 ..< m where colAlive[c] {
                let top = root(c)
                if index[top] < 0 {
                    index[top] = columnsOf.count
                    columnsOf.append([])
                }
                columnsOf[index[top]].append(c)
            }
            var localRow = [Int32](repeating: -1, count: rowAlive.count)
            return columnsOf.map { columns in
                var rowsSeen: [Int] = []
                for c in columns {
                    for r in rows(of: c) where rowAlive[Int(r)] && localRow[Int(r)] < 0 {
                        localRow[Int(r)] = 0
                        rowsSeen.append(Int(r))
                    }
                }
                rowsSeen.sort()
                for (k, r) in rowsSeen.enumerated() { localRow[r] = Int32(k) }
                let lists = columns.map { c in rows(of: c).filter { rowAlive[Int($0)] }.map { localRow[Int($0)] } }
                return SetCoverComponent(candidates: columns, rows: lists, rowCount: rowsSeen.count)
            }
        }
    }
}

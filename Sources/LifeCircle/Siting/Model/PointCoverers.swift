/// For each demand point, the candidates covering it (the cover sets turned around), in CSR form,
/// candidates ascending.
struct PointCoverers: Sendable {
    private let offsets: [Int]
    private let items: [Int32]

    /// - Complexity: O(points + members).
    init(_ p: ReducedProblem) {
        self.init(offsets: p.offsets, members: p.members, pointCount: p.pointCount)
    }

    /// Turns cover sets in CSR form (`members[offsets[j] ..< offsets[j + 1]]` for candidate j)
    /// around: per point, the candidates covering it, ascending.
    ///
    /// - Parameter keeping: when given (one flag per point), only the points flagged get their
    ///   coverers; the others are left with none (e.g. points fixed facilities already cover, which
    ///   are most of the members of a well-served category).
    /// - Complexity: O(points + members).
    init(offsets coverOffsets: [Int], members coverMembers: [Int32], pointCount: Int, keeping: [Bool]? = nil) {
        var start = [Int](repeating: 0, count: pointCount + 1)
        if let keeping {
            for m in coverMembers where keeping[Int(m)] { start[Int(m) + 1] += 1 }
        } else {
            for m in coverMembers { start[Int(m) + 1] += 1 }
        }
        for i in 0 ..< pointCount { start[i + 1] += start[i] }
        var cursor = start
        var out = [Int32](repeating: 0, count: start[pointCount])
        for j in 0 ..< coverOffsets.count - 1 {
            for k in coverOffsets[j] ..< coverOffsets[j + 1] {
                let i = Int(coverMembers[k])
                if let keeping, !keeping[i] { continue }
                out[cursor[i]] = Int32(j)
                cursor[i] += 1
            }
        }
        offsets = start
        items = out
        SitingInvariant.check(
            "PointCoverers",
            CSRLayout.violation(offsets: start, entries: out, rows: pointCount, columns: coverOffsets.count - 1)?.description)
    }

    /// How many candidates cover point `i`.
    func count(of i: Int) -> Int { offsets[i + 1] - offsets[i] }

    /// The candidates covering point `i`, as stored.
    func slice(of i: Int) -> ArraySlice<Int32> { items[offsets[i] ..< offsets[i + 1]] }

    /// The candidates covering point `i`.
    func candidates(of i: Int) -> LazyMapSequence<ArraySlice<Int32>, Int> {
        items[offsets[i] ..< offsets[i + 1]].lazy.map { Int($0) }
    }
}

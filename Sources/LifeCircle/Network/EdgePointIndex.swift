/// Snapped points (residents, candidates) grouped by the edge they join, as CSR arrays.
///
/// The points on edge `e` are `points[start[e] ..< start[e + 1]]`, ordered by offset along the edge,
/// then by point index. Unsnapped points (nil) are left out. Searches use it to evaluate only the points
/// on the edges they touch.
package struct EdgePointIndex: Sendable {
    /// CSR offsets, `edgeCount + 1` entries.
    package let start: [Int32]
    /// Point indices, edge after edge.
    package let points: [Int32]
    /// The snaps the index was built from, by point index.
    package let snaps: [SnapPoint?]

    /// Groups `snaps` by edge.
    ///
    /// - Complexity: O(P log P + E) for P points and E edges.
    package init(snaps: [SnapPoint?], edgeCount: Int) {
        var start = [Int32](repeating: 0, count: edgeCount + 1)
        for s in snaps { if let s, Int(s.edge) < edgeCount { start[Int(s.edge) + 1] += 1 } }
        for e in 0..<edgeCount { start[e + 1] += start[e] }
        var cursor = start
        var points = [Int32](repeating: 0, count: Int(start[edgeCount]))
        for (i, s) in snaps.enumerated() {
            guard let s, Int(s.edge) < edgeCount else { continue }
            points[Int(cursor[Int(s.edge)])] = Int32(i)
            cursor[Int(s.edge)] += 1
        }
        for e in 0..<edgeCount where start[e + 1] - start[e] > 1 {
            let range = Int(start[e])..<Int(start[e + 1])
            let sorted = points[range].sorted { a, b in
                let oa = snaps[Int(a)]?.offsetAlong ?? 0, ob = snaps[Int(b)]?.offsetAlong ?? 0
                return oa < ob || (oa == ob && a < b)
            }
            points.replaceSubrange(range, with: sorted)
        }
        self.start = start
        self.points = points
        self.snaps = snaps
    }

    /// The points on one edge.
    package func points(onEdge edge: Int) -> ArraySlice<Int32> {
        points[Int(start[edge])..<Int(start[edge + 1])]
    }
}

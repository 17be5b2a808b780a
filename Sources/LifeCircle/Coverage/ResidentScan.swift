/// Snapped residents in edge order and, for each, its edge's end nodes and the cost to reach each end.
struct ResidentScan: Sendable {
    var resident: [Int32] = []
    var edge: [Int32] = []
    var nodeA: [Int32] = []
    var nodeB: [Int32] = []
    /// Access leg + offset to the edge's start node.
    var costA: [Double] = []
    /// Access leg + rest of the edge to its end node.
    var costB: [Double] = []
    var offset: [Double] = []
    var access: [Double] = []

    /// Lays out the snapped residents of `index` in its edge order.
    ///
    /// - Complexity: O(R).
    init(network: WalkNetwork, index: EdgePointIndex) {
        let n = index.points.count
        resident.reserveCapacity(n); edge.reserveCapacity(n); nodeA.reserveCapacity(n); nodeB.reserveCapacity(n)
        costA.reserveCapacity(n); costB.reserveCapacity(n); offset.reserveCapacity(n); access.reserveCapacity(n)
        for r in index.points {
            guard let s = index.snaps[Int(r)] else { continue }
            let e = Int(s.edge)
            resident.append(r)
            edge.append(s.edge)
            nodeA.append(network.edgeFrom[e])
            nodeB.append(network.edgeTo[e])
            costA.append(s.offsetAlong + s.access)
            costB.append((network.edgeLength[e] - s.offsetAlong) + s.access)
            offset.append(s.offsetAlong)
            access.append(s.access)
        }
    }
}

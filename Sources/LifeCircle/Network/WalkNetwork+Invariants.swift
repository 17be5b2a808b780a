extension WalkNetwork {
    /// The first broken invariant of the arrays, described, or nil when all hold.
    ///
    /// What `build` promises and the searches rely on without checking: parallel arrays of equal
    /// length; node, edge and line indices in range; edge lengths finite and not negative; each edge's
    /// shape running from its start node to its end node with measures from 0 up to its length; CSR
    /// offsets starting at 0, monotone and ending at the entry count; the adjacency symmetric (each
    /// edge listed once at each end, pointing at the other end, with the edge's length); components
    /// that no edge crosses, with node counts that add up. Run by `build` under `#if DEBUG`.
    ///
    /// - Complexity: O(N + E + S) for N nodes, E edges and S shape points.
    func invariantViolation() -> String? {
        let n = nodeCount, m = edgeCount
        for (name, count) in [("edgeFrom", edgeFrom.count), ("edgeTo", edgeTo.count), ("edgeLine", edgeLine.count)]
        where count != m {
            return "\(name) has \(count) entries for \(m) edges"
        }
        if let problem = edgeViolation() { return problem }
        if let problem = shapeViolation() { return problem }
        if let problem = adjacencyViolation() { return problem }
        return componentViolation(nodes: n)
    }

    private func edgeViolation() -> String? {
        for e in 0..<edgeCount {
            let u = edgeFrom[e], v = edgeTo[e]
            guard u >= 0, Int(u) < nodeCount, v >= 0, Int(v) < nodeCount else {
                return "edge \(e) joins nodes \(u) and \(v), outside 0..<\(nodeCount)"
            }
            guard edgeLength[e].isFinite, edgeLength[e] >= 0 else { return "edge \(e) has length \(edgeLength[e])" }
            guard edgeLine[e] >= 0, Int(edgeLine[e]) < lineIDs.count else {
                return "edge \(e) comes from line \(edgeLine[e]) of \(lineIDs.count)"
            }
        }
        return nil
    }

    private func shapeViolation() -> String? {
        guard shapeOffset.count == edgeCount + 1, shapeOffset.first == 0,
              shapeOffset.last.map({ Int($0) }) == shapePoints.count, shapeMeasure.count == shapePoints.count
        else {
            return "shapeOffset (\(shapeOffset.count) entries) does not span the \(shapePoints.count) shape points of \(edgeCount) edges"
        }
        for e in 0..<edgeCount {
            let lo = Int(shapeOffset[e]), hi = Int(shapeOffset[e + 1])
            guard hi - lo >= 2 else { return "edge \(e) has \(hi - lo) shape points" }
            guard shapePoints[lo] == nodePositions[Int(edgeFrom[e])], shapePoints[hi - 1] == nodePositions[Int(edgeTo[e])]
            else { return "the shape of edge \(e) does not run from its start node to its end node" }
            guard shapeMeasure[lo] == 0, shapeMeasure[hi - 1] == edgeLength[e] else {
                return "the measures of edge \(e) run from \(shapeMeasure[lo]) to \(shapeMeasure[hi - 1]), not 0 to its length"
            }
            for k in lo + 1..<hi where !(shapeMeasure[k] >= shapeMeasure[k - 1]) {
                return "the measures of edge \(e) fall at shape point \(k)"
            }
        }
        return nil
    }

    private func adjacencyViolation() -> String? {
        let n = nodeCount, entries = 2 * edgeCount
        guard adjacencyOffset.count == n + 1, adjacencyOffset.first == 0,
              adjacencyOffset.last.map({ Int($0) }) == entries else {
            return "adjacencyOffset (\(adjacencyOffset.count) entries) does not span \(entries) entries of \(n) nodes"
        }
        for (name, count) in [("adjacencyTarget", adjacencyTarget.count), ("adjacencyEdge", adjacencyEdge.count),
                              ("adjacencyLength", adjacencyLength.count)] where count != entries {
            return "\(name) has \(count) entries, not \(entries)"
        }
        for u in 0..<n where adjacencyOffset[u] > adjacencyOffset[u + 1] {
            return "adjacencyOffset falls at node \(u)"
        }
        // Each edge must be listed at its start pointing at its end and at its end pointing at its start.
        var forward = [Bool](repeating: false, count: edgeCount), backward = forward
        for u in 0..<n {
            for a in Int(adjacencyOffset[u])..<Int(adjacencyOffset[u + 1]) {
                let e = Int(adjacencyEdge[a]), t = adjacencyTarget[a]
                guard e >= 0, e < edgeCount else { return "adjacency entry \(a) names edge \(e) of \(edgeCount)" }
                guard t >= 0, Int(t) < n else { return "adjacency entry \(a) points at node \(t) of \(n)" }
                guard adjacencyLength[a] == edgeLength[e] else {
                    return "adjacency entry \(a) has length \(adjacencyLength[a]), edge \(e) \(edgeLength[e])"
                }
                if Int(edgeFrom[e]) == u, t == edgeTo[e], !forward[e] {
                    forward[e] = true
                } else if Int(edgeTo[e]) == u, t == edgeFrom[e], !backward[e] {
                    backward[e] = true
                } else {
                    return "adjacency entry \(a) lists edge \(e) at node \(u) towards node \(t) (edge \(edgeFrom[e])–\(edgeTo[e]))"
                }
            }
        }
        // With 2E entries each matched at most once per direction, every edge is listed both ways.
        return nil
    }

    private func componentViolation(nodes n: Int) -> String? {
        guard nodeComponent.count == n, componentLengths.count == componentCount,
              componentNodeCounts.reduce(0, +) == n else {
            return "the components (\(componentCount), \(nodeComponent.count) labels) do not cover the \(n) nodes"
        }
        for u in 0..<n where !(0..<Int32(componentCount)).contains(nodeComponent[u]) {
            return "node \(u) is in component \(nodeComponent[u]) of \(componentCount)"
        }
        for e in 0..<edgeCount where nodeComponent[Int(edgeFrom[e])] != nodeComponent[Int(edgeTo[e])] {
            return "edge \(e) joins components \(nodeComponent[Int(edgeFrom[e])]) and \(nodeComponent[Int(edgeTo[e])])"
        }
        return nil
    }
}

/// A reusable bounded Dijkstra over a `WalkNetwork`, from one or many snapped sources.
///
/// Sources join the network at a virtual split of their edge: a source at offset t on edge (u, v) with
/// access leg a reaches u after a + t and v after a + (length − t) metres. The search settles nodes in
/// order of distance and stops at `bound` metres (plus ``DistanceTolerance``: a node or point exactly at the
/// bound counts as reached whatever the floating-point noise). Each settled node keeps its distance and the source
/// that reaches it first (on equal distances, the lower source index). Sources in different connected
/// components are searched one component after another (ascending), each in order of distance: no path
/// joins two components, so every node gets what one search over all would give, while each search works
/// on one component's memory.
///
/// The buffers (distances, labels, heap) are sized to the network once and reset in time proportional
/// to what the last search touched, so one workspace serves many searches (a category after another,
/// or thousands of small single-source searches for siting). A workspace is not shared between threads:
/// give each worker its own.
package struct NetworkSearch: Sendable {
    /// The network searched.
    package let network: WalkNetwork
    /// The bound of the last search, metres.
    package private(set) var bound: Double = 0
    /// Nodes settled by the last search (distance within the bound), in the order they were settled:
    /// component by component (ascending), each in order of distance (then node).
    package private(set) var settledNodes: [Int32] = []
    /// The sources of the last search, by source index (nil: unsnapped, ignored).
    package private(set) var sources: [SnapPoint?] = []

    private var distance: [Double]
    private var label: [Int32]
    private var settled: [Bool]
    private var heap = DistanceHeap()
    /// Sources by edge (source indices ascending), for points on a source's own edge.
    private var sourcesOnEdge: [Int32: [Int32]] = [:]
    private var edgeStamp: [UInt32]
    private var stamp: UInt32 = 0
    /// `searchStamp` marks the edges holding a source of the current search.
    private var sourceStamp: [UInt32]
    private var searchStamp: UInt32 = 0
    /// The sources of the current search by component, then index.
    private var sourceOrder: [SourceEntry] = []

    /// A source index and the component its edge lies in.
    private struct SourceEntry {
        var component: Int32
        var source: Int32
    }

    /// A workspace for `network`.
    ///
    /// - Complexity: O(N + E) memory.
    package init(network: WalkNetwork) {
        self.network = network
        distance = [Double](repeating: .infinity, count: network.nodeCount)
        label = [Int32](repeating: -1, count: network.nodeCount)
        settled = [Bool](repeating: false, count: network.nodeCount)
        edgeStamp = [UInt32](repeating: 0, count: network.edgeCount)
        sourceStamp = [UInt32](repeating: 0, count: network.edgeCount)
    }

    /// Distance in metres from the nearest source to a node (infinity when not settled within the bound).
    package func distance(toNode node: Int) -> Double {
        settled[node] ? distance[node] : .infinity
    }

    /// The nearest source of a node (index into `sources`), or −1 when not settled within the bound.
    package func source(ofNode node: Int) -> Int32 {
        settled[node] ? label[node] : -1
    }

    /// Runs a bounded multi-source search.
    ///
    /// - Parameters:
    ///   - sources: Snapped sources; nil entries (unsnapped facilities) are skipped but keep their index.
    ///   - bound: The search stops at this many metres (access legs included).
    /// - Complexity: O((n + m) log n) for the n nodes and m edges within the bound, plus the reset of
    ///   the previous search's nodes; independent of the network's total size.
    package mutating func run(sources: [SnapPoint?], bound: Double) {
        reset()
        self.bound = bound
        self.sources = sources
        searchStamp &+= 1
        if searchStamp == 0 {
            for i in sourceStamp.indices { sourceStamp[i] = 0 }
            searchStamp = 1
        }
        let limit = bound + DistanceTolerance.meters
        // Move the buffers out of self so that they can be borrowed unsafely side by side.
        var distance = self.distance, label = self.label, settled = self.settled
        var settledNodes = self.settledNodes, heap = self.heap, order = self.sourceOrder
        self.distance = []; self.label = []; self.settled = []
        self.settledNodes = []; self.heap = DistanceHeap(); self.sourceOrder = []
        order.removeAll(keepingCapacity: true)
        let from = network.edgeFrom, nodeComponent = network.nodeComponent
        for (i, s) in sources.enumerated() {
            guard let s else { continue }
            sourcesOnEdge[s.edge, default: []].append(Int32(i))
            sourceStamp[Int(s.edge)] = searchStamp
            order.append(SourceEntry(component: nodeComponent[Int(from[Int(s.edge)])], source: Int32(i)))
        }
        order.sort { $0.component < $1.component || ($0.component == $1.component && $0.source < $1.source) }
        distance.withUnsafeMutableBufferPointer { dist in
            label.withUnsafeMutableBufferPointer { lab in
                settled.withUnsafeMutableBufferPointer { done in
                    Self.search(order: order, sources: sources, network: network, limit: limit,
                                dist: dist, lab: lab, done: done, settledNodes: &settledNodes, heap: &heap)
                }
            }
        }
        self.distance = distance; self.label = label; self.settled = settled
        self.settledNodes = settledNodes; self.heap = heap; self.sourceOrder = order
    }

    /// The search proper, on buffers borrowed from the workspace (plain parameters, so that the inner
    /// loop needs no exclusivity checks at run time).
    ///
    /// One component at a time: no path leaves a component, so each node ends with the same distance and
    /// source as in one search over all, and the working set stays small.
    private static func search(order: [SourceEntry], sources: [SnapPoint?], network: WalkNetwork, limit: Double,
                               dist: UnsafeMutableBufferPointer<Double>, lab: UnsafeMutableBufferPointer<Int32>,
                               done: UnsafeMutableBufferPointer<Bool>, settledNodes: inout [Int32],
                               heap: inout DistanceHeap) {
        let len = network.edgeLength, from = network.edgeFrom, to = network.edgeTo
        let offsets = network.adjacencyOffset, targets = network.adjacencyTarget, lengths = network.adjacencyLength
        var start = 0
        while start < order.count {
            let component = order[start].component
            var end = start
            while end < order.count && order[end].component == component {
                let i = Int(order[end].source)
                end += 1
                guard let s = sources[i] else { continue }
                let e = Int(s.edge)
                offer(Int(from[e]), s.access + s.offsetAlong, Int32(i), limit: limit, dist: dist, lab: lab, heap: &heap)
                offer(Int(to[e]), s.access + (len[e] - s.offsetAlong), Int32(i), limit: limit, dist: dist, lab: lab, heap: &heap)
            }
            start = end
            while let (d, node) = heap.pop() {
                let u = Int(node)
                if done[u] || d > dist[u] { continue }
                done[u] = true
                settledNodes.append(node)
                let source = lab[u]
                for a in Int(offsets[u])..<Int(offsets[u + 1]) {
                    let v = Int(targets[a])
                    if done[v] { continue }
                    offer(v, d + lengths[a], source, limit: limit, dist: dist, lab: lab, heap: &heap)
                }
            }
        }
    }

    /// Improves a node's distance or (on a tie) its source; pushes it when nearer.
    @inline(__always)
    private static func offer(_ v: Int, _ d: Double, _ source: Int32, limit: Double,
                              dist: UnsafeMutableBufferPointer<Double>, lab: UnsafeMutableBufferPointer<Int32>,
                              heap: inout DistanceHeap) {
        guard d <= limit else { return }
        let old = dist[v]
        if d < old {
            dist[v] = d
            lab[v] = source
            heap.push(d, Int32(truncatingIfNeeded: v))
        } else if d == old && source < lab[v] {
            lab[v] = source
        }
    }

    /// Runs a bounded search from a single source (index 0).
    ///
    /// - Complexity: as `run(sources:bound:)`.
    package mutating func run(from source: SnapPoint, bound: Double) {
        run(sources: [source], bound: bound)
    }

    private mutating func reset() {
        // Every node a search reaches within the bound is settled before the search ends.
        for n in settledNodes {
            distance[Int(n)] = .infinity
            label[Int(n)] = -1
            settled[Int(n)] = false
        }
        settledNodes.removeAll(keepingCapacity: true)
        heap.removeAll()
        sourcesOnEdge.removeAll(keepingCapacity: true)
    }

    /// The walking distance (metres, both access legs included) from the nearest source of the last
    /// search to a snapped point, and that source; nil when it is beyond the bound.
    ///
    /// Considers the way through either end node of the point's edge and, for a source on the same edge,
    /// the direct way along it. Ties go to the lower source index.
    ///
    /// - Complexity: O(1 + s) for s sources on the point's edge.
    package func reach(_ point: SnapPoint) -> ReachedPoint? {
        let e = Int(point.edge)
        let (total, source) = nearest(
            edge: e, nodeA: Int(network.edgeFrom[e]), costA: point.offsetAlong + point.access,
            nodeB: Int(network.edgeTo[e]), costB: (network.edgeLength[e] - point.offsetAlong) + point.access,
            offset: point.offsetAlong, access: point.access)
        guard source >= 0, DistanceTolerance.within(total, bound) else { return nil }
        return ReachedPoint(index: -1, distance: total, source: source)
    }

    /// The nearest source of the last search for a point given by its edge's end nodes and the costs to
    /// reach them (access leg included), plus its offset and access for sources on the same edge.
    ///
    /// Returns the distance without the bound check (infinity and −1 when nothing reaches it).
    @inline(__always)
    func nearest(edge: Int, nodeA: Int, costA: Double, nodeB: Int, costB: Double,
                 offset: Double, access: Double) -> (distance: Double, source: Int32) {
        var best = Double.infinity
        var bestSource: Int32 = -1
        if settled[nodeA] {
            best = distance[nodeA] + costA
            bestSource = label[nodeA]
        }
        if settled[nodeB] {
            let d = distance[nodeB] + costB
            if d < best || (d == best && label[nodeB] < bestSource) {
                best = d
                bestSource = label[nodeB]
            }
        }
        if sourceStamp[edge] == searchStamp, let onEdge = sourcesOnEdge[Int32(edge)] {
            for s in onEdge {
                guard let src = sources[Int(s)] else { continue }
                let d = src.access + abs(src.offsetAlong - offset) + access
                if d < best || (d == best && (bestSource < 0 || s < bestSource)) {
                    best = d
                    bestSource = s
                }
            }
        }
        return (best, bestSource)
    }

    /// The edges the last search touched: those incident to a settled node, and the sources' own edges.
    ///
    /// Each edge is listed once, in the order first met (settled nodes in order, then source edges).
    ///
    /// - Complexity: O(sum of the settled nodes' degrees + sources).
    package mutating func touchedEdges() -> [Int32] {
        stamp &+= 1
        if stamp == 0 {
            for i in edgeStamp.indices { edgeStamp[i] = 0 }
            stamp = 1
        }
        var out: [Int32] = []
        let offsets = network.adjacencyOffset, edges = network.adjacencyEdge
        for node in settledNodes {
            let u = Int(node)
            for a in Int(offsets[u])..<Int(offsets[u + 1]) {
                let e = Int(edges[a])
                if edgeStamp[e] != stamp {
                    edgeStamp[e] = stamp
                    out.append(Int32(e))
                }
            }
        }
        for s in sources {
            guard let s else { continue }
            if edgeStamp[Int(s.edge)] != stamp {
                edgeStamp[Int(s.edge)] = stamp
                out.append(s.edge)
            }
        }
        return out
    }

    /// The snapped points within the bound of the last search, by scanning only the edges it touched.
    ///
    /// This gives a candidate's cover set for siting (residents within the walk of one source).
    ///
    /// - Returns: Points with their distance and nearest source, ordered by point index.
    /// - Complexity: O(t + p log p) for t touched edges and p points on them.
    package mutating func reachedPoints(in index: EdgePointIndex) -> [ReachedPoint] {
        var out: [ReachedPoint] = []
        forEachReachedPoint(in: index) { out.append($0) }
        out.sort { $0.index < $1.index }
        return out
    }

    /// The indices of the points ``reachedPoints(in:)`` returns, ascending (a candidate's cover
    /// set), without building and sorting the points themselves.
    ///
    /// - Complexity: O(t + p log p) for t touched edges and p points on them.
    package mutating func reachedPointIndices(in index: EdgePointIndex) -> [Int32] {
        var out: [Int32] = []
        forEachReachedPoint(in: index) { out.append($0.index) }
        out.sort()
        return out
    }

    /// Calls `body` with each point of `index` within the bound of the last search, edge by edge.
    private mutating func forEachReachedPoint(in index: EdgePointIndex, _ body: (ReachedPoint) -> Void) {
        for e in touchedEdges() {
            for i in index.points(onEdge: Int(e)) {
                guard let snap = index.snaps[Int(i)], var r = reach(snap) else { continue }
                r.index = i
                body(r)
            }
        }
    }

    /// The parts of the network within the bound of the last search (a service area's lines).
    ///
    /// An edge is reached from its start up to (bound − distance to start), from its end back by
    /// (bound − distance to end), and around a source on it by (bound − access) either way; the
    /// stretches are merged. A stretch that ends within ``DistanceTolerance`` of the edge's far end
    /// reaches that end (as a resident there counts as covered). Edges reached in full are one piece
    /// from 0 to the edge length.
    ///
    /// - Returns: Pieces ordered by edge, then offset; no piece has zero length.
    /// - Complexity: O(t log t) for t touched edges.
    package mutating func reachedPieces() -> [EdgePiece] {
        var pieces: [EdgePiece] = []
        var edges = touchedEdges()
        edges.sort()
        var intervals: [(Double, Double)] = []
        for edge in edges {
            let e = Int(edge)
            let len = network.edgeLength[e]
            let u = Int(network.edgeFrom[e]), v = Int(network.edgeTo[e])
            intervals.removeAll(keepingCapacity: true)
            // The reach left from `start` towards `end` along the edge: cut at the bound, or the
            // whole way when the bound falls within the tolerance of the end.
            func cut(_ start: Double, _ left: Double, towards end: Double) -> Double {
                let room = abs(end - start)
                if DistanceTolerance.within(room, left) { return end }
                return end > start ? start + left : start - left
            }
            if settled[u] { intervals.append((0, cut(0, bound - distance[u], towards: len))) }
            if settled[v] { intervals.append((cut(len, bound - distance[v], towards: 0), len)) }
            if let onEdge = sourcesOnEdge[edge] {
                for s in onEdge {
                    guard let src = sources[Int(s)] else { continue }
                    let r = bound - src.access
                    if DistanceTolerance.within(0, r) {
                        let left = max(r, 0)
                        intervals.append((cut(src.offsetAlong, left, towards: 0), cut(src.offsetAlong, left, towards: len)))
                    }
                }
            }
            intervals.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            var current: (Double, Double)?
            for iv in intervals where iv.1 > iv.0 {
                if let c = current, iv.0 <= c.1 {
                    current = (c.0, max(c.1, iv.1))
                } else {
                    if let c = current { pieces.append(EdgePiece(edge: edge, from: c.0, to: c.1)) }
                    current = iv
                }
            }
            if let c = current { pieces.append(EdgePiece(edge: edge, from: c.0, to: c.1)) }
        }
        return pieces
    }
}

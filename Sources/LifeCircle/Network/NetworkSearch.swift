/// A reusable bounded Dijkstra over a `WalkNetwork`, from one or many snapped sources.
///
/// Sources join the network at a virtual split of their edge: a source at offset t on edge (u, v) with
/// access leg a reaches u after a + t and v after a + (length − t) metres. The search settles nodes in
/// order of distance and stops at `bound` metres. Each settled node keeps its distance and the source
/// that reaches it first (on equal distances, the lower source index).
///
/// The buffers (distances, labels, heap) are sized to the network once and reset in time proportional
/// to what the last search touched, so one workspace serves many searches (a category after another,
/// or thousands of small single-source searches for siting). A workspace is not shared between threads:
/// give each worker its own.
public struct NetworkSearch: Sendable {
    /// The network searched.
    public let network: WalkNetwork
    /// The bound of the last search, metres.
    public private(set) var bound: Double = 0
    /// Nodes settled by the last search (distance ≤ bound), in the order they were settled.
    public private(set) var settledNodes: [Int32] = []
    /// The sources of the last search, by source index (nil: unsnapped, ignored).
    public private(set) var sources: [SnapPoint?] = []

    private var distance: [Double]
    private var label: [Int32]
    private var settled: [Bool]
    private var touched: [Int32] = []
    private var heap = DistanceHeap()
    /// Sources by edge (source indices ascending), for points on a source's own edge.
    private var sourcesOnEdge: [Int32: [Int32]] = [:]
    private var edgeStamp: [UInt32]
    private var stamp: UInt32 = 0

    /// A workspace for `network`.
    ///
    /// - Complexity: O(N + E) memory.
    public init(network: WalkNetwork) {
        self.network = network
        distance = [Double](repeating: .infinity, count: network.nodeCount)
        label = [Int32](repeating: -1, count: network.nodeCount)
        settled = [Bool](repeating: false, count: network.nodeCount)
        edgeStamp = [UInt32](repeating: 0, count: network.edgeCount)
    }

    /// Distance in metres from the nearest source to a node (infinity when not settled within the bound).
    public func distance(toNode node: Int) -> Double {
        settled[node] ? distance[node] : .infinity
    }

    /// The nearest source of a node (index into `sources`), or −1 when not settled within the bound.
    public func source(ofNode node: Int) -> Int32 {
        settled[node] ? label[node] : -1
    }

    /// Runs a bounded multi-source search.
    ///
    /// - Parameters:
    ///   - sources: Snapped sources; nil entries (unsnapped facilities) are skipped but keep their index.
    ///   - bound: The search stops at this many metres (access legs included).
    /// - Complexity: O((n + m) log n) for the n nodes and m edges within the bound, plus the reset of
    ///   the previous search's nodes; independent of the network's total size.
    public mutating func run(sources: [SnapPoint?], bound: Double) {
        reset()
        self.bound = bound
        self.sources = sources
        let len = network.edgeLength, from = network.edgeFrom, to = network.edgeTo
        for (i, s) in sources.enumerated() {
            guard let s else { continue }
            let e = Int(s.edge)
            sourcesOnEdge[s.edge, default: []].append(Int32(i))
            seed(Int(from[e]), s.access + s.offsetAlong, Int32(i))
            seed(Int(to[e]), s.access + (len[e] - s.offsetAlong), Int32(i))
        }
        let offsets = network.adjacencyOffset, targets = network.adjacencyTarget, edges = network.adjacencyEdge
        while let (d, node) = heap.pop() {
            let u = Int(node)
            if settled[u] || d > distance[u] { continue }
            settled[u] = true
            settledNodes.append(node)
            let lab = label[u]
            for a in Int(offsets[u])..<Int(offsets[u + 1]) {
                let v = Int(targets[a])
                if settled[v] { continue }
                let nd = d + len[Int(edges[a])]
                guard nd <= bound else { continue }
                let old = distance[v]
                if nd < old || (nd == old && lab < label[v]) {
                    if old == .infinity { touched.append(Int32(v)) }
                    distance[v] = nd
                    label[v] = lab
                    if nd < old { heap.push(nd, Int32(v)) }
                }
            }
        }
    }

    /// Runs a bounded search from a single source (index 0).
    ///
    /// - Complexity: as `run(sources:bound:)`.
    public mutating func run(from source: SnapPoint, bound: Double) {
        run(sources: [source], bound: bound)
    }

    @inline(__always)
    private mutating func seed(_ node: Int, _ d: Double, _ source: Int32) {
        guard d <= bound else { return }
        let old = distance[node]
        if d < old || (d == old && source < label[node]) {
            if old == .infinity { touched.append(Int32(node)) }
            distance[node] = d
            label[node] = source
            if d < old { heap.push(d, Int32(node)) }
        }
    }

    private mutating func reset() {
        for n in touched {
            distance[Int(n)] = .infinity
            label[Int(n)] = -1
            settled[Int(n)] = false
        }
        touched.removeAll(keepingCapacity: true)
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
    public func reach(_ point: SnapPoint) -> ReachedPoint? {
        let e = Int(point.edge)
        let u = Int(network.edgeFrom[e]), v = Int(network.edgeTo[e])
        var best = Double.infinity
        var bestSource: Int32 = -1
        func consider(_ d: Double, _ s: Int32) {
            if d < best || (d == best && s >= 0 && (bestSource < 0 || s < bestSource)) {
                best = d
                bestSource = s
            }
        }
        if settled[u] { consider(distance[u] + point.offsetAlong, label[u]) }
        if settled[v] { consider(distance[v] + (network.edgeLength[e] - point.offsetAlong), label[v]) }
        if let onEdge = sourcesOnEdge[point.edge] {
            for s in onEdge {
                guard let src = sources[Int(s)] else { continue }
                consider(src.access + abs(src.offsetAlong - point.offsetAlong), s)
            }
        }
        let total = best + point.access
        guard bestSource >= 0, total <= bound else { return nil }
        return ReachedPoint(index: -1, distance: total, source: bestSource)
    }

    /// The edges the last search touched: those incident to a settled node, and the sources' own edges.
    ///
    /// Each edge is listed once, in the order first met (settled nodes in order, then source edges).
    ///
    /// - Complexity: O(sum of the settled nodes' degrees + sources).
    public mutating func touchedEdges() -> [Int32] {
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
    public mutating func reachedPoints(in index: EdgePointIndex) -> [ReachedPoint] {
        var out: [ReachedPoint] = []
        for e in touchedEdges() {
            for i in index.points(onEdge: Int(e)) {
                guard let snap = index.snaps[Int(i)], var r = reach(snap) else { continue }
                r.index = i
                out.append(r)
            }
        }
        out.sort { $0.index < $1.index }
        return out
    }

    /// The parts of the network within the bound of the last search (a service area's lines).
    ///
    /// An edge is reached from its start up to (bound − distance to start), from its end back by
    /// (bound − distance to end), and around a source on it by (bound − access) either way; the
    /// stretches are merged. Edges reached in full are one piece from 0 to the edge length.
    ///
    /// - Returns: Pieces ordered by edge, then offset; no piece has zero length.
    /// - Complexity: O(t log t) for t touched edges.
    public mutating func reachedPieces() -> [EdgePiece] {
        var pieces: [EdgePiece] = []
        var edges = touchedEdges()
        edges.sort()
        var intervals: [(Double, Double)] = []
        for edge in edges {
            let e = Int(edge)
            let len = network.edgeLength[e]
            let u = Int(network.edgeFrom[e]), v = Int(network.edgeTo[e])
            intervals.removeAll(keepingCapacity: true)
            if settled[u] { intervals.append((0, min(len, bound - distance[u]))) }
            if settled[v] { intervals.append((max(0, len - (bound - distance[v])), len)) }
            if let onEdge = sourcesOnEdge[edge] {
                for s in onEdge {
                    guard let src = sources[Int(s)] else { continue }
                    let r = bound - src.access
                    if r >= 0 { intervals.append((max(0, src.offsetAlong - r), min(len, src.offsetAlong + r))) }
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

/// The walkable street network as a compact undirected graph in a metric CRS.
///
/// Built from polylines whose coordinates are already projected (metres). Lines connect only where they
/// share a vertex exactly (bit-for-bit equal coordinates): a bridge drawn over a street without a shared
/// vertex does not connect to it. A vertex becomes a node when it is the end of a line or is used more
/// than once (by two lines, or twice by one line); the other vertices stay as shape points of their edge.
///
/// Node and edge indices are dense (`0..<nodeCount`, `0..<edgeCount`) and stable for the same input.
/// Adjacency is stored as CSR arrays: the neighbours of node `u` are
/// `adjacencyTarget[adjacencyOffset[u] ..< adjacencyOffset[u + 1]]`, reached through the edges
/// `adjacencyEdge[...]` at the same positions.
///
/// Edge geometry is kept flat: the shape of edge `e` is `shapePoints[shapeOffset[e] ..< shapeOffset[e + 1]]`
/// (from its start node to its end node, both included), with `shapeMeasure` the distance in metres from
/// the edge's start at each shape point.
package struct WalkNetwork: Sendable {
    /// Node positions (metres), by node index.
    package private(set) var nodePositions: [Position]
    /// Start node of each edge.
    package private(set) var edgeFrom: [Int32]
    /// End node of each edge.
    package private(set) var edgeTo: [Int32]
    /// Length of each edge in metres (the length of its polyline).
    package private(set) var edgeLength: [Double]
    /// The input line each edge came from (index into the `lines` given to `build`).
    package private(set) var edgeLine: [Int32]
    /// Start of each edge's shape in `shapePoints`; `edgeCount + 1` entries.
    package private(set) var shapeOffset: [Int32]
    /// All edges' shape points, edge after edge.
    package private(set) var shapePoints: [Position]
    /// Distance from the edge start at each shape point, parallel to `shapePoints`.
    package private(set) var shapeMeasure: [Double]
    /// CSR offsets: `nodeCount + 1` entries.
    package private(set) var adjacencyOffset: [Int32]
    /// CSR neighbour of each adjacency entry.
    package private(set) var adjacencyTarget: [Int32]
    /// CSR edge of each adjacency entry.
    package private(set) var adjacencyEdge: [Int32]
    /// CSR length (metres) of each adjacency entry's edge, kept inline for the searches.
    package private(set) var adjacencyLength: [Double]
    /// Connected component of each node; components are numbered by their lowest node index.
    package private(set) var nodeComponent: [Int32]
    /// Number of nodes in each component.
    package private(set) var componentNodeCounts: [Int]
    /// Total edge length (metres) in each component.
    package private(set) var componentLengths: [Double]
    /// The external ids of the input lines, as given to `build`.
    package private(set) var lineIDs: [String]
    /// Input lines dropped because they had fewer than two distinct vertices.
    package private(set) var degenerateLines: [Int]

    /// Number of nodes.
    package var nodeCount: Int { nodePositions.count }
    /// Number of edges.
    package var edgeCount: Int { edgeLength.count }
    /// Number of connected components.
    package var componentCount: Int { componentNodeCounts.count }
    /// The component with the most nodes (lowest index on ties), or nil for an empty network.
    package var largestComponent: Int? {
        var best: Int?
        for (c, n) in componentNodeCounts.enumerated() where best.map({ n > componentNodeCounts[$0] }) ?? true {
            best = c
        }
        return best
    }

    /// Builds the network from projected polylines.
    ///
    /// Consecutive repeated vertices are dropped; a line left with fewer than two vertices is listed in
    /// `degenerateLines` and ignored. Duplicate edges (two lines over the same vertices) are kept.
    /// `-0.0` and `0.0` are the same coordinate.
    ///
    /// - Parameters:
    ///   - lines: One polyline per network line (a MultiLineString contributes one entry per part).
    ///   - lineIDs: An id per line, for reports (may be empty; then ids are the line indices).
    /// - Complexity: O(V) expected time and memory for V input vertices (one hash lookup per vertex
    ///   to number the distinct ones, one pass over arrays to cut edges, a counting sort for the CSR
    ///   arrays, a BFS for components).
    package static func build(lines: [[Position]], lineIDs: [String] = []) -> WalkNetwork {
        var flat: [Position] = []
        var ends: [Int] = []
        ends.reserveCapacity(lines.count)
        for line in lines {
            flat.append(contentsOf: line)
            ends.append(flat.count)
        }
        return build(positions: flat, lineEnds: ends, lineIDs: lineIDs)
    }

    /// Builds the network from projected polylines given end to end: line `i` is
    /// `positions[lineEnds[i - 1] ..< lineEnds[i]]` (from 0 for the first), as `build(lines:lineIDs:)`
    /// does with the lines apart, without an array per line.
    ///
    /// - Complexity: as `build(lines:lineIDs:)`.
    package static func build(positions: [Position], lineEnds: [Int], lineIDs: [String] = []) -> WalkNetwork {
        let lines = LineVertices(positions, lineEnds: lineEnds)
        return assemble(lines, points: lines.points, lineIDs: lineIDs)
    }

    /// Builds the network from polylines in their source CRS (WGS84, say), projected by `project`:
    /// the vertices are told apart by their source coordinates (bit-for-bit, as `build(positions:…)`
    /// does with projected ones) and only the distinct ones are projected, each once. A shared
    /// vertex stands in several lines, so this is about half the projections of projecting every
    /// line's positions first; coordinates equal in the source CRS project to equal positions, so
    /// the network is the one `build(positions: project(positions), …)` builds whenever distinct
    /// source coordinates project to distinct positions (they differ by at least a nanometre).
    ///
    /// - Parameters:
    ///   - project: Maps positions to metres, in order, one output per input (may throw).
    /// - Complexity: as `build(lines:lineIDs:)`, plus `project` on the V' ≤ V distinct vertices.
    package static func build(
        sourcePositions positions: [Position], lineEnds: [Int], lineIDs: [String] = [],
        project: ([Position]) throws -> [Position]
    ) rethrows -> WalkNetwork {
        let lines = LineVertices(positions, lineEnds: lineEnds, keepingPoints: false)
        let projected = try project(lines.vertexKeys.map(\.position))
        let points = lines.pointVertex.map { projected[Int($0)] }
        return assemble(lines, points: points, lineIDs: lineIDs)
    }

    /// Pass 1 of a build: the lines' vertices without non-finite and consecutive repeated ones,
    /// each numbered by its coordinates in order of first sight (one hash lookup per vertex), with
    /// how often each vertex is used.
    private struct LineVertices {
        /// The kept positions, line after line (when asked to keep them).
        var points: [Position] = []
        /// The vertex of each kept position, line after line.
        var pointVertex: [Int32] = []
        /// The end of each line in `pointVertex` (a degenerate line ends where it starts).
        var lineEnd: [Int] = []
        /// Uses of each vertex; a line's ends count twice so that they always become nodes.
        var uses: [Int32] = []
        /// The coordinates of each vertex.
        var vertexKeys: [CoordinateKey] = []
        /// Lines left with fewer than two vertices.
        var degenerate: [Int] = []

        init(_ positions: [Position], lineEnds: [Int], keepingPoints: Bool = true) {
            let totalVertices = positions.count
            var vertexOf = CoordinateNumbering(capacity: totalVertices)
            uses.reserveCapacity(totalVertices)
            if keepingPoints { points.reserveCapacity(totalVertices) }
            pointVertex.reserveCapacity(totalVertices)
            lineEnd.reserveCapacity(lineEnds.count)
            var lineStart = 0
            for (i, stop) in lineEnds.enumerated() {
                let begin = pointVertex.count
                var lastKey: CoordinateKey?
                let line = positions[min(lineStart, stop)..<stop]
                lineStart = stop
                for p in line where p.x.isFinite && p.y.isFinite {
                    let key = CoordinateKey(p)
                    if key == lastKey { continue }
                    lastKey = key
                    if keepingPoints { points.append(p) }
                    let (v, isNew) = vertexOf.number(key)
                    if isNew { uses.append(0) }
                    pointVertex.append(v)
                }
                if pointVertex.count - begin < 2 {
                    degenerate.append(i)
                    if keepingPoints { points.removeSubrange(begin...) }
                    pointVertex.removeSubrange(begin...)
                }
                let end = pointVertex.count
                for k in begin..<end {
                    uses[Int(pointVertex[k])] &+= (k == begin || k == end - 1) ? 2 : 1
                }
                lineEnd.append(end)
            }
            vertexKeys = vertexOf.keys
        }
    }

    /// Passes 2 and on of a build: `lines` cut into edges at nodes over their kept `points`.
    private static func assemble(_ lines: LineVertices, points: [Position], lineIDs: [String]) -> WalkNetwork {
        let lineCount = lines.lineEnd.count
        let vertexCount = lines.vertexKeys.count
        let pointVertex = lines.pointVertex, uses = lines.uses, lineEnd = lines.lineEnd

        // Pass 2: cut lines at nodes (a vertex used more than once), numbered in order of first use.
        var nodeOfVertex = [Int32](repeating: -1, count: vertexCount)
        var nodePositions: [Position] = []
        var edgeFrom: [Int32] = [], edgeTo: [Int32] = [], edgeLength: [Double] = [], edgeLine: [Int32] = []
        var shapeOffset: [Int32] = [0]
        var shapePoints: [Position] = [], shapeMeasure: [Double] = []
        shapePoints.reserveCapacity(points.count + lineCount)
        shapeMeasure.reserveCapacity(points.count + lineCount)

        func node(_ k: Int) -> Int32 {
            let v = Int(pointVertex[k])
            if nodeOfVertex[v] >= 0 { return nodeOfVertex[v] }
            let n = Int32(nodePositions.count)
            nodeOfVertex[v] = n
            nodePositions.append(points[k])
            return n
        }

        var begin = 0
        for (i, end) in lineEnd.enumerated() {
            defer { begin = end }
            guard end - begin >= 2 else { continue }
            var startNode = node(begin)
            var pieceStart = shapePoints.count
            shapePoints.append(points[begin])
            shapeMeasure.append(0)
            var measure = 0.0
            for k in (begin + 1)..<end {
                let p = points[k]
                measure += points[k - 1].distance(to: p)
                shapePoints.append(p)
                shapeMeasure.append(measure)
                guard k == end - 1 || uses[Int(pointVertex[k])] > 1 else { continue }
                let endNode = node(k)
                if measure > 0 {
                    edgeFrom.append(startNode)
                    edgeTo.append(endNode)
                    edgeLength.append(measure)
                    edgeLine.append(Int32(i))
                    shapeOffset.append(Int32(shapePoints.count))
                    if k < end - 1 {
                        // The cut vertex also starts the next piece.
                        shapePoints.append(p)
                        shapeMeasure.append(0)
                    }
                } else {
                    shapePoints.removeSubrange(pieceStart...)
                    shapeMeasure.removeSubrange(pieceStart...)
                    if k < end - 1 {
                        shapePoints.append(p)
                        shapeMeasure.append(0)
                    }
                }
                pieceStart = shapePoints.count - (k < end - 1 ? 1 : 0)
                startNode = endNode
                measure = 0
            }
        }

        var network = WalkNetwork(
            nodePositions: nodePositions, edgeFrom: edgeFrom, edgeTo: edgeTo, edgeLength: edgeLength,
            edgeLine: edgeLine, shapeOffset: shapeOffset, shapePoints: shapePoints, shapeMeasure: shapeMeasure,
            adjacencyOffset: [], adjacencyTarget: [], adjacencyEdge: [], adjacencyLength: [], nodeComponent: [],
            componentNodeCounts: [], componentLengths: [],
            lineIDs: lineIDs.count == lineCount ? lineIDs : (0..<lineCount).map { String($0) },
            degenerateLines: lines.degenerate)
        network.buildAdjacency()
        network.labelComponents()
        #if DEBUG
        if let problem = network.invariantViolation() { assertionFailure("WalkNetwork.build: \(problem)") }
        #endif
        return network
    }

    /// Fills the CSR arrays by a counting sort of the edge ends.
    ///
    /// - Complexity: O(N + E).
    private mutating func buildAdjacency() {
        let n = nodeCount
        var offset = [Int32](repeating: 0, count: n + 1)
        for e in 0..<edgeCount {
            offset[Int(edgeFrom[e]) + 1] += 1
            offset[Int(edgeTo[e]) + 1] += 1
        }
        for u in 0..<n { offset[u + 1] += offset[u] }
        var cursor = offset
        var target = [Int32](repeating: 0, count: 2 * edgeCount)
        var edge = [Int32](repeating: 0, count: 2 * edgeCount)
        var length = [Double](repeating: 0, count: 2 * edgeCount)
        for e in 0..<edgeCount {
            let u = Int(edgeFrom[e]), v = Int(edgeTo[e])
            target[Int(cursor[u])] = Int32(v); edge[Int(cursor[u])] = Int32(e); length[Int(cursor[u])] = edgeLength[e]
            cursor[u] += 1
            target[Int(cursor[v])] = Int32(u); edge[Int(cursor[v])] = Int32(e); length[Int(cursor[v])] = edgeLength[e]
            cursor[v] += 1
        }
        adjacencyOffset = offset
        adjacencyTarget = target
        adjacencyEdge = edge
        adjacencyLength = length
    }

    /// Labels connected components by breadth-first search from the lowest unlabelled node.
    ///
    /// - Complexity: O(N + E).
    private mutating func labelComponents() {
        var label = [Int32](repeating: -1, count: nodeCount)
        var counts: [Int] = []
        var queue: [Int32] = []
        queue.reserveCapacity(nodeCount)
        for start in 0..<nodeCount where label[start] < 0 {
            let c = Int32(counts.count)
            label[start] = c
            queue.removeAll(keepingCapacity: true)
            queue.append(Int32(start))
            var head = 0
            while head < queue.count {
                let u = Int(queue[head]); head += 1
                for a in Int(adjacencyOffset[u])..<Int(adjacencyOffset[u + 1]) {
                    let v = Int(adjacencyTarget[a])
                    if label[v] < 0 {
                        label[v] = c
                        queue.append(Int32(v))
                    }
                }
            }
            counts.append(queue.count)
        }
        var lengths = [Double](repeating: 0, count: counts.count)
        for e in 0..<edgeCount { lengths[Int(label[Int(edgeFrom[e])])] += edgeLength[e] }
        nodeComponent = label
        componentNodeCounts = counts
        componentLengths = lengths
    }

    /// The component a snapped point is on.
    package func component(of snap: SnapPoint) -> Int {
        Int(nodeComponent[Int(edgeFrom[Int(snap.edge)])])
    }

    /// How many of the snapped points lie on each component (unsnapped points are not counted), so a
    /// report can say how many residents sit on islands cut off from the main network.
    ///
    /// - Complexity: O(P + components).
    package func pointsPerComponent(_ snaps: [SnapPoint?]) -> [Int] {
        var counts = [Int](repeating: 0, count: componentCount)
        for s in snaps { if let s { counts[component(of: s)] += 1 } }
        return counts
    }

    /// The shape of an edge, start node to end node.
    package func shape(ofEdge edge: Int) -> ArraySlice<Position> {
        shapePoints[Int(shapeOffset[edge])..<Int(shapeOffset[edge + 1])]
    }

    /// The position at `offset` metres along an edge from its start (clamped to the edge).
    ///
    /// - Complexity: O(log k) for an edge of k shape points.
    package func position(onEdge edge: Int, at offset: Double) -> Position {
        let lo = Int(shapeOffset[edge]), hi = Int(shapeOffset[edge + 1])
        let t = min(max(offset, 0), edgeLength[edge])
        var a = lo, b = hi - 1
        // Find the last shape point with measure <= t.
        while b - a > 1 {
            let mid = (a + b) / 2
            if shapeMeasure[mid] <= t { a = mid } else { b = mid }
        }
        let m0 = shapeMeasure[a], m1 = shapeMeasure[b]
        let p0 = shapePoints[a], p1 = shapePoints[b]
        guard m1 > m0 else { return p0 }
        let f = (t - m0) / (m1 - m0)
        return Position(x: p0.x + f * (p1.x - p0.x), y: p0.y + f * (p1.y - p0.y))
    }

    /// The part of an edge between two offsets from its start (metres), as a polyline.
    ///
    /// - Complexity: O(k) for an edge of k shape points.
    package func geometry(ofEdge edge: Int, from start: Double, to end: Double) -> [Position] {
        let len = edgeLength[edge]
        let a = min(max(start, 0), len), b = min(max(end, 0), len)
        guard b > a else { return [] }
        var out = [position(onEdge: edge, at: a)]
        for k in Int(shapeOffset[edge])..<Int(shapeOffset[edge + 1]) where shapeMeasure[k] > a && shapeMeasure[k] < b {
            out.append(shapePoints[k])
        }
        out.append(position(onEdge: edge, at: b))
        return out
    }
}

#if DEBUG
extension WalkNetwork {
    /// An array a test overwrites to break an invariant on purpose (the setters are private to this file).
    enum TestEdit {
        case edgeLength([Double]), shapeMeasure([Double]), nodeComponent([Int32])
        case adjacencyOffset([Int32]), adjacencyTarget([Int32])
    }

    /// This network with one array overwritten, unchecked: for the tests of `invariantViolation()` only.
    func editedForTesting(_ edit: TestEdit) -> WalkNetwork {
        var copy = self
        switch edit {
        case .edgeLength(let values): copy.edgeLength = values
        case .shapeMeasure(let values): copy.shapeMeasure = values
        case .nodeComponent(let values): copy.nodeComponent = values
        case .adjacencyOffset(let values): copy.adjacencyOffset = values
        case .adjacencyTarget(let values): copy.adjacencyTarget = values
        }
        return copy
    }
}
#endif

/// A coordinate's exact bit pattern, with `-0.0` folded into `0.0`, for vertex matching.
struct CoordinateKey: Hashable {
    let x: UInt64
    let y: UInt64

    init(_ p: Position) {
        x = (p.x == 0 ? 0.0 : p.x).bitPattern
        y = (p.y == 0 ? 0.0 : p.y).bitPattern
    }

    /// The coordinates the key stands for (`-0.0` as `0.0`).
    var position: Position { Position(x: Double(bitPattern: x), y: Double(bitPattern: y)) }

    /// One word into the hasher instead of two (equal keys still hash equally).
    func hash(into hasher: inout Hasher) {
        hasher.combine(x &* 0x9E37_79B9_7F4A_7C15 ^ y)
    }
}

import Foundation
import Testing
@testable import LifeCircle

/// Small networks and random ones shared by the network and coverage tests.
enum NetworkFixtures {
    static func p(_ x: Double, _ y: Double) -> Position { Position(x: x, y: y) }

    /// A `columns × rows` grid of nodes `spacing` metres apart: one line per row and per column, so
    /// they share every crossing vertex.
    static func grid(columns: Int, rows: Int, spacing: Double) -> [[Position]] {
        var lines: [[Position]] = []
        for r in 0..<rows { lines.append((0..<columns).map { p(Double($0) * spacing, Double(r) * spacing) }) }
        for c in 0..<columns { lines.append((0..<rows).map { p(Double(c) * spacing, Double($0) * spacing) }) }
        return lines
    }

    /// A jittered grid with some blocks' edges missing: one two-point line per kept edge.
    static func randomNetwork(seed: UInt64, columns: Int, rows: Int, spacing: Double, keep: Double = 0.85) -> [[Position]] {
        var rng = SplitMix64(seed: seed)
        var nodes: [[Position]] = []
        for r in 0..<rows {
            nodes.append((0..<columns).map { c in
                p(Double(c) * spacing + (rng.unit() - 0.5) * spacing * 0.4,
                  Double(r) * spacing + (rng.unit() - 0.5) * spacing * 0.4)
            })
        }
        var lines: [[Position]] = []
        for r in 0..<rows {
            for c in 0..<columns {
                if c + 1 < columns, rng.unit() < keep {
                    // A bend in the middle: a shape point, not a node.
                    let a = nodes[r][c], b = nodes[r][c + 1]
                    let mid = p((a.x + b.x) / 2, (a.y + b.y) / 2 + (rng.unit() - 0.5) * spacing * 0.2)
                    lines.append([a, mid, b])
                }
                if r + 1 < rows, rng.unit() < keep { lines.append([nodes[r][c], nodes[r + 1][c]]) }
            }
        }
        return lines
    }

    /// Random points in a box.
    static func randomPoints(seed: UInt64, count: Int, width: Double, height: Double) -> [Position] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in p(rng.unit() * width - 50, rng.unit() * height - 50) }
    }
}

@Suite struct NetworkTests {
    typealias F = NetworkFixtures

    /// A grid: nodes at shared vertices, CSR adjacency, one component.
    @Test func aGridHasNodesAtSharedVerticesAndOneComponent() {
        let net = WalkNetwork.build(lines: F.grid(columns: 3, rows: 3, spacing: 100))
        #expect(net.nodeCount == 9)
        #expect(net.edgeCount == 12)
        #expect(net.edgeLength.allSatisfy { $0 == 100 })
        #expect(net.componentCount == 1)
        #expect(net.componentNodeCounts == [9])
        #expect(net.componentLengths == [1200])
        // The centre node (100, 100) has four neighbours, a corner two.
        let degrees = (0..<net.nodeCount).map { Int(net.adjacencyOffset[$0 + 1] - net.adjacencyOffset[$0]) }
        #expect(degrees.sorted() == [2, 2, 2, 2, 3, 3, 3, 3, 4])
        let centre = net.nodePositions.firstIndex(of: F.p(100, 100))
        #expect(centre.map { degrees[$0] } == 4)
        // Every adjacency entry points along its edge.
        for u in 0..<net.nodeCount {
            for a in Int(net.adjacencyOffset[u])..<Int(net.adjacencyOffset[u + 1]) {
                let e = Int(net.adjacencyEdge[a]), v = net.adjacencyTarget[a]
                #expect((net.edgeFrom[e] == Int32(u) && net.edgeTo[e] == v) || (net.edgeTo[e] == Int32(u) && net.edgeFrom[e] == v))
            }
        }
    }

    /// Lines that cross without a shared vertex (a bridge over a street) do not connect.
    @Test func linesCrossingWithoutASharedVertexDoNotConnect() {
        let street = [F.p(0, 0), F.p(200, 0)]
        let bridge = [F.p(100, -100), F.p(100, 100)]
        let net = WalkNetwork.build(lines: [street, bridge], lineIDs: ["street", "bridge"])
        #expect(net.nodeCount == 4)
        #expect(net.edgeCount == 2)
        #expect(net.componentCount == 2)
        #expect(net.componentNodeCounts == [2, 2])
        #expect(net.lineIDs == ["street", "bridge"])
        // With the vertex shared, they connect at (100, 0) and each line is cut in two.
        let joined = WalkNetwork.build(lines: [[F.p(0, 0), F.p(100, 0), F.p(200, 0)], [F.p(100, -100), F.p(100, 0), F.p(100, 100)]])
        #expect(joined.nodeCount == 5)
        #expect(joined.edgeCount == 4)
        #expect(joined.componentCount == 1)
    }

    /// Unshared bends stay shape points; edge length is the polyline length.
    @Test func unsharedBendsStayShapePoints() throws {
        let net = WalkNetwork.build(lines: [[F.p(0, 0), F.p(30, 40), F.p(30, 140)]])
        #expect(net.nodeCount == 2)
        #expect(net.edgeCount == 1)
        #expect(net.edgeLength == [150])
        #expect(Array(net.shape(ofEdge: 0)) == [F.p(0, 0), F.p(30, 40), F.p(30, 140)])
        #expect(net.position(onEdge: 0, at: 25) == F.p(15, 20))
        #expect(net.position(onEdge: 0, at: 100) == F.p(30, 90))
        #expect(net.geometry(ofEdge: 0, from: 25, to: 100) == [F.p(15, 20), F.p(30, 40), F.p(30, 90)])
    }

    /// Degenerate lines, repeated vertices and negative zero.
    @Test func degenerateLinesRepeatedVerticesAndNegativeZeroAreHandled() {
        let lines = [
            [F.p(0, 0)],                                   // one vertex
            [F.p(5, 5), F.p(5, 5)],                        // zero length
            [F.p(-0.0, 0), F.p(0, 0), F.p(100, 0)],        // repeated start (−0 = 0)
            [F.p(100, 0), F.p(100, 0), F.p(100, 50)],
        ]
        let net = WalkNetwork.build(lines: lines)
        #expect(net.degenerateLines == [0, 1])
        #expect(net.nodeCount == 3)
        #expect(net.edgeCount == 2)
        #expect(net.edgeLength == [100, 50])
        #expect(net.componentCount == 1)
    }

    /// Built from WGS84 lines with only the distinct vertices projected, the network is the one
    /// built from every position projected first: same nodes, edges, shapes, lengths, adjacency
    /// and components, with each distinct coordinate projected once. The lines share vertices,
    /// repeat some, hold degenerate ones and two vertices 1e-7° apart (kept apart, as OSM import
    /// writes nodes that share a location without being joined).
    @Test(arguments: [4, 5, 6] as [UInt64])
    func buildingFromSourceCoordinatesProjectsEachVertexOnce(seed: UInt64) throws {
        var lines = F.randomNetwork(seed: seed, columns: 12, rows: 9, spacing: 90, keep: 0.7).map { line in
            line.map { F.p(121.44 + $0.x * 1e-5, 31.22 + $0.y * 1e-5) }
        }
        lines.append([F.p(121.45, 31.23)])                                         // one vertex
        lines.append([F.p(121.45, 31.23), F.p(121.45, 31.23)])                     // zero length
        lines.append([lines[0][0], lines[0][0], F.p(121.4455, 31.2255)])           // repeated start
        lines.append([F.p(121.4455, 31.2255), F.p(121.4455, 31.2255 + 1e-7), lines[3][0]])
        var flat: [Position] = [], ends: [Int] = []
        for line in lines { flat.append(contentsOf: line); ends.append(flat.count) }
        let ids = lines.indices.map { "line \($0)" }
        let transformer = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:32651")

        let reference = try WalkNetwork.build(positions: transformer.transform(flat), lineEnds: ends, lineIDs: ids)
        var projectedCount = 0
        let net = try WalkNetwork.build(sourcePositions: flat, lineEnds: ends, lineIDs: ids) { ps in
            projectedCount += ps.count
            return try transformer.transform(ps)
        }
        // Every distinct coordinate once.
        #expect(projectedCount == Set(flat.map(CoordinateKey.init)).count)
        #expect(projectedCount < flat.count)
        #expect(net.nodePositions == reference.nodePositions)
        #expect(net.edgeFrom == reference.edgeFrom && net.edgeTo == reference.edgeTo)
        #expect(net.edgeLength == reference.edgeLength && net.edgeLine == reference.edgeLine)
        #expect(net.shapeOffset == reference.shapeOffset && net.shapePoints == reference.shapePoints)
        #expect(net.shapeMeasure == reference.shapeMeasure)
        #expect(net.adjacencyOffset == reference.adjacencyOffset && net.adjacencyTarget == reference.adjacencyTarget)
        #expect(net.adjacencyEdge == reference.adjacencyEdge && net.adjacencyLength == reference.adjacencyLength)
        #expect(net.nodeComponent == reference.nodeComponent && net.componentLengths == reference.componentLengths)
        #expect(net.degenerateLines == reference.degenerateLines && net.degenerateLines == [lines.count - 4, lines.count - 3])
        #expect(net.lineIDs == ids)
        #expect(net.nodeCount > 50 && net.componentCount >= 1)
    }

    /// An empty network: nothing snaps, every resident is unreachable.
    @Test func anEmptyNetworkLeavesEveryResidentUnreachable() {
        let net = WalkNetwork.build(lines: [[F.p(1, 1)]])
        #expect(net.nodeCount == 0 && net.edgeCount == 0 && net.componentCount == 0)
        #expect(net.largestComponent == nil)
        let index = SegmentIndex(network: net)
        #expect(index.snap(F.p(1, 1), maxDistance: 500) == nil)
        let analysis = CoverageAnalysis(index: index, residentPositions: [F.p(0, 0), F.p(5, 5)], maxSnapDistance: 500)
        let request = CoverageRequest(category: "c", facilityPositions: [F.p(1, 1)], facilitySnaps: [nil],
                                      facilityPlanned: [false], minutes: 15, speed: 80, demand: [3, 4])
        let result = analysis.networkCoverage(request, scenario: .existing)
        #expect(result.status == [.unreachable, .unreachable])
        #expect(result.totals.unreachable == 7 && result.totals.covered == 0)
        #expect(result.unsnappedFacilities == [0])
    }

    /// A line through another line's end vertex is cut there; a closed loop keeps its length.
    @Test func aLineIsCutAtAnotherLinesEndVertex() {
        let main = [F.p(0, 0), F.p(100, 0), F.p(200, 0)]
        let spur = [F.p(100, 0), F.p(100, 80)]
        let loop = [F.p(200, 0), F.p(300, 0), F.p(300, 100), F.p(200, 0)]
        let net = WalkNetwork.build(lines: [main, spur, loop])
        #expect(net.nodeCount == 4)
        #expect(net.edgeCount == 4)
        #expect(net.edgeLength[0] == 100 && net.edgeLength[1] == 100 && net.edgeLength[2] == 80)
        #expect(abs(net.edgeLength[3] - (200 + 100 * 2.0.squareRoot())) < 1e-9)
        #expect(net.edgeFrom[3] == net.edgeTo[3])
        #expect(net.edgeLine == [0, 0, 1, 2])
        // A line that passes the same vertex twice is cut there: A–B, B–C–B (a loop), B–D.
        let twice = WalkNetwork.build(lines: [[F.p(0, 0), F.p(10, 0), F.p(10, 30), F.p(10, 0), F.p(20, 0)]])
        #expect(twice.nodeCount == 3)
        #expect(twice.edgeLength == [10, 60, 10])
        #expect(twice.edgeFrom[1] == twice.edgeTo[1])
        #expect(twice.shapeOffset == [0, 2, 5, 7])
    }

    /// Snapping: nearest point of the nearest edge, offset and access leg; too far is unreachable.
    @Test func snappingFindsTheNearestPointOfTheNearestEdge() throws {
        let net = WalkNetwork.build(lines: F.grid(columns: 3, rows: 3, spacing: 100))
        let index = SegmentIndex(network: net, cellSize: 30)
        let s = try #require(index.snap(F.p(40, 12), maxDistance: 500))
        let e = Int(s.edge)
        // Nearest edge is the bottom row's first edge (0,0)–(100,0).
        #expect(Set([net.nodePositions[Int(net.edgeFrom[e])], net.nodePositions[Int(net.edgeTo[e])]]) == [F.p(0, 0), F.p(100, 0)])
        #expect(s.access == 12)
        #expect(s.point == F.p(40, 0))
        let fromStart = net.nodePositions[Int(net.edgeFrom[e])] == F.p(0, 0) ? 40.0 : 60.0
        #expect(s.offsetAlong == fromStart)
        // Far outside the grid: reachable only with a large enough snap distance.
        #expect(index.snap(F.p(-400, 100), maxDistance: 399) == nil)
        let far = try #require(index.snap(F.p(-400, 100), maxDistance: 400))
        #expect(far.access == 400)
        #expect(far.point == F.p(0, 100))
        #expect(index.snap(F.p(1e9, 1e9), maxDistance: 500) == nil)
        // Parallel snapping gives the single results, in order.
        let pts = F.randomPoints(seed: 3, count: 5000, width: 300, height: 300)
        let many = index.snap(pts, maxDistance: 60)
        #expect(many.count == pts.count)
        for i in stride(from: 0, to: pts.count, by: 97) { #expect(many[i] == index.snap(pts[i], maxDistance: 60)) }
    }

    /// Snapping agrees with a scan over all segments (random networks).
    @Test(arguments: [1, 2, 3] as [UInt64])
    func snappingAgreesWithAScanOverAllSegments(seed: UInt64) throws {
        let net = WalkNetwork.build(lines: F.randomNetwork(seed: seed, columns: 8, rows: 6, spacing: 120, keep: 0.6))
        let index = SegmentIndex(network: net, cellSize: 50)
        for q in F.randomPoints(seed: seed &+ 100, count: 400, width: 1100, height: 800) {
            var best = Double.infinity
            for e in 0..<net.edgeCount {
                let shape = Array(net.shape(ofEdge: e))
                for k in 0..<(shape.count - 1) {
                    let a = shape[k], b = shape[k + 1]
                    let dx = b.x - a.x, dy = b.y - a.y
                    let t = min(max(((q.x - a.x) * dx + (q.y - a.y) * dy) / (dx * dx + dy * dy), 0), 1)
                    best = min(best, q.distance(to: F.p(a.x + t * dx, a.y + t * dy)))
                }
            }
            let snap = index.snap(q, maxDistance: 100)
            if best <= 100 {
                let s = try #require(snap)
                #expect(abs(s.access - best) < 1e-9)
                #expect(abs(net.position(onEdge: Int(s.edge), at: s.offsetAlong).distance(to: s.point)) < 1e-6)
            } else {
                #expect(snap == nil)
            }
        }
    }

    /// Components: two separate networks are counted, largest first by size.
    @Test func componentsAreCountedLargestFirst() {
        let a = F.grid(columns: 2, rows: 2, spacing: 100)
        let b = F.grid(columns: 3, rows: 3, spacing: 100).map { $0.map { F.p($0.x + 1000, $0.y) } }
        let net = WalkNetwork.build(lines: a + b)
        #expect(net.componentCount == 2)
        #expect(net.componentNodeCounts == [4, 9])
        #expect(net.largestComponent == 1)
        let index = SegmentIndex(network: net)
        let s = index.snap(F.p(1100, 50), maxDistance: 100)
        #expect(s.map { net.component(of: $0) } == 1)
        let snaps = index.snap([F.p(1100, 50), F.p(50, 50), F.p(1200, 210), F.p(600, 50)], maxDistance: 100)
        #expect(net.pointsPerComponent(snaps) == [1, 2])
    }

    /// Bounded search on a single edge: service-area piece around a mid-edge source, cover set.
    @Test func aBoundedSearchOnASingleEdgeGivesTheServiceAreaPiece() throws {
        let net = WalkNetwork.build(lines: [[F.p(0, 0), F.p(1000, 0)]])
        let index = SegmentIndex(network: net)
        let source = try #require(index.snap(F.p(500, 20), maxDistance: 500))
        var search = NetworkSearch(network: net)
        search.run(from: source, bound: 320)
        // Neither end node is within 320 m (20 + 500), yet the edge is reached around the source.
        #expect(search.settledNodes.isEmpty)
        #expect(search.reachedPieces() == [EdgePiece(edge: 0, from: 200, to: 800)])
        let residents = [F.p(300, 0), F.p(650, 10), F.p(100, 0), F.p(500, 301)]
        let snaps = index.snap(residents, maxDistance: 500)
        let onEdges = EdgePointIndex(snaps: snaps, edgeCount: net.edgeCount)
        let reached = search.reachedPoints(in: onEdges)
        #expect(reached.map(\.index) == [0, 1])
        #expect(reached.map(\.distance) == [220, 180])
        // The cover set by index, though along the edge the points are 2 (x 300), 0 (x 650), 3 (x 700),
        // 1 (x 900): 20 + 200 = 220, 20 + 150 + 10 = 180 and 20 + 200 = 220 are within 320, x 900 is 420 away.
        let shuffled = index.snap([F.p(650, 10), F.p(900, 0), F.p(300, 0), F.p(700, 0)], maxDistance: 500)
        let shuffledOnEdges = EdgePointIndex(snaps: shuffled, edgeCount: net.edgeCount)
        #expect(shuffledOnEdges.points(onEdge: 0) == [2, 0, 3, 1])
        #expect(search.reachedPointIndices(in: shuffledOnEdges) == [0, 2, 3])
        // A larger bound reaches both ends and the whole edge.
        search.run(from: source, bound: 600)
        #expect(search.settledNodes.count == 2)
        #expect(search.distance(toNode: 0) == 520)
        #expect(search.reachedPieces() == [EdgePiece(edge: 0, from: 0, to: 1000)])
    }

    /// A cover set lists the reached points by index, not in their order along the edges.
    @Test func aCoverSetListsTheReachedPointsByIndex() throws {
        // On a random network, from many sources: the same points as the full reached points, ascending
        // (points on an edge are ordered by offset, not by index).
        let grid = WalkNetwork.build(lines: F.randomNetwork(seed: 41, columns: 12, rows: 10, spacing: 120))
        let gridIndex = SegmentIndex(network: grid)
        let points = gridIndex.snap(F.randomPoints(seed: 42, count: 3000, width: 1400, height: 1200), maxDistance: 200)
        let gridOnEdges = EdgePointIndex(snaps: points, edgeCount: grid.edgeCount)
        var gridSearch = NetworkSearch(network: grid)
        var nonEmpty = 0
        for (k, s) in points.enumerated() where k % 97 == 0 {
            guard let s else { continue }
            gridSearch.run(from: s, bound: 450)
            let indices = gridSearch.reachedPointIndices(in: gridOnEdges)
            #expect(indices == gridSearch.reachedPoints(in: gridOnEdges).map(\.index))
            #expect(zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 })
            if indices.count > 1 { nonEmpty += 1 }
        }
        #expect(nonEmpty > 10)
    }

    /// Multi-source search: distances and nearest source on a grid, ties to the lower source.
    @Test func aMultiSourceSearchGivesDistancesAndTheNearestSource() throws {
        // A path of 5 nodes at x = 0, 100, ..., 400, one line per edge.
        let net = WalkNetwork.build(lines: (0..<4).map { [F.p(Double($0) * 100, 0), F.p(Double($0 + 1) * 100, 0)] })
        let index = SegmentIndex(network: net)
        let a = try #require(index.snap(F.p(0, 0), maxDistance: 1))
        let b = try #require(index.snap(F.p(400, 0), maxDistance: 1))
        var search = NetworkSearch(network: net)
        search.run(sources: [b, nil, a], bound: 1000)
        func node(_ x: Double) -> Int { net.nodePositions.firstIndex(of: F.p(x, 0)) ?? -1 }
        #expect(search.distance(toNode: node(100)) == 100)
        #expect(search.source(ofNode: node(100)) == 2)
        #expect(search.source(ofNode: node(300)) == 0)
        // The middle node is 200 m from both: the lower source index wins.
        #expect(search.distance(toNode: node(200)) == 200)
        #expect(search.source(ofNode: node(200)) == 0)
        // Bounded at 150 m, the middle node is not settled.
        search.run(sources: [b, nil, a], bound: 150)
        #expect(search.distance(toNode: node(200)) == .infinity)
        #expect(search.source(ofNode: node(200)) == -1)
        #expect(search.reachedPieces() == [
            EdgePiece(edge: 0, from: 0, to: 100), EdgePiece(edge: 1, from: 0, to: 50),
            EdgePiece(edge: 2, from: 50, to: 100), EdgePiece(edge: 3, from: 0, to: 100),
        ])
    }

    /// A multi-source search over several components gives each node the distance and source of the
    /// nearest single-source search (ties to the lower index), and settles component by component.
    @Test func aMultiSourceSearchOverComponentsMatchesTheSingleSourceSearches() throws {
        // Three disjoint copies of one random network, their lines interleaved so that the node
        // numbers of the components interleave too; sources alternate between the copies.
        let base = F.randomNetwork(seed: 77, columns: 7, rows: 6, spacing: 110, keep: 0.8)
        var lines: [[Position]] = []
        for line in base {
            for k in 0..<3 { lines.append(line.map { F.p($0.x + Double(k) * 5000, $0.y + Double(k) * 7) }) }
        }
        let net = WalkNetwork.build(lines: lines)
        #expect(net.componentCount >= 3)
        let index = SegmentIndex(network: net)
        var rng = SplitMix64(seed: 78)
        var sources: [SnapPoint?] = []
        for j in 0..<12 {
            let k = Double(j % 3)
            let p = F.p(rng.unit() * 700 + k * 5000, rng.unit() * 600 + k * 7)
            sources.append(j == 4 ? nil : index.snap(p, maxDistance: 300))
        }
        #expect(sources.compactMap { $0 }.count >= 9)
        for bound in [100_000.0, 260] {
            var single = NetworkSearch(network: net)
            var nearest = [Double](repeating: .infinity, count: net.nodeCount)
            var nearestSource = [Int32](repeating: -1, count: net.nodeCount)
            for (j, s) in sources.enumerated() {
                guard let s else { continue }
                single.run(from: s, bound: 100_000)
                for n in 0..<net.nodeCount where single.distance(toNode: n) < nearest[n] {
                    nearest[n] = single.distance(toNode: n)
                    nearestSource[n] = Int32(j)
                }
            }
            var search = NetworkSearch(network: net)
            search.run(sources: sources, bound: bound)
            var reached = 0
            for n in 0..<net.nodeCount {
                if nearest[n] <= bound {
                    reached += 1
                    #expect(search.distance(toNode: n) == nearest[n])
                    #expect(search.source(ofNode: n) == nearestSource[n])
                } else {
                    #expect(search.distance(toNode: n) == .infinity)
                }
            }
            #expect(reached > 20)
            // Settled component by component (ascending), each in order of distance.
            let settled = search.settledNodes.map(Int.init)
            #expect(settled.count == reached)
            for (a, b) in zip(settled, settled.dropFirst()) {
                let ca = net.nodeComponent[a], cb = net.nodeComponent[b]
                #expect(ca < cb || (ca == cb && search.distance(toNode: a) <= search.distance(toNode: b)))
            }
        }
    }
}

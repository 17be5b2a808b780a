import Testing
@testable import LifeCircle

/// The debug invariant checks of the walk network and the Dijkstra heap: sound structures pass, and
/// each invariant broken on purpose is reported.
@Suite("Network and heap invariants")
struct NetworkInvariantTests {
    typealias F = NetworkFixtures

    /// A 3 × 3 grid (one component) and a separate two-node street (a second component), with a bend
    /// in the lone street so that one edge has three shape points.
    static func twoComponents() -> WalkNetwork {
        WalkNetwork.build(lines: F.grid(columns: 3, rows: 3, spacing: 100) + [[F.p(1000, 0), F.p(1050, 40), F.p(1100, 0)]])
    }

    @Test("Built networks keep every invariant: grids, random networks, a closed loop, degenerate lines")
    func builtNetworksAreSound() {
        var networks = [Self.twoComponents(), WalkNetwork.build(lines: [])]
        for seed: UInt64 in 1...6 {
            networks.append(WalkNetwork.build(lines: F.randomNetwork(seed: seed, columns: 9, rows: 7, spacing: 80)))
        }
        // A ring returning to its start (an edge from a node to itself), a point-like line, a repeated vertex.
        networks.append(WalkNetwork.build(lines: [
            [F.p(0, 0), F.p(10, 0), F.p(10, 10), F.p(0, 0)], [F.p(5, 5), F.p(5, 5)], [F.p(0, 0), F.p(0, 0), F.p(-20, 0)],
        ]))
        for network in networks {
            #expect(network.invariantViolation() == nil)
        }
        #expect(networks[0].componentCount == 2)
        #expect(networks.last?.degenerateLines == [1])
    }

    @Test("Each invariant broken on purpose is reported: lengths, measures, CSR offsets and targets, symmetry, components")
    func brokenInvariants() throws {
        let n = Self.twoComponents()
        func with<T>(_ array: [T], _ i: Int, _ value: T) -> [T] {
            var copy = array
            copy[i] = value
            return copy
        }
        let bent = try #require((0..<n.edgeCount).first { n.shape(ofEdge: $0).count == 3 })
        let middle = Int(n.shapeOffset[bent]) + 1
        let cases: [(edit: WalkNetwork.TestEdit, report: String)] = [
            (.edgeLength(with(n.edgeLength, 3, -1)), "edge 3 has length -1.0"),
            (.edgeLength(with(n.edgeLength, 3, .infinity)), "edge 3 has length inf"),
            (.edgeLength(with(n.edgeLength, 3, .nan)), "edge 3 has length nan"),
            (.shapeMeasure(with(n.shapeMeasure, middle, -1)), "the measures of edge \(bent) fall at shape point \(middle)"),
            (.adjacencyOffset(with(n.adjacencyOffset, 4, n.adjacencyOffset[5] + 1)), "adjacencyOffset falls at node 4"),
            (.adjacencyOffset(with(n.adjacencyOffset, 0, 1)), "adjacencyOffset (12 entries) does not span"),
            (.adjacencyTarget(with(n.adjacencyTarget, 5, Int32(n.nodeCount))), "adjacency entry 5 points at node 11 of 11"),
            // Entry 0 sits at node 0; pointed back at node 0 itself, its edge is no longer listed at
            // its other end (the adjacency stops being symmetric) although every index is in range.
            (.adjacencyTarget(with(n.adjacencyTarget, 0, 0)),
             "adjacency entry 0 lists edge \(n.adjacencyEdge[0]) at node 0 towards node 0"),
            // The grid's first node moved to the lone street's component, then past the last one.
            (.nodeComponent(with(n.nodeComponent, 0, 1)), "edge 0 joins components 1 and 0"),
            (.nodeComponent(with(n.nodeComponent, 0, 2)), "node 0 is in component 2 of 2"),
        ]
        for (edit, report) in cases {
            let problem = n.editedForTesting(edit).invariantViolation()
            #expect(problem?.hasPrefix(report) == true, "expected \"\(report)…\", got \(problem ?? "nothing")")
        }
    }

    @Test("The heap stays in order through pushes and pops and pops in (distance, node) order")
    func heapOrder() {
        var heap = DistanceHeap()
        var rng = SplitMix64(seed: 5)
        for k in 0..<500 {
            let entry = DistanceHeap.Entry(distance: Double(rng.below(50)), node: Int32(rng.below(1000)))
            heap.push(entry.distance, entry.node)
            if k % 3 == 0 { _ = heap.pop() }
            #expect(heap.invariantViolation() == nil)
        }
        var last = (distance: -Double.infinity, node: Int32.min)
        while let top = heap.pop() {
            #expect(top.distance > last.distance || (top.distance == last.distance && top.node >= last.node))
            last = top
        }
    }

    @Test("An entry sorting before its parent, or a NaN distance, is reported")
    func heapBroken() throws {
        let sound = DistanceHeap(uncheckedEntries: [.init(distance: 1, node: 0), .init(distance: 2, node: 1),
                                                    .init(distance: 2, node: 2), .init(distance: 5, node: 0),
                                                    .init(distance: 1, node: 7), .init(distance: 3, node: 3)])
        #expect(sound.invariantViolation() == nil)
        // Entry 5's parent is entry 1 (four children per entry): 1.5 sorts before 2.
        let outOfOrder = DistanceHeap(uncheckedEntries: [.init(distance: 1, node: 0), .init(distance: 2, node: 1),
                                                         .init(distance: 2, node: 2), .init(distance: 5, node: 0),
                                                         .init(distance: 1, node: 7), .init(distance: 1.5, node: 3)])
        let problem = try #require(outOfOrder.invariantViolation())
        #expect(problem.hasPrefix("entry 5 (1.5, node 3) sorts before its parent 1"))
        // Equal distances: the lower node must come first.
        let tie = DistanceHeap(uncheckedEntries: [.init(distance: 1, node: 4), .init(distance: 1, node: 3)])
        #expect(tie.invariantViolation()?.hasPrefix("entry 1 (1.0, node 3) sorts before its parent 0") == true)
        let nan = DistanceHeap(uncheckedEntries: [.init(distance: 1, node: 0), .init(distance: .nan, node: 1)])
        #expect(nan.invariantViolation() == "entry 1 holds distance nan, node 1")
    }
}

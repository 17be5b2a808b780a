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

    @Test("A negative, infinite or NaN edge length is reported")
    func badLength() throws {
        let network = Self.twoComponents()
        for bad in [-1.0, .infinity, .nan] {
            var lengths = network.edgeLength
            lengths[3] = bad
            let problem = try #require(network.editedForTesting(.edgeLength(lengths)).invariantViolation())
            #expect(problem.hasPrefix("edge 3 has length"))
        }
    }

    @Test("Shape measures that fall along an edge are reported")
    func fallingMeasure() throws {
        let network = Self.twoComponents()
        let bent = try #require((0..<network.edgeCount).first { network.shape(ofEdge: $0).count == 3 })
        var measures = network.shapeMeasure
        measures[Int(network.shapeOffset[bent]) + 1] = -1
        let problem = try #require(network.editedForTesting(.shapeMeasure(measures)).invariantViolation())
        #expect(problem == "the measures of edge \(bent) fall at shape point \(Int(network.shapeOffset[bent]) + 1)")
    }

    @Test("CSR offsets that are not monotone, or do not start at 0, are reported")
    func offsets() throws {
        let network = Self.twoComponents()
        var offsets = network.adjacencyOffset
        offsets[4] = offsets[5] + 1
        let falling = try #require(network.editedForTesting(.adjacencyOffset(offsets)).invariantViolation())
        #expect(falling == "adjacencyOffset falls at node 4")
        offsets = network.adjacencyOffset
        offsets[0] = 1
        let start = try #require(network.editedForTesting(.adjacencyOffset(offsets)).invariantViolation())
        #expect(start.hasPrefix("adjacencyOffset (12 entries) does not span"))
    }

    @Test("A CSR target out of range, or an edge listed twice at one end, is reported")
    func targets() throws {
        let network = Self.twoComponents()
        var targets = network.adjacencyTarget
        targets[5] = Int32(network.nodeCount)
        let outside = try #require(network.editedForTesting(.adjacencyTarget(targets)).invariantViolation())
        #expect(outside == "adjacency entry 5 points at node \(network.nodeCount) of \(network.nodeCount)")
        // Entry 0 sits at node 0; point it back at node 0 itself: its edge is no longer listed at its
        // other end (the adjacency stops being symmetric) although every index is in range.
        targets = network.adjacencyTarget
        targets[0] = 0
        let asymmetric = try #require(network.editedForTesting(.adjacencyTarget(targets)).invariantViolation())
        #expect(asymmetric.hasPrefix("adjacency entry 0 lists edge \(network.adjacencyEdge[0]) at node 0 towards node 0"))
    }

    @Test("A node labelled with another component than its neighbours is reported")
    func components() throws {
        let network = Self.twoComponents()
        var labels = network.nodeComponent
        labels[0] = 1  // the grid's first node moved to the lone street's component
        let crossing = try #require(network.editedForTesting(.nodeComponent(labels)).invariantViolation())
        #expect(crossing.hasPrefix("edge ") && crossing.hasSuffix("joins components 1 and 0"))
        labels[0] = 2
        let outside = try #require(network.editedForTesting(.nodeComponent(labels)).invariantViolation())
        #expect(outside == "node 0 is in component 2 of 2")
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

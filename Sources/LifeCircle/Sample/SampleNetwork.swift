import Foundation

/// The synthetic walk network of one tile, in local metres, inside the real district outline: three
/// jittered, slightly rotated street grids (dense south of Suzhou Creek, medium between the creek
/// and the railway, coarse with estate paths in the north) joined only by a few bridges and rail
/// crossings, with lilong lanes, park holes (the real parks, roughly where they are), park path
/// islands and dead ends.
///
/// Lines meet only at shared nodes: every edge is a two-point line between node indices, so crossing
/// streets always share their intersection vertex.
struct SampleNetwork {
    /// What an edge does at a barrier: a bridge over Suzhou Creek, a tunnel under the railway, or
    /// a pedestrian overpass over a street (crossing it without a junction).
    enum Crossing { case none, bridge, tunnel, overpass }

    struct Edge {
        var a: Int
        var b: Int
        var highway: String
        var name: String
        var crossing: Crossing = .none
        var removed = false
    }

    /// The nodes of one zone's grid, row-major; -1 where no node was kept.
    struct Grid {
        var zone: Int
        var rows: Int
        var cols: Int
        var node: [Int]
        /// Every grid position, kept or not (residents fill the blocks they span).
        var positions: [Position] = []
        var rowNames: [String]
        var colNames: [String]
        /// The edge from (r, c) to (r, c + 1), or -1.
        var eastEdge: [Int] = []

        func at(_ r: Int, _ c: Int) -> Int? {
            guard r >= 0, r < rows, c >= 0, c < cols else { return nil }
            let n = node[r * cols + c]
            return n >= 0 ? n : nil
        }
    }

    /// A park: no streets inside; optionally a loop path that is not connected (an island).
    struct Park {
        var name: String
        var centre: Position
        var radius: Double
        var loopRadius: Double
    }

    var nodes: [Position] = []
    /// The name of a road through each node (for facility names).
    var nodeRoad: [String] = []
    var edges: [Edge] = []
    var grids: [Grid] = []
    var parks: [Park] = []
    /// Spots inside the big park that are more than 500 m from every line (for unreachable residents).
    var farSpots: [Position] = []

    /// Builds the network of one tile.
    ///
    /// - Complexity: O(N + E · (B + C)) for N nodes, E edges, B barrier vertices and C crossing candidates.
    init(shape: DistrictShape, random rng: inout SplitMix64) {
        parks = JinganFacts.parks.map {
            Park(name: $0.name, centre: shape.frame.metres($0.centre), radius: $0.radius, loopRadius: $0.loopRadius)
        }
        var g = rng.derived(1)
        grids.append(buildGrid(shape: shape, zone: 0, rotation: -0.07, spacing: { _ in (80, 150) },
                               rowNames: JinganFacts.southEastWest, colNames: JinganFacts.southNorthSouth, random: &g))
        g = rng.derived(2)
        grids.append(buildGrid(shape: shape, zone: 1, rotation: 0.1, spacing: { _ in (130, 220) },
                               rowNames: JinganFacts.middleEastWest, colNames: JinganFacts.middleNorthSouth, random: &g))
        g = rng.derived(3)
        let railY = shape.station.y
        grids.append(buildGrid(shape: shape, zone: 2, rotation: 0.03, spacing: { y in
            let f = min(1, max(0, (y - railY) / 2_500))
            return (180 + 70 * f, 250 + 150 * f)
        }, rowNames: JinganFacts.northEastWest, colNames: JinganFacts.northNorthSouth, random: &g))
        g = rng.derived(4)
        addGridEdges(random: &g)
        g = rng.derived(5)
        addLanes(grid: grids[0], probability: 0.3, random: &g)
        addEstatePaths(grid: grids[2], probability: 0.5, random: &g)
        addParkLoops()
        removeBarrierCrossings(shape: shape)
        g = rng.derived(7)
        addFootbridges(grid: grids[1], count: 2, shape: shape, random: &g)
        g = rng.derived(6)
        addCrossings(lower: grids[0], upper: grids[1], barrier: shape.creekLine, count: 5, maxLength: 330,
                     names: JinganFacts.creekBridges, crossing: .bridge, random: &g)
        addCrossings(lower: grids[1], upper: grids[2], barrier: shape.railLine, count: 6, maxLength: 480,
                     names: JinganFacts.railCrossings, crossing: .tunnel, random: &g)
        findFarSpots()
    }

    func inPark(_ p: Position, margin: Double = 0) -> Bool {
        parks.contains { $0.centre.distance(to: p) < $0.radius + margin }
    }

    mutating func addNode(_ p: Position, road: String) -> Int {
        nodes.append(p)
        nodeRoad.append(road)
        return nodes.count - 1
    }

    private mutating func buildGrid(
        shape: DistrictShape, zone: Int, rotation: Double, spacing: (Double) -> (Double, Double),
        rowNames: [String], colNames: [String], random rng: inout SplitMix64
    ) -> Grid {
        let box = shape.zoneBoxes[zone]
        let xMin = box.minX, xMax = box.maxX, yMin = box.minY, yMax = box.maxY
        let centre = Position(x: (xMin + xMax) / 2, y: (yMin + yMax) / 2)
        let half = 0.5 * ((xMax - xMin) * (xMax - xMin) + (yMax - yMin) * (yMax - yMin)).squareRoot() + 300
        let cosR = cos(rotation), sinR = sin(rotation)
        var rowsAt: [Double] = []
        var v = -half
        while v <= half {
            rowsAt.append(v)
            let (lo, hi) = spacing(centre.y + v)
            v += rng.uniform(lo, hi)
        }
        var colsAt: [Double] = []
        v = -half
        while v <= half {
            colsAt.append(v)
            let (lo, hi) = spacing(centre.y + half)  // columns use the zone's coarsest spacing
            v += zone == 2 ? rng.uniform(220, 380) : rng.uniform(lo, hi)
        }
        var grid = Grid(zone: zone, rows: rowsAt.count, cols: colsAt.count,
                        node: Array(repeating: -1, count: rowsAt.count * colsAt.count), rowNames: [], colNames: [])
        var kept: [(index: Int, p: Position)] = []
        var rowUsed = Array(repeating: false, count: grid.rows), colUsed = Array(repeating: false, count: grid.cols)
        for r in 0..<rowsAt.count {
            for c in 0..<colsAt.count {
                let lx = colsAt[c] + rng.uniform(-10, 10), ly = rowsAt[r] + rng.uniform(-10, 10)
                let p = Position(x: centre.x + cosR * lx - sinR * ly, y: centre.y + sinR * lx + cosR * ly)
                grid.positions.append(p)
                // Streets run on a little beyond the district's edge, as real roads do.
                guard shape.zone(of: p, margin: -80) == zone, !inPark(p) else { continue }
                kept.append((r * grid.cols + c, p))
                rowUsed[r] = true
                colUsed[c] = true
            }
        }
        // Name the rows and columns that hold nodes, south to north and west to east.
        func names(_ used: [Bool], _ pool: [String]) -> [String] {
            var out = Array(repeating: "", count: used.count)
            var k = 0
            for i in 0..<used.count where used[i] {
                out[i] = pool[k % pool.count]
                k += 1
            }
            return out
        }
        grid.rowNames = names(rowUsed, rowNames)
        grid.colNames = names(colUsed, colNames)
        for (index, p) in kept {
            grid.node[index] = addNode(p, road: grid.rowNames[index / grid.cols])
        }
        return grid
    }
}

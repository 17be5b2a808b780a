import Foundation

extension SampleNetwork {
    /// Streets along grid rows and columns; arterials every few lines, a few minor links missing.
    ///
    /// - Complexity: O(grid cells).
    mutating func addGridEdges(random rng: inout SplitMix64) {
        for gi in 0..<grids.count {
            var grid = grids[gi]
            let every = [4, 3, 2][grid.zone]
            let drop = [0.03, 0.04, 0.05][grid.zone]
            func highway(_ line: Int) -> String {
                if line % every != 1 { return grid.zone == 2 ? "tertiary" : "residential" }
                return (line / every) % 3 == 0 ? "primary" : "secondary"
            }
            grid.eastEdge = Array(repeating: -1, count: grid.rows * grid.cols)
            for r in 0..<grid.rows {
                for c in 0..<grid.cols {
                    guard let a = grid.at(r, c) else { continue }
                    if let b = grid.at(r, c + 1) {
                        let hw = highway(r)
                        if hw == "primary" || hw == "secondary" || !rng.chance(drop) {
                            edges.append(Edge(a: a, b: b, highway: hw, name: grid.rowNames[r]))
                            grid.eastEdge[r * grid.cols + c] = edges.count - 1
                        }
                    }
                    if let b = grid.at(r + 1, c) {
                        let hw = highway(c)
                        if hw == "primary" || hw == "secondary" || !rng.chance(drop) {
                            edges.append(Edge(a: a, b: b, highway: hw, name: grid.colNames[c]))
                        }
                    }
                }
            }
            grids[gi] = grid
        }
    }

    /// Shanghai lilong lanes (弄): dead-end footways from the middle of a block's south side into it.
    /// The side street is split where the lane starts so that they share a vertex.
    mutating func addLanes(grid: Grid, probability: Double, random rng: inout SplitMix64) {
        for r in 0..<(grid.rows - 1) {
            for c in 0..<(grid.cols - 1) {
                guard let n00 = grid.at(r, c), let n01 = grid.at(r, c + 1), let n10 = grid.at(r + 1, c),
                      let n11 = grid.at(r + 1, c + 1) else { continue }
                let e = grid.eastEdge[r * grid.cols + c]
                guard e >= 0, rng.chance(probability) else { continue }
                let t = rng.uniform(0.35, 0.65)
                let start = PlanarGeometry.lerp(nodes[n00], nodes[n01], t)
                let across = PlanarGeometry.lerp(nodes[n10], nodes[n11], t)
                let end = PlanarGeometry.lerp(start, across, rng.uniform(0.35, 0.55))
                let road = grid.rowNames[r]
                let m = addNode(start, road: road)
                let tip = addNode(end, road: road)
                let old = edges[e]
                edges[e].b = m
                edges.append(Edge(a: m, b: old.b, highway: old.highway, name: old.name))
                edges.append(Edge(a: m, b: tip, highway: "footway", name: "\(road)\(2 * rng.below(600) + 2)弄"))
            }
        }
    }

    /// Estate paths (小区道路) in the large northern blocks: a diagonal path through the block's
    /// middle joining two corners, and a dead-end spur.
    mutating func addEstatePaths(grid: Grid, probability: Double, random rng: inout SplitMix64) {
        for r in 0..<(grid.rows - 1) {
            for c in 0..<(grid.cols - 1) {
                guard let n00 = grid.at(r, c), let n01 = grid.at(r, c + 1), let n10 = grid.at(r + 1, c),
                      let n11 = grid.at(r + 1, c + 1) else { continue }
                let quad = [nodes[n00], nodes[n01], nodes[n11], nodes[n10], nodes[n00]]
                guard abs(PlanarGeometry.doubleSignedArea(quad)) / 2 > 40_000, rng.chance(probability) else { continue }
                let s = rng.uniform(0.42, 0.58), t = rng.uniform(0.42, 0.58)
                let centre = PlanarGeometry.lerp(PlanarGeometry.lerp(nodes[n00], nodes[n01], s),
                                                 PlanarGeometry.lerp(nodes[n10], nodes[n11], s), t)
                guard !inPark(centre, margin: 20) else { continue }
                let road = grid.rowNames[r]
                let name = "\(road)\(10 * rng.below(100) + 10)弄"
                let m = addNode(centre, road: road)
                // Either diagonal; the spur heads for one of the other two corners.
                let (from, to, side) = rng.chance(0.5) ? (n00, n11, rng.chance(0.5) ? n10 : n01) : (n01, n10, rng.chance(0.5) ? n00 : n11)
                let spur = addNode(PlanarGeometry.lerp(centre, nodes[side], rng.uniform(0.4, 0.6)), road: road)
                edges.append(Edge(a: from, b: m, highway: "footway", name: name))
                edges.append(Edge(a: m, b: to, highway: "footway", name: name))
                edges.append(Edge(a: m, b: spur, highway: "footway", name: name))
            }
        }
    }

    /// Pedestrian overpasses (人行天桥): a footway that climbs from one block, passes over a
    /// street without meeting it (no shared vertex, so no junction) and comes down in the next
    /// block; ramps join the street corners on either side.
    ///
    /// - Complexity: O(tries · E).
    mutating func addFootbridges(grid: Grid, count: Int, shape: DistrictShape, random rng: inout SplitMix64) {
        var placed = 0
        var tries = 0
        while placed < count && tries < 400 {
            tries += 1
            let r = 1 + rng.below(max(1, grid.rows - 2)), c = rng.below(max(1, grid.cols - 1))
            guard let sw = grid.at(r - 1, c), let se = grid.at(r - 1, c + 1), let nw = grid.at(r, c), let ne = grid.at(r, c + 1),
                  let nnw = grid.at(r + 1, c), let nne = grid.at(r + 1, c + 1) else { continue }
            let e = grid.eastEdge[r * grid.cols + c]
            guard e >= 0, !edges[e].removed, edges[e].a == nw, edges[e].b == ne else { continue }
            // Bilinear points inside the block south of the street and the block north of it.
            func inBlock(_ a: Int, _ b: Int, _ d: Int, _ f: Int, _ s: Double, _ t: Double) -> Position {
                PlanarGeometry.lerp(PlanarGeometry.lerp(nodes[a], nodes[b], s), PlanarGeometry.lerp(nodes[d], nodes[f], s), t)
            }
            let south = inBlock(sw, se, nw, ne, 0.5, 0.82), north = inBlock(nw, ne, nnw, nne, 0.5, 0.18)
            let segments = [(south, north), (nodes[nw], south), (north, nodes[ne])]
            let hitsBarrier = segments.contains {
                PlanarGeometry.crosses($0.0, $0.1, polyline: shape.creekLine) || PlanarGeometry.crosses($0.0, $0.1, polyline: shape.railLine)
            }
            guard !hitsBarrier, !inPark(south, margin: 10), !inPark(north, margin: 10) else { continue }
            // The span crosses exactly the one street below it; the ramps cross nothing.
            var spanHits: [Int] = []
            var rampHit = false
            for (k, other) in edges.enumerated() where !other.removed {
                let a = nodes[other.a], b = nodes[other.b]
                if PlanarGeometry.segmentsIntersect(south, north, a, b) { spanHits.append(k) }
                if other.a != nw && other.b != nw && PlanarGeometry.segmentsIntersect(nodes[nw], south, a, b) { rampHit = true }
                if other.a != ne && other.b != ne && PlanarGeometry.segmentsIntersect(north, nodes[ne], a, b) { rampHit = true }
            }
            guard spanHits == [e], !rampHit else { continue }
            let name = "\(grid.rowNames[r])人行天桥"
            let s = addNode(south, road: grid.rowNames[r]), n = addNode(north, road: grid.rowNames[r])
            edges.append(Edge(a: nw, b: s, highway: "footway", name: name))
            edges.append(Edge(a: s, b: n, highway: "footway", name: name, crossing: .overpass))
            edges.append(Edge(a: n, b: ne, highway: "footway", name: name))
            placed += 1
        }
    }

    /// A loop path inside each small park, not connected to the streets: islands of the network.
    mutating func addParkLoops() {
        for park in parks where park.loopRadius > 0 {
            let first = nodes.count
            for k in 0..<8 {
                let a = 2 * Double.pi * Double(k) / 8
                _ = addNode(Position(x: park.centre.x + park.loopRadius * cos(a), y: park.centre.y + park.loopRadius * sin(a)),
                            road: park.name)
            }
            for k in 0..<8 {
                edges.append(Edge(a: first + k, b: first + (k + 1) % 8, highway: "footway", name: "\(park.name)园路"))
            }
        }
    }

    /// Drops ordinary edges that would cross Suzhou Creek or the railway.
    ///
    /// - Complexity: O(E · B).
    mutating func removeBarrierCrossings(shape: DistrictShape) {
        for i in 0..<edges.count where edges[i].crossing == .none {
            let a = nodes[edges[i].a], b = nodes[edges[i].b]
            if PlanarGeometry.crosses(a, b, polyline: shape.creekLine) || PlanarGeometry.crosses(a, b, polyline: shape.railLine) {
                edges[i].removed = true
            }
        }
    }

    /// Degree of every node over the kept edges.
    func degrees() -> [Int] {
        var d = Array(repeating: 0, count: nodes.count)
        for e in edges where !e.removed {
            d[e.a] += 1
            d[e.b] += 1
        }
        return d
    }

    /// Bridges or underpasses: straight links from the last connected node of a column below the
    /// barrier to the nearest first connected node above it, spread west to east along the
    /// barrier, no two landing on the same node, crossing no other line; named from `names` west to east.
    ///
    /// - Complexity: O(cols · (cols + E)).
    mutating func addCrossings(
        lower: Grid, upper: Grid, barrier: [Position], count: Int, maxLength: Double,
        names: [String], crossing: Crossing, random rng: inout SplitMix64
    ) {
        let degree = degrees()
        func connected(_ n: Int?) -> Int? { n.flatMap { degree[$0] > 0 ? $0 : nil } }
        let tops = (0..<lower.cols).compactMap { c in (0..<lower.rows).reversed().lazy.compactMap { connected(lower.at($0, c)) }.first }
        let bottoms = (0..<upper.cols).compactMap { c in (0..<upper.rows).lazy.compactMap { connected(upper.at($0, c)) }.first }
        var candidates: [(x: Double, a: Int, b: Int)] = []
        for a in tops {
            guard let b = bottoms.min(by: { nodes[$0].distance(to: nodes[a]) < nodes[$1].distance(to: nodes[a]) }) else { continue }
            let pa = nodes[a], pb = nodes[b]
            guard pa.distance(to: pb) <= maxLength, PlanarGeometry.crosses(pa, pb, polyline: barrier) else { continue }
            let blocked = edges.contains { e in
                !e.removed && e.a != a && e.b != a && e.a != b && e.b != b
                    && PlanarGeometry.segmentsIntersect(pa, pb, nodes[e.a], nodes[e.b])
            }
            if !blocked { candidates.append((pa.x, a, b)) }
        }
        candidates.sort { $0.x != $1.x ? $0.x < $1.x : $0.a < $1.a }
        guard let west = candidates.first?.x, let east = candidates.last?.x else { return }
        let span = max(1, east - west)
        var chosen: [Int] = []
        for k in 0..<count {
            let target = west + span * (Double(k) + rng.uniform(0.3, 0.7)) / Double(count)
            let best = candidates.indices.filter { i in
                !chosen.contains(i) && chosen.allSatisfy {
                    candidates[$0].b != candidates[i].b && nodes[candidates[$0].a].distance(to: nodes[candidates[i].a]) > 200
                }
            }.min { abs(candidates[$0].x - target) < abs(candidates[$1].x - target) }
            if let best { chosen.append(best) }
        }
        for (k, i) in chosen.sorted().enumerated() {
            let c = candidates[i]
            edges.append(Edge(a: c.a, b: c.b, highway: "secondary", name: names[k % names.count], crossing: crossing))
        }
    }

    /// Points near the big park's centre that are more than 505 m from every line.
    mutating func findFarSpots() {
        farSpots = []
        for park in parks where park.radius >= 550 {
            let spots = [(0.0, 0.0), (25.0, 10.0), (-20.0, 18.0), (8.0, -26.0)].map {
                Position(x: park.centre.x + $0.0, y: park.centre.y + $0.1)
            }
            for p in spots {
                var d = Double.infinity
                for e in edges where !e.removed { d = min(d, PlanarGeometry.distance(p, nodes[e.a], nodes[e.b])) }
                if d > 505 { farSpots.append(p) }
            }
        }
    }
}

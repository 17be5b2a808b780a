import Foundation
import Testing
@testable import LifeCircle

private func square(_ x: Double, _ y: Double, _ size: Double) -> [Position] {
    [.init(x: x, y: y), .init(x: x + size, y: y), .init(x: x + size, y: y + size), .init(x: x, y: y + size), .init(x: x, y: y)]
}

@Suite struct GeometryTests {
    @Test func roundTripKeepsEveryGeometryKind() throws {
        let hole: [Position] = [.init(x: 0.25, y: 0.25), .init(x: 0.25, y: 0.75), .init(x: 0.75, y: 0.75), .init(x: 0.75, y: 0.25), .init(x: 0.25, y: 0.25)]
        let cases: [Geometry] = [
            .point(.init(x: 1.5, y: -2)),
            .multiPoint([.init(x: 0, y: 0), .init(x: 1, y: 1)]),
            .lineString([.init(x: 0, y: 0), .init(x: 3, y: 4)]),
            .multiLineString([[.init(x: 0, y: 0), .init(x: 1, y: 0)], [.init(x: 2, y: 2), .init(x: 2, y: 3)]]),
            .polygon([square(0, 0, 1), hole]),
            .multiPolygon([[square(0, 0, 1)], [square(5, 5, 2)]]),
            .geometryCollection([.point(.init(x: 9, y: 9)), .lineString([.init(x: 0, y: 0), .init(x: 1, y: 2)])]),
        ]
        for g in cases {
            #expect(try GeosGeometry(g).toGeometry() == g)
        }
    }

    @Test func roundingThatBreaksValidityIsSnapRoundedInstead() throws {
        // Two squares 0.4e-7° apart: rounded to 7 decimals they share an edge, so their union as a
        // MultiPolygon becomes invalid; the service-area writer snap-rounds it to the grid instead.
        let a = square(121.0, 31.0, 0.001)
        let b = square(121.00100004, 31.0, 0.001)
        let g = Geometry.multiPolygon([[a], [b]])
        #expect(try GeosGeometry(g).isValid)
        let plain = g.mapPositions { Position(x: ($0.x * 1e7).rounded() / 1e7, y: ($0.y * 1e7).rounded() / 1e7) }
        #expect(try !GeosGeometry(plain).isValid)
        let fixed = try #require(try ServiceArea.validRounded(g))
        let geos = try GeosGeometry(fixed)
        #expect(try geos.isValid)
        #expect(abs(try geos.area - 2e-6) < 1e-12)
        var onGrid = true
        _ = fixed.mapPositions { p in
            if abs(p.x * 1e7 - (p.x * 1e7).rounded()) > 1e-6 || abs(p.y * 1e7 - (p.y * 1e7).rounded()) > 1e-6 { onGrid = false }
            return p
        }
        #expect(onGrid)
    }

    @Test func areaAndLengthOfSquareWithHole() throws {
        let hole = square(0.25, 0.25, 0.5)
        let g = try GeosGeometry(.polygon([square(0, 0, 1), hole]))
        #expect(abs(try g.area - 0.75) < 1e-12)
        #expect(abs(try g.length - 6) < 1e-12)
        #expect(try g.isValid)
        #expect(try g.envelope == BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1))
    }

    @Test func bowtieIsInvalidAndMakeValidRepairsIt() throws {
        let bowtie: Geometry = .polygon([[.init(x: 0, y: 0), .init(x: 1, y: 1), .init(x: 1, y: 0), .init(x: 0, y: 1), .init(x: 0, y: 0)]])
        let g = try GeosGeometry(bowtie)
        #expect(try !g.isValid)
        #expect(try g.validityReason.contains("Self-intersection"))
        let fixed = try g.makeValid()
        #expect(try fixed.isValid)
        #expect(abs(try fixed.area - 0.5) < 1e-12)
    }

    @Test func openRingThrowsWithGEOSMessage() throws {
        let open: Geometry = .polygon([[.init(x: 0, y: 0), .init(x: 1, y: 0), .init(x: 1, y: 1), .init(x: 0, y: 1)]])
        do {
            _ = try GeosGeometry(open)
            Issue.record("an open ring was accepted")
        } catch let error as LibraryError {
            #expect(error.library == "GEOS")
            #expect(error.message.lowercased().contains("closed"))
        }
        // The context keeps working after an error, and the old message is not reported again.
        #expect(abs(try GeosGeometry(.polygon([square(0, 0, 2)])).area - 4) < 1e-12)
    }

    @Test func pointOnSurfaceLiesInsideConcavePolygon() throws {
        // A U shape whose centroid falls in the notch.
        let u: Geometry = .polygon([[
            .init(x: 0, y: 0), .init(x: 3, y: 0), .init(x: 3, y: 3), .init(x: 2, y: 3), .init(x: 2, y: 1),
            .init(x: 1, y: 1), .init(x: 1, y: 3), .init(x: 0, y: 3), .init(x: 0, y: 0),
        ]])
        let g = try GeosGeometry(u)
        let inside = try g.pointOnSurface()
        #expect(try g.covers(GeosGeometry(point: inside)))
        let c = try g.centroid()
        #expect(abs(c.x - 1.5) < 1e-12)
        #expect(try !g.covers(GeosGeometry(point: c)))
        #expect(try GeosGeometry(.polygon([square(0, 0, 1)])).centroid() == Position(x: 0.5, y: 0.5))
    }

    @Test func bufferOfPointApproachesCircleArea() throws {
        let p = try GeosGeometry(point: .init(x: 10, y: 10))
        let coarse = try p.buffer(1, quadrantSegments: 8).area
        let fine = try p.buffer(1, quadrantSegments: 64).area
        // A regular 32-gon inscribed in the unit circle: 16·sin(2π/32).
        #expect(abs(coarse - 16 * sin(2 * Double.pi / 32)) < 1e-9)
        #expect(abs(fine - Double.pi) < 0.001)
    }

    @Test func overlayOperationsOnOverlappingSquares() throws {
        let a = try GeosGeometry(.polygon([square(0, 0, 2)]))
        let b = try GeosGeometry(.polygon([square(1, 1, 2)]))
        #expect(abs(try a.union(b).area - 7) < 1e-12)
        #expect(abs(try a.intersection(b).area - 1) < 1e-12)
        #expect(abs(try a.difference(b).area - 3) < 1e-12)
        #expect(try a.intersects(b))
        #expect(try !a.contains(b))
        let far = try GeosGeometry(.polygon([square(10, 10, 1)]))
        let none = try a.intersection(far)
        #expect(try none.isEmpty)
        #expect(try none.envelope == nil)
        #expect(try a.distance(to: GeosGeometry(point: .init(x: 5, y: 6))) == 5)
    }

    @Test func unaryUnionDissolvesAdjacentSquares() throws {
        let m = try GeosGeometry(.multiPolygon([[square(0, 0, 1)], [square(1, 0, 1)]]))
        let dissolved = try m.unaryUnion()
        guard case .polygon(let rings) = try dissolved.toGeometry() else {
            Issue.record("expected one polygon")
            return
        }
        #expect(rings.count == 1)
        #expect(abs(try dissolved.area - 2) < 1e-12)
        #expect(abs(try dissolved.length - 6) < 1e-12)
    }

    @Test func boundaryOfPolygonIsItsRing() throws {
        let g = try GeosGeometry(.polygon([square(0, 0, 1)]))
        let b = try g.boundary()
        #expect(abs(try b.length - 4) < 1e-12)
        // Inside the square, 0.25 from the left edge.
        #expect(abs(try b.distance(to: GeosGeometry(point: .init(x: 0.25, y: 0.5))) - 0.25) < 1e-12)
    }

    @Test func preparedContainsExcludesBoundaryCoversIncludesIt() throws {
        let prepared = try PreparedGeosGeometry(GeosGeometry(.polygon([square(0, 0, 1)])))
        #expect(try prepared.contains(.init(x: 0.5, y: 0.5)))
        #expect(try prepared.covers(.init(x: 0.5, y: 0.5)))
        #expect(try !prepared.contains(.init(x: 1, y: 0.5)))
        #expect(try prepared.covers(.init(x: 1, y: 0.5)))
        #expect(try !prepared.covers(.init(x: 1.01, y: 0.5)))
        #expect(try prepared.intersects(GeosGeometry(.lineString([.init(x: -1, y: 0.5), .init(x: 0.1, y: 0.5)]))))
        #expect(try !prepared.intersects(GeosGeometry(.lineString([.init(x: -1, y: 2), .init(x: 3, y: 2)]))))
    }

    @Test func currentContextIsOnePerThread() throws {
        #expect(try GeosContext.current === GeosContext.current)
    }

    @Test func threadsEachUseTheirOwnContextAndAgree() throws {
        // Four threads each build a PolygonIndex with their own `GeosContext.current` and locate
        // the same points; all must agree with a single-threaded run.
        let polygons: [Geometry] = (0..<16).map { .polygon([square(Double($0 % 4), Double($0 / 4), 1)]) }
        var rng = SplitMix64(seed: 3)
        let points = (0..<2000).map { _ in Position(x: rng.uniform(-0.5...4.5), y: rng.uniform(-0.5...4.5)) }
        let index = try PolygonIndex(polygons: polygons)
        let expected = try points.map { try index.locate($0) }
        let found = Parallel.tasks(count: 4) { _ -> [Int?] in
            guard let local = try? PolygonIndex(polygons: polygons) else { return [] }
            return (try? points.map { try local.locate($0) }) ?? []
        }
        #expect(found.count == 4)
        for worker in found.indices { #expect(found[worker] == expected) }
    }
}

extension GeometryTests {
    @Suite struct STRtree {
        /// A 10 × 10 grid of unit boxes with a gap of 1, payload = 100 + row·10 + column.
        private func gridTree() throws -> GeosSTRtree {
            let tree = try GeosSTRtree()
            for row in 0..<10 {
                for col in 0..<10 {
                    let box = BoundingBox(minX: Double(col * 2), minY: Double(row * 2), maxX: Double(col * 2 + 1), maxY: Double(row * 2 + 1))
                    try tree.insert(100 + row * 10 + col, box: box)
                }
            }
            try tree.build()
            return tree
        }

        @Test func queryReturnsIntersectingBoxesSorted() throws {
            let tree = try gridTree()
            #expect(try tree.query(BoundingBox(minX: 0.5, minY: 0.5, maxX: 2.5, maxY: 2.5)) == [100, 101, 110, 111])
            #expect(try tree.query(BoundingBox(minX: 1.2, minY: 1.2, maxX: 1.8, maxY: 1.8)) == [])
            #expect(try tree.query(BoundingBox(minX: -100, minY: -100, maxX: 100, maxY: 100)).count == 100)
        }

        @Test func insertAfterBuildThrows() throws {
            let tree = try gridTree()
            #expect(throws: LibraryError.self) { try tree.insert(1, box: BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1)) }
        }

        @Test func nearestMatchesBruteForce() throws {
            let tree = try GeosSTRtree()
            var rng = SplitMix64(seed: 42)
            var points: [Position] = []
            for i in 0..<300 {
                let p = Position(x: rng.uniform(0...1000), y: rng.uniform(0...1000))
                points.append(p)
                try tree.insert(i, geometry: GeosGeometry(point: p))
            }
            for _ in 0..<200 {
                let q = Position(x: rng.uniform(-100...1100), y: rng.uniform(-100...1100))
                var best = 0
                for i in points.indices where q.distance(to: points[i]) < q.distance(to: points[best]) { best = i }
                #expect(try tree.nearest(to: q) == best)
            }
        }

        @Test func nearestBreaksTiesByLowestPayloadAndUsesGeometry() throws {
            let tree = try GeosSTRtree()
            // Two lines at distance 1 from the origin, inserted with the higher payload first.
            try tree.insert(7, geometry: GeosGeometry(.lineString([.init(x: 1, y: -5), .init(x: 1, y: 5)])))
            try tree.insert(3, geometry: GeosGeometry(.lineString([.init(x: -1, y: -5), .init(x: -1, y: 5)])))
            // A box whose envelope is close but whose item is farther than its corner suggests is still a box.
            try tree.insert(9, box: BoundingBox(minX: 10, minY: 10, maxX: 11, maxY: 11))
            #expect(try tree.nearest(to: .init(x: 0, y: 0)) == 3)
            #expect(try tree.nearest(to: .init(x: 0.5, y: 0)) == 7)
            #expect(try tree.nearest(to: .init(x: 12, y: 12)) == 9)
            #expect(try GeosSTRtree().nearest(to: .init(x: 0, y: 0)) == nil)
        }
    }

}

extension GeometryTests {
    @Suite struct PolygonIndexLocate {
        @Test func locateReturnsLowestCoveringPolygon() throws {
            // 3 × 3 unit squares sharing edges, index = row·3 + column, plus a big square over all (index 9).
            var polygons: [Geometry] = []
            for row in 0..<3 { for col in 0..<3 { polygons.append(.polygon([square(Double(col), Double(row), 1)])) } }
            polygons.append(.polygon([square(-1, -1, 5)]))
            let index = try PolygonIndex(polygons: polygons)
            #expect(try index.locate(.init(x: 0.5, y: 0.5)) == 0)
            #expect(try index.locate(.init(x: 2.5, y: 1.5)) == 5)
            // On the edge shared by 4 and 5, and on the corner shared by 0, 1, 3, 4.
            #expect(try index.locate(.init(x: 2, y: 1.5)) == 4)
            #expect(try index.locate(.init(x: 1, y: 1)) == 0)
            #expect(try index.locate(.init(x: 3.5, y: 3.5)) == 9)
            #expect(try index.locate(.init(x: 10, y: 10)) == nil)
        }

        @Test func locateHonoursHolesAndMatchesBruteForce() throws {
            let ring: Geometry = .polygon([square(0, 0, 10), square(3, 3, 4)])
            let polygons: [Geometry] = [ring, .multiPolygon([[square(4, 4, 2)], [square(20, 20, 1)]]), .polygon([])]
            let index = try PolygonIndex(polygons: polygons)
            #expect(index.count == 3)
            #expect(try index.locate(.init(x: 1, y: 1)) == 0)
            #expect(try index.locate(.init(x: 5, y: 5)) == 1)
            #expect(try index.locate(.init(x: 3.5, y: 3.5)) == nil)
            #expect(try index.locate(.init(x: 20.5, y: 20.5)) == 1)
            let geos = try polygons.map { try GeosGeometry($0) }
            var rng = SplitMix64(seed: 7)
            for _ in 0..<500 {
                let p = Position(x: rng.uniform(-1...22), y: rng.uniform(-1...22))
                let point = try GeosGeometry(point: p)
                let expected = try geos.firstIndex { try $0.covers(point) }
                #expect(try index.locate(p) == expected)
            }
        }
    }
}

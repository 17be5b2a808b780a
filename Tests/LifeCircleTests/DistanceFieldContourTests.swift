import Foundation
import Testing
@testable import LifeCircle

/// The buffer of lines from a distance field contoured by marching squares: hand-checked areas and
/// topology, and the symmetric difference against GEOS's buffer (32 segments per quadrant) of the
/// same lines on seeded random networks and on Jing'an's real service areas.
@Suite struct DistanceFieldContourTests {
    static let r = 50.0
    static let h = 5.0

    /// The polygons of `lines` (each an outer ring then its holes) at radius 50 m, 5 m cells.
    static func polygons(_ lines: [[Position]], tolerance: Double = 0) throws -> [[[Position]]] {
        let field = try #require(DistanceFieldContour(lines: lines, radius: r, spacing: h))
        return field.polygons(tolerance: tolerance)
    }

    static func area(_ polygon: [[Position]]) -> Double {
        polygon.reduce(0) { $0 + PlanarGeometry.doubleSignedArea($1) / 2 }
    }

    static func p(_ x: Double, _ y: Double) -> Position { Position(x: 350_000 + x, y: 3_450_000 + y) }

    /// Error bounds, from the type's comment: along an arc of radius r the contour is inside the true
    /// circle by at most the interpolation error h²/(8r) plus the sagitta of a chord across a cell,
    /// (h√2)²/(8r): 0.19 m for h = 5, r = 50. A concave corner loses at most half a cell (h²/2).
    /// A crossing is kept `cornerGap`·h (2.5 cm) off the cell corners, which can move a straight side
    /// by as much. Simplifying with tolerance t moves the boundary by at most t more.
    static func bound(arcLength: Double, straightLength: Double, concaveCorners: Int = 0, tolerance: Double = 0) -> Double {
        arcLength * (h * h / (8 * r) + 2 * h * h / (8 * r) + DistanceFieldContour.cornerGap * h + tolerance)
            + straightLength * DistanceFieldContour.cornerGap * h + Double(concaveCorners) * h * h / 2
    }

    @Test func oneSegmentIsARectangleWithTwoHalfDisks() throws {
        // Not aligned with the grid: 200 m at 30°.
        let l = 200.0, a = Double.pi / 6
        let line = [Self.p(3.3, 7.1), Self.p(3.3 + l * cos(a), 7.1 + l * sin(a))]
        let exact = 2 * Self.r * l + Double.pi * Self.r * Self.r
        for tolerance in [0, ServiceArea.simplifyMeters] {
            let polys = try Self.polygons([line], tolerance: tolerance)
            #expect(polys.count == 1 && polys[0].count == 1)
            let got = Self.area(polys[0])
            // The contour lies inside the true buffer: below, by less than the arcs' bound.
            #expect(got < exact + 1 && exact - got < Self.bound(arcLength: 2 * .pi * Self.r, straightLength: 2 * l, tolerance: tolerance),
                    "tolerance \(tolerance): \(got) against \(exact)")
        }
        // Simplified, a straight side is one edge: few vertices (arcs every ~10 m of a 314 m circle).
        let simplified = try Self.polygons([line], tolerance: ServiceArea.simplifyMeters)[0][0]
        #expect(simplified.count < 50, "\(simplified.count) positions")
    }

    @Test func anLShapeHasARoundOuterAndASharpInnerCorner() throws {
        let line = [Self.p(0.7, 0.2), Self.p(200.7, 0.2), Self.p(200.7, 150.2)]
        let polys = try Self.polygons([line])
        #expect(polys.count == 1 && polys[0].count == 1)
        // 2rL − r²·tan(θ/2) + θr²/2 + πr² for a turn θ = 90°.
        let exact = 2 * Self.r * 350 - Self.r * Self.r + Double.pi * Self.r * Self.r / 4 + Double.pi * Self.r * Self.r
        let got = Self.area(polys[0])
        #expect(abs(got - exact) < Self.bound(arcLength: 2.5 * .pi * Self.r, straightLength: 700, concaveCorners: 1), "\(got) against \(exact)")
    }

    @Test func aClosedSquareLoopHasAHole() throws {
        let s = 400.0
        let loop = [Self.p(0, 0), Self.p(s, 0), Self.p(s, s), Self.p(0, s), Self.p(0, 0)]
        for tolerance in [0, ServiceArea.simplifyMeters] {
            let polys = try Self.polygons([loop], tolerance: tolerance)
            #expect(polys.count == 1)
            try #require(polys[0].count == 2, "one outer ring and one hole")
            let outer = PlanarGeometry.doubleSignedArea(polys[0][0]) / 2
            let hole = PlanarGeometry.doubleSignedArea(polys[0][1]) / 2
            #expect(outer > 0 && hole < 0, "outer counterclockwise, hole clockwise")
            let exactOuter = s * s + 4 * s * Self.r + Double.pi * Self.r * Self.r
            let exactHole = (s - 2 * Self.r) * (s - 2 * Self.r)
            #expect(abs(outer - exactOuter) < Self.bound(arcLength: 2 * .pi * Self.r, straightLength: 4 * s, tolerance: tolerance), "\(outer)")
            #expect(abs(-hole - exactHole) < Self.bound(arcLength: 0, straightLength: 4 * (s - 2 * Self.r), concaveCorners: 4, tolerance: tolerance), "\(-hole)")
            #expect(try GeosGeometry(.polygon(polys[0])).isValid)
        }
    }

    @Test func twoFarApartSegmentsAreTwoPolygons() throws {
        let polys = try Self.polygons([[Self.p(0, 0), Self.p(100, 0)], [Self.p(0, 300), Self.p(100, 330)]], tolerance: 0.5)
        #expect(polys.count == 2)
        #expect(polys.allSatisfy { $0.count == 1 })
        let g = try GeosGeometry(.multiPolygon(polys))
        #expect(try g.isValid)
    }

    /// Holes go to the ring that holds them: three cells side by side (a hole whose left neighbour is
    /// another hole), and a small loop inside the hole of a large one (two polygons, one hole each).
    @Test func holesGoToTheRingThatHoldsThem() throws {
        let ladder: [[Position]] = [
            [Self.p(0, 0), Self.p(900, 0), Self.p(900, 300), Self.p(0, 300), Self.p(0, 0)],
            [Self.p(300, 0), Self.p(300, 300)], [Self.p(600, 0), Self.p(600, 300)],
        ]
        let rungs = try Self.polygons(ladder, tolerance: 0.5)
        #expect(rungs.count == 1)
        #expect(rungs.first?.count == 4, "one outer ring and three holes")
        let nested: [[Position]] = [
            [Self.p(0, 0), Self.p(1000, 0), Self.p(1000, 1000), Self.p(0, 1000), Self.p(0, 0)],
            [Self.p(400, 400), Self.p(600, 400), Self.p(600, 600), Self.p(400, 600), Self.p(400, 400)],
        ]
        let twoLoops = try Self.polygons(nested, tolerance: 0.5)
        #expect(twoLoops.count == 2)
        for polygon in twoLoops {
            try #require(polygon.count == 2)
            // The hole lies inside its own outer ring (its first position, by ray casting).
            #expect(PlanarGeometry.contains(polygon[0], polygon[1][0]))
            let outer = Self.area([polygon[0]]), hole = -Self.area([polygon[1]])
            #expect(hole < outer)
        }
        let sorted = twoLoops.sorted { Self.area($0) < Self.area($1) }
        #expect(abs(-Self.area([sorted[0][1]]) - 100 * 100) < Self.bound(arcLength: 0, straightLength: 400, concaveCorners: 4, tolerance: 0.5))
        #expect(abs(-Self.area([sorted[1][1]]) - 900 * 900) < Self.bound(arcLength: 0, straightLength: 3600, concaveCorners: 4, tolerance: 0.5))
        #expect(try GeosGeometry(.multiPolygon(twoLoops)).isValid)
    }

    /// Saddle cells: two disks (single points) overlapping by a cell (5 m) are one polygon, a cell
    /// apart they are two; at random angles and offsets, so the meeting point falls in saddle cells.
    /// (A gap narrower than a cell diagonal can close: two vertices of one cell edge may lie on
    /// either side of it, both inside. Flipping the saddle rule gets 110 of the 200 apart pairs wrong.)
    @Test func saddlesJoinOverlappingDisksAndSeparateApartOnes() throws {
        var rng = SplitMix64(seed: 18)
        var saddles = 0
        for _ in 0..<200 {
            let a = rng.uniform(0, (2 * .pi))
            let o = Self.p(rng.uniform(0, 5), rng.uniform(0, 5))
            for (gap, expected) in [(-Self.h, 1), (Self.h, 2)] {
                let d = 2 * Self.r + gap
                let q = Position(x: o.x + d * cos(a), y: o.y + d * sin(a))
                let polys = try Self.polygons([[o], [q]])
                #expect(polys.count == expected, "angle \(a), gap \(gap)")
                let field = try #require(DistanceFieldContour(lines: [[o], [q]], radius: Self.r, spacing: Self.h))
                saddles += field.saddleCells
            }
        }
        #expect(saddles > 20, "the cases reach saddle cells")
    }

    // MARK: Against GEOS

    /// The symmetric difference with GEOS's buffer of `lines` (32 segments per quadrant, unioned),
    /// as a fraction of GEOS's area; and whether every line vertex is covered.
    static func compareWithGEOS(_ lines: [[Position]]) throws -> (fraction: Double, covers: Bool, valid: Bool) {
        let polys = try #require(ServiceArea.metricArea(lines, bufferMeters: r))
        let ours = try GeosGeometry(polys.geometry)
        let buffers = try lines.map { try GeosGeometry(.lineString($0.count == 1 ? [$0[0], $0[0]] : $0)).buffer(r, quadrantSegments: 32).toGeometry() }
        let reference = try GeosGeometry(.geometryCollection(buffers)).unaryUnion()
        let both = try ours.intersection(reference).area
        let referenceArea = try reference.area
        let symmetric = polys.squareMeters + referenceArea - 2 * both
        let vertices = try GeosGeometry(.multiPoint(lines.flatMap { $0 }))
        return (symmetric / referenceArea, try ours.covers(vertices), try ours.isValid)
    }

    @Test func seededRandomNetworksMatchGEOSBuffers() throws {
        var rng = SplitMix64(seed: 2026)
        for n in [5, 40, 200] {
            // A jittered street grid of n edges in 1 km² (junctions shared, so blocks make holes).
            var lines: [[Position]] = []
            let nodes = (0..<64).map { k in
                Self.p(Double(k % 8) * 140 + rng.uniform(-30, 30),
                       Double(k / 8) * 140 + rng.uniform(-30, 30))
            }
            while lines.count < n {
                let k = rng.below(64)
                let m = rng.chance(0.5) ? k + 1 : k + 8
                guard m < 64, m % 8 != 0 || m == k + 8 else { continue }
                // A piece: the whole edge or a part cut at a random offset.
                let t = Double.random(in: 0.3...1, using: &rng)
                let b = PlanarGeometry.lerp(nodes[k], nodes[m], t)
                lines.append([nodes[k], b])
            }
            let c = try Self.compareWithGEOS(lines)
            #expect(c.fraction < 0.005, "\(n) pieces: symmetric difference \(c.fraction)")
            #expect(c.covers && c.valid, "\(n) pieces")
        }
    }

    @Test func jinganServiceAreasMatchGEOSBuffers() throws {
        let (plan, _) = try PlanReader.read(path: TestSupport.root.appendingPathComponent("GeoData/jingan").path)
        let analysis = try Study(data: try StudyLoader().load(plan)).prepare(naming: .edgesOnly).analyse()
        let areas = try ServiceArea.compute(analysis)
        let toWGS84 = try CoordinateTransformer.forThisThread(from: analysis.prepared.metricCRS, to: "EPSG:4326")
        for area in areas where !area.metricLines.isEmpty {
            let c = try Self.compareWithGEOS(area.metricLines)
            #expect(c.fraction < 0.005, "\(area.category): symmetric difference \(c.fraction)")
            #expect(c.covers && c.valid, "\(area.category)")
            // Written: valid after rounding to 7 decimals, and the same twice.
            let made = try area.withArea(toWGS84: toWGS84)
            #expect(try GeosGeometry(try #require(made.area)).isValid, "\(area.category)")
            let again = try area.withArea(toWGS84: toWGS84)
            #expect(made.area == again.area && made.areaSquareMeters == again.areaSquareMeters)
        }
    }
}

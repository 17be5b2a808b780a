import Foundation
import Testing
@testable import LifeCircle

/// The overlap check's shortcuts: pairs proved to share under 1 m² (by their boxes or a separating
/// line) or only a boundary are dropped before the overlay, and nothing else is. Streets are given
/// in plain units and "measured" in EPSG:4326 itself (an identity transform), so every area below
/// is exact by hand.
@Suite struct StreetOverlapCheckTests {
    /// A street of one ring (closed here).
    static func street(_ index: Int, _ ring: [(Double, Double)]) -> Street {
        let positions = (ring + [ring[0]]).map { Position(x: $0.0, y: $0.1) }
        return Street(index: index, id: "\(index)", name: "s\(index)", code: nil, geometry: .polygon([positions]))
    }

    /// The overlaps of two streets given as rings.
    static func overlaps(_ a: [(Double, Double)], _ b: [(Double, Double)]) throws -> [StreetOverlapCheck.Overlap] {
        try StreetOverlapCheck.overlaps([street(0, a), street(1, b)], metricCRS: "EPSG:4326")
    }

    static func square(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> [(Double, Double)] {
        [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    }

    /// A grid of squares of side `side`, turned by `angle` about the origin: neighbours share the
    /// very same vertex values, as tiles cut from one grid do.
    static func turnedGrid(side: Double, angle: Double) -> (Int, Int) -> [(Double, Double)] {
        let (c, s) = (cos(angle), sin(angle))
        func corner(_ i: Int, _ j: Int) -> (Double, Double) {
            let (x, y) = (Double(i) * side, Double(j) * side)
            return (5 + c * x - s * y, 5 + s * x + c * y)
        }
        return { i, j in [corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)] }
    }

    static func outline(_ ring: [(Double, Double)]) -> StreetOverlapCheck.Outline {
        StreetOverlapCheck.Outline(street(0, ring).geometry)
    }

    @Test func squaresSharingAnEdgeOrACornerAreNotReported() throws {
        #expect(try Self.overlaps(Self.square(0, 0, 10, 10), Self.square(10, 0, 10, 10)).isEmpty)
        #expect(try Self.overlaps(Self.square(0, 0, 10, 10), Self.square(10, 10, 10, 10)).isEmpty)
        // Turned by 0.3 rad, the boxes of edge neighbours overlap by about 2.9 m × 12.5 m: only
        // the separating line through the shared edge (or corner) keeps the overlay away.
        let cell = Self.turnedGrid(side: 10, angle: 0.3)
        for (i, j) in [(1, 0), (0, 1), (1, 1)] {
            let bound = StreetOverlapCheck.overlapBound(Self.outline(cell(0, 0)), Self.outline(cell(i, j)))
            #expect(bound < 0.001, "neighbour (\(i), \(j)): \(bound)")
            #expect(try Self.overlaps(cell(0, 0), cell(i, j)).isEmpty)
        }
        // (1, -1) is the other diagonal neighbour: its box overlaps the cell's by about 3 m × 3 m.
        #expect(StreetOverlapCheck.overlapBound(Self.outline(cell(0, 0)), Self.outline(cell(1, -1))) < 0.001)
    }

    @Test func aSliverOfHalfASquareMetreIsNotReportedAndTwoSquareMetresAre() throws {
        // 0.05 × 10: the boxes alone prove it under 1 m².
        #expect(try Self.overlaps(Self.square(0, 0, 10, 10), Self.square(9.95, 0, 10, 10)).isEmpty)
        // A sliver 0.05 wide along the turned shared edge of length 10: the box bound does not
        // prove it, the overlay measures 0.5 m².
        let cell = Self.turnedGrid(side: 10, angle: 0.3)
        let moved = cell(1, 0).map { ($0.0 - 0.05 * cos(0.3), $0.1 - 0.05 * sin(0.3)) }
        #expect(StreetOverlapCheck.overlapBound(Self.outline(cell(0, 0)), Self.outline(moved)) > 1)
        #expect(try Self.overlaps(cell(0, 0), moved).isEmpty)

        let found = try Self.overlaps(Self.square(0, 0, 10, 10), Self.square(9.8, 0, 10, 10))
        #expect(found.count == 1)
        #expect(found.first?.first == 0 && found.first?.second == 1)
        let area = try #require(found.first?.area)
        #expect(abs(area - 2) < 1e-9, "\(area)")
        let turned = cell(1, 0).map { ($0.0 - 0.2 * cos(0.3), $0.1 - 0.2 * sin(0.3)) }
        let turnedArea = try #require(try Self.overlaps(cell(0, 0), turned).first?.area)
        #expect(abs(turnedArea - 2) < 1e-9, "\(turnedArea)")

        let warnings = try StreetOverlapCheck.warnings(
            [Self.street(0, Self.square(0, 0, 10, 10)), Self.street(1, Self.square(9.8, 0, 10, 10))],
            file: "streets.geojson", metricCRS: "EPSG:4326")
        #expect(warnings.map(\.message) == [
            "street \"s1\" overlaps street \"s0\" (feature 0) by 2 m²: residents in the overlap count for \"s0\" only, the first in the layer",
        ])
    }

    @Test func aStreetInsideAnotherIsReportedAlsoWhenItSharesEdges() throws {
        #expect(try Self.overlaps(Self.square(0, 0, 10, 10), Self.square(2, 2, 2, 2)).first?.area == 4)
        // On the edges x = 0 and y = 0 of the big square: its vertices and the small one's lie on
        // the same side of those lines, so they separate nothing.
        #expect(try Self.overlaps(Self.square(0, 0, 10, 10), Self.square(0, 0, 2, 2)).first?.area == 4)
        #expect(try Self.overlaps(Self.square(0, 0, 2, 2), Self.square(0, 0, 10, 10)).first?.area == 4)
    }

    @Test func aNarrowBoxOverlapCanStillHoldSquareMetres() throws {
        // The boxes overlap by only 0.1 across, but 100 along: 10 m² shared.
        let found = try Self.overlaps(Self.square(0, 0, 10, 100), Self.square(9.9, 0, 10, 100))
        let area = try #require(found.first?.area)
        #expect(abs(area - 10) < 1e-9, "\(area)")
        // 0.02 × 100 = 2 m²: a bound by the narrow side alone would call it nothing.
        let thin = try Self.overlaps(Self.square(0, 0, 10, 100), Self.square(9.98, 0, 10, 100))
        #expect(abs((thin.first?.area ?? 0) - 2) < 1e-9, "\(thin)")
    }

    @Test func anEdgeThatCutsItsOwnPolygonSeparatesNothing() throws {
        // An L: the line of its inner edge from (10, 4) to (4, 4) has every vertex of the square
        // above on one side, but the L itself on both: they share [2, 4] × [4, 8], 8 m².
        let l = [(0.0, 0.0), (10, 0), (10, 4), (4, 4), (4, 10), (0, 10)]
        let found = try Self.overlaps(l, Self.square(2, 4, 6, 4))
        #expect(found.first?.area == 8, "\(found)")
        // Moved right of the L's upright, the square only touches it along y = 4.
        #expect(try Self.overlaps(l, Self.square(4, 4, 6, 4)).isEmpty)
    }

    /// Pairs of random star-shaped polygons: each polygon, a copy mirrored in one of its edges
    /// (touching it along that edge when the polygon is convex there), and copies nudged from
    /// that by less and more than the side tests' slack. The bound is never below the area GEOS
    /// measures, and the separating line does prove some of them under 1 m².
    @Test func theBoundIsNeverBelowTheMeasuredArea() throws {
        var random = SplitMix64(seed: 18)
        var proved = 0, reported = 0
        for _ in 0..<300 {
            let centre = Position(x: random.uniform(0...50), y: random.uniform(0...50))
            let n = random.int(3...7)
            let angles = (0..<n).map { _ in random.uniform(0...(2 * Double.pi)) }.sorted()
            let ring = angles.map { t -> Position in
                let r = random.uniform(5...30)
                return Position(x: centre.x + r * cos(t), y: centre.y + r * sin(t))
            }
            let k = random.int(0...(n - 1))
            let p = ring[k], q = ring[(k + 1) % n]
            let (ex, ey) = (q.x - p.x, q.y - p.y)
            let length2 = ex * ex + ey * ey
            guard length2 > 0 else { continue }
            let mirrored = ring.map { v -> Position in
                if v == p || v == q { return v }
                let t = ((v.x - p.x) * ex + (v.y - p.y) * ey) / length2
                return Position(x: 2 * (p.x + t * ex) - v.x, y: 2 * (p.y + t * ey) - v.y)
            }
            let nudge = [0, 1e-7, -1e-7, 1e-4, -1e-4, 0.01, -0.3, 0.5, 2][random.int(0...8)]
            let (nx, ny) = (-ey / length2.squareRoot() * nudge, ex / length2.squareRoot() * nudge)
            let other = mirrored.map { Position(x: $0.x + nx, y: $0.y + ny) }
            let a = Geometry.polygon([ring + [ring[0]]]), b = Geometry.polygon([other + [other[0]]])
            let ga = try GeosGeometry(a), gb = try GeosGeometry(b)
            guard try ga.isValid, try gb.isValid else { continue }
            let area = try ga.intersection(gb).area
            let bound = StreetOverlapCheck.overlapBound(.init(a), .init(b))
            #expect(bound >= area * (1 - 1e-9), "bound \(bound) under the area \(area): \(ring) / \(other)")
            if bound < 0.001 { proved += 1 }
            if area >= StreetOverlapCheck.minimumArea { reported += 1 }
        }
        #expect(proved > 50, "\(proved)")
        #expect(reported > 50, "\(reported)")
    }
}

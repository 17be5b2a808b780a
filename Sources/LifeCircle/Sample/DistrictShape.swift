import Foundation

/// The synthetic outline of one Jing'an tile and its partition into the 14 streets, in a local
/// metric frame (x east, y north, metres; y from about 0 in the south to 12,000 in the north).
///
/// The district is described in a parametric frame (u, y): u runs from 0 on the west edge to 1 on
/// the east edge at every y, and x = west(y) + u · (east(y) − west(y)). Streets are bounded by
/// wavy east–west curves y = g(u) (two of them are Suzhou Creek and the railway) and by north–south
/// dividers u ≈ c. Every boundary is built once and shared by the streets on both sides, so the
/// street polygons tile the district without gaps or overlaps.
struct DistrictShape {
    /// One east–west boundary y = g(u), linear between control stations.
    struct Curve {
        var us: [Double]
        var ys: [Double]

        /// g(u), extrapolated linearly beyond the first and last station.
        func y(_ u: Double) -> Double {
            let step = us[1] - us[0]
            var i = Int(((u - us[0]) / step).rounded(.down))
            i = min(max(i, 0), us.count - 2)
            let t = (u - us[i]) / (us[i + 1] - us[i])
            return ys[i] + t * (ys[i + 1] - ys[i])
        }
    }

    /// A north–south street boundary in one band: u = c at both ends, wiggling in between.
    struct Divider {
        var c: Double
        /// Offsets of u at t = k / (count − 1); zero at both ends.
        var offsets: [Double]
    }

    static let stationStart = -1000.0
    static let stationStep = 250.0
    static let creekCurve = 2
    static let railCurve = 3
    /// Half-width of the strip along Suzhou Creek kept free of streets and buildings (metres).
    static let creekClearance = 30.0

    var westX: [Double] = []
    var eastX: [Double] = []
    /// 0 south edge, 1 band 0/1, 2 Suzhou Creek, 3 railway, 4, 5, 6 band boundaries, 7 north edge.
    var curves: [Curve] = []
    /// Dividers per band (7 bands).
    var dividers: [[Divider]] = []
    /// The street polygons' closed exterior rings (counterclockwise), indexed like JinganFacts.streets.
    var streetRings: [[Position]] = []
    /// Suzhou Creek and the railway as polylines reaching a little beyond the district.
    var creekLine: [Position] = []
    var railLine: [Position] = []
    /// Where along u the railway yard around the station is widest.
    var stationU = 0.6

    /// Builds a random outline of the given area.
    ///
    /// - Complexity: O(stations + curve vertices).
    init(random rng: inout SplitMix64, area: Double) {
        let count = Int((13_500 - Self.stationStart) / Self.stationStep) + 1
        // Half-width profile south to north (metres): wider old core, narrow waist at the railway,
        // widest in Pengpu.
        let profile: [(Double, Double)] = [
            (-1000, 1650), (0, 1650), (1500, 1700), (2800, 1500), (3600, 1250), (4500, 1250), (6000, 1400),
            (8000, 1650), (9500, 1900), (11000, 1850), (12000, 1550), (13500, 1550),
        ]
        func base(_ y: Double) -> Double {
            var k = 0
            while k < profile.count - 2 && profile[k + 1].0 < y { k += 1 }
            let (y0, h0) = profile[k], (y1, h1) = profile[k + 1]
            return h0 + (h1 - h0) * min(1, max(0, (y - y0) / (y1 - y0)))
        }
        let phase = rng.uniform(0, 2 * Double.pi)
        var centre: [Double] = [], halfW: [Double] = [], halfE: [Double] = []
        var jw = 0.0, je = 0.0
        for k in 0..<count {
            let y = Self.stationStart + Double(k) * Self.stationStep
            // A smoothed random walk gives an irregular, road-following look.
            jw = 0.6 * jw + rng.uniform(-90, 90)
            je = 0.6 * je + rng.uniform(-90, 90)
            centre.append(220 * sin(2 * Double.pi * y / 10_000 + phase) - 150 * y / 12_000)
            halfW.append(base(y) * (1 + 0.08 * sin(2 * Double.pi * y / 7_000 + phase)) + jw)
            halfE.append(base(y) * (1 - 0.08 * sin(2 * Double.pi * y / 6_000 + phase)) + je)
        }
        curves = Self.makeCurves(&rng)
        dividers = Self.makeDividers(&rng)
        stationU = rng.uniform(0.5, 0.7)
        // Street areas are linear in the width scale s: solve A(s) = area from A(0) and A(1).
        func totalArea(_ s: Double) -> Double {
            var shape = self
            shape.setWidths(centre: centre, halfW: halfW, halfE: halfE, scale: s)
            return shape.buildStreetRings().reduce(0) { $0 + PlanarGeometry.doubleSignedArea($1) / 2 }
        }
        let a0 = totalArea(0), a1 = totalArea(1)
        let s = a1 != a0 ? (area - a0) / (a1 - a0) : 1
        setWidths(centre: centre, halfW: halfW, halfE: halfE, scale: s)
        streetRings = buildStreetRings()
        creekLine = stride(from: -0.08, through: 1.0801, by: 0.01).map { point($0, curves[Self.creekCurve].y($0)) }
        railLine = stride(from: -0.08, through: 1.0801, by: 0.01).map { point($0, curves[Self.railCurve].y($0)) }
    }

    private mutating func setWidths(centre: [Double], halfW: [Double], halfE: [Double], scale s: Double) {
        westX = zip(centre, halfW).map { $0 - s * $1 }
        eastX = zip(centre, halfE).map { $0 + s * $1 }
    }

    private static func makeCurves(_ rng: inout SplitMix64) -> [Curve] {
        let us = (-4...44).map { Double($0) / 40 }
        func curve(_ base: Double, _ amp: Double, _ waves: Double, _ jitter: Double, tilt: Double = 0) -> Curve {
            let p1 = rng.uniform(0, 2 * Double.pi), p2 = rng.uniform(0, 2 * Double.pi)
            let ys = us.map { u -> Double in
                base + amp * sin(2 * Double.pi * waves * u + p1) + 0.35 * amp * sin(2 * Double.pi * 2.7 * waves * u + p2)
                    + tilt * (u - 0.5) + rng.uniform(-jitter, jitter)
            }
            return Curve(us: us, ys: ys)
        }
        return [
            curve(0, 90, 0.8, 20),
            curve(1_350, 110, 0.7, 15),
            curve(2_750, 230, 1.3, 0),  // Suzhou Creek: smooth meanders
            curve(4_300, 30, 0.5, 0, tilt: 120),  // the railway: nearly straight
            curve(6_300, 120, 0.8, 15),
            curve(8_000, 120, 0.7, 15),
            curve(9_700, 120, 0.9, 15),
            curve(12_000, 140, 0.6, 25),
        ]
    }

    private static func makeDividers(_ rng: inout SplitMix64) -> [[Divider]] {
        var result: [[Divider]] = Array(repeating: [], count: 7)
        for s in JinganFacts.streets where s.u1 < 1 {
            let n = 24
            let p = rng.uniform(0, 2 * Double.pi), amp = rng.uniform(0.02, 0.05)
            let offsets = (0..<n).map { k -> Double in
                let t = Double(k) / Double(n - 1)
                return amp * sin(Double.pi * t) * sin(2 * Double.pi * 1.3 * t + p)
            }
            result[s.band].append(Divider(c: s.u1, offsets: offsets))
        }
        return result
    }

    /// West edge and width at `y` (linear between stations).
    func edges(atY y: Double) -> (west: Double, width: Double) {
        var i = Int(((y - Self.stationStart) / Self.stationStep).rounded(.down))
        i = min(max(i, 0), westX.count - 2)
        let t = (y - (Self.stationStart + Double(i) * Self.stationStep)) / Self.stationStep
        let w = westX[i] + t * (westX[i + 1] - westX[i])
        let e = eastX[i] + t * (eastX[i + 1] - eastX[i])
        return (w, e - w)
    }

    /// The local position of parametric (u, y).
    func point(_ u: Double, _ y: Double) -> Position {
        let (w, width) = edges(atY: y)
        return Position(x: w + u * width, y: y)
    }

    /// The parametric u of a local position.
    func u(of p: Position) -> Double {
        let (w, width) = edges(atY: p.y)
        return (p.x - w) / width
    }

    /// Half-width of the strip along the railway kept free of streets: the yard widens near the station.
    func railClearance(_ u: Double) -> Double {
        let d = (u - stationU) / 0.12
        return 45 + 170 * exp(-d * d)
    }

    /// The walk-network zone of a position: 0 south of Suzhou Creek, 1 between the creek and the
    /// railway, 2 north of the railway; nil outside the district (less than `margin` inside) or in
    /// the creek or rail strips.
    func zone(of p: Position, margin: Double) -> Int? {
        let (w, width) = edges(atY: p.y)
        guard p.x - w >= margin, w + width - p.x >= margin else { return nil }
        let u = (p.x - w) / width
        guard p.y >= curves[0].y(u) + margin, p.y <= curves[7].y(u) - margin else { return nil }
        let yc = curves[Self.creekCurve].y(u), yr = curves[Self.railCurve].y(u)
        if p.y < yc - Self.creekClearance { return 0 }
        if p.y > yc + Self.creekClearance && p.y < yr - railClearance(u) { return 1 }
        if p.y > yr + railClearance(u) { return 2 }
        return nil
    }

    /// Vertices of curve k: its stations and the ends of the dividers touching it, ascending in u.
    private func curveVertices(_ k: Int) -> [(u: Double, p: Position)] {
        var us = (0...40).map { Double($0) / 40 }
        if k > 0 { us += dividers[k - 1].map(\.c) }
        if k < 7 { us += dividers[k].map(\.c) }
        us = Array(Set(us)).sorted()
        return us.map { ($0, point($0, curves[k].y($0))) }
    }

    /// Interior points of a divider of band `band` at `c`, south to north.
    private func dividerInterior(band: Int, c: Double) -> [Position] {
        guard let d = dividers[band].first(where: { $0.c == c }) else { return [] }
        let y0 = curves[band].y(c), y1 = curves[band + 1].y(c)
        let n = d.offsets.count
        return (1..<(n - 1)).map { k in
            let t = Double(k) / Double(n - 1)
            return point(c + d.offsets[k], y0 + t * (y1 - y0))
        }
    }

    /// Edge stations strictly between y0 and y1 (ascending) at u (0 west, 1 east).
    private func edgeInterior(u: Double, from y0: Double, to y1: Double) -> [Position] {
        var out: [Position] = []
        for k in 0..<westX.count {
            let y = Self.stationStart + Double(k) * Self.stationStep
            if y > y0 + 1 && y < y1 - 1 { out.append(point(u, y)) }
        }
        return out
    }

    /// The street rings from the shared boundaries.
    ///
    /// - Complexity: O(streets × boundary vertices).
    private func buildStreetRings() -> [[Position]] {
        let vertices = (0...7).map(curveVertices)
        return JinganFacts.streets.map { s in
            let b = s.band
            var ring: [Position] = []
            ring += vertices[b].filter { $0.u >= s.u0 && $0.u <= s.u1 }.map(\.p)
            if s.u1 == 1 {
                ring += edgeInterior(u: 1, from: curves[b].y(1), to: curves[b + 1].y(1))
            } else {
                ring += dividerInterior(band: b, c: s.u1)
            }
            ring += vertices[b + 1].filter { $0.u >= s.u0 && $0.u <= s.u1 }.map(\.p).reversed()
            if s.u0 == 0 {
                ring += edgeInterior(u: 0, from: curves[b].y(0), to: curves[b + 1].y(0)).reversed()
            } else {
                ring += dividerInterior(band: b, c: s.u0).reversed()
            }
            ring.append(ring[0])
            return ring
        }
    }
}

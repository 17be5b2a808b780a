import Foundation

/// Finds street polygons that overlap. A resident point in the overlap of two streets belongs to
/// the first of them in the streets layer (``StreetAssignment``), so the second street's figures
/// leave those residents out: each overlapping pair gets a warning with its area.
package enum StreetOverlapCheck {
    /// Overlaps smaller than this (m²) are digitising slivers along shared boundaries, not reported.
    package static let minimumArea = 1.0
    /// At most this many pairs get a warning of their own; the rest are counted in one more.
    package static let listedPairs = 20

    /// Two streets that overlap, by index in the streets layer (`first < second`), and the area
    /// they share in m² (nil when GEOS could not intersect them, even on a 1 mm grid).
    package struct Overlap: Sendable, Equatable {
        package var first: Int
        package var second: Int
        package var area: Double?
    }

    /// The pairs of `streets` (WGS84) whose overlap measures at least `minimumArea` in the metric
    /// CRS `metricCRS`, ordered by first then second index.
    ///
    /// An STRtree on the streets' envelopes proposes the pairs. Most of them are neighbours that
    /// only share a boundary, so before any overlay a pair is dropped when ``overlapBound(_:_:)``
    /// proves the shared area under `minimumArea`, or when GEOS finds the interiors apart (DE-9IM
    /// `T********` false: the overlay would measure 0). The rest are intersected with GEOS.
    /// - Throws: `LibraryError` when PROJ or GEOS fail.
    /// - Complexity: O(S log S + k) for S streets and k pairs with meeting envelopes; a pair costs
    ///   at most ``separationBudget`` vertex tests, and a GEOS relate and intersection when those
    ///   prove nothing.
    package static func overlaps(_ streets: [Street], metricCRS: String) throws -> [Overlap] {
        guard streets.count > 1 else { return [] }
        let transformer = try CoordinateTransformer.forThisThread(from: "EPSG:4326", to: metricCRS)
        let metric = try transformer.transform(geometries: streets.map(\.geometry))
        let context = try GeosContext.current
        let tree = try GeosSTRtree(context: context)
        var shapes: [GeosGeometry?] = []
        var boxes: [BoundingBox?] = []
        for (i, geometry) in metric.enumerated() {
            let g = try GeosGeometry(geometry, context: context)
            let box = try g.envelope
            shapes.append(box == nil ? nil : g)
            boxes.append(box)
            if box != nil { try tree.insert(i, geometry: g) }
        }
        let outlines = metric.map(Outline.init)
        var out: [Overlap] = []
        for i in streets.indices {
            guard let a = shapes[i], let box = boxes[i] else { continue }
            for j in try tree.query(box) where j > i {
                guard let b = shapes[j] else { continue }
                if overlapBound(outlines[i], outlines[j]) < minimumArea { continue }
                guard try a.relates(b, pattern: "T********") else { continue }
                // A robustness failure of the overlay is retried on a 1 mm grid; if that fails
                // too, the pair is reported as not measured rather than dropped.
                let area = (try? a.intersection(b).area)
                    ?? (try? a.snapped(toGrid: 0.001).intersection(b.snapped(toGrid: 0.001)).area)
                if let area, area < minimumArea { continue }
                out.append(Overlap(first: i, second: j, area: area))
            }
        }
        return out
    }

    // MARK: Area bound

    /// The vertices of a street's rings in the metric CRS: the polygon lies in their convex hull.
    struct Outline {
        /// The vertices, ring after ring (each ring closed).
        var points: [Position] = []
        /// Where each ring ends (exclusive) in `points`.
        var ringEnds: [Int] = []
        /// The bounding box of `points`, nil when there are none.
        var box: BoundingBox?

        /// The outline of `geometry`: its rings for a polygon or multipolygon, else its positions
        /// with no ring (only the box bound applies).
        init(_ geometry: Geometry) {
            switch geometry {
            case .polygon(let rings):
                rings.forEach { add($0) }
            case .multiPolygon(let polygons):
                polygons.forEach { $0.forEach { add($0) } }
            default:
                geometry.forEachPosition { points.append($0) }
            }
            box = BoundingBox(positions: points)
        }

        private mutating func add(_ ring: [Position]) {
            points.append(contentsOf: ring)
            ringEnds.append(points.count)
        }
    }

    /// Side tests are off by at most this (m): far above the rounding of coordinates of up to
    /// 10⁷ m, and a strip this wide across any street holds far less than `minimumArea`.
    static let slack = 1e-6
    /// At most this many vertex tests per pair go into looking for a separating line.
    static let separationBudget = 4096
    /// Relative margin for the rounding of a computed bound.
    static let roundingMargin = 1e-9

    /// An upper bound of the area the polygons of `a` and `b` share, in m², without an overlay.
    ///
    /// The shared part lies in the intersection E of the two bounding boxes (w × h). When, in
    /// addition, the line through an edge of either outline has every vertex of one outline on
    /// one side and every vertex of the other on the other side (give or take ``slack``), the
    /// convex hulls, and so the polygons, share at most a strip of width 2·slack across E: at most
    /// 2·slack·√(w² + h²). Convex neighbours sharing an edge or a corner (grid cells) have such a
    /// line; neighbours along a winding boundary do not, and get the box bound.
    /// - Complexity: O(1) for the box bound, plus at most ``separationBudget`` vertex tests.
    static func overlapBound(_ a: Outline, _ b: Outline) -> Double {
        guard let ab = a.box, let bb = b.box else { return 0 }
        let window = BoundingBox(
            minX: max(ab.minX, bb.minX), minY: max(ab.minY, bb.minY),
            maxX: min(ab.maxX, bb.maxX), maxY: min(ab.maxY, bb.maxY))
        guard window.width > 0, window.height > 0 else { return 0 }
        let boxArea = window.width * window.height * (1 + roundingMargin)
        let strip = 2 * slack * (window.width * window.width + window.height * window.height).squareRoot() * (1 + roundingMargin)
        guard boxArea >= minimumArea, strip < boxArea else { return boxArea }
        var budget = separationBudget
        if hasSeparatingEdge(a, b, in: window, budget: &budget) || hasSeparatingEdge(b, a, in: window, budget: &budget) {
            return strip
        }
        return boxArea
    }

    /// Whether the line through an edge of `edges` that comes within ``slack`` of `window` has
    /// the vertices of `edges` on one side and those of `other` on the other, give or take
    /// ``slack``; stops with false once `budget` vertex tests are spent.
    static func hasSeparatingEdge(_ edges: Outline, _ other: Outline, in window: BoundingBox, budget: inout Int) -> Bool {
        var start = 0
        for end in edges.ringEnds {
            defer { start = end }
            guard end - start >= 2 else { continue }
            for k in start..<(end - 1) {
                let p = edges.points[k], q = edges.points[k + 1]
                guard min(p.x, q.x) <= window.maxX + slack, max(p.x, q.x) >= window.minX - slack,
                      min(p.y, q.y) <= window.maxY + slack, max(p.y, q.y) >= window.minY - slack else { continue }
                guard budget > 0 else { return false }
                if separates(p, q, edges.points, other.points, budget: &budget) { return true }
            }
        }
        return false
    }

    /// Which sides of a line a set of points lies on as a whole.
    struct Sides {
        /// Every point is on the left (or within ``slack`` of the line).
        var left: Bool
        /// Every point is on the right (or within ``slack`` of the line).
        var right: Bool
    }

    /// Whether the line through `p` and `q` has all of `side` on one side and all of `opposite` on
    /// the other, each within ``slack`` of it at worst.
    static func separates(_ p: Position, _ q: Position, _ side: [Position], _ opposite: [Position], budget: inout Int) -> Bool {
        let ex = q.x - p.x, ey = q.y - p.y
        let length = (ex * ex + ey * ey).squareRoot()
        guard length > 0 else { return false }
        /// Whether every point of `points` is on the left of p → q, and whether every point is on
        /// the right, within ``slack`` (both when all are on the line).
        func sides(_ points: [Position]) -> Sides {
            budget -= points.count
            var low = 0.0, high = 0.0
            for v in points {
                let d = (ex * (v.y - p.y) - ey * (v.x - p.x)) / length
                low = min(low, d)
                high = max(high, d)
                if low < -slack && high > slack { break }
            }
            return Sides(left: low >= -slack, right: high <= slack)
        }
        let own = sides(side)
        guard own.left || own.right else { return false }
        let other = sides(opposite)
        return (own.left && other.right) || (own.right && other.left)
    }

    /// A warning per overlapping pair (the first `listedPairs`), naming both streets, the area and
    /// which street the residents in the overlap count for.
    /// - Throws: `LibraryError` when PROJ or GEOS fail.
    package static func warnings(_ prepared: PreparedStudy) throws -> [InputError] {
        try warnings(prepared.study.streets, file: prepared.study.plan.layers.streets.path, metricCRS: prepared.metricCRS)
    }

    /// The warnings of `warnings(_:)` for `streets` (WGS84) of the layer `file`, measured in
    /// `metricCRS`: what `PreparedStudy.prepare` starts on another core while it builds the network.
    /// - Throws: `LibraryError` when PROJ or GEOS fail.
    static func warnings(_ streets: [Street], file: String, metricCRS: String) throws -> [InputError] {
        let found = try overlaps(streets, metricCRS: metricCRS)
        var out = found.prefix(listedPairs).map { o in
            let a = streets[o.first], b = streets[o.second]
            let size = o.area.map { "by \(Format.integer($0)) m²" } ?? "(GEOS could not measure the overlap)"
            return InputError(
                file: file, featureIndex: b.index,
                message: "street \"\(b.name)\" overlaps street \"\(a.name)\" (feature \(a.index)) \(size): residents in the overlap count for \"\(a.name)\" only, the first in the layer",
                severity: .warning)
        }
        if found.count > listedPairs {
            out.append(InputError(file: file, message: "… and \(found.count - listedPairs) more pairs of overlapping streets", severity: .warning))
        }
        return out
    }
}

import Foundation

/// The service area of one category: the network within the walk threshold of its facilities, as
/// edge pieces cut exactly at the threshold, and the area those lines span (a buffer of the lines).
///
/// Computed for one scenario (the report uses `existing`, the scenario of the street gaps).
package struct ServiceArea: Sendable {
    /// One reached stretch of an edge, in WGS84, with the walk distance at both ends.
    package struct Piece: Sendable, Equatable {
        package var edge: Int
        /// The network line (input feature) id the edge comes from.
        package var lineID: String
        /// Offsets along the edge from its start node, metres.
        package var fromMeters: Double
        package var toMeters: Double
        /// Walk distance from the nearest facility (access leg included) at `fromMeters` and `toMeters`.
        package var startDistance: Double
        package var endDistance: Double
        /// Whether the whole edge is reached.
        package var full: Bool
        /// The stretch as lon/lat positions.
        package var line: [Position]

        package var lengthMeters: Double { toMeters - fromMeters }
    }

    package var category: String
    package var scenario: CoverageScenario
    /// The threshold, metres (minutes × speed).
    package var boundMeters: Double
    package var speed: Double
    package var minutes: Double
    /// Reached pieces ordered by edge, then offset.
    package var pieces: [Piece]
    /// The buffer of the reached lines, WGS84 (Polygon or MultiPolygon), or nil when nothing is reached.
    package var area: Geometry?
    /// The buffer distance used for `area`, metres.
    package var bufferMeters: Double
    /// The area of `area` in the analysis CRS, square metres.
    package var areaSquareMeters: Double

    /// The pieces in the analysis CRS (for the buffer).
    var metricLines: [[Position]] = []

    /// Total reached length, metres.
    package var lengthMeters: Double { pieces.reduce(0) { $0 + $1.lengthMeters } }

    /// The service areas of every category of an analysis, in the plan's category order, without
    /// their `area` polygons (see `withArea(toWGS84:)`).
    ///
    /// - Parameters:
    ///   - scenario: Which facilities count.
    ///   - bufferMeters: The buffer around reached lines that makes the area polygon.
    /// - Throws: `LibraryError` when PROJ or GEOS fail.
    /// - Complexity: one bounded multi-source search per category, O(t log t) for its t touched
    ///   edges; categories run in parallel.
    package static func compute(_ analysis: StudyAnalysis, scenario: CoverageScenario = .existing,
                               bufferMeters: Double = 50) throws -> [ServiceArea] {
        let cats = analysis.categories
        let network = analysis.prepared.network, metricCRS = analysis.prepared.metricCRS
        return try Parallel.tasks(count: cats.count) { i in
            var search = NetworkSearch(network: network)
            let toWGS84 = try CoordinateTransformer.forThisThread(from: metricCRS, to: "EPSG:4326")
            return try compute(cats[i], scenario: scenario, bufferMeters: bufferMeters, search: &search, toWGS84: toWGS84)
        }
    }

    /// The service area of one category.
    static func compute(_ c: StudyAnalysis.CategoryResult, scenario: CoverageScenario, bufferMeters: Double,
                        search: inout NetworkSearch, toWGS84: CoordinateTransformer) throws -> ServiceArea {
        let request = c.request
        let sources: [SnapPoint?] = request.facilitySnaps.enumerated().map { i, s in request.counts(i, in: scenario) ? s : nil }
        let bound = request.minutes * request.speed
        search.run(sources: sources, bound: bound)
        let raw = search.reachedPieces()
        let network = search.network
        var onEdge: [Int32: [SnapPoint]] = [:]
        for s in sources { if let s { onEdge[s.edge, default: []].append(s) } }
        func distance(_ e: Int, at x: Double) -> Double {
            var d = search.distance(toNode: Int(network.edgeFrom[e])) + x
            d = min(d, search.distance(toNode: Int(network.edgeTo[e])) + (network.edgeLength[e] - x))
            for s in onEdge[Int32(e)] ?? [] { d = min(d, s.access + abs(s.offsetAlong - x)) }
            return d
        }
        var metricLines: [[Position]] = []
        var pieces: [Piece] = []
        metricLines.reserveCapacity(raw.count)
        pieces.reserveCapacity(raw.count)
        for p in raw {
            let e = Int(p.edge)
            let line = network.geometry(ofEdge: e, from: p.from, to: p.to)
            guard line.count >= 2 else { continue }
            metricLines.append(line)
            let lineIndex = Int(network.edgeLine[e])
            pieces.append(Piece(
                edge: e, lineID: lineIndex < network.lineIDs.count ? network.lineIDs[lineIndex] : String(lineIndex),
                fromMeters: p.from, toMeters: p.to, startDistance: min(distance(e, at: p.from), bound),
                endDistance: min(distance(e, at: p.to), bound),
                full: p.from <= 0 && p.to >= network.edgeLength[e], line: []))
        }
        // One bulk transform for all pieces, split back by counts.
        let flat = try toWGS84.transform(metricLines.flatMap { $0 })
        var k = 0
        for i in pieces.indices {
            let n = metricLines[i].count
            pieces[i].line = Array(flat[k..<(k + n)])
            k += n
        }
        return ServiceArea(category: c.category.id, scenario: scenario, boundMeters: bound, speed: request.speed,
                           minutes: request.minutes, pieces: pieces, area: nil, bufferMeters: bufferMeters,
                           areaSquareMeters: 0, metricLines: metricLines)
    }

    /// The grid spacing of the distance field that makes `area`, as a fraction of `bufferMeters`.
    static let fieldSpacingFraction = 0.1
    /// The Douglas–Peucker tolerance the area's rings are simplified with, metres.
    static let simplifyMeters = 0.5

    /// This service area with its `area` polygon: every point within `bufferMeters` of the reached
    /// lines (a true buffer, round caps), in WGS84, valid after rounding to the 7 decimals written.
    ///
    /// Made from a distance field (``DistanceFieldContour``, cells of `bufferMeters`/10) contoured at
    /// `bufferMeters` and simplified with ``simplifyMeters``. When the simplified polygon is not valid
    /// after rounding it is made again unsimplified (valid by construction, its crossings centimetres
    /// apart); `areaSquareMeters` is the area of the metric polygon kept. Only when the lines' extent
    /// is too large for the field's block table is it the union of GEOS buffers of the pieces
    /// (``capsules(_:bufferMeters:context:)``, 2 segments per quadrant) instead.
    ///
    /// - Throws: `LibraryError` when GEOS or PROJ fail.
    /// - Complexity: O(Σ piece box area / cell²) for the field plus O(touched blocks) for the contour.
    package func withArea(toWGS84: CoordinateTransformer) throws -> ServiceArea {
        var copy = self
        copy.area = nil
        copy.areaSquareMeters = 0
        guard !metricLines.isEmpty else { return copy }
        guard let field = DistanceFieldContour(lines: metricLines, radius: bufferMeters,
                                               spacing: bufferMeters * Self.fieldSpacingFraction) else {
            let union = try Self.capsules(metricLines, bufferMeters: bufferMeters).unaryUnion()
            copy.areaSquareMeters = try union.area
            copy.area = try Self.validRounded(try toWGS84.transform(try union.toGeometry()))
            return copy
        }
        for tolerance in [Self.simplifyMeters, 0] {
            let polygons = field.polygons(tolerance: tolerance)
            guard !polygons.isEmpty else { return copy }
            let metric: Geometry = polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
            let wgs84 = try toWGS84.transform(metric)
            let rounded = Self.rounded(wgs84)
            let valid = try GeosGeometry(rounded).isValid
            guard valid || tolerance == 0 else { continue }
            copy.area = valid ? Self.polygonsOnly(rounded) : try Self.validRounded(wgs84)
            // Outer rings counterclockwise (positive), holes clockwise (negative).
            copy.areaSquareMeters = polygons.joined().reduce(0.0) { $0 + PlanarGeometry.doubleSignedArea($1) / 2 }
            break
        }
        return copy
    }

    /// The polygons within `bufferMeters` of `lines` (metres) as ``withArea(toWGS84:)`` makes them
    /// before the transform, and their area; nil for no lines.
    static func metricArea(_ lines: [[Position]], bufferMeters: Double,
                           tolerance: Double = simplifyMeters) -> (geometry: Geometry, squareMeters: Double)? {
        guard let field = DistanceFieldContour(lines: lines, radius: bufferMeters,
                                               spacing: bufferMeters * fieldSpacingFraction) else { return nil }
        let polygons = field.polygons(tolerance: tolerance)
        guard !polygons.isEmpty else { return nil }
        return (polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons),
                polygons.joined().reduce(0.0) { $0 + PlanarGeometry.doubleSignedArea($1) / 2 })
    }

    /// `g` with coordinates rounded to 7 decimals (as written), without consecutive repeats.
    static func rounded(_ g: Geometry) -> Geometry {
        func r(_ v: Double) -> Double { (v * 1e7).rounded() / 1e7 }
        return dedupe(g.mapPositions { Position(x: r($0.x), y: r($0.y)) })
    }

    /// `g` with coordinates rounded to 7 decimals (as written), keeping only polygons. When plain
    /// rounding breaks validity (rings touching after rounding), `g` is snap-rounded to the 1e-7°
    /// grid instead, which is valid by construction and far cheaper than MakeValid on a large area.
    static func validRounded(_ g: Geometry) throws -> Geometry? {
        let plain = rounded(g)
        if try GeosGeometry(plain).isValid { return polygonsOnly(plain) }
        let snapped = try GeosGeometry(g).snapped(toGrid: 1e-7).toGeometry()
        let again = rounded(snapped)
        let geos = try GeosGeometry(again)
        return polygonsOnly(try geos.isValid ? again : try geos.makeValid().toGeometry())
    }

    /// Polygon rings without consecutive repeated positions (rounding and buffering leave some);
    /// rings that would fall below 4 positions are kept as they were.
    static func dedupe(_ g: Geometry) -> Geometry {
        func ring(_ r: [Position]) -> [Position] {
            var out: [Position] = []
            out.reserveCapacity(r.count)
            for p in r where out.last != p { out.append(p) }
            return out.count >= 4 ? out : r
        }
        switch g {
        case .polygon(let rings): return .polygon(rings.map(ring))
        case .multiPolygon(let polys): return .multiPolygon(polys.map { $0.map(ring) })
        case .geometryCollection(let gs): return .geometryCollection(gs.map(dedupe))
        default: return g
        }
    }

    static func polygonsOnly(_ g: Geometry) -> Geometry? {
        var polys: [[[Position]]] = []
        func collect(_ g: Geometry) {
            switch g {
            case .polygon(let p): if !p.isEmpty { polys.append(p) }
            case .multiPolygon(let ps): polys.append(contentsOf: ps.filter { !$0.isEmpty })
            case .geometryCollection(let gs): gs.forEach(collect)
            default: break
            }
        }
        collect(g)
        if polys.isEmpty { return nil }
        return polys.count == 1 ? .polygon(polys[0]) : .multiPolygon(polys)
    }
}

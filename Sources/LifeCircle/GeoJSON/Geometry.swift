/// A GeoJSON geometry, all seven types of RFC 7946 §3.1
/// (<https://www.rfc-editor.org/rfc/rfc7946#section-3.1>).
///
/// Polygons are arrays of linear rings, the first the exterior; each ring is closed
/// (first position == last position).
package indirect enum Geometry: Hashable, Sendable {
    case point(Position)
    case multiPoint([Position])
    case lineString([Position])
    case multiLineString([[Position]])
    case polygon([[Position]])
    case multiPolygon([[[Position]]])
    case geometryCollection([Geometry])

    /// The GeoJSON `"type"` member.
    package enum Kind: String, Sendable, CaseIterable {
        case point = "Point"
        case multiPoint = "MultiPoint"
        case lineString = "LineString"
        case multiLineString = "MultiLineString"
        case polygon = "Polygon"
        case multiPolygon = "MultiPolygon"
        case geometryCollection = "GeometryCollection"
    }

    package var kind: Kind {
        switch self {
        case .point: .point
        case .multiPoint: .multiPoint
        case .lineString: .lineString
        case .multiLineString: .multiLineString
        case .polygon: .polygon
        case .multiPolygon: .multiPolygon
        case .geometryCollection: .geometryCollection
        }
    }

    /// Calls `body` with every position of the geometry, in order.
    package func forEachPosition(_ body: (Position) throws -> Void) rethrows {
        switch self {
        case .point(let p): try body(p)
        case .multiPoint(let ps), .lineString(let ps): for p in ps { try body(p) }
        case .multiLineString(let ls), .polygon(let ls): for l in ls { for p in l { try body(p) } }
        case .multiPolygon(let polys): for poly in polys { for l in poly { for p in l { try body(p) } } }
        case .geometryCollection(let gs): for g in gs { try g.forEachPosition(body) }
        }
    }

    /// The same geometry with every position mapped through `transform`.
    package func mapPositions(_ transform: (Position) throws -> Position) rethrows -> Geometry {
        switch self {
        case .point(let p): return .point(try transform(p))
        case .multiPoint(let ps): return .multiPoint(try ps.map(transform))
        case .lineString(let ps): return .lineString(try ps.map(transform))
        case .multiLineString(let ls): return .multiLineString(try ls.map { try $0.map(transform) })
        case .polygon(let rs): return .polygon(try rs.map { try $0.map(transform) })
        case .multiPolygon(let ps): return .multiPolygon(try ps.map { try $0.map { try $0.map(transform) } })
        case .geometryCollection(let gs): return .geometryCollection(try gs.map { try $0.mapPositions(transform) })
        }
    }

    /// The bounding box of all positions, or nil for an empty geometry.
    package var boundingBox: BoundingBox? {
        var minX = Double.infinity, minY = Double.infinity
        var maxX = -Double.infinity, maxY = -Double.infinity
        var any = false
        forEachPosition { p in
            any = true
            minX = min(minX, p.x); maxX = max(maxX, p.x)
            minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        return any ? BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY) : nil
    }

    /// True when the geometry holds no position.
    package var isEmpty: Bool {
        var any = false
        forEachPosition { _ in any = true }
        return !any
    }
}

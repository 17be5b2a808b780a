/// A position: longitude/latitude in degrees (WGS84 or another geographic CRS), or x/y in metres
/// in a projected CRS. Altitude is not kept.
///
/// RFC 7946 §3.1.1 (<https://www.rfc-editor.org/rfc/rfc7946#section-3.1.1>).
public struct Position: Hashable, Sendable, CustomStringConvertible {
    /// Longitude or easting.
    public var x: Double
    /// Latitude or northing.
    public var y: Double

    /// A position from x (longitude or easting) and y (latitude or northing).
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// A geographic position; `lon` is x, `lat` is y.
    public init(lon: Double, lat: Double) {
        self.x = lon
        self.y = lat
    }

    /// Longitude (x), for a geographic position.
    public var lon: Double { x }
    /// Latitude (y), for a geographic position.
    public var lat: Double { y }

    /// "(x, y)".
    public var description: String { "(\(x), \(y))" }

    /// Euclidean distance, for positions in a metric CRS.
    @inlinable
    public func distance(to other: Position) -> Double {
        let dx = other.x - x
        let dy = other.y - y
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// An axis-aligned bounding box.
package struct BoundingBox: Hashable, Sendable {
    package var minX: Double
    package var minY: Double
    package var maxX: Double
    package var maxY: Double

    package init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The box of the given positions, or nil when there are none.
    package init?<S: Sequence>(positions: S) where S.Element == Position {
        var minX = Double.infinity, minY = Double.infinity
        var maxX = -Double.infinity, maxY = -Double.infinity
        var any = false
        for p in positions {
            any = true
            minX = min(minX, p.x); maxX = max(maxX, p.x)
            minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        guard any else { return nil }
        self.init(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    package var center: Position { Position(x: (minX + maxX) / 2, y: (minY + maxY) / 2) }
    package var width: Double { maxX - minX }
    package var height: Double { maxY - minY }

    package func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(
            minX: min(minX, other.minX), minY: min(minY, other.minY),
            maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    package func contains(_ p: Position) -> Bool {
        p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY
    }

    package func expanded(by d: Double) -> BoundingBox {
        BoundingBox(minX: minX - d, minY: minY - d, maxX: maxX + d, maxY: maxY + d)
    }
}

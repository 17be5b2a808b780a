import Foundation

/// A local metric frame (metres east and north of an origin) converted to WGS84 longitude/latitude
/// with an equirectangular approximation on a sphere: good to well under a metre per kilometre near
/// the origin, which is plenty for synthetic data (not for surveying).
package struct LocalFrame: Sendable {
    /// The origin as longitude/latitude in degrees.
    package let origin: Position
    /// Metres per degree of latitude on the sphere of radius 6,371,008.8 m.
    package let metresPerDegreeLat: Double
    /// Metres per degree of longitude at the origin's latitude.
    package let metresPerDegreeLon: Double

    package init(origin: Position) {
        self.origin = origin
        metresPerDegreeLat = 6_371_008.8 * Double.pi / 180
        metresPerDegreeLon = metresPerDegreeLat * cos(origin.y * Double.pi / 180)
    }

    /// Longitude/latitude of a local position, rounded to 7 decimals (≈ 1 cm) so that a written and
    /// re-read coordinate is the same `Double` and shared vertices stay exactly equal.
    package func lonLat(_ p: Position) -> Position {
        Position(
            lon: Self.round7(origin.x + p.x / metresPerDegreeLon),
            lat: Self.round7(origin.y + p.y / metresPerDegreeLat))
    }

    /// The local position (metres) of a longitude/latitude.
    package func metres(_ g: Position) -> Position {
        Position(x: (g.x - origin.x) * metresPerDegreeLon, y: (g.y - origin.y) * metresPerDegreeLat)
    }

    /// `d` rounded to 7 decimals: the nearest `Double` to an integer number of 10⁻⁷.
    package static func round7(_ d: Double) -> Double { (d * 1e7).rounded() / 1e7 }
}

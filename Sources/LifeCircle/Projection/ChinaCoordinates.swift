import Foundation

/// Conversions between WGS84 and the Chinese consumer-map coordinate systems GCJ-02 (Amap,
/// Tencent) and BD-09 (Baidu), which PROJ does not support (PROJ issue 982).
///
/// Uses the standard published GCJ-02 formulas (Krasovsky 1940 ellipsoid, a = 6378245,
/// e² = 0.00669342162296594323) and BD-09 with x_pi = π·3000/180. Positions are (lon, lat) in
/// degrees. Outside China (``isOutOfChina(_:)``) no offset applies and positions pass unchanged.
package enum ChinaCoordinates {
    static let a = 6378245.0
    static let ee = 0.00669342162296594323
    static let xPi = Double.pi * 3000.0 / 180.0

    /// True outside the rectangle where GCJ-02 applies an offset (72.004–137.8347°E, 0.8293–55.8271°N).
    package static func isOutOfChina(_ p: Position) -> Bool {
        p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271
    }

    /// WGS84 → GCJ-02 (the forward obfuscation).
    package static func wgs84ToGCJ02(_ p: Position) -> Position {
        if isOutOfChina(p) { return p }
        let d = offset(p)
        return Position(lon: p.lon + d.lon, lat: p.lat + d.lat)
    }

    /// GCJ-02 → WGS84 by fixed-point iteration on the forward formula, to about 1e-9° (< 1 mm).
    /// - Complexity: a few forward evaluations (stops after 30 at most).
    package static func gcj02ToWGS84(_ p: Position) -> Position {
        if isOutOfChina(p) { return p }
        let start = Position(lon: p.lon - offset(p).lon, lat: p.lat - offset(p).lat)
        return inverse(of: wgs84ToGCJ02, at: p, from: start, iterations: 30)
    }

    /// GCJ-02 → BD-09.
    package static func gcj02ToBD09(_ p: Position) -> Position {
        let x = p.lon, y = p.lat
        let z = (x * x + y * y).squareRoot() + 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
        return Position(lon: z * cos(theta) + 0.0065, lat: z * sin(theta) + 0.006)
    }

    /// BD-09 → GCJ-02: the published closed-form inverse, refined by iteration on ``gcj02ToBD09(_:)``
    /// to about 1e-10°.
    package static func bd09ToGCJ02(_ p: Position) -> Position {
        let x = p.lon - 0.0065, y = p.lat - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        return inverse(of: gcj02ToBD09, at: p, from: Position(lon: z * cos(theta), lat: z * sin(theta)), iterations: 10)
    }

    /// The point `forward` maps to `p`, by fixed-point iteration from `start` (each step moves by the
    /// miss), until the miss is below `inverseTolerance` degrees or after `iterations` steps.
    /// - Complexity: at most `iterations` evaluations of `forward`.
    private static func inverse(of forward: (Position) -> Position, at p: Position, from start: Position,
                                iterations: Int) -> Position {
        var w = start
        for _ in 0..<iterations {
            let f = forward(w)
            let dLon = f.lon - p.lon, dLat = f.lat - p.lat
            w = Position(lon: w.lon - dLon, lat: w.lat - dLat)
            if abs(dLon) < inverseTolerance && abs(dLat) < inverseTolerance { break }
        }
        return w
    }

    /// The miss (degrees) at which the inverse iterations stop: about 0.01 mm.
    private static let inverseTolerance = 1e-10

    /// BD-09 → WGS84 (via GCJ-02).
    package static func bd09ToWGS84(_ p: Position) -> Position {
        gcj02ToWGS84(bd09ToGCJ02(p))
    }

    /// WGS84 → BD-09 (via GCJ-02).
    package static func wgs84ToBD09(_ p: Position) -> Position {
        gcj02ToBD09(wgs84ToGCJ02(p))
    }

    /// The GCJ-02 offset (degrees) to add to a WGS84 position.
    static func offset(_ p: Position) -> Position {
        let x = p.lon - 105.0, y = p.lat - 35.0
        var dLat = transformLat(x, y)
        var dLon = transformLon(x, y)
        let radLat = p.lat / 180.0 * Double.pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = magic.squareRoot()
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * Double.pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * Double.pi)
        return Position(lon: dLon, lat: dLat)
    }

    static func transformLat(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * Double.pi) + 20.0 * sin(2.0 * x * Double.pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * Double.pi) + 40.0 * sin(y / 3.0 * Double.pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * Double.pi) + 320.0 * sin(y * Double.pi / 30.0)) * 2.0 / 3.0
        return r
    }

    static func transformLon(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * Double.pi) + 20.0 * sin(2.0 * x * Double.pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * Double.pi) + 40.0 * sin(x / 3.0 * Double.pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * Double.pi) + 300.0 * sin(x / 30.0 * Double.pi)) * 2.0 / 3.0
        return r
    }
}

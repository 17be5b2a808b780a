/// Chooses a metric (projected) CRS for an area given in WGS84 longitude/latitude.
///
/// Inside China: the CGCS2000 3-degree Gauss–Krüger zone whose central meridian is nearest the
/// area's centre (EPSG:4534 = CM 75°E … EPSG:4549 = CM 120°E … EPSG:4554 = CM 135°E; checked with
/// `projinfo`). These CRSs list northing first; ``CoordinateTransformer`` normalizes the axis order,
/// so x is the easting (500 km false easting). Elsewhere: the WGS84 UTM zone of the centre
/// (EPSG:326zz north, 327zz south; the Norway and Svalbard exceptions are not applied).
package enum MetricCRS {
    /// The EPSG code (`"EPSG:4549"`) of a metric CRS suited to `box`.
    package static func choose(forLonLat box: BoundingBox) -> String {
        let c = box.center
        if isInChina(c) { return gaussKrugerCode(longitude: c.lon) }
        return utmCode(longitude: c.lon, latitude: c.lat)
    }

    /// The CGCS2000 3° Gauss–Krüger "CM" zone whose central meridian (75°E + 3°·k, k = 0…20) is nearest `longitude`.
    package static func gaussKrugerCode(longitude: Double) -> String {
        let k = min(20, max(0, Int(saturating: ((longitude - 75) / 3).rounded())))
        return "EPSG:\(4534 + k)"
    }

    /// The central meridian (degrees east) of a CGCS2000 3° GK CM zone code, or nil for other codes.
    package static func gaussKrugerCentralMeridian(_ code: String) -> Double? {
        guard code.hasPrefix("EPSG:"), let n = Int(code.dropFirst(5)), (4534...4554).contains(n) else { return nil }
        return 75 + 3 * Double(n - 4534)
    }

    /// The WGS84 UTM zone CRS of a position.
    package static func utmCode(longitude: Double, latitude: Double) -> String {
        let zone = min(60, max(1, Int(saturating: ((longitude + 180) / 6).rounded(.down)) + 1))
        return "EPSG:\(latitude >= 0 ? 32600 + zone : 32700 + zone)"
    }

    /// True when `p` (lon/lat) falls inside a coarse outline of China (mainland, Hainan, Taiwan;
    /// about ±50 km at the borders). It only picks the projection family; both are accurate.
    /// - Complexity: O(v) for the v = 70 outline vertices.
    package static func isInChina(_ p: Position) -> Bool {
        guard p.lon >= 73, p.lon <= 135.2, p.lat >= 17.5, p.lat <= 53.7 else { return false }
        return PlanarGeometry.contains(chinaOutline, p)
    }

    /// A coarse outline of China (lon, lat), hand-traced clockwise from the Pamirs.
    private static let chinaOutline: [Position] = [
        (73.5, 39.5), (75.0, 37.0), (77.8, 35.5), (79.0, 32.5), (78.8, 31.0), (81.0, 30.0), (85.0, 28.0),
        (88.0, 27.8), (89.0, 27.2), (92.0, 26.8), (97.0, 28.0), (98.5, 25.0), (97.5, 24.0), (99.0, 22.0),
        (101.0, 21.1), (102.0, 22.5), (105.0, 23.0), (106.7, 22.0), (108.0, 21.5), (108.0, 18.0),
        (109.5, 17.9), (111.5, 19.0), (111.0, 21.0), (114.0, 22.2), (117.0, 23.0), (120.5, 21.8),
        (122.2, 24.5), (122.3, 25.5), (121.0, 27.0), (122.7, 29.5), (122.5, 31.5), (122.0, 33.0),
        (123.0, 37.5), (121.8, 38.5), (122.0, 39.3), (124.3, 39.9), (126.0, 41.5), (128.0, 41.9),
        (130.6, 42.4), (131.3, 43.0), (131.0, 44.9), (133.0, 45.0), (134.8, 48.4), (131.0, 47.7),
        (127.5, 49.8), (125.5, 53.0), (121.5, 53.4), (119.5, 50.5), (117.8, 49.5), (116.0, 47.8),
        (119.9, 46.7), (117.0, 46.5), (112.0, 45.0), (111.0, 43.5), (106.0, 42.0), (101.0, 42.5),
        (96.5, 42.7), (95.5, 44.2), (90.5, 45.5), (90.0, 47.8), (87.5, 49.2), (85.5, 47.0), (82.5, 45.3),
        (80.4, 44.2), (80.2, 42.2), (76.0, 40.5),
    ].map { Position(lon: $0.0, lat: $0.1) }
}

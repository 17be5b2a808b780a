/// Converts layer coordinates to WGS84 longitude/latitude.
///
/// TEMPORARY: handles WGS84 only; GCJ-02, BD-09 and PROJ CRSs arrive with the Projection module.
public enum CoordinateSystems {
    /// Names that mean WGS84 longitude/latitude.
    static let wgs84Names: Set<String> = ["EPSG:4326", "WGS84", "WGS 84", "CRS84", "OGC:CRS84", "URN:OGC:DEF:CRS:OGC:1.3:CRS84", "URN:OGC:DEF:CRS:EPSG::4326"]

    /// `geometry` from the CRS named `crs` converted to WGS84 lon/lat.
    public static func toWGS84(_ geometry: Geometry, from crs: String) throws -> Geometry {
        if wgs84Names.contains(crs.uppercased()) { return geometry }
        throw LibraryError(library: "LifeCircle", operation: "CRS conversion", message: "unsupported CRS \(crs)")
    }
}

/// Converts layer coordinates to WGS84 longitude/latitude.
package enum CoordinateSystems {
    /// `geometry` from the CRS named `crs` (EPSG code, `GCJ-02`, `BD-09`, WKT or PROJ string)
    /// converted to WGS84 lon/lat.
    package static func toWGS84(_ geometry: Geometry, from crs: String) throws -> Geometry {
        try CRSConverter(crs: crs).toWGS84(geometry)
    }
}

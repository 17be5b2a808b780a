import Foundation

/// A plan layer opened for reading: GeoJSON (`.geojson`, `.json`) through the library's own fast
/// reader, every other vector format through GDAL/OGR (``OGRReader``).
///
/// The CRS of the coordinates is the plan's declaration when it has one (e.g. `GCJ-02`, which no
/// file format can state), else the one the file states (`.prj`, GeoPackage srs), else EPSG:4326.
/// Not `Sendable` (an OGR source holds a GDAL dataset): use it on the thread that opened it.
package struct LayerSource {
    /// The layer as the plan gives it, with `crs` set to the CRS its coordinates are in.
    package let ref: LayerRef
    private let ogr: OGRReader?

    /// True when `path` is read by the GeoJSON reader rather than GDAL.
    package static func isGeoJSON(_ path: String) -> Bool {
        ["geojson", "json"].contains((path as NSString).pathExtension.lowercased())
    }

    /// Opens the layer.
    /// - Throws: `FileError` or `InputError` naming the file (and the layer) when it cannot be
    ///   opened, the layer is unknown, or a layer name is given for a GeoJSON file.
    package init(_ layer: LayerRef) throws {
        var resolved = layer
        if Self.isGeoJSON(layer.path) {
            if let name = layer.layer {
                throw InputError(file: layer.path, key: "layer", message: "a GeoJSON file holds one layer: remove \"layer\": \"\(name)\" from the plan")
            }
            ogr = nil
        } else {
            let reader = try OGRReader(layer)
            if !layer.crsDeclared, let crs = reader.crs { resolved.crs = crs }
            ogr = reader
        }
        ref = resolved
    }

    /// Calls `body` with each feature and its 0-based index in the layer, in order (streamed).
    package func forEachFeature(_ body: (Int, Feature) throws -> Void) throws {
        if let ogr {
            try ogr.forEachFeature(body)
        } else {
            try GeoJSONReader.forEachFeature(path: ref.path, body)
        }
    }

    /// Every feature of the layer, in order.
    package func readFeatures() throws -> [Feature] {
        if let ogr { return try ogr.readFeatures() }
        return try GeoJSONReader.readFeatureCollection(path: ref.path).features
    }

    /// The files a run reads for `layer`: its path, plus a shapefile's sidecar files.
    package static func files(of layer: LayerRef) -> [String] {
        [layer.path] + OGRReader.sidecars(of: layer.path)
    }
}

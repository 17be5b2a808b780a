import CGDAL
import Foundation

/// A GeoPackage being written one layer at a time (``GeoPackageWriter`` describes what it holds),
/// to a file or a `/vsimem/` path, so a layer can go in as soon as it is ready.
///
/// GDAL settings are set on the calling thread only (thread-local configuration), for this
/// dataset's lifetime: the pinned timestamp, and SQLite without `fsync` or rollback journal and
/// with a larger page cache (a failed run throws the whole file away; the output folder flushes the
/// finished bytes). Not thread-safe: make, fill and finish it on one thread.
final class GeoPackageFile {
    /// The settings that apply while the file is written, as (GDAL option, value).
    private static let settings: [(String, String)] = [
        ("OGR_CURRENT_DATE", GeoPackageWriter.fixedDate),
        ("OGR_SQLITE_SYNCHRONOUS", "OFF"),
        ("OGR_SQLITE_JOURNAL", "OFF"),
        ("OGR_SQLITE_CACHE", "256"),
    ]

    private let gdal: GDALFunctions
    private let ds: GDALDatasetH
    private let srs: OGRSpatialReferenceH
    private var closed = false
    /// The schema and styles of each layer written, in order (for `gpkg_data_columns` and `layer_styles`).
    private var written: [(schema: LayerSchema, styles: [QGISStyle])] = []
    /// The layers' spatial indexes, built in the background while the tables are written.
    private let rtrees: GeoPackageRTrees

    /// Creates the GeoPackage at `path` (a file that must not exist yet, or a `/vsimem/` path).
    /// - Throws: `LibraryError` when GDAL cannot (or cannot be loaded).
    init(path: String) throws {
        let gdal = try GDALSession.functions()
        for (k, v) in Self.settings { gdal.CPLSetThreadLocalConfigOption(k, v) }
        guard let driver = gdal.GDALGetDriverByName("GPKG") else { Self.clearSettings(gdal); throw GeoPackageWriter.failure("GDAL has no GPKG driver") }
        guard let ds = gdal.GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            Self.clearSettings(gdal)
            throw GeoPackageWriter.failure("cannot create a GeoPackage")
        }
        guard let srs = gdal.OSRNewSpatialReference(nil) else {
            gdal.GDALClose(ds)
            Self.clearSettings(gdal)
            throw GeoPackageWriter.failure("cannot make a spatial reference")
        }
        gdal.OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        self.gdal = gdal
        self.ds = ds
        self.srs = srs
        rtrees = GeoPackageRTrees()
        guard gdal.OSRImportFromEPSG(srs, 4326) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot make EPSG:4326") }
    }

    deinit {
        rtrees.discard()
        close()
        gdal.OSRDestroySpatialReference(srs)
        // GDAL keeps a PROJ context (with its open proj.db) per thread; the file is written on a
        // worker thread that outlives the run, so free this thread's now (valgrind: MemoryCheckTests).
        gdal.OSRCleanup()
    }

    private static func clearSettings(_ gdal: GDALFunctions) {
        for (k, _) in settings { gdal.CPLSetThreadLocalConfigOption(k, nil) }
    }

    private func close() {
        guard !closed else { return }
        closed = true
        gdal.GDALClose(ds)
        Self.clearSettings(gdal)
    }

    /// Adds the layers' spatial indexes, writes the `gpkg_data_columns` and `layer_styles` tables
    /// and closes the file.
    /// - Throws: `LibraryError` when GDAL fails.
    func finish() throws {
        try rtrees.install(into: ds)
        try GeoPackageWriter.writeDataColumns(written.map(\.schema), to: ds)
        try QGISStyleTable.write(written, to: ds)
        close()
    }

    /// Writes one layer as a table, in one transaction: fields created from the schema, features
    /// with FIDs 1, 2, … and every field set by index with its typed setter, one feature object
    /// (and for points one geometry) reused for all rows. Its spatial index is started first, from
    /// the features' boxes, on the background thread of ``GeoPackageRTrees``.
    ///
    /// - Throws: `LibraryError` when GDAL fails.
    /// - Complexity: O(features × fields).
    func add(_ layer: GeoPackageLayer) throws {
        let s = layer.schema
        let type: OGRwkbGeometryType = switch s.geometry {
        case .point: wkbPoint
        case .lineString: wkbLineString
        case .multiPolygon: wkbMultiPolygon
        }
        let opts = GeoPackageWriter.options(gdal, ["SPATIAL_INDEX=NO", "FID=fid", "GEOMETRY_NAME=geom", "IDENTIFIER=\(s.name)",
                                             "DESCRIPTION=\(s.description)"])
        defer { gdal.CSLDestroy(opts) }
        guard let l = gdal.GDALDatasetCreateLayer(ds, s.name, srs, type, opts) else { throw GeoPackageWriter.failure("cannot create the layer \(s.name)") }
        for f in s.fields {
            let defn = gdal.OGR_Fld_Create(f.name, f.type == .string ? OFTString : f.type == .integer ? OFTInteger : OFTReal)
            if f.width > 0 { gdal.OGR_Fld_SetWidth(defn, Int32(clamping: f.width)) }
            let err = gdal.OGR_L_CreateField(l, defn, 1)
            gdal.OGR_Fld_Destroy(defn)
            guard err == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot create the field \(s.name).\(f.name)") }
        }
        written.append((s, layer.styles))
        var boxes = GeoPackageRTrees.Boxes()
        for i in 0 ..< layer.count {
            if let g = layer.geometry(i), let b = WKB.bounds(g, as: s.geometry) {
                boxes.fids.append(Int64(i + 1))
                boxes.bounds += [b.minX, b.minY, b.maxX, b.maxY]
            }
        }
        rtrees.start(table: s.name, boxes: boxes)
        let defn = gdal.OGR_L_GetLayerDefn(l)
        guard let f = gdal.OGR_F_Create(defn) else { throw GeoPackageWriter.failure("cannot make a feature") }
        defer { gdal.OGR_F_Destroy(f) }
        let types = s.fields.map(\.type)
        // A point layer keeps one point on the feature and moves it; other layers get their WKB.
        let points = s.geometry == .point
        guard gdal.GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot start a transaction") }
        var values: [JSONValue] = []
        var wkb: [UInt8] = []
        for i in 0 ..< layer.count {
            layer.values(i, &values)
            let geometry = layer.geometry(i)
            _ = gdal.OGR_F_SetFID(f, GIntBig(i + 1))
            for k in types.indices {
                Self.set(gdal, f, Int32(k), types[k], k < values.count ? values[k] : nil)
            }
            if points, case .point(let p)? = geometry {
                if gdal.OGR_F_GetGeometryRef(f) == nil {
                    guard let made = gdal.OGR_G_CreateGeometry(wkbPoint) else { throw GeoPackageWriter.failure("cannot make a point") }
                    _ = gdal.OGR_F_SetGeometryDirectly(f, made)
                }
                gdal.OGR_G_SetPoint_2D(gdal.OGR_F_GetGeometryRef(f), 0, p.x, p.y)
            } else {
                wkb.removeAll(keepingCapacity: true)
                var made: OGRGeometryH?
                if let g = geometry, WKB.append(g, as: s.geometry, to: &wkb) {
                    // OGR_G_CreateFromWkb: OGRERR_NONE on success, the geometry then ours.
                    let err = wkb.withUnsafeBytes { gdal.OGR_G_CreateFromWkb($0.baseAddress, nil, &made, Int32(clamping: $0.count)) }
                    if err != OGRERR_NONE { made = nil }
                }
                // The feature takes the geometry (nil: none) and frees the one it had.
                _ = gdal.OGR_F_SetGeometryDirectly(f, made)
            }
            guard gdal.OGR_L_CreateFeature(l, f) == OGRERR_NONE else {
                _ = gdal.GDALDatasetRollbackTransaction(ds)
                throw GeoPackageWriter.failure("cannot write feature \(i) of \(s.name)")
            }
        }
        guard gdal.GDALDatasetCommitTransaction(ds) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot commit \(s.name)") }
    }

    /// Sets field `k` of `f` from a property: null when missing or null, else by the field's type
    /// (a number in a text field as GeoJSON writes it, a non-integral or out-of-range number in an
    /// integer field null).
    private static func set(_ gdal: GDALFunctions, _ f: OGRFeatureH, _ k: Int32, _ type: CSVColumnType, _ value: JSONValue?) {
        switch (type, value) {
        case (_, nil), (_, .null?):
            gdal.OGR_F_SetFieldNull(f, k)
        case (.real, .number(let d)?):
            gdal.OGR_F_SetFieldDouble(f, k, d)
        case (.integer, .number(let d)?):
            if let n = Int32(exactly: d) { gdal.OGR_F_SetFieldInteger(f, k, n) } else { gdal.OGR_F_SetFieldNull(f, k) }
        case (.integer, .bool(let b)?), (.real, .bool(let b)?):
            gdal.OGR_F_SetFieldInteger(f, k, b ? 1 : 0)
        case (.string, .string(let text)?):
            gdal.OGR_F_SetFieldString(f, k, text)
        case (.string, let v?):
            gdal.OGR_F_SetFieldString(f, k, LayerTable.cell(v))
        default:
            gdal.OGR_F_SetFieldNull(f, k)
        }
    }
}

import CGDAL
import Foundation

/// One layer of a GeoPackage: its schema, its features (made one at a time, so half a million
/// residents are never held as feature objects), and its QGIS styles (the first is the default).
package struct GeoPackageLayer {
    package var schema: LayerSchema
    package var count: Int
    package var feature: (Int) -> Feature
    package var styles: [QGISStyle]

    package init(schema: LayerSchema, count: Int, styles: [QGISStyle] = [], feature: @escaping (Int) -> Feature) {
        self.schema = schema
        self.count = count
        self.feature = feature
        self.styles = styles
    }

    /// A layer of a feature collection already made.
    package init(schema: LayerSchema, _ layer: FeatureCollection, styles: [QGISStyle] = []) {
        let features = layer.features
        self.init(schema: schema, count: features.count, styles: styles) { features[$0] }
    }
}

/// Writes layers into one GeoPackage (OGC GeoPackage 1.2 through GDAL's GPKG driver) in memory and
/// returns its bytes: each layer a table of its schema's typed fields in WGS84 with an R-tree
/// spatial index, the fields' descriptions in `gpkg_data_columns`, the layer's description in
/// `gpkg_contents`, and the QGIS styles in `layer_styles` (QGIS applies the default one on opening).
///
/// The bytes are the same for the same layers: GDAL's timestamps are pinned (`OGR_CURRENT_DATE`),
/// features go in order with FIDs 1, 2, …, and every table is written in a fixed order.
package enum GeoPackageWriter {
    /// The timestamp written wherever the format asks for one.
    static let fixedDate = "2000-01-01T00:00:00.000Z"

    /// Names of in-memory files, unique within the process.
    private static let counter = TaskCounter()

    /// The GeoPackage holding `layers`, in their order.
    ///
    /// - Throws: `LibraryError` when GDAL fails (its message attached).
    /// - Complexity: O(total features × fields), one transaction per layer.
    package static func bytes(_ layers: [GeoPackageLayer]) throws -> [UInt8] {
        GDALSession.ensureRegistered()
        CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", fixedDate)
        defer { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nil) }
        let path = "/vsimem/lifecircle-\(ProcessInfo.processInfo.processIdentifier)-\(counter.take(below: Int.max) ?? 0).gpkg"
        guard let driver = GDALGetDriverByName("GPKG") else { throw failure("GDAL has no GPKG driver") }
        guard let ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else { throw failure("cannot create a GeoPackage") }
        var closed = false
        defer {
            if !closed { GDALClose(ds) }
            VSIUnlink(path)
        }
        let srs = OSRNewSpatialReference(nil)
        defer { OSRDestroySpatialReference(srs) }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        guard OSRImportFromEPSG(srs, 4326) == OGRERR_NONE else { throw failure("cannot make EPSG:4326") }
        for layer in layers { try write(layer, to: ds, srs: srs) }
        try writeDataColumns(layers.map(\.schema), to: ds)
        try QGISStyleTable.write(layers, to: ds)
        GDALClose(ds)
        closed = true
        var length: vsi_l_offset = 0
        guard let buffer = VSIGetMemFileBuffer(path, &length, 0) else { throw failure("the GeoPackage was not written") }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
    }

    /// A `LibraryError` with GDAL's last message.
    static func failure(_ what: String) -> LibraryError {
        let message = CPLGetLastErrorMsg().map { String(cString: $0) } ?? ""
        return LibraryError(library: "GDAL", operation: what, message: message.isEmpty ? "failed" : message)
    }

    /// Options as GDAL's NULL-terminated string list (freed by the caller with `CSLDestroy`).
    static func options(_ pairs: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        for p in pairs { list = CSLAddString(list, p) }
        return list
    }

    /// Runs SQL that returns no rows.
    static func execute(_ sql: String, on ds: GDALDatasetH) throws {
        CPLErrorReset()
        let result = GDALDatasetExecuteSQL(ds, sql, nil, nil)
        if let result { GDALDatasetReleaseResultSet(ds, result) }
        if CPLGetLastErrorType() == CE_Failure { throw failure("SQL failed") }
    }

    /// A string as an SQL literal.
    static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    private static func write(_ layer: GeoPackageLayer, to ds: GDALDatasetH, srs: OGRSpatialReferenceH?) throws {
        let s = layer.schema
        let type: OGRwkbGeometryType = switch s.geometry {
        case .point: wkbPoint
        case .lineString: wkbLineString
        case .multiPolygon: wkbMultiPolygon
        }
        let opts = options(["SPATIAL_INDEX=YES", "FID=fid", "GEOMETRY_NAME=geom", "IDENTIFIER=\(s.name)",
                            "DESCRIPTION=\(s.description)"])
        defer { CSLDestroy(opts) }
        guard let l = GDALDatasetCreateLayer(ds, s.name, srs, type, opts) else { throw failure("cannot create the layer \(s.name)") }
        for f in s.fields {
            let defn = OGR_Fld_Create(f.name, f.type == .string ? OFTString : f.type == .integer ? OFTInteger : OFTReal)
            if f.width > 0 { OGR_Fld_SetWidth(defn, Int32(clamping: f.width)) }
            let err = OGR_L_CreateField(l, defn, 1)
            OGR_Fld_Destroy(defn)
            guard err == OGRERR_NONE else { throw failure("cannot create the field \(s.name).\(f.name)") }
        }
        guard GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE else { throw failure("cannot start a transaction") }
        let defn = OGR_L_GetLayerDefn(l)
        var wkb: [UInt8] = []
        for i in 0 ..< layer.count {
            let feature = layer.feature(i)
            guard let f = OGR_F_Create(defn) else { throw failure("cannot make a feature") }
            defer { OGR_F_Destroy(f) }
            OGR_F_SetFID(f, GIntBig(i + 1))
            for (k, field) in s.fields.enumerated() {
                set(f, Int32(k), field.type, feature.properties[field.name])
            }
            wkb.removeAll(keepingCapacity: true)
            if let g = feature.geometry, WKB.append(g, as: s.geometry, to: &wkb) {
                var geometry: OGRGeometryH?
                let err = wkb.withUnsafeBytes { OGR_G_CreateFromWkb($0.baseAddress, nil, &geometry, Int32(clamping: $0.count)) }
                if err == OGRERR_NONE, let geometry { OGR_F_SetGeometryDirectly(f, geometry) }
            }
            guard OGR_L_CreateFeature(l, f) == OGRERR_NONE else {
                GDALDatasetRollbackTransaction(ds)
                throw failure("cannot write feature \(i) of \(s.name)")
            }
        }
        guard GDALDatasetCommitTransaction(ds) == OGRERR_NONE else { throw failure("cannot commit \(s.name)") }
    }

    /// Sets field `k` of `f` from a property: null when missing or null, else by the field's type
    /// (a number in a text field as GeoJSON writes it, a non-integral or out-of-range number in an
    /// integer field null).
    private static func set(_ f: OGRFeatureH, _ k: Int32, _ type: CSVColumnType, _ value: JSONValue?) {
        switch (type, value) {
        case (_, nil), (_, .null?):
            OGR_F_SetFieldNull(f, k)
        case (.real, .number(let d)?):
            OGR_F_SetFieldDouble(f, k, d)
        case (.integer, .number(let d)?):
            if let n = Int32(exactly: d) { OGR_F_SetFieldInteger(f, k, n) } else { OGR_F_SetFieldNull(f, k) }
        case (.integer, .bool(let b)?), (.real, .bool(let b)?):
            OGR_F_SetFieldInteger(f, k, b ? 1 : 0)
        case (.string, let v?):
            OGR_F_SetFieldString(f, k, LayerTable.cell(v))
        default:
            OGR_F_SetFieldNull(f, k)
        }
    }

    /// `gpkg_data_columns` (the GeoPackage schema extension): every field's description.
    private static func writeDataColumns(_ schemas: [LayerSchema], to ds: GDALDatasetH) throws {
        try execute("""
            CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, \
            definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))
            """, on: ds)
        try execute("""
            CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT, \
            description TEXT, mime_type TEXT, constraint_name TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), \
            CONSTRAINT gdc_tn UNIQUE (table_name, name))
            """, on: ds)
        try execute("""
            CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, \
            value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT, \
            CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value))
            """, on: ds)
        for table in ["gpkg_data_columns", "gpkg_data_column_constraints"] {
            try execute("INSERT INTO gpkg_extensions VALUES (\(literal(table)), NULL, 'gpkg_schema', "
                + "'http://www.geopackage.org/spec121/#extension_schema', 'read-write')", on: ds)
        }
        guard GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE else { throw failure("cannot start a transaction") }
        for s in schemas {
            for f in s.fields {
                try execute("INSERT INTO gpkg_data_columns (table_name, column_name, name, title, description) VALUES ("
                    + [s.name, f.name, f.name, f.name, f.description].map(literal).joined(separator: ", ") + ")", on: ds)
            }
        }
        guard GDALDatasetCommitTransaction(ds) == OGRERR_NONE else { throw failure("cannot commit gpkg_data_columns") }
    }
}

/// Well-known binary (little-endian, 2D) of a geometry, as the layer's type wants it: a polygon
/// as a one-part multipolygon in a multipolygon layer.
enum WKB {
    /// Appends `g`; false (nothing appended) when it does not fit `type`.
    static func append(_ g: Geometry, as type: LayerSchema.GeometryType, to out: inout [UInt8]) -> Bool {
        switch (type, g) {
        case (.point, .point(let p)):
            header(1, to: &out)
            position(p, to: &out)
        case (.lineString, .lineString(let line)):
            header(2, to: &out)
            positions(line, to: &out)
        case (.multiPolygon, .polygon(let rings)):
            header(6, to: &out)
            count(1, to: &out)
            polygon(rings, to: &out)
        case (.multiPolygon, .multiPolygon(let polygons)):
            header(6, to: &out)
            count(polygons.count, to: &out)
            for rings in polygons { polygon(rings, to: &out) }
        default:
            return false
        }
        return true
    }

    private static func header(_ type: UInt32, to out: inout [UInt8]) {
        out.append(1)
        withUnsafeBytes(of: type.littleEndian) { out += $0 }
    }

    private static func count(_ n: Int, to out: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: n).littleEndian) { out += $0 }
    }

    private static func position(_ p: Position, to out: inout [UInt8]) {
        withUnsafeBytes(of: p.x.bitPattern.littleEndian) { out += $0 }
        withUnsafeBytes(of: p.y.bitPattern.littleEndian) { out += $0 }
    }

    private static func positions(_ ps: [Position], to out: inout [UInt8]) {
        count(ps.count, to: &out)
        for p in ps { position(p, to: &out) }
    }

    private static func polygon(_ rings: [[Position]], to out: inout [UInt8]) {
        header(3, to: &out)
        count(rings.count, to: &out)
        for r in rings { positions(r, to: &out) }
    }
}

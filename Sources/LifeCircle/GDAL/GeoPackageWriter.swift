import CGDAL
import Foundation

/// One layer of a GeoPackage: its schema, its rows (made one at a time straight into the table, so
/// half a million residents are never held as feature objects), and its QGIS styles (the first is
/// the default).
package struct GeoPackageLayer {
    package var schema: LayerSchema
    package var count: Int
    /// Feature `i`'s geometry (asked for twice: for the spatial index, then for the table).
    package var geometry: (Int) -> Geometry?
    /// Fills the buffer (emptied first) with feature `i`'s values in the order of the schema's fields.
    package var values: (Int, inout [JSONValue]) -> Void
    package var styles: [QGISStyle]

    package init(schema: LayerSchema, count: Int, styles: [QGISStyle] = [], geometry: @escaping (Int) -> Geometry?,
                 values: @escaping (Int, inout [JSONValue]) -> Void) {
        self.schema = schema
        self.count = count
        self.geometry = geometry
        self.values = values
        self.styles = styles
    }

    /// A layer of a feature collection already made (its properties looked up by the fields' names).
    package init(schema: LayerSchema, _ layer: FeatureCollection, styles: [QGISStyle] = []) {
        let features = layer.features
        let names = schema.fields.map(\.name)
        self.init(schema: schema, count: features.count, styles: styles, geometry: { features[$0].geometry }) { i, out in
            let f = features[i]
            out.removeAll(keepingCapacity: true)
            for name in names { out.append(f.properties[name] ?? .null) }
        }
    }
}

/// Writes layers into one GeoPackage (OGC GeoPackage 1.2 through GDAL's GPKG driver): each layer a
/// table of its schema's typed fields in WGS84 with an R-tree spatial index, the fields'
/// descriptions in `gpkg_data_columns`, the layer's description in `gpkg_contents`, and the QGIS
/// styles in `layer_styles` (QGIS applies the default one on opening).
///
/// The bytes are the same for the same layers: GDAL's timestamps are pinned (`OGR_CURRENT_DATE`),
/// features go in order with FIDs 1, 2, …, and every table is written in a fixed order.
package enum GeoPackageWriter {
    /// The timestamp written wherever the format asks for one.
    static let fixedDate = "2000-01-01T00:00:00.000Z"

    /// Names of in-memory files, unique within the process.
    static let counter = TaskCounter()

    /// A `LibraryError` with GDAL's last message.
    static func failure(_ what: String) -> LibraryError {
        LibraryError(library: "GDAL", operation: what, message: GDALSession.lastError(fallback: "failed"))
    }

    /// Options as GDAL's NULL-terminated string list (freed by the caller with `CSLDestroy`).
    static func options(_ gdal: GDALFunctions, _ pairs: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        for p in pairs { list = gdal.CSLAddString(list, p) }
        return list
    }

    /// Runs SQL that returns no rows.
    static func execute(_ sql: String, on ds: GDALDatasetH) throws {
        let gdal = try GDALSession.functions()
        gdal.CPLErrorReset()
        let result = gdal.GDALDatasetExecuteSQL(ds, sql, nil, nil)
        if let result { gdal.GDALDatasetReleaseResultSet(ds, result) }
        if gdal.CPLGetLastErrorType() == CE_Failure { throw failure("SQL failed") }
    }

    /// A string as an SQL literal.
    static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The `gpkg_extensions` table, made when missing (in GDAL's words, spacing included).
    static let extensionsTable = """
        CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT NULL,\
        definition TEXT NOT NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))
        """

    /// `gpkg_data_columns` (the GeoPackage schema extension): every field's description.
    static func writeDataColumns(_ schemas: [LayerSchema], to ds: GDALDatasetH) throws {
        let gdal = try GDALSession.functions()
        try execute(extensionsTable, on: ds)
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
        guard gdal.GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE else { throw failure("cannot start a transaction") }
        for s in schemas {
            for f in s.fields {
                try execute("INSERT INTO gpkg_data_columns (table_name, column_name, name, title, description) VALUES ("
                    + [s.name, f.name, f.name, f.name, f.description].map(literal).joined(separator: ", ") + ")", on: ds)
            }
        }
        guard gdal.GDALDatasetCommitTransaction(ds) == OGRERR_NONE else { throw failure("cannot commit gpkg_data_columns") }
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

    /// The envelope (minimum and maximum x and y) of `g` as ``append(_:as:to:)`` writes it for a
    /// layer of `type`: nil when it does not fit `type` or has no position (GDAL's spatial index
    /// leaves such features out).
    static func bounds(_ g: Geometry, as type: LayerSchema.GeometryType) -> (minX: Double, minY: Double, maxX: Double, maxY: Double)? {
        var box: (minX: Double, minY: Double, maxX: Double, maxY: Double)?
        func add(_ ps: [Position]) {
            for p in ps {
                if let b = box {
                    box = (min(b.minX, p.x), min(b.minY, p.y), max(b.maxX, p.x), max(b.maxY, p.y))
                } else {
                    box = (p.x, p.y, p.x, p.y)
                }
            }
        }
        switch (type, g) {
        case (.point, .point(let p)): add([p])
        case (.lineString, .lineString(let line)): add(line)
        case (.multiPolygon, .polygon(let rings)): rings.forEach(add)
        case (.multiPolygon, .multiPolygon(let polygons)): polygons.forEach { $0.forEach(add) }
        default: return nil
        }
        return box
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

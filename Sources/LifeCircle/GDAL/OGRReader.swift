import CGDAL
import Foundation

/// Reads one layer of a vector source through GDAL/OGR (Shapefile, GeoPackage, FlatGeobuf, File
/// Geodatabase, KML, CSV, …) into the library's own `Feature` and `Geometry` values.
///
/// The source is checked like every input (`InputFile`: only regular files, a File Geodatabase
/// is a folder of regular files, a shapefile's sidecar files too) before GDAL opens it, read-only
/// and only with the file-based drivers in ``drivers`` (no VRT or network sources). Features are
/// numbered by their 0-based order in the layer, as GeoJSON features are. Not `Sendable`: GDAL's
/// datasets are not thread-safe, so a reader is used on the thread that made it.
package final class OGRReader {
    /// The file or folder read.
    package let path: String
    /// How problems name the source: the path, with the layer name when one was asked for.
    package let label: String
    /// The layer read.
    package let layerName: String
    /// The layer's CRS from the file (`.prj`, GeoPackage srs, …) as `AUTHORITY:CODE` when GDAL
    /// identifies one, else as WKT; nil when the file declares none.
    package let crs: String?
    private let gdal: GDALFunctions
    private let dataset: GDALDatasetH
    private let layer: OGRLayerH
    /// True for KML, whose placemark name GDAL reads as the field `Name`.
    private let isKML: Bool

    /// The drivers a plan layer may be read with: file-based formats only.
    static let drivers = [
        "ESRI Shapefile", "GPKG", "SQLite", "FlatGeobuf", "OpenFileGDB", "KML", "LIBKML", "CSV",
        "GeoJSON", "GeoJSONSeq", "GML", "GPX", "MapInfo File", "DXF", "ODS", "XLSX", "Parquet", "Arrow",
    ]

    /// Open options for CSV: a `WKT`/`geometry` column or x/y (lon/lat) columns, numbers typed.
    static let csvOptions = [
        "GEOM_POSSIBLE_NAMES=WKT,geometry,geom,the_geom", "X_POSSIBLE_NAMES=x,lon,lng,long,longitude",
        "Y_POSSIBLE_NAMES=y,lat,latitude", "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=YES",
    ]

    /// Opens the layer `ref.layer` of the source at `ref.path` (the only layer when nil).
    /// - Throws: `FileError` when the path is refused or cannot be opened as a vector source,
    ///   `InputError` for an unknown layer (listing the layers there are) or a missing layer name.
    package init(_ ref: LayerRef) throws {
        let path = ref.path, requested = ref.layer
        try Self.checkSource(path)
        let gdal = try GDALSession.functions()
        gdal.CPLErrorReset()
        let isCSV = (path as NSString).pathExtension.lowercased() == "csv"
        let opened = GDALSession.withCStringList(Self.drivers) { drivers in
            GDALSession.withCStringList(isCSV ? Self.csvOptions : []) { options in
                gdal.GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR), drivers, options, nil)
            }
        }
        // GDALOpenEx: NULL when no allowed driver opens the path (the reason in CPLGetLastErrorMsg).
        guard let opened else {
            throw FileError(path: path, message: "cannot be read as a vector data set: \(GDALSession.lastError(fallback: "no GDAL driver recognises it"))")
        }
        var names: [String] = []
        for i in 0..<gdal.GDALDatasetGetLayerCount(opened) {
            if let l = gdal.GDALDatasetGetLayer(opened, i), let n = gdal.OGR_L_GetName(l) { names.append(String(cString: n)) }
        }
        let chosen: OGRLayerH
        switch requested {
        case let name?:
            guard names.contains(name), let l = gdal.GDALDatasetGetLayerByName(opened, name) else {
                gdal.GDALClose(opened)
                throw InputError(file: path, key: "layer", message: "no layer \"\(name)\" (the file has: \(Self.list(names)))")
            }
            chosen = l
        case nil:
            guard names.count == 1, let l = gdal.GDALDatasetGetLayer(opened, 0) else {
                gdal.GDALClose(opened)
                throw InputError(file: path, key: "layer", message: names.isEmpty
                    ? "holds no layer"
                    : "holds \(names.count) layers (\(Self.list(names))): name one with {\"path\": ..., \"layer\": ...}")
            }
            chosen = l
        }
        self.gdal = gdal
        self.path = path
        label = ref.label
        let driver = gdal.GDALGetDatasetDriver(opened).flatMap { gdal.GDALGetDriverShortName($0) }.map { String(cString: $0) } ?? ""
        isKML = driver == "KML" || driver == "LIBKML"
        dataset = opened
        layer = chosen
        layerName = requested ?? names[0]
        crs = gdal.OGR_L_GetSpatialRef(chosen).flatMap { Self.describe($0, gdal) }
    }

    deinit { gdal.GDALClose(dataset) }

    /// Calls `body` with each feature and its 0-based index, in the layer's order.
    /// - Complexity: O(features + positions); one feature in memory at a time.
    /// - Throws: `InputError` naming the feature when its geometry cannot be used or the file is
    ///   damaged part-way; whatever `body` throws.
    package func forEachFeature(_ body: (Int, Feature) throws -> Void) throws {
        gdal.OGR_L_ResetReading(layer)
        let fidColumn = gdal.OGR_L_GetFIDColumn(layer).map { String(cString: $0) } ?? ""
        var index = 0
        while true {
            gdal.CPLErrorReset()
            // OGR_L_GetNextFeature: NULL at the end, or on an error (then CPLGetLastErrorType says so).
            guard let f = gdal.OGR_L_GetNextFeature(layer) else {
                if gdal.CPLGetLastErrorType() == CE_Failure || gdal.CPLGetLastErrorType() == CE_Fatal {
                    throw InputError(file: label, featureIndex: index, message: "cannot be read (damaged file?): \(GDALSession.lastError(fallback: "GDAL failed"))")
                }
                return
            }
            defer { gdal.OGR_F_Destroy(f) }
            // A truncated .shp still hands out its features, with no geometry: GDAL's error says why.
            if gdal.CPLGetLastErrorType() == CE_Failure || gdal.CPLGetLastErrorType() == CE_Fatal {
                throw InputError(file: label, featureIndex: index, message: "cannot be read (damaged file?): \(GDALSession.lastError(fallback: "GDAL failed"))")
            }
            var feature = try Self.feature(gdal, f, index: index, file: label, fidIsID: !fidColumn.isEmpty)
            if isKML, feature.properties["name"] == nil, let name = feature.properties["Name"] {
                feature.properties["name"] = name
            }
            try body(index, feature)
            index += 1
        }
    }

    /// Every feature of the layer, in order.
    package func readFeatures() throws -> [Feature] {
        var out: [Feature] = []
        try forEachFeature { _, f in out.append(f) }
        return out
    }

    // MARK: - Checks

    /// Refuses what `InputFile` refuses; a `.gdb` must be a folder of regular files and a
    /// shapefile's sidecar files (when present) regular files, so GDAL never opens a FIFO or device.
    static func checkSource(_ path: String) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "gdb" {
            var info = stat()
            guard stat(path, &info) == 0 else { throw FileError(path: path, message: InputFile.message(errno, fallback: "could not be examined")) }
            guard info.st_mode & S_IFMT == S_IFDIR else { throw FileError(path: path, message: "a File Geodatabase (.gdb) must be a folder") }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            for name in entries.sorted() { try InputFile.requireRegular((path as NSString).appendingPathComponent(name)) }
            return
        }
        try InputFile.requireRegular(path)
        for sidecar in sidecars(of: path) where FileManager.default.fileExists(atPath: sidecar) {
            try InputFile.requireRegular(sidecar)
        }
    }

    /// The files GDAL reads next to `path`: a shapefile's `.shx`, `.dbf`, `.prj`, `.cpg` (and its
    /// spatial index files). Empty for other formats.
    package static func sidecars(of path: String) -> [String] {
        let ns = path as NSString
        guard ns.pathExtension.lowercased() == "shp" else { return [] }
        let stem = ns.deletingPathExtension
        let upper = ns.pathExtension == "SHP"
        return ["shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx"].map { stem + "." + (upper ? $0.uppercased() : $0) }
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    // MARK: - Conversion

    /// The CRS as `AUTHORITY:CODE` when GDAL identifies it, else WKT2, else nil.
    private static func describe(_ srs: OGRSpatialReferenceH, _ gdal: GDALFunctions) -> String? {
        guard let copy = gdal.OSRClone(srs) else { return nil }
        defer { gdal.OSRDestroySpatialReference(copy) }
        _ = gdal.OSRAutoIdentifyEPSG(copy)  // OGRERR_NONE when it set an EPSG code; else the WKT is used
        // OSRGetAuthorityName / Code: NULL when the CRS has no authority code.
        if let a = gdal.OSRGetAuthorityName(copy, nil), let c = gdal.OSRGetAuthorityCode(copy, nil) {
            return "\(String(cString: a)):\(String(cString: c))"
        }
        var wkt: UnsafeMutablePointer<CChar>?
        let err = GDALSession.withCStringList(["FORMAT=WKT2_2019"]) { gdal.OSRExportToWktEx(copy, &wkt, $0) }
        defer { gdal.VSIFree(wkt) }
        // OSRExportToWktEx: OGRERR_NONE on success, the text allocated by GDAL (freed with VSIFree).
        guard err == OGRERR_NONE, let wkt else { return nil }
        return String(cString: wkt)
    }

    private static func feature(_ gdal: GDALFunctions, _ f: OGRFeatureH, index: Int, file: String, fidIsID: Bool) throws -> Feature {
        var geometry: Geometry?
        if let g = gdal.OGR_F_GetGeometryRef(f) {
            guard let converted = Self.geometry(gdal, g) else {
                let name = gdal.OGR_G_GetGeometryName(g).map { String(cString: $0) } ?? "unknown"
                throw InputError(file: file, featureIndex: index, key: "geometry", message: "unsupported geometry type \(name)")
            }
            geometry = converted
        }
        var properties = JSONObject()
        for k in 0..<gdal.OGR_F_GetFieldCount(f) {
            guard let defn = gdal.OGR_F_GetFieldDefnRef(f, k), let n = gdal.OGR_Fld_GetNameRef(defn) else { continue }
            let name = text(n)
            // OGR_F_IsFieldSet / OGR_F_IsFieldNull: 1 true, 0 false. Unset fields are left out.
            guard gdal.OGR_F_IsFieldSet(f, k) != 0 else { continue }
            properties[name] = gdal.OGR_F_IsFieldNull(f, k) != 0 ? .null : value(gdal, f, k, defn)
        }
        // A format with a real FID column (GeoPackage `fid`, File Geodatabase `OBJECTID`) gives the
        // id, unless an `id` field carries the one the data was made with (ogr2ogr keeps a GeoJSON
        // string id there).
        let id: FeatureID? = fidIsID && properties["id"] == nil ? .number(Double(gdal.OGR_F_GetFID(f))) : nil
        return Feature(id: id, geometry: geometry, properties: properties)
    }

    /// A field's value: integers and reals as numbers, booleans as booleans, lists as arrays,
    /// everything else (strings, dates) as text.
    private static func value(_ gdal: GDALFunctions, _ f: OGRFeatureH, _ k: Int32, _ defn: OGRFieldDefnH) -> JSONValue {
        switch gdal.OGR_Fld_GetType(defn) {
        case OFTInteger:
            if gdal.OGR_Fld_GetSubType(defn) == OFSTBoolean { return .bool(gdal.OGR_F_GetFieldAsInteger(f, k) != 0) }
            return .number(Double(gdal.OGR_F_GetFieldAsInteger64(f, k)))
        case OFTInteger64: return .number(Double(gdal.OGR_F_GetFieldAsInteger64(f, k)))
        case OFTReal: return .number(gdal.OGR_F_GetFieldAsDouble(f, k))
        case OFTIntegerList, OFTInteger64List, OFTRealList:
            var count: Int32 = 0
            guard let values = gdal.OGR_F_GetFieldAsDoubleList(f, k, &count), count > 0 else { return .array([]) }
            return .array(UnsafeBufferPointer(start: values, count: Int(count)).map { .number($0) })
        case OFTStringList:
            var out: [JSONValue] = []
            if var p = gdal.OGR_F_GetFieldAsStringList(f, k) {
                while let s = p.pointee {
                    out.append(.string(text(s)))
                    p += 1
                }
            }
            return .array(out)
        case OFTString where gdal.OGR_Fld_GetSubType(defn) == OFSTJSON:
            // GeoPackage stores a list (e.g. a candidate's `categories`) as JSON text.
            guard let c = gdal.OGR_F_GetFieldAsString(f, k) else { return .null }
            let bytes = Array(UnsafeRawBufferPointer(start: c, count: strlen(c)))
            return (try? JSONParser.parse(bytes, file: "")) ?? .string(text(c))
        default:
            guard let c = gdal.OGR_F_GetFieldAsString(f, k) else { return .null }
            let s = text(c)
            return gdalList(s).map { .array($0.map { .string($0) }) } ?? .string(s)
        }
    }

    /// The items of GDAL's text form of a string list, `(2:health-station,elder-canteen)`, which
    /// `ogr2ogr` writes for a list field in a format without lists (a GeoJSON array of category
    /// ids copied to a GeoPackage or Shapefile); nil when `s` is not that form with exactly the
    /// count of items it states.
    static func gdalList(_ s: String) -> [String]? {
        guard s.hasPrefix("("), s.hasSuffix(")"), let colon = s.firstIndex(of: ":") else { return nil }
        guard let count = Int(s[s.index(after: s.startIndex)..<colon]), count >= 0 else { return nil }
        let body = s[s.index(after: colon)..<s.index(before: s.endIndex)]
        let items = body.isEmpty ? [] : body.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return items.count == count ? items : nil
    }

    /// A C string as text; bytes that are not UTF-8 (a DBF without `.cpg` in an unexpected code
    /// page) become U+FFFD instead of failing.
    private static func text(_ c: UnsafePointer<CChar>) -> String {
        String(decoding: UnsafeRawBufferPointer(start: c, count: strlen(c)), as: UTF8.self)
    }

    /// The geometry as a library value (x, y only: Z and M are dropped; curves are linearised),
    /// or nil for a type the library has no value for (TIN, polyhedral surface).
    static func geometry(_ gdal: GDALFunctions, _ g: OGRGeometryH) -> Geometry? {
        // OGR_G_HasCurveGeometry: non-zero when any part is a curve; OGR_G_GetLinearGeometry: a
        // new geometry (ours to destroy) or NULL.
        if gdal.OGR_G_HasCurveGeometry(g, 0) != 0 {
            guard let linear = gdal.OGR_G_GetLinearGeometry(g, 0, nil) else { return nil }
            defer { gdal.OGR_G_DestroyGeometry(linear) }
            return geometry(gdal, linear)
        }
        func parts(_ g: OGRGeometryH) -> [OGRGeometryH] {
            (0..<max(0, gdal.OGR_G_GetGeometryCount(g))).compactMap { gdal.OGR_G_GetGeometryRef(g, $0) }
        }
        func positions(_ g: OGRGeometryH) -> [Position] {
            (0..<max(0, gdal.OGR_G_GetPointCount(g))).map { Position(x: gdal.OGR_G_GetX(g, $0), y: gdal.OGR_G_GetY(g, $0)) }
        }
        switch gdal.OGR_GT_Flatten(gdal.OGR_G_GetGeometryType(g)) {
        case wkbPoint:
            return gdal.OGR_G_IsEmpty(g) != 0 ? .multiPoint([]) : .point(Position(x: gdal.OGR_G_GetX(g, 0), y: gdal.OGR_G_GetY(g, 0)))
        case wkbLineString, wkbLinearRing: return .lineString(positions(g))
        case wkbPolygon: return .polygon(parts(g).map(positions))
        case wkbMultiPoint: return .multiPoint(parts(g).flatMap(positions))
        case wkbMultiLineString: return .multiLineString(parts(g).map(positions))
        case wkbMultiPolygon: return .multiPolygon(parts(g).map { parts($0).map(positions) })
        case wkbGeometryCollection:
            var out: [Geometry] = []
            for p in parts(g) {
                guard let x = geometry(gdal, p) else { return nil }
                out.append(x)
            }
            return .geometryCollection(out)
        default: return nil
        }
    }
}

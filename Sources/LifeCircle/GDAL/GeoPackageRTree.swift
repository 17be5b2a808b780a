import CGDAL
import Foundation

/// The R-tree spatial indexes of a GeoPackage being written, built on a background thread while
/// the writer fills the tables (GDAL 3.6 builds them one after another on the writer's thread when
/// the file is finished, about as long again as writing the tables at city scale).
///
/// Each layer's boxes (in FID order) go to a serial queue that packs them into an R-tree
/// (``PackedRTree``: the boxes SQLite's R-tree would hold, in a bulk-loaded tree instead of one
/// built by inserting them one at a time) and writes its tables into an in-memory GeoPackage;
/// ``install(into:)`` then copies them into the GeoPackage and adds the virtual table, the
/// triggers and the `gpkg_extensions` row GDAL writes for a spatial index (the spec's R-tree
/// extension). A layer whose index the queue has not
/// started when asked for is built on the asking thread (``Once``), so nobody waits for work no
/// thread has begun.
///
/// Each build makes, fills and closes its own GDAL dataset on one thread (GDAL's rule).
/// Not thread-safe itself: use it from the writer's thread.
final class GeoPackageRTrees {
    /// One layer's index being built: its table, in-memory file and result.
    private struct Build {
        let table: String
        let boxes: Boxes
        let path: String
        let result: Once<Bool>
    }

    /// The boxes of a layer's features with a non-empty geometry, in FID order.
    struct Boxes: Sendable {
        var fids: [Int64] = []
        /// minx, miny, maxx, maxy per feature.
        var bounds: [Double] = []
    }

    private let queue = DispatchQueue(label: "lifecircle.geopackage-rtree")
    private let stem: String
    private var builds: [Build] = []

    /// - Parameter stem: A `/vsimem/` path prefix unique to the GeoPackage.
    init(stem: String) {
        self.stem = stem
    }

    deinit { discard() }

    /// Starts building the index of `table` from its `boxes` (on the background queue).
    func start(table: String, boxes: Boxes) {
        let path = "\(stem)-rtree-\(builds.count).gpkg"
        let result = Once<Bool>()
        builds.append(Build(table: table, boxes: boxes, path: path, result: result))
        queue.async { _ = result.makeIfWaiting { try Self.build(boxes, at: path) } }
    }

    /// Adds every started index to `ds` (the GeoPackage's dataset), in the order started, waiting
    /// for the builds still running.
    /// - Throws: `LibraryError` when GDAL fails.
    func install(into ds: GDALDatasetH) throws {
        for b in builds {
            let made = try b.result.get { try Self.build(b.boxes, at: b.path) }
            try Self.install(table: b.table, from: made ? b.path : nil, into: ds)
            if let gdal = try? GDALSession.functions() { _ = gdal.VSIUnlink(b.path) }
        }
    }

    /// Stops builds not yet started, waits for the running one and frees the in-memory files.
    func discard() {
        for b in builds {
            _ = b.result.makeIfWaiting { false }
            _ = try? b.result.get { false }
        }
        if let gdal = try? GDALSession.functions() {
            for b in builds { _ = gdal.VSIUnlink(b.path) }
        }
        builds = []
    }

    /// The name of the index in a build's file.
    private static let buildLayer = "t"

    /// Builds the R-tree of `boxes` at `path`: packed (``PackedRTree``), its three tables written
    /// into a GeoPackage as SQLite's R-tree module names them (node blobs as hex literals, a few
    /// hundred rows a statement). Returns false (no file) when there are no boxes.
    private static func build(_ boxes: Boxes, at path: String) throws -> Bool {
        guard !boxes.fids.isEmpty else { return false }
        let tree = PackedRTree(fids: boxes.fids, bounds: boxes.bounds)
        let gdal = try GDALSession.functions()
        let settings = [("OGR_SQLITE_SYNCHRONOUS", "OFF"), ("OGR_SQLITE_JOURNAL", "OFF")]
        for (k, v) in settings { gdal.CPLSetThreadLocalConfigOption(k, v) }
        defer { for (k, _) in settings { gdal.CPLSetThreadLocalConfigOption(k, nil) } }
        guard let driver = gdal.GDALGetDriverByName("GPKG"),
              let ds = gdal.GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw GeoPackageWriter.failure("cannot create a GeoPackage for a spatial index")
        }
        defer { gdal.GDALClose(ds) }
        let rtree = "rtree_\(buildLayer)_geom"
        let sql = GeoPackageWriter.self
        try sql.execute("CREATE TABLE \(name(rtree + "_node"))(nodeno INTEGER PRIMARY KEY,data)", on: ds)
        try sql.execute("CREATE TABLE \(name(rtree + "_rowid"))(rowid INTEGER PRIMARY KEY,nodeno)", on: ds)
        try sql.execute("CREATE TABLE \(name(rtree + "_parent"))(nodeno INTEGER PRIMARY KEY,parentnode)", on: ds)
        guard gdal.GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot start a transaction") }
        let hex = Array("0123456789ABCDEF".utf8)
        try insert(into: rtree + "_node", count: tree.nodes.count, perStatement: 100, on: ds) { k, out in
            out += "(\(k + 1),X'".utf8
            for b in tree.nodes[k] {
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
            out += "')".utf8
        }
        let rowids = tree.rowids.sorted { $0.0 < $1.0 }
        try insert(into: rtree + "_rowid", count: rowids.count, perStatement: 5000, on: ds) { k, out in
            out += "(\(rowids[k].0),\(rowids[k].1))".utf8
        }
        try insert(into: rtree + "_parent", count: tree.parents.count, perStatement: 5000, on: ds) { k, out in
            out += "(\(tree.parents[k].0),\(tree.parents[k].1))".utf8
        }
        guard gdal.GDALDatasetCommitTransaction(ds) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot commit a spatial index") }
        return true
    }

    /// Inserts `count` rows into `table`, `perStatement` a statement, each row's `( … )` made by `row`.
    private static func insert(into table: String, count: Int, perStatement: Int, on ds: GDALDatasetH,
                               row: (Int, inout [UInt8]) -> Void) throws {
        var lo = 0
        var text: [UInt8] = []
        while lo < count {
            let hi = min(count, lo + perStatement)
            text.removeAll(keepingCapacity: true)
            text += "INSERT INTO \(name(table)) VALUES ".utf8
            for k in lo ..< hi {
                if k > lo { text.append(UInt8(ascii: ",")) }
                row(k, &text)
            }
            try GeoPackageWriter.execute(String(decoding: text, as: UTF8.self), on: ds)
            lo = hi
        }
    }

    /// An SQL identifier in double quotes.
    private static func name(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Adds `table`'s spatial index to `ds` as GDAL 3.6 writes it (the virtual table, its rows
    /// copied from the build's file, the six triggers keeping it in step, the `gpkg_extensions`
    /// row); an empty index when `path` is nil.
    private static func install(table: String, from path: String?, into ds: GDALDatasetH) throws {
        let rtree = "rtree_\(table)_geom"
        let r = name(rtree), t = name(table)
        let ext = GeoPackageWriter.self
        try ext.execute(GeoPackageWriter.extensionsTable, on: ds)
        try ext.execute("INSERT INTO gpkg_extensions (table_name,column_name,extension_name,definition,scope) VALUES ("
            + "\(ext.literal(table)), 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')", on: ds)
        try ext.execute("CREATE VIRTUAL TABLE \(r) USING rtree(id, minx, maxx, miny, maxy)", on: ds)
        if let path {
            let source = "lifecircle_rtree"
            try ext.execute("ATTACH DATABASE \(ext.literal(path)) AS \(source)", on: ds)
            do {
                let built = "rtree_\(buildLayer)_geom"
                // The new virtual table's empty root node gives way to the built one.
                try ext.execute("DELETE FROM \(name(rtree + "_node"))", on: ds)
                for part in ["_node", "_rowid", "_parent"] {
                    try ext.execute("INSERT INTO \(name(rtree + part)) SELECT * FROM \(source).\(name(built + part))", on: ds)
                }
            } catch {
                try? ext.execute("DETACH DATABASE \(source)", on: ds)
                throw error
            }
            try ext.execute("DETACH DATABASE \(source)", on: ds)
        }
        let minMax = "VALUES (NEW.\"fid\",ST_MinX(NEW.\"geom\"), ST_MaxX(NEW.\"geom\"),ST_MinY(NEW.\"geom\"), ST_MaxY(NEW.\"geom\"))"
        let triggers = [
            ("insert", "AFTER INSERT ON \(t) WHEN (new.\"geom\" NOT NULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN INSERT OR REPLACE INTO \(r) \(minMax); END"),
            ("update1", "AFTER UPDATE OF \"geom\" ON \(t) WHEN OLD.\"fid\" = NEW.\"fid\" AND (NEW.\"geom\" NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN INSERT OR REPLACE INTO \(r) \(minMax); END"),
            ("update2", "AFTER UPDATE OF \"geom\" ON \(t) WHEN OLD.\"fid\" = NEW.\"fid\" AND (NEW.\"geom\" ISNULL OR ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM \(r) WHERE id = OLD.\"fid\"; END"),
            ("update3", "AFTER UPDATE ON \(t) WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW.\"geom\" NOTNULL AND NOT ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM \(r) WHERE id = OLD.\"fid\"; INSERT OR REPLACE INTO \(r) \(minMax); END"),
            ("update4", "AFTER UPDATE ON \(t) WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW.\"geom\" ISNULL OR ST_IsEmpty(NEW.\"geom\")) BEGIN DELETE FROM \(r) WHERE id IN (OLD.\"fid\", NEW.\"fid\"); END"),
            ("delete", "AFTER DELETE ON \(t) WHEN old.\"geom\" NOT NULL BEGIN DELETE FROM \(r) WHERE id = OLD.\"fid\"; END"),
        ]
        for (suffix, body) in triggers {
            try ext.execute("CREATE TRIGGER \(name(rtree + "_" + suffix)) \(body)", on: ds)
        }
    }
}

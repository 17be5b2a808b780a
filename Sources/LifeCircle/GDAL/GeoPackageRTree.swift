import CGDAL
import Foundation

/// The R-tree spatial indexes of a GeoPackage being written, built on a background thread while
/// the writer fills the tables (GDAL 3.6 builds them one after another on the writer's thread when
/// the file is finished, about as long again as writing the tables at city scale).
///
/// Each layer's boxes (in FID order) go to a serial queue that builds them, in their own in-memory
/// GeoPackage through GDAL's GPKG driver, into an R-tree as GDAL builds it: the same SQLite R-tree
/// module fed the same boxes in the same order, so the same nodes. ``install(_:into:)`` then copies
/// its three tables into the GeoPackage and adds the triggers and the `gpkg_extensions` row GDAL
/// writes for a spatial index (the spec's R-tree extension). A layer whose index the queue has not
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
        /// Whether every box is a point (minx = maxx, miny = maxy): built from points, not lines.
        var points: Bool
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

    /// The name of the layer GDAL indexes in a build's file.
    private static let buildLayer = "t"

    /// Builds the R-tree of `boxes` at `path`: a GeoPackage with one layer of a point or a two-point
    /// line per box (whose envelope is the box), indexed by GDAL when it closes the file (`INSERT
    /// INTO rtree SELECT fid, ST_MinX(geom), …` in FID order, as for the layer itself), with a small
    /// page cache (the file is in memory already). Returns false (no file) when there are no boxes.
    private static func build(_ boxes: Boxes, at path: String) throws -> Bool {
        guard !boxes.fids.isEmpty else { return false }
        let gdal = try GDALSession.functions()
        let settings = [("OGR_SQLITE_SYNCHRONOUS", "OFF"), ("OGR_SQLITE_JOURNAL", "OFF"), ("OGR_SQLITE_CACHE", "16")]
        for (k, v) in settings { gdal.CPLSetThreadLocalConfigOption(k, v) }
        defer { for (k, _) in settings { gdal.CPLSetThreadLocalConfigOption(k, nil) } }
        guard let driver = gdal.GDALGetDriverByName("GPKG"),
              let ds = gdal.GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw GeoPackageWriter.failure("cannot create a GeoPackage for a spatial index")
        }
        var closed = false
        defer { if !closed { gdal.GDALClose(ds) } }
        let opts = GeoPackageWriter.options(gdal, ["SPATIAL_INDEX=YES", "FID=fid", "GEOMETRY_NAME=geom"])
        defer { gdal.CSLDestroy(opts) }
        let type = boxes.points ? wkbPoint : wkbLineString
        guard let l = gdal.GDALDatasetCreateLayer(ds, buildLayer, nil, type, opts),
              let f = gdal.OGR_F_Create(gdal.OGR_L_GetLayerDefn(l)) else {
            throw GeoPackageWriter.failure("cannot create a layer for a spatial index")
        }
        defer { gdal.OGR_F_Destroy(f) }
        guard let shape = gdal.OGR_G_CreateGeometry(type) else { throw GeoPackageWriter.failure("cannot make a geometry") }
        // The feature takes the shape; it is moved for each box.
        _ = gdal.OGR_F_SetGeometryDirectly(f, shape)
        guard gdal.GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot start a transaction") }
        for (i, fid) in boxes.fids.enumerated() {
            let b = 4 * i
            gdal.OGR_G_SetPoint_2D(shape, 0, boxes.bounds[b], boxes.bounds[b + 1])
            if !boxes.points { gdal.OGR_G_SetPoint_2D(shape, 1, boxes.bounds[b + 2], boxes.bounds[b + 3]) }
            _ = gdal.OGR_F_SetFID(f, GIntBig(fid))
            guard gdal.OGR_L_CreateFeature(l, f) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot write a box of a spatial index") }
        }
        guard gdal.GDALDatasetCommitTransaction(ds) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot commit a spatial index") }
        closed = true
        // The deferred spatial index is built here (and the file written).
        gdal.GDALClose(ds)
        return true
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

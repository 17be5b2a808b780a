import CGDAL
import Foundation

/// The R-tree spatial indexes of a GeoPackage being written, packed on a background thread while
/// the writer fills the tables (GDAL 3.6 builds them at the end on the writer's thread, one box
/// at a time: about as long again as writing the tables at city scale).
///
/// Each layer's boxes (in FID order) go to a serial queue that packs them (``PackedRTree``: the
/// boxes SQLite's R-tree would hold for them, in a bulk-loaded tree instead of one grown by
/// inserting them one at a time). The queue touches no GDAL or SQLite handle and keeps a layer's
/// boxes only until it packed them. ``install(into:)`` then writes each tree's three tables into
/// the GeoPackage (node blobs as hex literals, a few hundred rows a statement) after the virtual
/// table, and the triggers and the `gpkg_extensions` row GDAL writes for a spatial index (the
/// spec's R-tree extension).
///
/// Not thread-safe itself: use it from the writer's thread.
final class GeoPackageRTrees {

    /// The boxes of a layer's features with a non-empty geometry, in FID order.
    struct Boxes: Sendable {
        var fids: [Int64] = []
        /// minx, miny, maxx, maxy per feature.
        var bounds: [Double] = []
    }

    /// The trees the queue packed, and whether to skip the packing not started yet.
    private final class Results: @unchecked Sendable {
        // Safety (why unchecked is sound): `made` and `stopped` are read and written only while
        // `lock` is held.
        private var made: [Int: PackedRTree] = [:]
        private var stopped = false
        private let lock = NSLock()

        private func locked<R>(_ body: () -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            return body()
        }

        func set(_ k: Int, _ tree: PackedRTree) { locked { made[k] = tree } }
        /// Tree `k`, handed over (no longer kept here).
        func take(_ k: Int) -> PackedRTree? { locked { made.removeValue(forKey: k) } }
        var isStopped: Bool { locked { stopped } }
        func stop() { locked { stopped = true } }
    }

    private let queue = DispatchQueue(label: "lifecircle.geopackage-rtree")
    private let results = Results()
    /// The layers started, in order.
    private var tables: [String] = []

    deinit { discard() }

    /// Starts packing the index of `table` from its `boxes` (on the background queue).
    func start(table: String, boxes: Boxes) {
        let k = tables.count
        tables.append(table)
        let results = results
        queue.async {
            guard !results.isStopped else { return }
            results.set(k, PackedRTree(fids: boxes.fids, bounds: boxes.bounds))
        }
    }

    /// Adds every started index to `ds` (the GeoPackage's dataset), in the order started, once the
    /// queue has packed them all.
    /// - Throws: `LibraryError` when GDAL fails.
    func install(into ds: GDALDatasetH) throws {
        // A serial queue: every packing started has run when this returns.
        queue.sync {}
        for (k, table) in tables.enumerated() {
            guard let tree = results.take(k) else { throw GeoPackageWriter.failure("the spatial index of \(table) was not made") }
            try Self.install(table: table, tree, into: ds)
        }
        tables = []
    }

    /// Skips the packing not started yet and waits for the running one.
    func discard() {
        results.stop()
        queue.sync {}
        tables = []
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

    /// Adds `table`'s spatial index to `ds` as GDAL 3.6 writes it (the `gpkg_extensions` row, the
    /// virtual table, here filled with `tree`, and the six triggers keeping it in step), in one
    /// transaction.
    private static func install(table: String, _ tree: PackedRTree, into ds: GDALDatasetH) throws {
        let gdal = try GDALSession.functions()
        try GeoPackageWriter.execute(GeoPackageWriter.extensionsTable, on: ds)
        guard gdal.GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot start a transaction") }
        do {
            try fill(table: table, tree, into: ds)
        } catch {
            _ = gdal.GDALDatasetRollbackTransaction(ds)
            throw error
        }
        guard gdal.GDALDatasetCommitTransaction(ds) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot commit the spatial index of \(table)") }
    }

    /// The statements of ``install(table:_:into:)`` inside its transaction.
    private static func fill(table: String, _ tree: PackedRTree, into ds: GDALDatasetH) throws {
        let rtree = "rtree_\(table)_geom"
        let r = name(rtree), t = name(table)
        let ext = GeoPackageWriter.self
        try ext.execute("INSERT INTO gpkg_extensions (table_name,column_name,extension_name,definition,scope) VALUES ("
            + "\(ext.literal(table)), 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')", on: ds)
        try ext.execute("CREATE VIRTUAL TABLE \(r) USING rtree(id, minx, maxx, miny, maxy)", on: ds)
        if !tree.nodes.isEmpty {
            // The new virtual table's empty root node gives way to the packed one.
            try ext.execute("DELETE FROM \(name(rtree + "_node"))", on: ds)
            let hex = Array("0123456789ABCDEF".utf8)
            try insert(into: rtree + "_node", count: tree.nodes.count, perStatement: 100, on: ds) { k, out in
                out += "(\(k + 1),X'".utf8
                for b in tree.nodes[k] {
                    out.append(hex[Int(b >> 4)])
                    out.append(hex[Int(b & 15)])
                }
                out += "')".utf8
            }
            try insert(into: rtree + "_rowid", count: tree.rowids.count, perStatement: 5000, on: ds) { k, out in
                out += "(\(tree.rowids[k].0),\(tree.rowids[k].1))".utf8
            }
            try insert(into: rtree + "_parent", count: tree.parents.count, perStatement: 5000, on: ds) { k, out in
                out += "(\(tree.parents[k].0),\(tree.parents[k].1))".utf8
            }
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

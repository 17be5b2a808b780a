import Foundation
import Testing
@testable import LifeCircle
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The GeoPackage, QGIS project and `fields.csv` of an output folder, on the tiny plan (two
/// categories; one proposal for the health station, none for the canteen; the canteen's only
/// facility is planned with capacity 150, the health station's has none), read back with GDAL's
/// command-line tools.
@Suite(.enabled(if: ExternalTool.path("ogrinfo") != nil && ExternalTool.path("ogr2ogr") != nil,
                "ogrinfo and ogr2ogr (Debian gdal-bin) are not on PATH: GeoPackage checks skipped"))
struct GeoPackageTests {
    static let ids = ["health-station", "elder-canteen"]

    /// The tiny plan's report with its proposals.
    static func report() throws -> StudyReport {
        let site = ProposedSiteRow(
            rank: 1, id: "c-7", name: "候选 7", position: Position(x: 121.4521008, y: 31.2518083), newlyCoveredDemand: 300,
            newlyCovered60plus: 100, byStreet: [.init(street: "东街道 East", demand: 300)], nearestFacilityID: "hs-1",
            nearestFacilityMeters: 400)
        return try ExportTests.tinyReport(proposals: ["health-station": [site], "elder-canteen": []])
    }

    /// `report` of the tiny plan written into a new folder (with the residents and service-area
    /// lines as GeoJSON files too when `allGeoJSON`); returns the folder.
    static func written(_ label: String, allGeoJSON: Bool = false) throws -> String {
        let folder = try TestSupport.temporaryFolder(label) + "/out"
        try report().write(to: folder, pages: false, allGeoJSON: allGeoJSON)
        return folder
    }

    /// The residents and the service-area lines are in the GeoPackage only by default: read back
    /// through GDAL, its layers hold exactly the features of the GeoJSON layers (`--all-geojson`),
    /// value by value (typed: a number, a text or null in each field), position by position.
    @Test func theGeoPackageHoldsTheFeaturesOfTheGeoJSONLayers() throws {
        let folder = try Self.written("gpkg-content")
        defer { try? FileManager.default.removeItem(atPath: folder + "/..") }
        let names = try TestSupport.entries(folder)
        #expect(!names.contains { $0.hasPrefix("residents.") || ($0.hasPrefix("service-area-") && !$0.hasPrefix("service-area-polygon-")) })
        let r = try Self.report()
        let a = r.analysis
        var expected: [(String, LayerSchema, FeatureCollection)] = [
            ("residents", .residents(categories: Self.ids), StudyLayers.residents(a, circle: r.circle, equity: r.equity)),
            ("street-gaps", .streetGaps(categories: Self.ids), StudyLayers.streetGaps(a)),
        ]
        for (i, id) in Self.ids.enumerated() {
            expected.append(("facilities-\(id)", .facilities(category: id), StudyLayers.facilities(a, a.categories[i])))
            let area = try #require(r.serviceArea(id))
            expected.append(("service-area-\(id)", .serviceAreaLines(category: id), StudyLayers.serviceAreaLines(area)))
        }
        for (name, schema, layer) in expected {
            let read = try OGRReader(LayerRef(path: folder + "/tiny.gpkg", layer: name)).readFeatures()
            #expect(read.count == layer.features.count, "\(name)")
            for (g, f) in zip(read, layer.features) {
                // Street polygons are stored as one-part multipolygons; points and lines as they are.
                if schema.geometry != .multiPolygon { #expect(g.geometry == f.geometry, "\(name)") }
                for field in schema.fields {
                    #expect(g.properties[field.name] == (f.properties[field.name] ?? .null), "\(name).\(field.name)")
                }
            }
        }
        // Not vacuous: the residents carry figures, texts and nulls.
        let residents = try OGRReader(LayerRef(path: folder + "/tiny.gpkg", layer: "residents")).readFeatures()
        // Hand-checked (ResidentLayerTests): r1 is 1.88 minutes from hs-1, r2 beyond the 2 minutes.
        #expect(residents.count == 4 && residents[1].properties["health_station_minutes"] == .number(1.88))
        #expect(residents[2].properties["health_station_minutes"] == .null)
        #expect(residents.map { $0.properties["health_station_status"] }.contains(.string("beyond-threshold")))
    }

    /// The layers the GeoPackage holds, in order, with their schemas.
    static let schemas: [LayerSchema] = [LayerSchema.streetGaps(categories: ids), .residents(categories: ids)]
        + ids.flatMap { [LayerSchema.facilities(category: $0), .serviceAreaLines(category: $0),
                         .serviceAreaPolygon(category: $0), .proposals(category: $0)] }

    /// `fields.csv` read back: layer → (geometry, [(field, type)]).
    static func documented(_ folder: String) throws -> [String: (String, [(String, String)])] {
        let text = try String(contentsOfFile: folder + "/fields.csv", encoding: .utf8)
        var out: [String: (String, [(String, String)])] = [:]
        for line in text.split(separator: "\r\n").dropFirst() {
            // No field or layer name holds a comma; descriptions (last) may.
            let cells = line.split(separator: ",", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 6 else { continue }
            var entry = out[cells[0]] ?? (cells[1], [])
            if !cells[2].isEmpty { entry.1.append((cells[2], cells[3])) }
            out[cells[0]] = entry
        }
        return out
    }

    @Test func ogrinfoListsEveryLayerWithTheDocumentedTypes() throws {
        let folder = try Self.written("gpkg-types", allGeoJSON: true)
        defer { try? FileManager.default.removeItem(atPath: folder + "/..") }
        let list = try ExternalTool.run("ogrinfo", ["-ro", "-q", folder + "/tiny.gpkg"])
        let names = list.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let colon = line.firstIndex(of: ":"), Int(line[..<colon]) != nil else { return nil }
            return String(line[line.index(colon, offsetBy: 2)...].split(separator: " ").first ?? "")
        }
        #expect(names == Self.schemas.map(\.name) + ["layer_styles"])
        let documented = try Self.documented(folder)
        let ogrGeometry = ["Point": "Point", "LineString": "Line String", "MultiPolygon": "Multi Polygon"]
        for schema in Self.schemas {
            let info = try ExternalTool.ogrinfo(folder + "/tiny.gpkg", layer: schema.name)
            let (geometry, fields) = try #require(documented[schema.name], "\(schema.name) is not in fields.csv")
            #expect(info.geometry == ogrGeometry[geometry], "\(schema.name)")
            #expect(fields.map(\.0) == schema.fieldNames, "\(schema.name)")
            // (The shared parser also takes ogrinfo's `Extent: (…)` line for a field.)
            #expect(Dictionary(uniqueKeysWithValues: fields) == info.fields.filter { $0.key != "Extent" }, "\(schema.name): documented vs ogrinfo")
            // The GeoJSON layer of the same name carries the schema's fields, in its order.
            let json = try GeoJSONReader.read(path: folder + "/\(schema.name).geojson").asFeatureCollection
            if let first = json.features.first { #expect(Array(first.properties.keys) == schema.fieldNames, "\(schema.name)") }
            #expect(info.featureCount == json.features.count, "\(schema.name)")
        }
        // Integers that are codes' neighbours stay typed: a rank, a flag, a count.
        let gaps = try ExternalTool.ogrinfo(folder + "/tiny.gpkg", layer: "street-gaps")
        #expect(gaps.fields["code"] == "String" && gaps.fields["health_station_rank"] == "Integer")
        #expect(gaps.fields["health_station_coverage"] == "Real")
        let manifest = try String(contentsOfFile: folder + "/lifecircle-manifest.json", encoding: .utf8)
        for f in ["tiny.gpkg", "tiny.qgs", "fields.csv", "fields.csvt"] { #expect(manifest.contains("\"\(f)\""), "\(f) not in the manifest") }
    }

    @Test func appendingTheFacilityLayersKeepsCapacityAnInteger() throws {
        let folder = try Self.written("gpkg-append")
        defer { try? FileManager.default.removeItem(atPath: folder + "/..") }
        let merged = folder + "/../merged.gpkg"
        // The health station's capacity column is all null: it comes first, and must not make the column text.
        for (i, id) in Self.ids.enumerated() {
            let o = try ExternalTool.run("ogr2ogr", (i == 0 ? ["-f", "GPKG"] : ["-append", "-update"])
                + [merged, folder + "/tiny.gpkg", "facilities-\(id)", "-nln", "facilities"])
            #expect(o.status == 0, "\(o.stderr)")
        }
        let info = try ExternalTool.ogrinfo(merged, layer: "facilities")
        #expect(info.featureCount == 2)
        #expect(info.fields["capacity"] == "Integer")
        #expect(info.fields["served_points"] == "Integer" && info.fields["on_network"] == "Integer")
        let sum = try ExternalTool.run("ogrinfo", ["-ro", "-q", merged, "-sql", "SELECT sum(capacity) + 1 AS s, count(capacity) AS n FROM facilities"])
        #expect(sum.stdout.contains("s (Integer) = 151") && sum.stdout.contains("n (Integer) = 1"), "\(sum.stdout)")
    }

    @Test func anEmptyLayerKeepsItsFieldsAndGeometryType() throws {
        let folder = try Self.written("gpkg-empty")
        defer { try? FileManager.default.removeItem(atPath: folder + "/..") }
        let info = try ExternalTool.ogrinfo(folder + "/tiny.gpkg", layer: "proposals-elder-canteen")
        #expect(info.featureCount == 0)
        #expect(info.geometry == "Point")
        let schema = LayerSchema.proposals(category: "elder-canteen")
        #expect(info.fields == schema.types.mapValues(\.rawValue))
        #expect(info.fields.count == 10 && info.fields["rank"] == "Integer" && info.fields["nearest_facility_m"] == "Real")
    }

    /// Every layer has its R-tree (built beside the tables, see `GeoPackageRTrees`): GDAL finds
    /// it, SQLite's own check passes, it holds exactly one box per feature with a geometry, each
    /// box holding its feature's envelope at float precision, and a spatial filter through it finds
    /// the features.
    @Test func everyLayerHasAFullSpatialIndex() throws {
        let folder = try Self.written("gpkg-rtree")
        defer { try? FileManager.default.removeItem(atPath: folder + "/..") }
        var indexed = 0
        for schema in Self.schemas {
            let t = "\"\(schema.name)\"", r = "\"rtree_\(schema.name)_geom\""
            let sql = "SELECT HasSpatialIndex('\(schema.name)', 'geom') AS h, rtreecheck('rtree_\(schema.name)_geom') AS c, "
                + "(SELECT count(*) FROM \(t) WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)) AS n, (SELECT count(*) FROM \(r)) AS m, "
                + "(SELECT count(*) FROM \(t) f JOIN \(r) b ON b.id = f.fid WHERE b.minx <= ST_MinX(f.geom) AND b.maxx >= ST_MaxX(f.geom) "
                + "AND b.miny <= ST_MinY(f.geom) AND b.maxy >= ST_MaxY(f.geom) AND b.minx > ST_MinX(f.geom) - 1e-4 "
                + "AND b.maxx < ST_MaxX(f.geom) + 1e-4 AND b.miny > ST_MinY(f.geom) - 1e-4 AND b.maxy < ST_MaxY(f.geom) + 1e-4) AS k"
            let o = try ExternalTool.run("ogrinfo", ["-ro", "-q", folder + "/tiny.gpkg", "-sql", sql])
            #expect(o.status == 0, "\(o.stderr)")
            func value(_ key: String) -> String? {
                o.stdout.split(separator: "\n").first { $0.contains(" \(key) (") }.flatMap { $0.split(separator: "=").last }
                    .map { $0.trimmingCharacters(in: .whitespaces) }
            }
            let n = Int(value("n") ?? "")
            #expect(value("h") == "1" && value("c") == "ok", "\(schema.name): \(o.stdout)")
            #expect(n != nil && value("m") == value("n") && value("k") == value("n"), "\(schema.name): \(o.stdout)")
            indexed += n ?? 0
            if let n, n > 0 {
                // A spatial filter on the layer's extent, answered through the index, finds every feature.
                let extent = try ExternalTool.run("ogrinfo", ["-ro", "-q", folder + "/tiny.gpkg", "-sql",
                    "SELECT min(minx) AS a, min(miny) AS b, max(maxx) AS c, max(maxy) AS d FROM \(r)"])
                let box = ["a", "b", "c", "d"].compactMap { key in
                    extent.stdout.split(separator: "\n").first { $0.contains(" \(key) (") }.flatMap { $0.split(separator: "=").last }
                        .map { $0.trimmingCharacters(in: .whitespaces) }
                }
                #expect(box.count == 4)
                let filtered = try ExternalTool.run("ogrinfo", ["-ro", "-so", "-spat"] + box + [folder + "/tiny.gpkg", schema.name])
                #expect(filtered.stdout.contains("Feature Count: \(n)\n"), "\(schema.name): \(filtered.stdout)")
            }
        }
        // Not vacuous: the tiny plan's layers hold features (4 residents, 2 streets, lines, points).
        #expect(indexed > 10)
    }

    /// A layer large enough for a three-level packed R-tree (3,000 seeded points, and 3,000 short
    /// lines, some on coordinates a float holds exactly): its index holds, feature by feature, the
    /// very boxes SQLite's own R-tree gives the same envelopes (a reference index built in the file
    /// with `INSERT … SELECT fid, ST_MinX(geom), …`, as GDAL builds one), passes `rtreecheck`, and a
    /// spatial filter through it finds exactly the points inside the window.
    @Test func aLargeLayersPackedIndexHoldsSQLitesBoxesAndAnswersAWindow() throws {
        let folder = try TestSupport.temporaryFolder("gpkg-packed")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var points: [Position] = []
        for i in 0 ..< 3000 {
            if i % 10 == 0 {
                // Coordinates a float holds exactly (the rounding must leave them alone).
                let x: Double = 121.5 + Double(i % 7) * 0.125, y: Double = 31.25 - Double(i % 5) * 0.0625
                points.append(Position(x: x, y: y))
            } else {
                let x: Double = 121.3 + 0.3 * random(), y: Double = 31.1 + 0.3 * random()
                points.append(Position(x: x, y: y))
            }
        }
        var lines: [[Position]] = []
        for p in points {
            let dx: Double = 0.001 * random(), dy: Double = 0.001 * random()
            lines.append([p, Position(x: p.x + dx, y: p.y - dy)])
        }
        let path = folder + "/packed.gpkg"
        do {
            let file = try GeoPackageFile(path: path)
            let pointSchema = LayerSchema.facilities(category: "p"), lineSchema = LayerSchema.serviceAreaLines(category: "l")
            try file.add(GeoPackageLayer(schema: pointSchema, count: points.count, geometry: { .point(points[$0]) }) { _, out in out.removeAll() })
            try file.add(GeoPackageLayer(schema: lineSchema, count: lines.count, geometry: { .lineString(lines[$0]) }) { _, out in out.removeAll() })
            try file.finish()
        }
        for (table, rtree) in [("facilities-p", "rtree_facilities-p_geom"), ("service-area-l", "rtree_service-area-l_geom")] {
            let make = try ExternalTool.run("ogrinfo", [path, "-sql", "CREATE VIRTUAL TABLE ref USING rtree(id, minx, maxx, miny, maxy)"])
            #expect(make.status == 0, "\(make.stderr)")
            let fill = try ExternalTool.run("ogrinfo", [path, "-sql",
                "INSERT INTO ref SELECT fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), ST_MaxY(geom) FROM \"\(table)\""])
            #expect(fill.status == 0, "\(fill.stderr)")
            let check = try ExternalTool.run("ogrinfo", ["-ro", "-q", path, "-sql",
                "SELECT rtreecheck('\(rtree)') AS c, (SELECT count(*) FROM \"\(rtree)\") AS n, (SELECT count(*) FROM ref r JOIN \"\(rtree)\" b "
                + "ON b.id = r.id AND b.minx = r.minx AND b.maxx = r.maxx AND b.miny = r.miny AND b.maxy = r.maxy) AS k, "
                + "(SELECT max(length(data)) FROM \"\(rtree)_node\") AS size, (SELECT count(*) FROM \"\(rtree)_parent\") AS p"])
            #expect(check.stdout.contains("c (String) = ok"), "\(table): \(check.stdout)")
            #expect(check.stdout.contains("n (Integer) = 3000") && check.stdout.contains("k (Integer) = 3000"), "\(table): \(check.stdout)")
            // 59 leaves, 2 nodes above them, the root: three levels, SQLite's 1,228-byte nodes.
            #expect(check.stdout.contains("size (Integer) = 1228") && check.stdout.contains("p (Integer) = 61"), "\(table): \(check.stdout)")
            _ = try ExternalTool.run("ogrinfo", [path, "-sql", "DROP TABLE ref"])
        }
        let window = (minX: 121.4, minY: 31.2, maxX: 121.52, maxY: 31.26)
        let inside = points.filter { $0.x >= window.minX && $0.x <= window.maxX && $0.y >= window.minY && $0.y <= window.maxY }.count
        let filtered = try ExternalTool.run("ogrinfo", ["-ro", "-so", "-spat", "\(window.minX)", "\(window.minY)", "\(window.maxX)",
                                                       "\(window.maxY)", path, "facilities-p"])
        #expect(inside > 100 && filtered.stdout.contains("Feature Count: \(inside)\n"), "\(inside): \(filtered.stdout)")
    }

    @Test func twoRunsWriteTheSameBytes() throws {
        let a = try Self.written("gpkg-same-a"), b = try Self.written("gpkg-same-b")
        defer {
            try? FileManager.default.removeItem(atPath: a + "/..")
            try? FileManager.default.removeItem(atPath: b + "/..")
        }
        for f in ["tiny.gpkg", "tiny.qgs", "fields.csv"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + f)), y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + f))
            #expect(!x.isEmpty && x == y, "\(f) differs between two runs")
        }
    }

    /// Rows of `layer_styles`: table, style name, default flag, QML (read through hex: one line each).
    static func styles(_ gpkg: String) throws -> [(table: String, name: String, isDefault: Bool, qml: String)] {
        let o = try ExternalTool.run("ogrinfo", ["-ro", "-q", gpkg, "-sql",
            "SELECT f_table_name || '|' || styleName || '|' || useAsDefault || '|' || hex(styleQML) AS r FROM layer_styles ORDER BY id"])
        #expect(o.status == 0, "\(o.stderr)")
        return o.stdout.split(separator: "\n").compactMap { line in
            guard let r = line.range(of: "r (String) = ") else { return nil }
            let parts = line[r.upperBound...].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4 else { return nil }
            var bytes: [UInt8] = []
            var hex = Substring(parts[3])
            while hex.count >= 2, let b = UInt8(hex.prefix(2), radix: 16) { bytes.append(b); hex = hex.dropFirst(2) }
            return (parts[0], parts[1], parts[2] == "1", String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func everyLayerHasItsStylesAsQMLAndTheProjectGroupsThem() throws {
        let folder = try Self.written("gpkg-styles")
        defer { try? FileManager.default.removeItem(atPath: folder + "/..") }
        let rows = try Self.styles(folder + "/tiny.gpkg")
        for schema in Self.schemas {
            let mine = rows.filter { $0.table == schema.name }
            let expected = QGISStyle.styles(for: schema)
            #expect(!expected.isEmpty, "\(schema.name) has no style")
            #expect(mine.map(\.name) == expected.map(\.name), "\(schema.name)")
            #expect(mine.map(\.isDefault) == expected.indices.map { $0 == 0 }, "\(schema.name): the first style is the default")
            for row in mine {
                #expect(row.qml == expected.first { $0.name == row.name }?.qml)
                let doc = try XMLDocument(data: Data(row.qml.utf8))
                #expect(doc.rootElement()?.name == "qgis")
                let renderer = try #require(try doc.nodes(forXPath: "/qgis/renderer-v2").first as? XMLElement)
                // The attribute a renderer classifies by is a field of the layer.
                if let attr = renderer.attribute(forName: "attr")?.stringValue { #expect(schema.fieldNames.contains(attr), "\(schema.name): \(attr)") }
                #expect(try doc.nodes(forXPath: "/qgis/renderer-v2/symbols/symbol").count >= 1)
            }
        }
        let street = try #require(rows.first { $0.table == "street-gaps" && $0.isDefault })
        #expect(street.qml.contains("type=\"graduatedSymbol\" attr=\"health_station_coverage\""))
        #expect(rows.contains { $0.table == "residents" && $0.name == "uncovered health_station" })
        #expect(rows.contains { $0.table == "proposals-health-station" && $0.qml.contains("attr=\"rank\"") })

        // The project: every layer once, in its group, from the GeoPackage next to it, drawn with its default style.
        let project = try XMLDocument(data: Data(contentsOf: URL(fileURLWithPath: folder + "/tiny.qgs")))
        for schema in Self.schemas {
            let inGroup = try project.nodes(forXPath: "/qgis/layer-tree-group/layer-tree-group[@name='\(schema.group)']/layer-tree-layer[@name='\(schema.name)']")
            #expect(inGroup.count == 1, "\(schema.name) not in the group \(schema.group)")
            let layers = try project.nodes(forXPath: "/qgis/projectlayers/maplayer[layername='\(schema.name)']")
            let layer = try #require(layers.first as? XMLElement, "\(schema.name) is not a map layer")
            #expect(layers.count == 1)
            #expect(try layer.nodes(forXPath: "datasource").first?.stringValue == "./tiny.gpkg|layername=\(schema.name)")
            let renderer = try layer.nodes(forXPath: "renderer-v2").first?.xmlString(options: [])
            let style = try XMLDocument(data: Data(QGISStyle.styles(for: schema)[0].qml.utf8))
            #expect(renderer == (try style.nodes(forXPath: "/qgis/renderer-v2").first?.xmlString(options: [])), "\(schema.name)")
        }
    }

    @Test func aPlanNameBecomesASafeFileName() {
        #expect(GeoPackageWriter.fileStem("静安 2026") == "静安 2026")
        #expect(GeoPackageWriter.fileStem("../a/b") == "_._a_b")
        #expect(GeoPackageWriter.fileStem("") == "lifecircle")
    }
}

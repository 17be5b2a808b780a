import CGDAL

/// A QGIS style of a layer: a name and the renderer (symbology) as QGIS writes it in a `.qml` file.
/// Written into the GeoPackage's `layer_styles` (the first of a layer as its default) and into the
/// `.qgs` project's layer.
package struct QGISStyle: Sendable, Equatable {
    package var name: String
    /// The `<renderer-v2>` element.
    package var renderer: String

    /// The whole `.qml` document.
    package var qml: String {
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
            + renderer + "</qgis>\n"
    }

    /// An RGBA colour as QGIS writes it.
    typealias Colour = (Int, Int, Int, Int)

    /// Red (gap) to green (covered), five classes.
    static let ramp: [Colour] = [(215, 25, 28, 255), (253, 174, 97, 255), (255, 255, 191, 255), (166, 217, 106, 255), (26, 150, 65, 255)]

    // MARK: Styles of the layers

    /// The styles of a layer of ``LayerSchema``, by its name and fields; the first is the default.
    package static func styles(for s: LayerSchema) -> [QGISStyle] {
        let names = s.fieldNames
        switch s.group {
        case "Streets":
            // The joint streets: the complete share with the targets placed together, and the gain.
            if names.contains("share_joint") {
                let bounds = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
                let ranges = (0 ..< 5).map { i in
                    (bounds[i], bounds[i + 1], "\(Int(bounds[i] * 100))–\(Int(bounds[i + 1] * 100))%", fill(ramp[i]))
                }
                let gains = [(-1e12, 0.5, "no gain", fill((240, 240, 240, 255))), (0.5, 1000.5, "1–1,000", fill((199, 233, 192, 255))),
                             (1000.5, 5000.5, "1,001–5,000", fill((116, 196, 118, 255))), (5000.5, 1e12, "over 5,000", fill((35, 139, 69, 255)))]
                return [QGISStyle(name: "complete share, placed together", renderer: graduated("share_joint", ranges)),
                        QGISStyle(name: "gain over independent placement", renderer: graduated("gain_joint", gains))]
            }
            // Coverage of each category, graduated in five classes of 20%.
            return names.filter { $0.hasSuffix("_coverage") }.map { field in
                let bounds = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
                let ranges = (0 ..< 5).map { i in
                    (bounds[i], bounds[i + 1], "\(Int(bounds[i] * 100))–\(Int(bounds[i + 1] * 100))%", fill(ramp[i]))
                }
                return QGISStyle(name: "coverage \(field.dropLast("_coverage".count))", renderer: graduated(field, ranges))
            }
        case "Residents":
            var styles: [QGISStyle] = []
            if names.contains("complete") {
                styles.append(QGISStyle(name: "life circle complete", renderer: categorized("complete", [
                    ("1", "complete", marker(ramp[4], size: 1.2)), ("0", "incomplete", marker(ramp[0], size: 1.8)),
                    ("", "not computed", marker((160, 160, 160, 255), size: 1.2)),
                ])))
            }
            // Uncovered residents of each category stand out in red.
            for field in names where field.hasSuffix("status") {
                styles.append(QGISStyle(name: "uncovered " + field.dropLast("status".count).trimmingTrailing("_"), renderer: categorized(field, [
                    ("covered", "covered", marker((26, 150, 65, 120), size: 1.0)),
                    ("beyond-threshold", "beyond the walk threshold", marker(ramp[0], size: 1.8)),
                    ("unreachable", "unreachable on the network", marker((90, 0, 90, 255), size: 1.8)),
                ])))
            }
            return styles
        case "Facilities":
            return [QGISStyle(name: "facilities by status", renderer: categorized("status", [
                ("existing", "existing", marker((33, 102, 172, 255), size: 3.2, shape: "square")),
                ("planned", "planned", marker((146, 197, 222, 255), size: 3.2, shape: "triangle")),
            ]))]
        case "Service areas":
            if s.geometry == .lineString {
                return [QGISStyle(name: "service area", renderer: single(line((49, 130, 189, 255), width: 0.6)))]
            }
            return [QGISStyle(name: "service area", renderer: single(fill((49, 130, 189, 60))))]
        case "Proposals":
            // The joint sites: those the independent answer chose too, and those placing together moved.
            if names.contains("also_independent") {
                return [QGISStyle(name: "joint sites", renderer: categorized("also_independent", [
                    ("1", "also chosen on its own", marker((33, 102, 172, 255), size: 3.6, shape: "diamond")),
                    ("0", "chosen only when placed together", marker((230, 85, 13, 255), size: 4.6, shape: "star")),
                ]))]
            }
            let classes = [(1.0, 5.0, "rank 1–5", 4.6), (5.0, 10.0, "rank 6–10", 3.6), (10.0, 1e9, "rank 11 and after", 2.6)]
            return [QGISStyle(name: "proposals by rank", renderer: graduated("rank", classes.enumerated().map { i, c in
                (c.0 + (i == 0 ? 0 : 0.5), c.1 + 0.5, c.2, marker([(165, 0, 38, 255), (244, 109, 67, 255), (254, 224, 144, 255)][i], size: c.3, shape: "star"))
            }))]
        default:
            return []
        }
    }

    // MARK: Renderers

    static func graduated(_ field: String, _ ranges: [(Double, Double, String, String)]) -> String {
        var x = "<renderer-v2 type=\"graduatedSymbol\" attr=\"\(xml(field))\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n<ranges>\n"
        for (i, r) in ranges.enumerated() {
            x += "<range lower=\"\(GeoJSONWriter.plainNumber(r.0))\" upper=\"\(GeoJSONWriter.plainNumber(r.1))\" symbol=\"\(i)\" label=\"\(xml(r.2))\" render=\"true\"/>\n"
        }
        return x + "</ranges>\n" + symbols(ranges.map(\.3)) + "</renderer-v2>\n"
    }

    static func categorized(_ field: String, _ categories: [(String, String, String)]) -> String {
        var x = "<renderer-v2 type=\"categorizedSymbol\" attr=\"\(xml(field))\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n<categories>\n"
        for (i, c) in categories.enumerated() {
            x += "<category value=\"\(xml(c.0))\" symbol=\"\(i)\" label=\"\(xml(c.1))\" render=\"true\"/>\n"
        }
        return x + "</categories>\n" + symbols(categories.map(\.2)) + "</renderer-v2>\n"
    }

    static func single(_ symbol: String) -> String {
        "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n" + symbols([symbol]) + "</renderer-v2>\n"
    }

    /// `<symbols>` of symbol bodies, named 0, 1, …
    private static func symbols(_ bodies: [String]) -> String {
        "<symbols>\n" + bodies.enumerated().map { i, b in b.replacingOccurrences(of: "NAME", with: String(i)) }.joined() + "</symbols>\n"
    }

    private static func colour(_ c: Colour) -> String { "\(c.0),\(c.1),\(c.2),\(c.3)" }

    private static func props(_ pairs: [(String, String)]) -> String {
        pairs.map { "<prop k=\"\($0.0)\" v=\"\(xml($0.1))\"/>\n" }.joined()
    }

    static func fill(_ c: Colour) -> String {
        "<symbol type=\"fill\" name=\"NAME\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n<layer class=\"SimpleFill\" pass=\"0\" locked=\"0\" enabled=\"1\">\n"
            + props([("color", colour(c)), ("outline_color", "80,80,80,255"), ("outline_width", "0.26"), ("outline_style", "solid"), ("style", "solid")])
            + "</layer>\n</symbol>\n"
    }

    static func line(_ c: Colour, width: Double) -> String {
        "<symbol type=\"line\" name=\"NAME\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n<layer class=\"SimpleLine\" pass=\"0\" locked=\"0\" enabled=\"1\">\n"
            + props([("line_color", colour(c)), ("line_width", GeoJSONWriter.plainNumber(width)), ("line_style", "solid"), ("capstyle", "round")])
            + "</layer>\n</symbol>\n"
    }

    static func marker(_ c: Colour, size: Double, shape: String = "circle") -> String {
        "<symbol type=\"marker\" name=\"NAME\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n<layer class=\"SimpleMarker\" pass=\"0\" locked=\"0\" enabled=\"1\">\n"
            + props([("name", shape), ("color", colour(c)), ("outline_color", "35,35,35,255"), ("outline_width", "0.1"), ("size", GeoJSONWriter.plainNumber(size))])
            + "</layer>\n</symbol>\n"
    }

    /// Text escaped for XML attributes and content (HTML's escaping is XML's too).
    static func xml(_ s: String) -> String { HTML.escape(s) }
}

private extension Substring {
    func trimmingTrailing(_ c: Character) -> String {
        var s = self
        while s.last == c { s = s.dropLast() }
        return String(s)
    }
}

/// The `layer_styles` table QGIS reads a GeoPackage's styles from.
enum QGISStyleTable {
    /// Creates `layer_styles` and a row per style of every layer (the first of each its default).
    static func write(_ layers: [(schema: LayerSchema, styles: [QGISStyle])], to ds: GDALDatasetH) throws {
        let gdal = try GDALSession.functions()
        let opts = GeoPackageWriter.options(gdal, ["FID=id"])
        defer { gdal.CSLDestroy(opts) }
        guard let l = gdal.GDALDatasetCreateLayer(ds, "layer_styles", nil, wkbNone, opts) else {
            throw GeoPackageWriter.failure("cannot create layer_styles")
        }
        let fields: [(String, OGRFieldType, Int32)] = [
            ("f_table_catalog", OFTString, 256), ("f_table_schema", OFTString, 256), ("f_table_name", OFTString, 256),
            ("f_geometry_column", OFTString, 256), ("styleName", OFTString, 0), ("styleQML", OFTString, 0),
            ("styleSLD", OFTString, 0), ("useAsDefault", OFTInteger, 0), ("description", OFTString, 0),
            ("owner", OFTString, 64), ("ui", OFTString, 0), ("update_time", OFTDateTime, 0),
        ]
        for (name, type, width) in fields {
            let d = gdal.OGR_Fld_Create(name, type)
            if width > 0 { gdal.OGR_Fld_SetWidth(d, width) }
            if name == "useAsDefault" { gdal.OGR_Fld_SetSubType(d, OFSTBoolean) }
            let err = gdal.OGR_L_CreateField(l, d, 1)
            gdal.OGR_Fld_Destroy(d)
            guard err == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot create layer_styles.\(name)") }
        }
        let defn = gdal.OGR_L_GetLayerDefn(l)
        var id: GIntBig = 0
        for layer in layers {
            for (i, style) in layer.styles.enumerated() {
                guard let f = gdal.OGR_F_Create(defn) else { throw GeoPackageWriter.failure("cannot make a feature") }
                defer { gdal.OGR_F_Destroy(f) }
                id += 1
                _ = gdal.OGR_F_SetFID(f, id)
                gdal.OGR_F_SetFieldString(f, 0, "")
                gdal.OGR_F_SetFieldString(f, 1, "")
                gdal.OGR_F_SetFieldString(f, 2, layer.schema.name)
                gdal.OGR_F_SetFieldString(f, 3, "geom")
                gdal.OGR_F_SetFieldString(f, 4, style.name)
                gdal.OGR_F_SetFieldString(f, 5, style.qml)
                gdal.OGR_F_SetFieldString(f, 6, "")
                gdal.OGR_F_SetFieldInteger(f, 7, i == 0 ? 1 : 0)
                gdal.OGR_F_SetFieldString(f, 8, "written by lifecircle")
                gdal.OGR_F_SetFieldString(f, 9, "")
                gdal.OGR_F_SetFieldNull(f, 10)
                gdal.OGR_F_SetFieldDateTimeEx(f, 11, 2000, 1, 1, 0, 0, 0, 100)
                guard gdal.OGR_L_CreateFeature(l, f) == OGRERR_NONE else { throw GeoPackageWriter.failure("cannot write layer_styles") }
            }
        }
    }
}

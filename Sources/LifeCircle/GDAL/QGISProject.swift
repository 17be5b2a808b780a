/// A QGIS project (`.qgs`, QGIS 3) opening every layer of the run's GeoPackage, grouped by category
/// of layer (proposals, facilities, service areas, residents, streets: the first group draws on
/// top), each drawn with its default style and the GeoPackage path relative to the project.
package enum QGISProject {
    /// The groups in layer-tree order.
    static let groups = ["Proposals", "Facilities", "Service areas", "Residents", "Streets"]

    /// The project's XML.
    ///
    /// - Parameters:
    ///   - title: The project's title (the plan's name).
    ///   - geoPackage: The GeoPackage's file name, next to the project.
    ///   - layers: The layers in the GeoPackage, in its order, with their styles (the first applied).
    package static func text(title: String, geoPackage: String, layers: [(schema: LayerSchema, styles: [QGISStyle])]) -> String {
        let x = QGISStyle.xml
        let wgs84 = """
            <spatialrefsys><authid>EPSG:4326</authid><srid>4326</srid><description>WGS 84</description>\
            <projectionacronym>longlat</projectionacronym><ellipsoidacronym>EPSG:7030</ellipsoidacronym>\
            <geographicflag>true</geographicflag></spatialrefsys>
            """
        func id(_ s: LayerSchema) -> String { "lifecircle_" + String(s.name.map { $0.isLetter || $0.isNumber ? $0 : "_" }) }
        func source(_ s: LayerSchema) -> String { "./\(geoPackage)|layername=\(s.name)" }
        var out = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        out += "<qgis projectname=\"\(x(title))\" version=\"3.22.0\">\n<title>\(x(title))</title>\n"
        out += "<projectCrs>\n\(wgs84)\n</projectCrs>\n<layer-tree-group>\n<customproperties/>\n"
        for g in groups {
            let members = layers.filter { $0.schema.group == g }
            guard !members.isEmpty else { continue }
            out += "<layer-tree-group name=\"\(x(g))\" checked=\"Qt::Checked\" expanded=\"1\">\n<customproperties/>\n"
            for m in members {
                out += "<layer-tree-layer id=\"\(x(id(m.schema)))\" name=\"\(x(m.schema.name))\" source=\"\(x(source(m.schema)))\" "
                    + "providerKey=\"ogr\" checked=\"Qt::Checked\" expanded=\"0\">\n<customproperties/>\n</layer-tree-layer>\n"
            }
            out += "</layer-tree-group>\n"
        }
        out += "</layer-tree-group>\n<projectlayers>\n"
        for g in groups {
            for m in layers where m.schema.group == g {
                let geometry = switch m.schema.geometry {
                case .point: "Point"
                case .lineString: "Line"
                case .multiPolygon: "Polygon"
                }
                out += "<maplayer type=\"vector\" geometry=\"\(geometry)\" hasScaleBasedVisibilityFlag=\"0\">\n"
                out += "<id>\(x(id(m.schema)))</id>\n<datasource>\(x(source(m.schema)))</datasource>\n"
                out += "<layername>\(x(m.schema.name))</layername>\n<abstract>\(x(m.schema.description))</abstract>\n"
                out += "<srs>\n\(wgs84)\n</srs>\n<provider encoding=\"UTF-8\">ogr</provider>\n"
                if let style = m.styles.first { out += style.renderer }
                out += "</maplayer>\n"
            }
        }
        out += "</projectlayers>\n<properties>\n<Paths>\n<Absolute type=\"bool\">false</Absolute>\n</Paths>\n</properties>\n</qgis>\n"
        return out
    }
}

extension GeoPackageWriter {
    /// The files describing a run's layers as one: `<plan name>.gpkg` (street gaps, residents, then
    /// per category its facilities, service area, service-area polygon and proposals), the QGIS
    /// project `<plan name>.qgs` opening it, and `fields.csv` (with `.csvt`) documenting every field
    /// of every layer the folder holds.
    ///
    /// - Parameters:
    ///   - polygons: Per category (plan order), its service-area polygon layer (nil: no service area).
    ///   - perCategoryLayers: Whether the folder holds `coverage-` and `uncovered-` layers (documented
    ///     in `fields.csv`; the GeoPackage has the residents layer instead).
    /// - Throws: `LibraryError` when GDAL fails.
    package static func studyFiles(_ report: StudyReport, polygons: [FeatureCollection?], perCategoryLayers: Bool) throws -> [OutputFile] {
        let a = report.analysis
        let ids = a.categories.map(\.category.id)
        var layers: [GeoPackageLayer] = []
        var documented: [LayerSchema] = []
        func add(_ schema: LayerSchema, _ layer: GeoPackageLayer?) {
            documented.append(schema)
            if var layer {
                layer.styles = QGISStyle.styles(for: schema)
                layers.append(layer)
            }
        }
        let gaps = LayerSchema.streetGaps(categories: ids)
        add(gaps, GeoPackageLayer(schema: gaps, StudyLayers.streetGaps(a)))
        let residents = LayerSchema.residents(categories: ids)
        let make = StudyLayers.ResidentFeatures(a, circle: report.circle, equity: report.equity).make
        add(residents, GeoPackageLayer(schema: residents, count: a.study.residents.count, feature: make))
        for (i, c) in a.categories.enumerated() {
            let id = c.category.id
            if perCategoryLayers {
                add(.coverage(category: id, uncovered: false), nil)
                add(.coverage(category: id, uncovered: true), nil)
            }
            let facilities = LayerSchema.facilities(category: id)
            add(facilities, GeoPackageLayer(schema: facilities, StudyLayers.facilities(a, c)))
            if let area = report.serviceArea(id) {
                let lines = LayerSchema.serviceAreaLines(category: id)
                add(lines, GeoPackageLayer(schema: lines, StudyLayers.serviceAreaLines(area)))
            }
            if i < polygons.count, let polygon = polygons[i] {
                let schema = LayerSchema.serviceAreaPolygon(category: id)
                add(schema, GeoPackageLayer(schema: schema, polygon))
            }
            if let proposals = report.proposals {
                let schema = LayerSchema.proposals(category: id)
                add(schema, GeoPackageLayer(schema: schema, StudyLayers.proposals(proposals[id] ?? [], category: id)))
            }
        }
        let name = fileStem(a.study.plan.name)
        let project = QGISProject.text(title: a.study.plan.name, geoPackage: name + ".gpkg",
                                       layers: layers.map { ($0.schema, $0.styles) })
        return [OutputFile(name: name + ".gpkg", bytes: try bytes(layers)), OutputFile(name: name + ".qgs", text: project)]
            + LayerSchema.fieldsFile(documented)
    }

    /// A plan name as a file name: path separators, control characters and a leading dot replaced
    /// by `_`, `lifecircle` when empty.
    static func fileStem(_ name: String) -> String {
        var s = String(name.map { $0 == "/" || $0 == "\\" || $0 == ":" || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "_" : $0 })
        if s.hasPrefix(".") { s = "_" + s.dropFirst() }
        return s.isEmpty ? "lifecircle" : s
    }
}

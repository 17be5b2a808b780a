import CGDAL
import Foundation

extension GeoPackageWriter {
    /// Makes the GeoPackage of a run, `<plan name>.gpkg` (street gaps, residents, then per
    /// category its facilities, service area, service-area polygon and proposals, then with a joint
    /// answer `proposals-joint` and `joint-streets`), in memory, layer
    /// by layer as each is ready, hands its bytes to `deliver` (name, bytes: valid during the call
    /// only), and returns the files describing it: the QGIS project `<plan name>.qgs` opening it and
    /// `fields.csv` (with `.csvt`) documenting every field of every layer the folder holds.
    ///
    /// - Parameters:
    ///   - polygon: The service-area polygon layer of category i (plan order), asked for when the
    ///     GeoPackage reaches it (it may wait for or make it); nil: none.
    ///   - joint: The joint answer, asked for when the GeoPackage reaches its layers, after every
    ///     category's (it may wait for it); nil: none.
    ///   - perCategoryLayers: Whether the folder holds `coverage-` and `uncovered-` layers (documented
    ///     in `fields.csv`; the GeoPackage has the residents layer instead).
    ///   - layerDone: Told each layer written, by name.
    /// - Throws: `LibraryError` when GDAL fails, or what `polygon` or `deliver` throw.
    /// - Complexity: O(total features × fields); the residents go from the study's arrays straight
    ///   into the table (no feature objects).
    package static func writeStudy(_ report: StudyReport, polygon: (Int) throws -> FeatureCollection?,
                                   joint: () throws -> JointStudy?, perCategoryLayers: Bool,
                                   layerDone: (String) -> Void = { _ in },
                                   deliver: (String, UnsafeRawBufferPointer) throws -> Void) throws -> [OutputFile] {
        let a = report.analysis
        let ids = a.categories.map(\.category.id)
        let name = fileStem(a.study.plan.name)
        let path = "/vsimem/lifecircle-study-\(ProcessInfo.processInfo.processIdentifier)-\(counter.take(below: Int.max) ?? 0).gpkg"
        let gdal = try GDALSession.functions()
        defer { _ = gdal.VSIUnlink(path) }
        let file = try GeoPackageFile(path: path)
        var layers: [(LayerSchema, [QGISStyle])] = []
        var documented: [LayerSchema] = []
        func add(_ schema: LayerSchema, _ layer: @autoclosure () throws -> GeoPackageLayer?) throws {
            documented.append(schema)
            guard var layer = try layer() else { return }
            layer.styles = QGISStyle.styles(for: schema)
            try file.add(layer)
            layers.append((schema, layer.styles))
            layerDone(schema.name)
        }
        let gaps = LayerSchema.streetGaps(categories: ids)
        try add(gaps, GeoPackageLayer(schema: gaps, StudyLayers.streetGaps(a)))
        let residents = LayerSchema.residents(categories: ids)
        let values = StudyLayers.ResidentFeatures(a, circle: report.circle, equity: report.equity).values
        let points = a.study.residents
        try add(residents, GeoPackageLayer(schema: residents, count: points.count, geometry: { .point(points[$0].position) }) { i, out in
            _ = values(i, &out)
        })
        for (i, c) in a.categories.enumerated() {
            let id = c.category.id
            if perCategoryLayers {
                try add(.coverage(category: id, uncovered: false), nil)
                try add(.coverage(category: id, uncovered: true), nil)
            }
            let facilities = LayerSchema.facilities(category: id)
            try add(facilities, GeoPackageLayer(schema: facilities, StudyLayers.facilities(a, c)))
            if let area = report.serviceArea(id) {
                let lines = LayerSchema.serviceAreaLines(category: id)
                try add(lines, GeoPackageLayer(schema: lines, StudyLayers.serviceAreaLines(area)))
            }
            if let layer = try polygon(i) {
                let schema = LayerSchema.serviceAreaPolygon(category: id)
                try add(schema, GeoPackageLayer(schema: schema, layer))
            }
            if let proposals = report.proposals {
                let schema = LayerSchema.proposals(category: id)
                try add(schema, GeoPackageLayer(schema: schema, StudyLayers.proposals(proposals[id] ?? [], category: id)))
            }
        }
        if let joint = try joint() {
            try add(.proposalsJoint, GeoPackageLayer(schema: .proposalsJoint, StudyLayers.jointProposals(joint)))
            try add(.jointStreets, GeoPackageLayer(schema: .jointStreets, StudyLayers.jointStreets(joint)))
        }
        try file.finish()
        var length: vsi_l_offset = 0
        guard let buffer = gdal.VSIGetMemFileBuffer(path, &length, 0) else { throw failure("the GeoPackage was not written") }
        try deliver(name + ".gpkg", UnsafeRawBufferPointer(start: buffer, count: Int(length)))
        let project = QGISProject.text(title: a.study.plan.name, geoPackage: name + ".gpkg", layers: layers)
        return [OutputFile(name: name + ".qgs", text: project)] + LayerSchema.fieldsFile(documented)
    }

    /// The number of layers ``writeStudy(_:polygon:joint:perCategoryLayers:layerDone:deliver:)``
    /// writes when every category with a service area has its polygon and a joint answer the
    /// report has is solved (never waits for it).
    package static func studyLayerCount(_ report: StudyReport) -> Int {
        2 + report.analysis.categories.reduce(0) { n, c in
            n + 1 + (report.serviceArea(c.category.id) != nil ? 2 : 0) + (report.proposals != nil ? 1 : 0)
        } + (report.hasJoint ? 2 : 0)
    }

    /// A plan name as a file name: path separators, control characters and a leading dot replaced
    /// by `_`, `lifecircle` when empty.
    static func fileStem(_ name: String) -> String {
        var s = String(name.map { $0 == "/" || $0 == "\\" || $0 == ":" || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "_" : $0 })
        if s.hasPrefix(".") { s = "_" + s.dropFirst() }
        return s.isEmpty ? "lifecircle" : s
    }
}

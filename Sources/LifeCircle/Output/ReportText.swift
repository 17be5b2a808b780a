/// Text shared by the Markdown and HTML reports (Markdown inline syntax: `code`, **bold**).
enum ReportText {
    /// The input layers: name, file (relative to the plan), CRS and feature count.
    static func inputs(_ r: StudyReport) -> [[String]] {
        let plan = r.study.plan, s = r.study
        var rows: [[String]] = [
            ["streets", r.relativePath(plan.layers.streets.path), plan.layers.streets.crs, String(s.streets.count)],
            ["residents", r.relativePath(plan.layers.residents.path), plan.layers.residents.crs, String(s.residents.count)],
            ["network", r.relativePath(plan.layers.network.path), plan.layers.network.crs, String(s.network.count)],
        ]
        if let f = plan.layers.facilities {
            let n = plan.categories.filter { $0.facilities == nil }.reduce(0) { $0 + (s.facilities[$1.id]?.count ?? 0) }
            rows.append(["facilities", r.relativePath(f.path), f.crs, String(n)])
        }
        for c in plan.categories { if let f = c.facilities {
            rows.append(["facilities (\(c.id))", r.relativePath(f.path), f.crs, String(s.facilities[c.id]?.count ?? 0)])
        } }
        if let c = plan.layers.candidates {
            rows.append(["candidates", r.relativePath(c.path), c.crs, String(s.candidates.count)])
        }
        return rows
    }

    /// The files of the report folder with what they hold.
    static func files(_ r: StudyReport, _ w: ReportWords) -> [[String]] {
        let gpkg = GeoPackageWriter.fileStem(r.study.plan.name) + ".gpkg"
        var rows: [[String]] = [
            [gpkg, w.fileGeoPackage],
            ["street-gaps.geojson / .csv", w.fileStreetGaps],
            [r.listsAllGeoJSON ? "residents.geojson / .csv" : gpkg + " › residents", w.fileResidents],
        ]
        for c in r.study.plan.categories {
            if r.listsPerCategoryLayers {
                rows.append(["coverage-\(c.id).geojson / .csv", w.fileCoverage])
                rows.append(["uncovered-\(c.id).geojson / .csv", w.fileUncovered])
            }
            rows.append(["facilities-\(c.id).geojson / .csv", w.fileFacilities])
            rows.append([r.listsAllGeoJSON ? "service-area-\(c.id).geojson" : gpkg + " › service-area-\(c.id)", w.fileServiceArea])
            rows.append(["service-area-polygon-\(c.id).geojson", w.fileServicePolygon])
            if r.proposals != nil { rows.append(["proposals-\(c.id).geojson / .csv", w.fileProposals]) }
        }
        if r.joint != nil {
            rows.append(["\(LayerSchema.proposalsJoint.name).geojson / .csv", w.fileProposalsJoint])
            rows.append(["\(LayerSchema.jointStreets.name).geojson / .csv", w.fileJointStreets])
        }
        return rows
    }

    /// Warnings from loading and preparing the study, paths made relative.
    static func warnings(_ r: StudyReport) -> [String] {
        (r.study.warnings + r.analysis.prepared.warnings).map { r.relativeText($0.description) }
    }
}

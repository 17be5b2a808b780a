/// Text shared by the Markdown and HTML reports (Markdown inline syntax: `code`, **bold**).
enum ReportText {
    /// The method and thresholds, one bullet each.
    static func method(_ r: StudyReport) -> [String] {
        let plan = r.study.plan
        let net = r.analysis.prepared.network
        var out = [
            "Walk time is the network distance ÷ walking speed, plus the straight access legs from a point to where it joins the network; a resident point is **covered** when that total is within the category's minutes.",
            "Walking speed \(GeoJSONWriter.plainNumber(plan.walking.speedMetersPerMinute)) m/min" + (plan.walking.elderSpeedMetersPerMinute.map { "; \(GeoJSONWriter.plainNumber($0)) m/min for categories measured for residents aged 60+" } ?? "") + ".",
            "A point farther than \(GeoJSONWriter.plainNumber(plan.walking.maxSnapDistanceMeters)) m from every path cannot join the network: it counts as uncovered (**unreachable**).",
            "One bounded multi-source search per category and scenario (sources: all facilities that count), stopped at the threshold.",
            "Scenarios: **existing** facilities, and **with planned** facilities (this year's, status `planned`). Maps, street tables and layers use the existing facilities unless a column says otherwise.",
            "**Radius** figures use a straight line of speed × minutes around each facility, ignoring the network; they overstate access and are shown for comparison only.",
            "Coverage goal: \(Format.percent(plan.coverageGoal)) of each category's demand (the city's target for 2025).",
            "Service areas: the network within the threshold of the existing facilities, edges cut exactly at the threshold; the area is a \(GeoJSONWriter.plainNumber(r.serviceAreas.first?.bufferMeters ?? 50)) m buffer around those lines.",
            "Analysis CRS `\(r.analysis.prepared.metricCRS)`; walk network of \(net.nodeCount) nodes, \(net.edgeCount) edges and \(net.componentCount) connected parts. Layers are written in WGS84 (RFC 7946).",
            "Streets are ranked by uncovered demand, most first (ties by street order).",
        ]
        out.append("Thresholds: " + r.facts.map {
            "`\($0.category.id)` \(Format.fixed($0.category.walkMinutes, 0)) min at \(GeoJSONWriter.plainNumber($0.speed)) m/min = \(Format.integer($0.thresholdMeters)) m (\($0.demandText))"
        }.joined(separator: "; ") + ".")
        return out
    }

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
    static func files(_ r: StudyReport) -> [[String]] {
        var rows: [[String]] = [
            ["street-gaps.geojson / .csv", "street polygons; per category `<category>_demand`, `_covered`, `_uncovered`, `_unreachable`, `_coverage`, `_rank`, `_coverage_planned`, `_coverage_radius`"],
            ["residents.geojson / .csv", "every resident point: per category `<category>_minutes`, `_facility`, `_status`, `_minutes_planned`, `_2sfca`, `_2sfca_gaussian`; then `reached`, `complete`, `lifecircle_minutes`"],
        ]
        for c in r.study.plan.categories {
            if r.listsPerCategoryLayers {
                rows.append(["coverage-\(c.id).geojson / .csv", "every resident point: walk minutes to the nearest facility and which one, status, covered"])
                rows.append(["uncovered-\(c.id).geojson / .csv", "the resident points outside the walk"])
            }
            rows.append(["facilities-\(c.id).geojson / .csv", "facilities: status, capacity, access leg, demand served"])
            rows.append(["service-area-\(c.id).geojson", "reached network lines, partial edges cut at the threshold"])
            rows.append(["service-area-polygon-\(c.id).geojson", "the area the reached lines span"])
            if r.proposals != nil { rows.append(["proposals-\(c.id).geojson / .csv", "proposed sites, rank, newly covered demand by street"]) }
        }
        return rows
    }

    /// Warnings from loading and preparing the study, paths made relative.
    static func warnings(_ r: StudyReport) -> [String] {
        (r.study.warnings + r.analysis.prepared.warnings).map { r.relativeText($0.description) }
    }
}

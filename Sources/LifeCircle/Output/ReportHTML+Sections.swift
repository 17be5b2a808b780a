extension ReportHTML {
    // MARK: Categories

    func categorySection(_ f: ReportFacts) -> String {
        let id = f.category.id
        var out = "<section id=\"\(Self.anchor(id))\">\n<h2>\(HTML.escape(f.category.name)) <code>\(HTML.escape(id))</code></h2>\n"
        out += "<p class=\"figures\">\(Format.fixed(f.category.walkMinutes, 0)) minutes at \(GeoJSONWriter.plainNumber(f.speed)) m/min "
        out += "(\(Format.integer(f.thresholdMeters)) m), \(HTML.escape(f.demandText)). "
        out += "Existing facilities (\(f.existingFacilities)) cover <strong>\(Self.share(f.existing.share))</strong> "
        out += "(\(Format.integer(f.existing.covered)) of \(Format.integer(f.existing.demand))), "
        out += f.meetsGoal ? "<span class=\"met\">meeting</span>" : "<span class=\"below\">below</span>"
        out += " the \(Format.percent(f.goal)) goal; with the \(f.plannedFacilities) planned: \(Self.share(f.withPlanned.share)); "
        out += "a straight-line radius would claim \(Self.share(f.radius.share)). Outside the walk: \(Format.integer(f.uncoveredResidents)) residents, "
        out += "\(Format.integer(f.uncovered60plus)) of them aged 60+"
        if f.existing.unreachable > 0 { out += " (\(Format.integer(f.existing.unreachable)) demand cannot reach any path)" }
        out += ".</p>\n"
        if !f.offNetworkFacilities.isEmpty {
            out += "<p class=\"note\">Facilities too far from every path to count: \(HTML.escape(f.offNetworkFacilities.joined(separator: ", "))).</p>\n"
        }
        let map = ReportMaps.categoryMap(report, f)
        out += "<div class=\"cat\">\n<figure style=\"width:\(Format.fixed(max(map.width, 300), 0))px\">\n"
        out += map.svg
        out += "<figcaption>" + ReportMaps.legend(proposals: report.proposals?[id]?.isEmpty == false) + "</figcaption>\n</figure>\n"
        out += "<div class=\"tables\">\n<h3>Streets, most uncovered first</h3>\n"
        let rows = f.streets.map { s in [
            String(s.rank), HTML.escape(s.name), Format.integer(s.demand), Format.integer(s.covered), Format.integer(s.uncovered),
            Self.shareBar(s.share, goal: f.goal), Self.share(s.sharePlanned), Self.share(s.shareRadius), Format.integer(s.uncovered60plus),
        ] }
        out += Self.table(["rank", "street", "demand", "covered", "uncovered", "coverage", "with planned", "radius", "uncovered 60+"],
                          rows, numeric: [0, 2, 3, 4, 5, 6, 7, 8])
        if f.outsidePoints > 0 {
            out += "<p class=\"note\">\(f.outsidePoints) resident points lie in no street; they count in the district figures.</p>\n"
        }
        out += "</div>\n</div>\n</section>\n"
        return out
    }

    // MARK: Targets

    func targets() -> String {
        var out = "<section id=\"targets\">\n<h2>2024 targets and proposed sites</h2>\n"
        for f in report.facts {
            out += "<h3>\(HTML.escape(f.category.name))</h3>\n<p>Target: <strong>\(HTML.escape(f.targetText))</strong>."
            if let note = f.category.note { out += " " + HTML.escape(note) }
            out += " Planned this year: \(f.plannedFacilities); with them coverage is \(Self.share(f.withPlanned.share))"
            let aim = f.targetShare == f.goal ? "the \(Format.percent(f.goal)) goal" : "the \(Format.percent(f.targetShare)) target"
            out += f.demandToGoal > 0
                ? ", <span class=\"below\">\(Format.integer(f.demandToGoal)) short</span> of \(aim).</p>\n"
                : ", <span class=\"met\">reaching</span> \(aim).</p>\n"
            guard let all = report.proposals else {
                out += "<p class=\"note\">Proposed sites: not computed (run <code>lifecircle propose</code>).</p>\n"
                continue
            }
            let rows = (all[f.category.id] ?? []).sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
            if let summary = report.proposalSummaries[f.category.id] {
                out += "<p class=\"note\">\(HTML.escape(report.relativeText(summary)))</p>\n"
                if rows.isEmpty { continue }
            }
            if rows.isEmpty { out += "<p class=\"note\">Proposed sites: none.</p>\n"; continue }
            out += Self.table(["rank", "site", "newly covered", "of them 60+", "streets", "nearest facility"], rows.map { p in [
                String(p.rank), HTML.escape(p.name.map { "\($0) (\(p.id))" } ?? p.id), Format.integer(p.newlyCoveredDemand),
                Format.integer(p.newlyCovered60plus), HTML.escape(p.byStreetText),
                HTML.escape(p.nearestFacilityID.map { id in p.nearestFacilityMeters.map { "\(id), \(Format.integer($0)) m" } ?? id } ?? "–"),
            ] }, numeric: [0, 2, 3])
        }
        return out + "</section>\n"
    }

    // MARK: Method and data

    func method() -> String {
        "<section id=\"method\">\n<h2>Method and thresholds</h2>\n<ul>\n"
            + ReportText.method(report).map { "<li>" + MiniMarkdown.inline($0) + "</li>\n" }.joined()
            + "</ul>\n</section>\n"
    }

    func provenance() -> String {
        var out = "<section id=\"data\">\n<h2>Data</h2>\n"
        out += Self.table(["layer", "file (relative to the plan)", "CRS", "features"],
                          ReportText.inputs(report).map { $0.map(HTML.escape) }, numeric: [3])
        let warnings = ReportText.warnings(report)
        if !warnings.isEmpty {
            out += "<p>Warnings while loading:</p>\n<ul>" + warnings.map { "<li>" + HTML.escape($0) + "</li>" }.joined() + "</ul>\n"
        }
        if let readme = report.planReadme() {
            out += "<h3>From the plan's README</h3>\n<div class=\"readme\">\n" + MiniMarkdown.html(readme, headingShift: 3) + "</div>\n"
        }
        out += "<h3>Files in this folder</h3>\n"
        out += Self.table(["file", "content"], ReportText.files(report).map { [HTML.escape($0[0]), MiniMarkdown.inline($0[1])] })
        out += "<p class=\"note\">Layers are GeoJSON in WGS84 (RFC 7946); CSV files are UTF-8 with a byte-order mark.</p>\n"
        return out + "</section>\n"
    }
}

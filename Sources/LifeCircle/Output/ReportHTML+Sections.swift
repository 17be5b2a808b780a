import Foundation

extension ReportHTML {
    // MARK: Categories

    func categorySection(_ f: ReportFacts) -> String {
        let id = f.category.id
        let w = words
        var out = "<section id=\"\(Self.anchor(id))\">\n<h2>\(HTML.escape(f.category.name)) <code>\(HTML.escape(id))</code></h2>\n"
        out += "<p class=\"figures\">" + w.categoryFigures(minutes: Format.fixed(f.category.walkMinutes, 0), speed: GeoJSONWriter.plainNumber(f.speed),
                                                           meters: Format.integer(f.thresholdMeters), demand: HTML.escape(w.demand(f)))
        out += w.existingCover(count: f.existingFacilities, share: Self.share(f.existing.share), covered: Format.integer(f.existing.covered),
                               demand: Format.integer(f.existing.demand))
        out += f.meetsGoal ? "<span class=\"met\">\(w[.meeting])</span>" : "<span class=\"below\">\(w[.belowGoal])</span>"
        out += w.theGoal(Format.percent(f.goal))
        out += w.withPlannedAndRadius(planned: f.plannedFacilities, withPlanned: Self.share(f.withPlanned.share), radius: Self.share(f.radius.share))
        out += w.outsideWalk(residents: Format.integer(f.uncoveredResidents), elder: Format.integer(f.uncovered60plus))
        if f.existing.unreachable > 0 { out += w.unreachable(Format.integer(f.existing.unreachable)) }
        out += w.sentenceEnd + "</p>\n"
        if !f.offNetworkFacilities.isEmpty {
            out += "<p class=\"note\">\(w.offNetwork(HTML.escape(f.offNetworkFacilities.joined(separator: ", "))))</p>\n"
        }
        out += "<p class=\"note links\">" + w.layerLinks + Self.layerLinks(report, id) + "</p>\n"
        let map = ReportMaps.categoryMap(report, f, words: w)
        out += "<div class=\"cat\">\n<figure class=\"mapfig\" data-rows=\"\(Self.anchor(id))-s\" style=\"width:\(Format.fixed(max(map.width, 300), 0))px\">\n"
        if map.width > 0 { out += ReportScript.controls(w) }
        out += map.svg
        out += "<figcaption>" + ReportMaps.legend(proposals: report.proposals?[id]?.isEmpty == false, words: w) + "</figcaption>\n</figure>\n"
        out += "<div class=\"tables\">\n<h3>\(w[.streetsMostUncovered])</h3>\n"
        let rows = f.streets.map { s in [
            String(s.rank), HTML.escape(s.name), Format.integer(s.demand), Format.integer(s.covered), Format.integer(s.uncovered),
            Self.shareBar(s.share, goal: f.goal), Self.share(s.sharePlanned), Self.share(s.shareRadius), Format.integer(s.uncovered60plus),
        ] }
        out += Self.table([w[.rank], w[.street], w[.demand], w[.covered], w[.uncovered], w[.coverage], w[.withPlanned], w[.radius], w[.uncovered60plus]],
                          rows, numeric: [0, 2, 3, 4, 5, 6, 7, 8], rowIDs: f.streets.map { "\(Self.anchor(id))-s\($0.street)" })
        if f.outsidePoints > 0 {
            out += "<p class=\"note\">\(w.outsidePoints(f.outsidePoints))</p>\n"
        }
        out += "</div>\n</div>\n</section>\n"
        return out
    }

    /// Links to the files of category `id` in the report folder (relative, so they work offline and
    /// wherever the folder is copied): its facilities table and layer, service area, proposals.
    static func layerLinks(_ r: StudyReport, _ id: String) -> String {
        var names = ["street-gaps.csv", "street-gaps.geojson", "facilities-\(id).csv", "facilities-\(id).geojson"]
            + (r.listsAllGeoJSON ? ["service-area-\(id).geojson"] : []) + ["service-area-polygon-\(id).geojson"]
        if r.proposals != nil { names += ["proposals-\(id).csv", "proposals-\(id).geojson"] }
        return names.map(link).joined(separator: " · ")
    }

    /// A relative link to a file of the report folder, its name as the text.
    static func link(_ file: String) -> String {
        "<a href=\"\(HTML.escape(file))\"><code>\(HTML.escape(file))</code></a>"
    }

    // MARK: Targets

    func targets() -> String {
        let w = words
        var out = "<section id=\"targets\">\n<h2>\(w.targetsHeading("2024"))</h2>\n"
        for f in report.facts {
            out += "<h3>\(HTML.escape(f.category.name))</h3>\n<p>" + w.target(HTML.escape(w.target(f)))
            if let note = f.category.note { out += " " + HTML.escape(note) }
            out += w.plannedThisYear(f.plannedFacilities, share: Self.share(f.withPlanned.share))
            let aim = f.targetShare == f.goal ? w.aimGoal(Format.percent(f.goal)) : w.aimTarget(Format.percent(f.targetShare))
            out += (f.demandToGoal > 0 ? w.short(Format.integer(f.demandToGoal), of: aim) : w.reaches(aim)) + "</p>\n"
            guard let all = report.proposals else {
                out += "<p class=\"note\">\(w[.proposedNotComputedHTML])</p>\n"
                continue
            }
            let rows = (all[f.category.id] ?? []).sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
            if let summary = report.proposalSummaries[f.category.id] {
                out += "<p class=\"note\">\(HTML.escape(report.relativeText(summary)))</p>\n"
                if rows.isEmpty { continue }
            }
            if rows.isEmpty { out += "<p class=\"note\">\(w[.proposedNone])</p>\n"; continue }
            out += Self.table([w[.rank], w[.site], w[.newlyCovered], w[.ofThem60plus], w[.streets], w[.nearestFacility]], rows.map { p in [
                String(p.rank), HTML.escape(p.name.map { "\($0) (\(p.id))" } ?? p.id), Format.integer(p.newlyCoveredDemand),
                Format.integer(p.newlyCovered60plus), HTML.escape(p.byStreetText),
                HTML.escape(p.nearestFacilityID.map { id in p.nearestFacilityMeters.map { "\(id), \(Format.integer($0)) m" } ?? id } ?? "–"),
            ] }, numeric: [0, 2, 3])
        }
        return out + "</section>\n"
    }

    // MARK: Method and data

    func method() -> String {
        "<section id=\"method\">\n<h2>\(words[.methodAndThresholds])</h2>\n<ul>\n"
            + words.method(report).map { "<li>" + ReportMarkdownHTML.inline($0) + "</li>\n" }.joined()
            + "</ul>\n</section>\n"
    }

    func provenance() -> String {
        let w = words
        var out = "<section id=\"data\">\n<h2>\(w[.data])</h2>\n"
        out += Self.table([w[.layer], w[.fileRelative], w[.crs], w[.features]],
                          ReportText.inputs(report).map { $0.map(HTML.escape) }, numeric: [3])
        let warnings = ReportText.warnings(report)
        if !warnings.isEmpty {
            out += "<p>\(w[.warningsWhileLoading])</p>\n<ul>" + warnings.map { "<li>" + HTML.escape($0) + "</li>" }.joined() + "</ul>\n"
        }
        if let readme = report.planReadme() {
            out += "<h3>\(w[.fromReadme])</h3>\n<div class=\"readme\">\n" + ReportMarkdownHTML.html(readme, headingShift: 3) + "</div>\n"
        }
        out += "<h3>\(w[.filesInFolder])</h3>\n"
        out += Self.table([w[.file], w[.content]], ReportText.files(report, w).map { [Self.fileLinks($0[0]), ReportMarkdownHTML.inline($0[1])] })
        out += "<p class=\"note\">\(w[.formatsNote])</p>\n"
        return out + "</section>\n"
    }

    /// "street-gaps.geojson / .csv" as links to both files.
    static func fileLinks(_ cell: String) -> String {
        // A layer inside the GeoPackage: the link goes to the GeoPackage.
        if let inside = cell.range(of: " › ") {
            return link(String(cell[..<inside.lowerBound])) + " › <code>" + HTML.escape(String(cell[inside.upperBound...])) + "</code>"
        }
        let parts = cell.components(separatedBy: " / ")
        guard let first = parts.first, let dot = first.lastIndex(of: ".") else { return link(cell) }
        let stem = first[..<dot]
        return ([link(first)] + parts.dropFirst().map { $0.hasPrefix(".") ? link(stem + $0) : link($0) }).joined(separator: " / ")
    }
}

/// The planner's report as one self-contained HTML page (`report.html`): UTF-8, a CJK-capable font
/// stack, inline CSS and SVG maps, one small inline script for the maps (``ReportScript``: zoom, pan,
/// layer toggles, a street's row on click; the page reads the same without it) and nothing fetched
/// from the network.
///
/// Sections: the whole life circle (``ReportCircleSection``), district summary, one section per category (map and per-street table, worst first),
/// the year's targets with proposed sites, the targets placed together (``ReportJointSection``, when
/// the report has them), method and thresholds, and the data's provenance.
package struct ReportHTML {
    package let report: StudyReport

    package init(report: StudyReport) { self.report = report }

    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","WenQuanYi Zen Hei",sans-serif;color:#222;margin:0;background:#fafafa;line-height:1.45}
        main{max-width:1240px;margin:0 auto;padding:16px 24px 48px;background:#fff}
        h1{font-size:1.6em;margin:.4em 0 .2em}h2{font-size:1.3em;border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
        h3{font-size:1.1em;margin:1.2em 0 .4em}.lead{color:#555;margin:.2em 0 1em}
        nav{font-size:.9em;margin:.5em 0 1em}nav a{margin-right:1em;color:#08519c;text-decoration:none}
        table{border-collapse:collapse;font-size:.86em;margin:.5em 0}th,td{border-bottom:1px solid #e3e3e3;padding:3px 6px;text-align:left;vertical-align:top}
        th{background:#f2f2f2;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .below{color:#b30000;font-weight:600}.met{color:#1a7f37;font-weight:600}
        .bar{position:relative;display:inline-block;width:70px;height:9px;background:#eee;vertical-align:middle;margin-left:6px}
        .bar span{position:absolute;left:0;top:0;bottom:0;background:#4a90c2}.bar i{position:absolute;top:-2px;bottom:-2px;width:2px;background:#b30000}
        .cat{display:flex;flex-wrap:wrap;gap:20px;align-items:flex-start}.cat figure{margin:0;flex:none}.cat .tables{flex:1;min-width:480px;overflow-x:auto}
        .cat td:nth-child(2){white-space:nowrap}
        figcaption{font-size:.8em;color:#444}.legend{list-style:none;padding:0;margin:.4em 0;font-size:.8em;display:flex;flex-wrap:wrap;gap:4px 12px}
        .legend li{display:flex;align-items:center;gap:4px}.sw{display:inline-block;width:12px;height:12px;border:1px solid #999}
        .dot{display:inline-block;width:9px;height:9px;border-radius:50%;border:1px solid #fff;box-shadow:0 0 0 1px #999}
        svg.map{background:#fff;border:1px solid #ccc}code{font-size:.92em;background:#f3f3f3;padding:0 3px}
        .figures{font-size:.92em}.note{color:#555;font-size:.9em}.readme{border-left:3px solid #ddd;padding-left:12px;color:#333;font-size:.92em}
        \(ReportScript.css)
        """

    /// Print styles: A4 pages, tables that fit the page width (no cut last column), headings kept
    /// with the map or table under them, links shown with their file names.
    static let printCSS = """
        @page{size:A4;margin:14mm 12mm}
        @media print{body{background:#fff;font-size:10pt}main{max-width:none;padding:0}nav,.mapctl{display:none!important}
        h2,h3{break-after:avoid;page-break-after:avoid}h2{break-before:page}section:first-of-type h2{break-before:auto}
        figure,svg.map,svg.chart,tr,.headline{break-inside:avoid;page-break-inside:avoid}
        .cat{display:block}.cat figure{width:auto!important}svg.map{max-width:100%;height:auto}
        .cat .tables,.heatwrap{min-width:0;overflow:visible}table{width:100%;table-layout:auto;font-size:7.5pt}
        th,td{padding:1px 3px}.cat td:nth-child(2),td.n,th.n,td.heat{white-space:normal}.bar{display:none}
        thead{display:table-header-group}a{color:inherit;text-decoration:none}}
        """

    /// The report's words in the plan's language.
    var words: ReportWords { ReportWords(report.study.plan.language) }

    package func render() -> String {
        let plan = report.study.plan
        let w = words
        var out = "<!DOCTYPE html>\n<html lang=\"\(w.htmlLang)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(HTML.escape(plan.title))</title>\n<style>\n\(Self.css)\n\(ReportCircleSection.css)\n\(Self.printCSS)\n</style>\n</head>\n<body>\n<main>\n"
        out += "<h1>\(HTML.escape(plan.title))</h1>\n"
        let people = report.study.residents.reduce(0) { $0 + $1.population }
        out += "<p class=\"lead\">" + w.lead(plan: "<code>\(HTML.escape(plan.name))</code>", streets: String(report.study.streets.count),
                                             people: Format.integer(people), points: String(report.study.residents.count),
                                             goal: Format.percent(plan.coverageGoal)) + "</p>\n"
        let circle = ReportCircleSection(report: report)
        out += "<nav>" + (circle == nil ? "" : "<a href=\"#\(ReportCircleSection.anchor)\">\(w[.lifeCircle])</a>") + "<a href=\"#summary\">\(w[.summary])</a>"
        for f in report.facts { out += "<a href=\"#\(Self.anchor(f.category.id))\">\(HTML.escape(f.category.id))</a>" }
        let joint = ReportJointSection(report: report)
        out += "<a href=\"#targets\">\(w[.targets])</a>" + (joint == nil ? "" : "<a href=\"#\(ReportJointSection.anchor)\">\(w[.placedTogether])</a>")
        out += "<a href=\"#method\">\(w[.method])</a><a href=\"#data\">\(w[.data])</a></nav>\n"
        if let circle { out += circle.html() }
        out += summary()
        for f in report.facts { out += categorySection(f) }
        out += targets()
        if let joint { out += joint.html() }
        if let note = ReportJointSection.skippedNote(report, code: { "<code>\($0)</code>" }) {
            out += "<section id=\"\(ReportJointSection.anchor)\">\n<h2>\(w[.jointHeading])</h2>\n<p>\(note)</p>\n</section>\n"
        }
        out += method()
        out += provenance()
        out += "</main>\n<script>\n\(ReportScript.source)</script>\n</body>\n</html>\n"
        return out
    }

    // MARK: Helpers

    static func anchor(_ id: String) -> String { "cat-" + StudyLayers.key(id) }

    static func share(_ d: Double?) -> String { d.map(Format.percent) ?? "–" }

    /// A coverage share with a small bar and the goal marked.
    static func shareBar(_ d: Double?, goal: Double) -> String {
        guard let d else { return "–" }
        let w = Format.fixed(min(max(d, 0), 1) * 100, 1), g = Format.fixed(min(max(goal, 0), 1) * 100, 1)
        return Format.percent(d) + "<span class=\"bar\"><span style=\"width:\(w)%\"></span><i style=\"left:\(g)%\"></i></span>"
    }

    /// A table; cells are HTML already (callers escape text); `numeric` columns align right; row `i`
    /// gets the id `rowIDs[i]` when given.
    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], cls: String? = nil, rowIDs: [String]? = nil) -> String {
        var out = cls.map { "<table class=\"\($0)\">" } ?? "<table>"
        out += "<thead><tr>" + header.enumerated().map { i, h in numeric.contains(i) ? "<th class=\"n\">\(h)</th>" : "<th>\(h)</th>" }.joined() + "</tr></thead><tbody>\n"
        for (k, r) in rows.enumerated() {
            out += (rowIDs.map { k < $0.count ? "<tr id=\"\($0[k])\">" : "<tr>" } ?? "<tr>") + r.enumerated().map { i, c in numeric.contains(i) ? "<td class=\"n\">\(c)</td>" : "<td>\(c)</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    // MARK: Summary

    func summary() -> String {
        let goal = report.study.plan.coverageGoal
        let w = words
        var out = "<section id=\"summary\">\n<h2>\(w[.districtSummary])</h2>\n"
        let rows = report.facts.map { f in [
            "<a href=\"#\(Self.anchor(f.category.id))\">\(HTML.escape(f.category.name))</a>", HTML.escape(w.demand(f)),
            w.minutes(Format.fixed(f.category.walkMinutes, 0)), "\(f.existingFacilities) + \(f.plannedFacilities)",
            Self.shareBar(f.existing.share, goal: goal), Self.share(f.withPlanned.share), Self.share(f.radius.share),
            Format.integer(f.existing.uncovered), Format.integer(f.uncoveredResidents), Format.integer(f.uncovered60plus),
            f.meetsGoal ? "<span class=\"met\">\(w[.met])</span>" : "<span class=\"below\">\(w[.below])</span>",
        ] }
        out += Self.table([w[.category], w[.demand], w[.walk], w[.facilitiesExistingPlannedHTML], w[.coverageWalkExistingHTML], w[.withPlanned],
                           w[.radiusHTML], w[.uncoveredDemandHTML], w[.uncoveredResidentsHTML], w[.uncovered60plusHTML],
                           w.goalColumn(Format.percent(goal))], rows, numeric: [2, 3, 4, 5, 6, 7, 8, 9])
        out += "<p class=\"note\">\(w[.summaryNote])</p>\n</section>\n"
        return out
    }
}

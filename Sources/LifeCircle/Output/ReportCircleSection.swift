/// The report's first section, "The whole life circle", in Markdown and HTML: the complete shares of
/// all residents and of residents 60+, a street × category heat table, the binding category of each
/// street, and (HTML only) two charts: the Lorenz curve of the complete share across streets and
/// each category's coverage over walk minutes.
///
/// Built from ``StudyReport/circle`` (completeness and sensitivity) and ``StudyReport/equity``
/// (Gini of coverage across streets), both for today's facilities; empty when the report has no
/// circle. User text (category and street names) is escaped as in the rest of the report.
struct ReportCircleSection {
    let report: StudyReport
    let circle: CircleStudy

    /// The section of `report`, or nil when the report was made without the life circle.
    init?(report: StudyReport) {
        guard let circle = report.circle else { return nil }
        self.report = report
        self.circle = circle
    }

    static let anchor = "life-circle"

    /// Heat classes of a share: upper bounds, fill and text colour (red to green, ColorBrewer RdYlGn).
    static let heatClasses: [(upTo: Double, fill: String, ink: String, label: String)] = [
        (0.50, "#d73027", "#fff", "< 50%"), (0.70, "#fc8d59", "#222", "50–70%"), (0.85, "#fee08b", "#222", "70–85%"),
        (0.95, "#d9ef8b", "#222", "85–95%"), (2, "#66bd63", "#222", "≥ 95%"),
    ]
    static let noShareFill = "#eeeeee"

    /// One colour per category, in plan order (cycled).
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

    static func color(_ k: Int) -> String { palette[k % palette.count] }

    static let css = """
        .headline{display:flex;flex-wrap:wrap;gap:12px 40px;margin:.6em 0}.headline div{max-width:520px}
        .big{display:block;font-size:2.6em;font-weight:700;line-height:1.1;color:#08519c}
        .heatwrap{overflow-x:auto}td.heat{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .heatmap th{max-width:8.5em;white-space:normal}.heatmap td:nth-child(2){white-space:nowrap}
        .charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}.charts figure{margin:0;max-width:460px}
        svg.chart{background:#fff;border:1px solid #ccc}
        """

    // MARK: Figures

    /// Street indices, most residents outside a complete life circle first (`CircleRow.rank`).
    var rankedStreets: [CircleRow] {
        circle.completeness.streets.filter { $0.street != nil }
            .sorted { ($0.rank ?? Int.max, $0.street ?? 0) < ($1.rank ?? Int.max, $1.street ?? 0) }
    }

    func streetName(_ s: Int?) -> String {
        guard let s, s >= 0, s < report.study.streets.count else { return "–" }
        return report.study.streets[s].name
    }

    /// Each category's covered share in street `s` (existing facilities, network walk), plan order.
    func coverageShares(_ s: Int) -> [Double?] {
        report.analysis.categories.map { c in
            guard let g = c.streetGaps(.existing, .network), s < g.streets.count else { return nil }
            return g.streets[s].coverageShare
        }
    }

    /// The essential categories' names and thresholds in words ("Health (2 min at 80 m/min)").
    func essentialText(_ name: (String) -> String) -> String {
        let parts = circle.completeness.essential.map { k in
            let r = circle.requests[k]
            return "\(name(circle.categories[k].name)) (\(Format.fixed(r.minutes, 0)) min at \(GeoJSONWriter.plainNumber(r.speed)) m/min)"
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// The name of essential category j (an index into the essential list).
    func essentialName(_ j: Int?) -> String? {
        guard let j, j < circle.completeness.essential.count else { return nil }
        let k = circle.completeness.essential[j]
        return k < circle.categories.count ? circle.categories[k].name : nil
    }

    /// The Lorenz curve of the complete share across streets, each street weighted by its residents;
    /// nil when no street has residents.
    var completeLorenz: LorenzCurve? {
        let rows = circle.completeness.streets.filter { $0.population > 0 }
        return LorenzCurve(values: rows.map { $0.completeShare ?? 0 }, weights: rows.map(\.population))
    }

    func headline(_ name: (String) -> String) -> (all: String, elder: String, sentence: String) {
        let d = circle.completeness.district
        let all = d.completeShare.map(Format.percent) ?? "–"
        let elder = d.completeShare60plus.map(Format.percent) ?? "–"
        var s = "That is \(Format.integer(d.complete)) of \(Format.integer(d.population)) residents, and \(Format.integer(d.complete60plus)) "
        s += "of \(Format.integer(d.population60plus)) aged 60+, whose home reaches every essential category within its walk: "
        s += essentialText(name) + " (existing facilities, network walk; a category for residents 60+ at the elder speed)."
        return (all, elder, s)
    }

    // MARK: Markdown

    func markdown() -> String {
        let t = ReportMarkdown.text
        let h = headline(t)
        var out = "## The whole life circle\n\n"
        out += "**\(h.all)** of residents, **\(h.elder)** of residents aged 60+, are in a complete life circle. \(h.sentence)\n\n"
        out += "### Streets by category\n\nCoverage of each category in each street (a 60+ category over residents 60+) and the street's complete share; "
        out += "streets ranked by residents outside a complete life circle, most first.\n\n"
        let cats = report.analysis.categories
        let rows = rankedStreets.map { r -> [String] in
            let s = r.street ?? 0
            return [String(r.rank ?? 0), t(streetName(s)), Format.integer(r.incomplete)]
                + coverageShares(s).map(ReportMarkdown.share) + [ReportMarkdown.share(r.completeShare)]
        }
        let header = ["rank", "street", "not complete"] + cats.map { t($0.category.name) } + ["complete"]
        out += ReportMarkdown.table(header, rows, right: Set(0..<header.count).subtracting([1])) + "\n"
        out += "### Binding category\n\n" + bindingNote + "\n\n"
        let bRows = rankedStreets.map { r -> [String] in [
            String(r.rank ?? 0), t(streetName(r.street)), Format.integer(r.incomplete),
            essentialName(r.binding).map(t) ?? "–", r.binding.map { Format.integer(r.gain[$0]) } ?? "0",
            essentialName(r.binding60plus).map(t) ?? "–", r.binding60plus.map { Format.integer(r.gain60plus[$0]) } ?? "0",
        ] }
        out += ReportMarkdown.table(["rank", "street", "not complete", "binding", "would complete", "binding 60+", "would complete 60+"],
                                    bRows, right: [0, 2, 4, 6]) + "\n"
        if let g = completeLorenz {
            out += "Gini of the complete share across streets (weighted by residents): \(Format.fixed(g.gini, 3)). "
        }
        out += coverageGiniText(t) + " The charts are in report.html.\n\n"
        return out
    }

    var bindingNote: String {
        "The binding category of a street is the essential category that, if it alone reached everyone, would bring the most residents "
            + "into a complete life circle; “would complete” counts them (ties go to the earlier category; – when no single category would)."
    }

    /// The Gini of each category's coverage across streets, from the equity result.
    func coverageGiniText(_ name: (String) -> String) -> String {
        guard let eq = report.equity else { return "" }
        let parts = eq.categories.compactMap { c -> String? in
            guard let g = c.coverage?.streets?.gini else { return nil }
            return "\(name(c.category.name)) \(Format.fixed(g, 3))"
        }
        return parts.isEmpty ? "" : "Gini of coverage across streets: " + parts.joined(separator: ", ") + "."
    }

    // MARK: HTML

    static func heatCell(_ d: Double?) -> String {
        guard let d else { return "<td class=\"heat\" style=\"background:\(noShareFill)\">–</td>" }
        let c = heatClasses.first { d < $0.upTo } ?? heatClasses[heatClasses.count - 1]
        return "<td class=\"heat\" style=\"background:\(c.fill);color:\(c.ink)\">\(Format.percent(d))</td>"
    }

    func html() -> String {
        let e = HTML.escape
        let h = headline(e)
        var out = "<section id=\"\(Self.anchor)\">\n<h2>The whole life circle</h2>\n<div class=\"headline\">"
        out += "<div><span class=\"big\">\(h.all)</span>of residents live in a complete life circle</div>"
        out += "<div><span class=\"big\">\(h.elder)</span>of residents aged 60+</div></div>\n"
        out += "<p>\(h.sentence)</p>\n"
        out += "<h3>Streets by category</h3>\n<p class=\"note\">Coverage of each category in each street (a 60+ category over residents 60+) "
        out += "and the street's complete share; streets ranked by residents outside a complete life circle, most first.</p>\n"
        let cats = report.analysis.categories
        out += "<div class=\"heatwrap\"><table class=\"heatmap\"><thead><tr><th class=\"n\">rank</th><th>street</th><th class=\"n\">not complete</th>"
        out += cats.map { "<th class=\"n\">\(e($0.category.name))</th>" }.joined() + "<th class=\"n\">complete</th></tr></thead><tbody>\n"
        for r in rankedStreets {
            let s = r.street ?? 0
            out += "<tr><td class=\"n\">\(r.rank ?? 0)</td><td>\(e(streetName(s)))</td><td class=\"n\">\(Format.integer(r.incomplete))</td>"
            out += coverageShares(s).map(Self.heatCell).joined() + Self.heatCell(r.completeShare) + "</tr>\n"
        }
        out += "</tbody></table></div>\n<ul class=\"legend\">"
        for c in Self.heatClasses { out += "<li><span class=\"sw\" style=\"background:\(c.fill)\"></span>\(e(c.label))</li>" }
        out += "<li><span class=\"sw\" style=\"background:\(Self.noShareFill)\"></span>no demand</li></ul>\n"
        out += "<h3>Binding category</h3>\n<p class=\"note\">" + ReportMarkdownHTML.inline(bindingNote) + "</p>\n"
        out += ReportHTML.table(["rank", "street", "not complete", "binding", "would complete", "binding 60+", "would complete 60+"],
                                rankedStreets.map { r in [
                                    String(r.rank ?? 0), e(streetName(r.street)), Format.integer(r.incomplete),
                                    essentialName(r.binding).map(e) ?? "–", r.binding.map { Format.integer(r.gain[$0]) } ?? "0",
                                    essentialName(r.binding60plus).map(e) ?? "–", r.binding60plus.map { Format.integer(r.gain60plus[$0]) } ?? "0",
                                ] }, numeric: [0, 2, 4, 6])
        out += "<div class=\"charts\">\n"
        if let curve = completeLorenz {
            out += "<figure>\n" + Self.lorenzChart(curve).svg(title: "Lorenz curve of the complete share across streets") + "\n"
            out += "<figcaption>The Lorenz curve of the complete share across streets: streets sorted from the lowest complete share, "
            out += "the share of residents (x) against the share of all residents in a complete life circle they hold (y). "
            out += "The dashed diagonal is perfect equality; Gini \(Format.fixed(curve.gini, 3)). " + coverageGiniText(e) + "</figcaption>\n</figure>\n"
        }
        out += "<figure>\n" + minutesChart().svg(title: "Coverage over walk minutes, each category") + "\n"
        out += "<figcaption>Each category's coverage (share of its demand) if its walk were 1 to 30 minutes at its speed; "
        out += "the dashed vertical line marks the category's own threshold.<ul class=\"legend\">"
        for (k, c) in circle.categories.enumerated() where k < circle.sensitivity.count {
            let s = circle.sensitivity[k]
            out += "<li><span class=\"sw\" style=\"background:\(Self.color(k))\"></span>\(e(c.name)) "
            out += "(\(Format.fixed(s.thresholdMinutes, 0)) min at \(GeoJSONWriter.plainNumber(s.speed)) m/min)</li>"
        }
        out += "</ul></figcaption>\n</figure>\n</div>\n</section>\n"
        return out
    }

    /// The Lorenz chart: the equality diagonal (dashed) and the curve (class `lorenz`), both axes 0–1.
    static func lorenzChart(_ curve: LorenzCurve) -> SVGChart {
        var chart = SVGChart(width: 400, height: 340, xRange: 0...1, yRange: 0...1)
        let ticks = [0, 0.25, 0.5, 0.75, 1.0]
        chart.addAxes(xTicks: ticks, xLabel: { Format.fixed($0 * 100, 0) + "%" }, xTitle: "share of residents (streets, lowest first)",
                      yTicks: ticks, yLabel: { Format.fixed($0 * 100, 0) + "%" }, yTitle: "share of complete residents")
        chart.addLine(xs: [0, 1], ys: [0, 1], color: "#888", width: 1, dash: "5 4", cssClass: "equality", title: "equality")
        chart.addLine(xs: curve.weightShares, ys: curve.valueShares, color: "#08519c", width: 2.5, cssClass: "lorenz",
                      title: "Gini \(Format.fixed(curve.gini, 3))")
        return chart
    }

    /// The minutes chart: per category its coverage over the band's minutes and its threshold line.
    func minutesChart() -> SVGChart {
        var chart = SVGChart(width: 460, height: 340, xRange: 0...30, yRange: 0...1)
        chart.addAxes(xTicks: [0, 5, 10, 15, 20, 25, 30], xLabel: { Format.fixed($0, 0) }, xTitle: "walk minutes",
                      yTicks: [0, 0.25, 0.5, 0.75, 1], yLabel: { Format.fixed($0 * 100, 0) + "%" }, yTitle: "covered share of demand")
        for (k, s) in circle.sensitivity.enumerated() {
            let name = k < circle.categories.count ? circle.categories[k].name : s.category
            // One label per distinct threshold (several categories often share 15 minutes).
            let first = circle.sensitivity.firstIndex { $0.thresholdMinutes == s.thresholdMinutes } == k
            chart.addVertical(x: s.thresholdMinutes, color: Self.color(k), label: first ? Format.fixed(s.thresholdMinutes, 0) + " min" : nil)
            let pts = s.byMinutes.filter { $0.share != nil }
            chart.addLine(xs: pts.map(\.minutes), ys: pts.map { $0.share ?? 0 }, color: Self.color(k), cssClass: "minutes", title: name)
        }
        return chart
    }
}

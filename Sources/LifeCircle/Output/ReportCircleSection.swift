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

    /// The section's words in the plan's language (``ReportWords``).
    var words: ReportWords { ReportWords(report.study.plan.language) }

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
        .heatmap th{max-width:8.5em;white-space:normal}.heatmap tfoot td,.heatmap tfoot th{border-top:2px solid #444;font-weight:700}.heatmap td:nth-child(2){white-space:nowrap}
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

    /// Each category's covered share of the whole district (its demand base, existing facilities,
    /// network walk), plan order: the heat table's district row.
    var districtCoverageShares: [Double?] {
        report.analysis.categories.map { $0.streetGaps(.existing, .network)?.district.coverageShare }
    }

    /// The essential categories' names and thresholds in words ("Health (2 min at 80 m/min)").
    func essentialText(_ name: (String) -> String) -> String {
        let parts = circle.completeness.essential.map { k in
            let r = circle.requests[k]
            return words.essentialItem(name(circle.categories[k].name), minutes: Format.fixed(r.minutes, 0), speed: GeoJSONWriter.plainNumber(r.speed))
        }
        return parts.isEmpty ? words[.none] : parts.joined(separator: words.listSeparator)
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
        let s = words.circleHeadline(complete: Format.integer(d.complete), population: Format.integer(d.population),
                                     complete60: Format.integer(d.complete60plus), population60: Format.integer(d.population60plus),
                                     essential: essentialText(name))
        return (all, elder, s)
    }

    // MARK: Markdown

    func markdown() -> String {
        let t = ReportMarkdown.text
        let h = headline(t), w = words
        var out = "## \(w[.lifeCircleHeading])\n\n"
        out += w.circleHeadlineMarkdown(all: h.all, elder: h.elder) + " \(h.sentence)\n\n"
        out += "### \(w[.streetsByCategory])\n\n\(w[.streetsByCategoryNote])\n\n"
        let cats = report.analysis.categories
        let rows = rankedStreets.map { r -> [String] in
            let s = r.street ?? 0
            return [String(r.rank ?? 0), t(streetName(s)), Format.integer(r.incomplete)]
                + coverageShares(s).map(ReportMarkdown.share) + [ReportMarkdown.share(r.completeShare)]
        }
        let d = circle.completeness.district
        let districtRow = ["", "**\(w[.district])**", "**\(Format.integer(d.incomplete))**"]
            + (districtCoverageShares + [d.completeShare]).map { "**" + ReportMarkdown.share($0) + "**" }
        let header = [w[.rank], w[.street], w[.notComplete]] + cats.map { t($0.category.name) } + [w[.complete]]
        out += ReportMarkdown.table(header, rows + [districtRow], right: Set(0..<header.count).subtracting([1])) + "\n"
        out += "### \(w[.bindingCategory])\n\n" + bindingNote + "\n\n"
        let bRows = rankedStreets.map { r -> [String] in [
            String(r.rank ?? 0), t(streetName(r.street)), Format.integer(r.incomplete),
            essentialName(r.binding).map(t) ?? "–", r.binding.map { Format.integer(r.gain[$0]) } ?? "0",
            essentialName(r.binding60plus).map(t) ?? "–", r.binding60plus.map { Format.integer(r.gain60plus[$0]) } ?? "0",
        ] }
        out += ReportMarkdown.table(bindingHeader, bRows, right: [0, 2, 4, 6]) + "\n"
        if let g = completeLorenz {
            out += w.giniComplete(Format.fixed(g.gini, 3))
        }
        out += coverageGiniText(t) + " \(w[.chartsInHTML])\n\n"
        return out
    }

    var bindingNote: String { words[.bindingNote] }

    var bindingHeader: [String] {
        [words[.rank], words[.street], words[.notComplete], words[.binding], words[.wouldComplete], words[.binding60plus], words[.wouldComplete60plus]]
    }

    /// The Gini of each category's coverage across streets, from the equity result.
    func coverageGiniText(_ name: (String) -> String) -> String {
        guard let eq = report.equity else { return "" }
        let parts = eq.categories.compactMap { c -> String? in
            guard let g = c.coverage?.streets?.gini else { return nil }
            return "\(name(c.category.name)) \(Format.fixed(g, 3))"
        }
        return parts.isEmpty ? "" : words.coverageGini(parts)
    }

    // MARK: HTML

    /// The heat class of a share.
    static func heatClass(_ d: Double) -> (upTo: Double, fill: String, ink: String, label: String) {
        heatClasses.first { d < $0.upTo } ?? heatClasses[heatClasses.count - 1]
    }

    static func heatCell(_ d: Double?) -> String {
        guard let d else { return "<td class=\"heat\" style=\"background:\(noShareFill)\">–</td>" }
        let c = heatClass(d)
        return "<td class=\"heat\" style=\"background:\(c.fill);color:\(c.ink)\">\(Format.percent(d))</td>"
    }

    func html() -> String {
        let e = HTML.escape
        let h = headline(e), w = words
        var out = "<section id=\"\(Self.anchor)\">\n<h2>\(w[.lifeCircleHeading])</h2>\n<div class=\"headline\">"
        out += "<div><span class=\"big\">\(h.all)</span>\(w[.ofResidentsComplete])</div>"
        out += "<div><span class=\"big\">\(h.elder)</span>\(w[.ofResidents60plus])</div></div>\n"
        out += "<p>\(h.sentence)</p>\n"
        out += "<h3>\(w[.streetsByCategory])</h3>\n<p class=\"note\">\(w[.streetsByCategoryNote])</p>\n"
        let cats = report.analysis.categories
        out += "<div class=\"heatwrap\"><table class=\"heatmap\"><thead><tr><th class=\"n\">\(w[.rank])</th><th>\(w[.street])</th><th class=\"n\">\(w[.notComplete])</th>"
        out += cats.map { "<th class=\"n\">\(e($0.category.name))</th>" }.joined() + "<th class=\"n\">\(w[.complete])</th></tr></thead><tbody>\n"
        for r in rankedStreets {
            let s = r.street ?? 0
            out += "<tr><td class=\"n\">\(r.rank ?? 0)</td><td>\(e(streetName(s)))</td><td class=\"n\">\(Format.integer(r.incomplete))</td>"
            out += coverageShares(s).map(Self.heatCell).joined() + Self.heatCell(r.completeShare) + "</tr>\n"
        }
        let d = circle.completeness.district
        out += "</tbody><tfoot><tr class=\"district\"><td class=\"n\"></td><th>\(words[.district])</th><td class=\"n\">\(Format.integer(d.incomplete))</td>"
        out += districtCoverageShares.map(Self.heatCell).joined() + Self.heatCell(d.completeShare) + "</tr></tfoot>"
        out += "</table></div>\n<ul class=\"legend\">"
        for c in Self.heatClasses { out += "<li><span class=\"sw\" style=\"background:\(c.fill)\"></span>\(e(c.label))</li>" }
        out += "<li><span class=\"sw\" style=\"background:\(Self.noShareFill)\"></span>\(w[.noDemand])</li></ul>\n"
        out += "<h3>\(w[.bindingCategory])</h3>\n<p class=\"note\">" + ReportMarkdownHTML.inline(bindingNote) + "</p>\n"
        out += ReportHTML.table(bindingHeader, rankedStreets.map { r in [
                                    String(r.rank ?? 0), e(streetName(r.street)), Format.integer(r.incomplete),
                                    essentialName(r.binding).map(e) ?? "–", r.binding.map { Format.integer(r.gain[$0]) } ?? "0",
                                    essentialName(r.binding60plus).map(e) ?? "–", r.binding60plus.map { Format.integer(r.gain60plus[$0]) } ?? "0",
                                ] }, numeric: [0, 2, 4, 6])
        out += "<div class=\"charts\">\n"
        if let curve = completeLorenz {
            out += "<figure>\n" + Self.lorenzChart(curve, words: w).svg(title: w.lorenzTitle) + "\n"
            out += "<figcaption>" + w.lorenzCaption(gini: Format.fixed(curve.gini, 3)) + coverageGiniText(e) + "</figcaption>\n</figure>\n"
        }
        out += "<figure>\n" + minutesChart().svg(title: w.minutesTitle) + "\n"
        out += "<figcaption>" + w.minutesCaption + "<ul class=\"legend\">"
        for (k, c) in circle.categories.enumerated() where k < circle.sensitivity.count {
            let s = circle.sensitivity[k]
            out += "<li><span class=\"sw\" style=\"background:\(Self.color(k))\"></span>"
            out += w.essentialItem(e(c.name), minutes: Format.fixed(s.thresholdMinutes, 0), speed: GeoJSONWriter.plainNumber(s.speed)) + "</li>"
        }
        out += "</ul></figcaption>\n</figure>\n</div>\n</section>\n"
        return out
    }

    /// The Lorenz chart: the equality diagonal (dashed) and the curve (class `lorenz`), both axes 0–1.
    static func lorenzChart(_ curve: LorenzCurve, words w: ReportWords = ReportWords(.english)) -> SVGChart {
        var chart = SVGChart(width: 400, height: 340, xRange: 0...1, yRange: 0...1)
        let ticks = [0, 0.25, 0.5, 0.75, 1.0]
        chart.addAxes(xTicks: ticks, xLabel: { Format.fixed($0 * 100, 0) + "%" }, xTitle: w[.shareOfResidentsLowestFirst],
                      yTicks: ticks, yLabel: { Format.fixed($0 * 100, 0) + "%" }, yTitle: w[.shareOfCompleteResidents])
        chart.addLine(xs: [0, 1], ys: [0, 1], color: "#888", width: 1, dash: "5 4", cssClass: "equality", title: w[.equality])
        chart.addLine(xs: curve.weightShares, ys: curve.valueShares, color: "#08519c", width: 2.5, cssClass: "lorenz",
                      title: "Gini \(Format.fixed(curve.gini, 3))")
        return chart
    }

    /// The minutes chart: per category its coverage over the band's minutes and its threshold line.
    func minutesChart() -> SVGChart {
        var chart = SVGChart(width: 460, height: 340, xRange: 0...30, yRange: 0...1)
        chart.addAxes(xTicks: [0, 5, 10, 15, 20, 25, 30], xLabel: { Format.fixed($0, 0) }, xTitle: words[.walkMinutes],
                      yTicks: [0, 0.25, 0.5, 0.75, 1], yLabel: { Format.fixed($0 * 100, 0) + "%" }, yTitle: words[.coveredShareOfDemand])
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

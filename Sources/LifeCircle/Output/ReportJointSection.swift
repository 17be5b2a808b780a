/// The report's "placed together" section, in Markdown and HTML: this year's essential targets
/// placed together (``JointStudy``, the answer of `propose --joint`) beside each category placed on
/// its own: the complete share of all residents and of residents 60+ before, independent and joint,
/// the gain in residents, each category's sites and coverage, a street table (largest gain first),
/// the joint sites and (HTML only) a map of the streets by joint complete share with the
/// independent proposals and the joint sites.
///
/// Absent (nil) when the report has no joint answer. User text is escaped as in the rest of the report.
struct ReportJointSection {
    let report: StudyReport
    let joint: JointStudy

    /// The section of `report`, or nil when it was made without a joint answer.
    init?(report: StudyReport) {
        guard let joint = report.joint else { return nil }
        self.report = report
        self.joint = joint
    }

    static let anchor = "placed-together"

    /// The note of a report that left placing together out for the plan's size (Markdown or HTML,
    /// by `code`), or nil.
    static func skippedNote(_ report: StudyReport, code: (String) -> String) -> String? {
        guard report.joint == nil, let skipped = report.jointSkipped else { return nil }
        return ReportWords(report.study.plan.language).jointSkipped(points: Format.integer(Double(skipped.points)),
            limit: Format.integer(Double(skipped.limit)), command: code("report --joint"))
    }
    static let jointColor = "#e6550d"
    static let independentColor = ReportMaps.proposalColor

    var words: ReportWords { ReportWords(report.study.plan.language) }

    // MARK: Figures

    /// Residents aged 60+ in a complete life circle: total, before, independent and joint.
    var elder: (total: Double, before: Double, independent: Double, joint: Double) {
        let p = joint.problem
        let residents = report.study.residents
        func sum(_ chosen: [[Int]]) -> Double {
            let flags = p.completeFlags(chosen: chosen)
            var s = 0.0
            for i in flags.indices where flags[i] && i < residents.count { s += residents[i].age60plus }
            return s
        }
        let total = residents.reduce(0) { $0 + $1.age60plus }
        return (total, sum(joint.categories.map { _ in [] }), sum(joint.categories.map(\.independentSites)), sum(joint.solution.chosen))
    }

    /// The streets, the largest gain (joint − independent complete residents) first, ties in street
    /// order; the residents outside every street last.
    var streetRows: [JointStudy.StreetRow] {
        let inside = joint.streets.filter { $0.street != nil }.enumerated().sorted { a, b in
            let ga = a.element.joint - a.element.independent, gb = b.element.joint - b.element.independent
            return ga != gb ? ga > gb : a.offset < b.offset
        }.map(\.element)
        return inside + joint.streets.filter { $0.street == nil }
    }

    func streetName(_ s: Int?) -> String {
        guard let s, s >= 0, s < report.study.streets.count else { return words[.outsideStreets] }
        return report.study.streets[s].name
    }

    func categoryName(_ id: String) -> String {
        report.study.plan.categories.first { $0.id == id }?.name ?? id
    }

    static func part(_ d: Double, of total: Double) -> String { total > 0 ? Format.percent(d / total) : "–" }

    /// A share with its population: "66.6% (704,544)".
    static func figure(_ d: Double, of total: Double) -> String { part(d, of: total) + " (" + Format.integer(d) + ")" }

    /// The figures table: all residents and residents 60+, before, independent, joint.
    func figureRows(bold: (String) -> String) -> [[String]] {
        let w = words, e = elder, j = joint
        return [
            [w.counted(w[.allResidents], Format.integer(j.totalPopulation)), Self.figure(j.beforePopulation, of: j.totalPopulation),
             Self.figure(j.independentPopulation, of: j.totalPopulation), bold(Self.figure(j.jointPopulation, of: j.totalPopulation))],
            [w.counted(w[.residents60plus], Format.integer(e.total)), Self.figure(e.before, of: e.total),
             Self.figure(e.independent, of: e.total), bold(Self.figure(e.joint, of: e.total))],
        ]
    }

    var figureHeader: [String] { ["", words[.jointBefore], words[.jointIndependent], words[.jointJoint]] }

    /// The intro, the gain sentence and the optimality sentence; `code` marks the command as code.
    func sentences(_ name: (String) -> String, code: (String) -> String) -> (intro: String, gain: String, optimality: String) {
        let w = words, j = joint, e = elder
        let essential = j.categories.map { name($0.category.name) }.joined(separator: w.listSeparator)
        let gain = w.jointGainSentence(gain: Format.integer(j.jointPopulation - j.independentPopulation),
                                       gain60: Format.integer(e.joint - e.independent),
                                       independent: Format.percent(j.independent), joint: Format.percent(j.joint),
                                       zero: Format.integer(j.jointPopulation - j.independentPopulation) == "0")
        let proven = j.solution.optimality == .provenOptimal
        return (w.jointIntro(essential: essential, command: code("lifecircle propose --joint")), gain, w.jointOptimality(proven: proven, bound: Format.percent(j.upperBound)))
    }

    var categoryHeader: [String] {
        let w = words
        return [w[.category], w[.jointSites], w[.jointSitesAlso], w[.jointCoverageBefore],
                w[.jointIndependent], w[.jointJoint]]
    }

    func categoryRows(_ name: (String) -> String) -> [[String]] {
        joint.categories.map { c in
            let same = Set(c.jointSites).intersection(c.independentSites).count
            return [name(c.category.name), "\(c.jointSites.count) / \(c.maxSites)", String(same),
                    Format.percent(c.coverage.before), Format.percent(c.coverage.independent), Format.percent(c.coverage.joint)]
        }
    }

    var streetHeader: [String] {
        let w = words
        return [w[.street], w[.residentsColumn], w[.jointBefore], w[.jointIndependent], w[.jointJoint], w[.jointGain]]
    }

    func streetRowCells(_ r: JointStudy.StreetRow, _ name: (String) -> String) -> [String] {
        [name(streetName(r.street)), Format.integer(r.population), Self.part(r.before, of: r.population),
         Self.part(r.independent, of: r.population), Self.part(r.joint, of: r.population), Format.integer(r.joint - r.independent)]
    }

    var districtCells: [String] {
        let j = joint
        return [words[.district], Format.integer(j.totalPopulation), Format.percent(j.before), Format.percent(j.independent),
                Format.percent(j.joint), Format.integer(j.jointPopulation - j.independentPopulation)]
    }

    var siteHeader: [String] {
        let w = words
        return [w[.jointOrder], w[.site], w[.category], w[.street], w[.jointAlsoIndependent], w[.jointNewlyComplete], w[.streets]]
    }

    func siteRows(_ name: (String) -> String) -> [[String]] {
        let w = words
        return joint.sites.map { e in [
            String(e.order), name(e.candidate.name.map { "\($0) (\(e.candidate.id))" } ?? e.candidate.id), name(categoryName(e.category)),
            name(streetName(e.street)), e.alsoIndependent ? w[.yes] : w[.no], Format.integer(e.newlyComplete),
            e.byStreet.map { "\(name(streetName($0.street))): \(Format.integer($0.population))" }.joined(separator: "; "),
        ] }
    }

    // MARK: Markdown

    func markdown() -> String {
        let t = ReportMarkdown.text, w = words
        let s = sentences(t) { "`\($0)`" }
        var out = "## \(w[.jointHeading])\n\n" + s.intro + "\n\n"
        out += ReportMarkdown.table(figureHeader, figureRows { "**\($0)**" }, right: [1, 2, 3]) + "\n"
        out += s.gain + w.sentenceGap + s.optimality + "\n\n"
        out += "### \(w[.jointEachCategory])\n\n"
        out += ReportMarkdown.table(categoryHeader, categoryRows(t), right: [1, 2, 3, 4, 5]) + "\n" + w[.jointCoverageNote] + "\n\n"
        out += "### \(w[.jointStreetsHeading])\n\n" + w[.jointStreetsNote] + "\n\n"
        out += ReportMarkdown.table(streetHeader, streetRows.map { streetRowCells($0, t) } + [districtCells.map { "**\($0)**" }],
                                    right: [1, 2, 3, 4, 5]) + "\n"
        out += "### \(w[.jointSitesHeading])\n\n" + w[.jointSitesNote] + w.sentenceGap + w[.mapInHTML] + "\n\n"
        out += ReportMarkdown.table(siteHeader, siteRows(t), right: [0, 5]) + "\n"
        return out
    }

    // MARK: HTML

    func html() -> String {
        let e = HTML.escape, w = words
        let s = sentences(e) { "<code>\($0)</code>" }
        var out = "<section id=\"\(Self.anchor)\">\n<h2>\(w[.jointHeading])</h2>\n"
        out += "<p>" + s.intro + "</p>\n"
        out += "<div class=\"headline\"><div><span class=\"big\">\(Format.percent(joint.joint))</span>\(w[.ofResidentsComplete])</div></div>\n"
        out += ReportHTML.table(figureHeader, figureRows { "<strong>\($0)</strong>" }, numeric: [1, 2, 3])
        out += "<p>" + s.gain + w.sentenceGap + s.optimality + "</p>\n"
        out += "<h3>\(w[.jointEachCategory])</h3>\n"
        out += ReportHTML.table(categoryHeader, categoryRows(e), numeric: [1, 2, 3, 4, 5])
        out += "<p class=\"note\">\(w[.jointCoverageNote])</p>\n"
        let map = self.map()
        out += "<div class=\"cat\">\n<figure class=\"mapfig\" data-rows=\"\(Self.anchor)-s\" style=\"width:\(Format.fixed(max(map.width, 300), 0))px\">\n"
        if map.width > 0 {
            out += ReportScript.controls(w, layers: [("streets", w[.mapStreets]), ("existing", w[.legendIndependentSite]),
                                                     ("proposals", w[.legendJointSite]), ("labels", w[.mapLabels])])
        }
        out += map.svg + "<figcaption>" + legend() + "</figcaption>\n</figure>\n"
        out += "<div class=\"tables\">\n<h3>\(w[.jointStreetsHeading])</h3>\n<p class=\"note\">\(w[.jointStreetsNote])</p>\n"
        let rows = streetRows
        out += ReportHTML.table(streetHeader, rows.map { streetRowCells($0, e) } + [districtCells.map { "<strong>\($0)</strong>" }],
                                numeric: [1, 2, 3, 4, 5], rowIDs: rows.map { "\(Self.anchor)-s\($0.street.map(String.init) ?? "out")" })
        out += "</div>\n</div>\n"
        out += "<h3>\(w[.jointSitesHeading])</h3>\n<p class=\"note\">\(w[.jointSitesNote])</p>\n"
        out += ReportHTML.table(siteHeader, siteRows(e), numeric: [0, 5])
        out += "<p class=\"note links\">" + [LayerSchema.proposalsJoint.name, LayerSchema.jointStreets.name]
            .flatMap { [$0 + ".csv", $0 + ".geojson"] }.map(ReportHTML.link).joined(separator: " · ") + "</p>\n"
        return out + "</section>\n"
    }

    /// The map: streets by joint complete share, the independent proposals of the essential
    /// categories (small open discs) and the joint sites (numbered by order).
    func map() -> (svg: String, width: Double) {
        let study = report.study, w = words
        guard var map = ReportMaps.districtMap(study) else { return ("<p class=\"note\">\(w[.noStreetsToMap])</p>\n", 0) }
        var shares = [Double?](repeating: nil, count: study.streets.count)
        for r in joint.streets { if let s = r.street, s < shares.count, r.population > 0 { shares[s] = r.joint / r.population } }
        map.beginGroup("l-streets")
        for (i, street) in study.streets.enumerated() {
            map.add(street.geometry, style: SVGMap.Style(fill: shares[i].map { ReportCircleSection.heatClass($0).fill } ?? ReportCircleSection.noShareFill, stroke: "#777", strokeWidth: 0.8),
                    title: street.name + ": " + (shares[i].map(Format.percent) ?? w[.noDemand]), street: i)
        }
        map.endGroup()
        // The independent proposals in the `existing` group (its toggle, and markers that keep their size when zoomed).
        map.beginGroup("l-existing")
        for c in joint.categories {
            for j in c.independentSites {
                let site = c.candidates[j]
                map.addPoint(site.position, style: SVGMap.Style(fill: "#fff", stroke: Self.independentColor, strokeWidth: 1.6, radius: 3.5),
                             title: w.independentSiteTitle(name: site.name ?? site.id, category: c.category.name))
            }
        }
        map.endGroup()
        ReportMaps.addStreetLabels(&map, report)
        map.beginGroup("l-proposals")
        map.addPlacedMarkers(joint.sites.map { e in
            SVGMap.Marker(position: e.candidate.position, label: String(e.order),
                          title: w.jointSiteTitle(order: e.order, name: e.candidate.name ?? e.candidate.id, category: categoryName(e.category)))
        }, color: Self.jointColor)
        map.endGroup()
        map.addScaleBar()
        map.addNorthArrow()
        return (map.svg(title: w.jointMapTitle) + "\n", map.width)
    }

    /// The legend under the map, as HTML.
    func legend() -> String {
        let w = words
        var out = "<ul class=\"legend\">"
        for c in ReportCircleSection.heatClasses { out += "<li><span class=\"sw\" style=\"background:\(c.fill)\"></span>\(HTML.escape(c.label))</li>" }
        out += "<li><span class=\"sw\" style=\"background:\(ReportCircleSection.noShareFill)\"></span>\(w[.noDemand])</li></ul>"
        out += "<ul class=\"legend\"><li>\(w[.legendJointShare])</li>"
        out += "<li><span class=\"dot\" style=\"background:#fff;box-shadow:0 0 0 2px \(Self.independentColor)\"></span>\(w[.legendIndependentSite])</li>"
        out += "<li><span class=\"dot\" style=\"background:\(Self.jointColor)\"></span>\(w[.legendJointSite])</li></ul>"
        return out
    }
}

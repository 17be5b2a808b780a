/// The report's maps: per category, streets shaded by their uncovered share, the service area's
/// lines, uncovered resident points, facilities (existing and planned) and proposed sites by rank.
enum ReportMaps {
    /// Uncovered-share classes: upper bounds and fill colours (ColorBrewer OrRd).
    static let classes: [(upTo: Double, color: String, label: String)] = [
        (0.05, "#fef0d9", "< 5%"), (0.15, "#fdcc8a", "5–15%"), (0.30, "#fc8d59", "15–30%"),
        (0.50, "#e34a33", "30–50%"), (1.01, "#b30000", "≥ 50%"),
    ]
    static let noDemand = "#eeeeee"
    static let serviceColor = "#2b7bba"
    static let uncoveredColor = "#2d004b"
    static let existingColor = "#08519c"
    static let plannedColor = "#1a9641"
    static let proposalColor = "#7b3294"

    static func fill(_ uncoveredShare: Double?) -> String {
        guard let u = uncoveredShare else { return noDemand }
        return classes.first { u < $0.upTo }?.color ?? classes[classes.count - 1].color
    }

    /// A map of the district's streets (of the residents when there are no streets), nil when there
    /// is nothing to map.
    static func districtMap(_ study: StudyData) -> SVGMap? {
        let boxes = study.streets.compactMap { $0.geometry.boundingBox }
        guard let box = boxes.dropFirst().reduce(boxes.first, { $0?.union($1) }) ?? BoundingBox(positions: study.residents.map(\.position)) else {
            return nil
        }
        return SVGMap(bounds: box, maxWidth: 440, maxHeight: 660)
    }

    /// The street labels (short names) as the group `l-labels`.
    static func addStreetLabels(_ map: inout SVGMap, _ r: StudyReport) {
        map.beginGroup("l-labels")
        for (i, p) in r.streetLabelPoints.enumerated() {
            guard let p, i < r.study.streets.count else { continue }
            map.addLabel(shortName(r.study.streets[i].name), at: p, size: 9, color: "#222")
        }
        map.endGroup()
    }

    /// The map of one category as an inline SVG element.
    static func categoryMap(_ r: StudyReport, _ f: ReportFacts, words w: ReportWords) -> (svg: String, width: Double) {
        let study = r.study
        guard var map = districtMap(study) else { return ("<p class=\"note\">\(w[.noStreetsToMap])</p>\n", 0) }
        var uncoveredShare = [Double?](repeating: nil, count: study.streets.count)
        for s in f.streets where s.demand > 0 { uncoveredShare[s.street] = s.uncovered / s.demand }
        map.beginGroup("l-streets")
        for (i, street) in study.streets.enumerated() {
            let u = uncoveredShare[i]
            map.add(street.geometry, style: SVGMap.Style(fill: fill(u), stroke: "#777", strokeWidth: 0.8),
                    title: w.streetTitle(street.name, uncovered: u.map(Format.percent)), street: i)
        }
        map.endGroup()
        map.beginGroup("l-reach")
        if let area = r.serviceArea(f.category.id) {
            map.addLines(area.pieces.map(\.line), style: SVGMap.Style(stroke: serviceColor, strokeWidth: 0.6, opacity: 0.6))
        }
        map.endGroup()
        map.beginGroup("l-uncovered")
        if let c = r.analysis.category(f.category.id), let res = c.result(.existing, .network) {
            var dots: [Position] = []
            for i in res.status.indices where res.status[i] != .covered && c.request.demand[i] > 0 {
                dots.append(study.residents[i].position)
            }
            map.addDots(dots, size: 2.2, color: uncoveredColor, opacity: 0.8)
        }
        map.endGroup()
        let facilities = study.facilities[f.category.id] ?? []
        for planned in [false, true] {  // existing, then planned on top
            map.beginGroup(planned ? "l-planned" : "l-existing")
            for fac in facilities where (fac.status == .planned) == planned {
                map.addPoint(fac.position, style: SVGMap.Style(fill: planned ? plannedColor : existingColor, stroke: "#fff",
                                                               strokeWidth: 0.8, radius: planned ? 4 : 3),
                             title: w.facilityTitle(name: fac.name, id: fac.id, planned: planned))
            }
            map.endGroup()
        }
        addStreetLabels(&map, r)
        map.beginGroup("l-proposals")
        let proposals = (r.proposals?[f.category.id] ?? []).sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
        map.addPlacedMarkers(proposals.map { p in
            SVGMap.Marker(position: p.position, label: String(p.rank), title: w.proposalTitle(rank: p.rank, name: p.name ?? p.id))
        }, color: proposalColor)
        map.endGroup()
        map.addScaleBar()
        map.addNorthArrow()
        return (map.svg(title: w.mapTitle(f.category.name)) + "\n", map.width)
    }

    /// A street's name without its suffix (街道, 镇 are kept for towns) to keep labels short.
    static func shortName(_ name: String) -> String {
        let first = name.split(separator: " ").first.map(String.init) ?? name
        return first.hasSuffix("街道") ? String(first.dropLast(2)) : first
    }

    /// The legend under a map, as HTML.
    static func legend(proposals: Bool, words w: ReportWords) -> String {
        var out = "<ul class=\"legend\">"
        for c in classes { out += "<li><span class=\"sw\" style=\"background:\(c.color)\"></span>\(HTML.escape(c.label))</li>" }
        out += "<li><span class=\"sw\" style=\"background:\(noDemand)\"></span>\(w[.noDemand])</li></ul>"
        out += "<ul class=\"legend\"><li>\(w[.legendByShare])</li>"
        out += "<li><span class=\"sw\" style=\"background:none;border:none;border-top:2px solid \(serviceColor);height:0\"></span>\(w[.legendReached])</li>"
        out += "<li><span class=\"sw\" style=\"background:\(uncoveredColor);width:5px;height:5px;border:none\"></span>\(w[.legendUncovered])</li>"
        out += "<li><span class=\"dot\" style=\"background:\(existingColor)\"></span>\(w[.legendExisting])</li>"
        out += "<li><span class=\"dot\" style=\"background:\(plannedColor)\"></span>\(w[.legendPlanned])</li>"
        if proposals { out += "<li><span class=\"dot\" style=\"background:\(proposalColor)\"></span>\(w[.legendProposed])</li>" }
        return out + "</ul>"
    }
}

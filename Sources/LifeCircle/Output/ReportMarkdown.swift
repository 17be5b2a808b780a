/// The planner's report as Markdown (`report.md`): the same sections as the HTML, without maps and charts.
///
/// Every piece of user text (the title, category names and notes, street names, facility and site
/// names and ids, file paths, warnings) goes through ``text(_:)``, so a name cannot break a table,
/// start a new block or pass HTML through. The plan's README is the one exception: it is Markdown
/// its author wrote for the report, and is copied as it is.
package struct ReportMarkdown {
    package let report: StudyReport

    package init(report: StudyReport) { self.report = report }

    /// The report's words in the plan's language.
    var words: ReportWords { ReportWords(report.study.plan.language) }

    static func share(_ d: Double?) -> String { d.map(Format.percent) ?? "–" }
    /// A table cell: on one line. User text in it was escaped by ``text(_:)`` already (which
    /// escapes `|`), so the cell escapes nothing more.
    static func cell(_ s: String) -> String { oneLine(s) }

    /// `s` with every line break (`\r\n` included), tab or other control character as one space.
    static func oneLine(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isBreak) else { return s }
        return String(s.map { ch in ch.unicodeScalars.contains(where: isBreak) ? " " : ch })
    }

    private static func isBreak(_ u: Unicode.Scalar) -> Bool {
        u.properties.generalCategory == .control || u == "\u{2028}" || u == "\u{2029}" || u == "\u{85}"
    }

    /// User text made inert in Markdown prose and table cells: on one line; `&`, `<`, `>` as HTML
    /// entities (no raw HTML passes); `\\`, `|`, `` ` ``, `*`, `_`, `~`, `[`, `]` backslash-escaped
    /// (no table column, code span, emphasis or link can start inside it).
    /// - Complexity: O(n) in the length of `s`.
    package static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in oneLine(s).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "|", "`", "*", "_", "~", "[", "]":
                out += "\\"
                out.unicodeScalars.append(u)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func table(_ header: [String], _ rows: [[String]], right: Set<Int> = []) -> String {
        var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + header.indices.map { right.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|\n"
        for r in rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    package func render() -> String {
        let plan = report.study.plan
        let w = words
        var out = "# \(Self.text(plan.title))\n\n"
        out += w.leadMarkdown(plan: "`\(plan.name)`", streets: String(report.study.streets.count),
                              people: Format.integer(report.study.residents.reduce(0) { $0 + $1.population }),
                              points: String(report.study.residents.count), goal: Format.percent(plan.coverageGoal)) + "\n\n"
        if let circle = ReportCircleSection(report: report) { out += circle.markdown() }
        out += "## \(w[.districtSummary])\n\n" + summary() + "\n"
        for f in report.facts { out += category(f) }
        out += targets()
        if let joint = ReportJointSection(report: report) { out += joint.markdown() }
        if let note = ReportJointSection.skippedNote(report, code: { "`\($0)`" }) { out += "## \(w[.jointHeading])\n\n" + note + "\n\n" }
        out += "## \(w[.methodAndThresholds])\n\n" + words.method(report).map { "- " + $0 }.joined(separator: "\n") + "\n\n"
        out += provenance()
        return out
    }

    func summary() -> String {
        let w = words
        let rows = report.facts.map { f in [
            "\(Self.text(f.category.name)) (`\(f.category.id)`)", w.demand(f), w.minutes(Format.fixed(f.category.walkMinutes, 0)),
            "\(f.existingFacilities) + \(f.plannedFacilities)", Self.share(f.existing.share), Self.share(f.withPlanned.share),
            Self.share(f.radius.share), Format.integer(f.existing.uncovered), Format.integer(f.uncoveredResidents),
            Format.integer(f.uncovered60plus), f.meetsGoal ? w[.met] : w[.below],
        ] }
        return Self.table([w[.category], w[.demand], w[.walk], w[.facilitiesExistingPlanned], w[.coverage], w[.withPlanned], w[.radius],
                           w[.uncoveredDemand], w[.uncoveredResidents], w[.uncovered60plus], w.goalColumn(Format.percent(report.study.plan.coverageGoal))],
                          rows, right: [3, 4, 5, 6, 7, 8, 9])
    }

    func category(_ f: ReportFacts) -> String {
        let w = words
        var out = "## \(Self.text(f.category.name)) (`\(f.category.id)`)\n\n"
        out += w.categoryFigures(minutes: Format.fixed(f.category.walkMinutes, 0), speed: GeoJSONWriter.plainNumber(f.speed),
                                 meters: Format.integer(f.thresholdMeters), demand: w.demand(f))
        out += w.categoryMarkdown(covered: Self.share(f.existing.share), covered: Format.integer(f.existing.covered),
                                  demand: Format.integer(f.existing.demand), planned: f.plannedFacilities, withPlanned: Self.share(f.withPlanned.share),
                                  radius: Self.share(f.radius.share), residents: Format.integer(f.uncoveredResidents),
                                  elder: Format.integer(f.uncovered60plus)) + "\n\n"
        if !f.offNetworkFacilities.isEmpty {
            out += w.offNetwork(f.offNetworkFacilities.map(Self.text).joined(separator: ", ")) + "\n\n"
        }
        let rows = f.streets.map { s in [
            String(s.rank), Self.text(s.name), Format.integer(s.demand), Format.integer(s.covered), Format.integer(s.uncovered),
            Self.share(s.share), Self.share(s.sharePlanned), Self.share(s.shareRadius), Format.integer(s.uncovered60plus),
        ] }
        out += Self.table([w[.rank], w[.street], w[.demand], w[.covered], w[.uncovered], w[.coverage], w[.withPlanned], w[.radius], w[.uncovered60plus]],
                          rows, right: [0, 2, 3, 4, 5, 6, 7, 8])
        if f.outsidePoints > 0 { out += "\n" + w.outsidePoints(f.outsidePoints) + "\n" }
        return out + "\n"
    }

    func targets() -> String {
        let w = words
        var out = "## \(w.targetsHeading("2024"))\n\n"
        for f in report.facts {
            out += "### \(Self.text(f.category.name))\n\n"
            out += w.targetMarkdown(w.target(f))
            if let note = f.category.note { out += " \(Self.text(note))" }
            out += w.plannedThisYear(f.plannedFacilities, share: Self.share(f.withPlanned.share))
            let aim = f.targetShare == f.goal ? w.aimGoal(Format.percent(f.goal)) : w.aimTarget(Format.percent(f.targetShare))
            out += (f.demandToGoal > 0 ? w.shortMarkdown(Format.integer(f.demandToGoal), of: aim) : w.reachesMarkdown(aim)) + "\n\n"
            guard let all = report.proposals else {
                out += w[.proposedNotComputed] + "\n\n"
                continue
            }
            let rows = (all[f.category.id] ?? []).sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
            if let summary = report.proposalSummaries[f.category.id] {
                out += Self.text(report.relativeText(summary)) + "\n\n"
                if rows.isEmpty { continue }
            }
            if rows.isEmpty { out += w[.proposedNone] + "\n\n"; continue }
            out += Self.table([w[.rank], w[.site], w[.newlyCovered], w[.ofThem60plus], w[.streets], w[.nearestFacility]], rows.map { p in [
                String(p.rank), Self.text(p.name.map { "\($0) (\(p.id))" } ?? p.id), Format.integer(p.newlyCoveredDemand), Format.integer(p.newlyCovered60plus),
                p.byStreet.map { "\(Self.text($0.street)):\(Format.fixed($0.demand, 0))" }.joined(separator: "; "),
                Self.text(p.nearestFacilityID.map { id in p.nearestFacilityMeters.map { "\(id), \(Format.integer($0)) m" } ?? id } ?? "–"),
            ] }, right: [0, 2, 3]) + "\n"
        }
        return out
    }

    func provenance() -> String {
        let w = words
        var out = "## \(w[.data])\n\n"
        out += Self.table([w[.layer], w[.file], w[.crs], w[.features]], ReportText.inputs(report).map { $0.map(Self.text) }, right: [3]) + "\n"
        let warnings = ReportText.warnings(report)
        if !warnings.isEmpty { out += w[.warningsWhileLoading] + "\n\n" + warnings.map { "- " + Self.text($0) }.joined(separator: "\n") + "\n\n" }
        if let readme = report.planReadme() {
            out += "### \(w[.fromReadme])\n\n"
            for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
                out += (line.hasPrefix("#") ? "###" + line : String(line)) + "\n"
            }
            out += "\n"
        }
        out += "### \(w[.filesInFolder])\n\n" + Self.table([w[.file], w[.content]], ReportText.files(report, w)) + "\n"
        out += w[.formatsNote] + "\n"
        return out
    }
}

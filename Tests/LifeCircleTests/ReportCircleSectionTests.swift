import Foundation
import Testing
@testable import LifeCircle
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The report's first section, "The whole life circle", on the tiny plan, whose answers are known
/// by hand: West (r0 100, r1 200 residents) lies within the 2-minute health walk of hs-1, East has
/// r3 (50) within it and r2 (300) outside; no canteen exists today (ec-1 is planned).
@Suite struct ReportCircleSectionTests {
    /// A report of a copy of the tiny plan, changed by `edit` (plan.json, streets.geojson).
    static func report(_ label: String, plan: (String) -> String = { $0 }, streets: (String) -> String = { $0 }) throws -> StudyReport {
        let folder = try InputFileTests.tinyCopy(label)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func edit(_ file: String, _ change: (String) -> String) throws {
            let path = folder + "/" + file
            let text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
            try AtomicFile.write(change(text), to: path)
        }
        try edit("plan.json", plan)
        try edit("streets.geojson", streets)
        let (read, _) = try PlanReader.read(path: folder)
        return try Study(data: try StudyLoader().load(read)).report()
    }

    /// Only the health station essential: complete = covered by health.
    static func healthOnly(_ s: String) -> String {
        s.replacingOccurrences(of: "\"coverageGoal\": 0.85,", with: "\"coverageGoal\": 0.85,\n  \"lifeCircle\": {\"essential\": [\"health-station\"]},")
    }

    /// The text between the first `start` and the next `end` after it.
    static func slice(_ s: String, from start: String, to end: String) throws -> Substring {
        let a = try #require(s.range(of: start))
        let b = try #require(s.range(of: end, range: a.upperBound..<s.endIndex))
        return s[a.lowerBound..<b.upperBound]
    }

    static func count(_ needle: String, in s: some StringProtocol) -> Int {
        s.components(separatedBy: needle).count - 1
    }

    @Test func sectionComesFirstWithTheHeadlineShares() throws {
        let cases: [(plan: (String) -> String, all: String, elder: String)] = [({ $0 }, "0.0%", "0.0%"), (Self.healthOnly, "53.8%", "47.4%")]
        for (plan, all, elder) in cases {
            let r = try Self.report("circle-head", plan: plan)
            let district = try #require(r.circle?.completeness.district)
            // By hand: no canteen today, so nobody is complete; health only: 350 of 650, 60+ 90 of 190.
            #expect(Format.percent(try #require(district.completeShare)) == all)
            #expect(Format.percent(try #require(district.completeShare60plus)) == elder)
            let md = ReportMarkdown(report: r).render()
            let circle = try #require(md.range(of: "## The whole life circle"))
            let summary = try #require(md.range(of: "## District summary"))
            #expect(circle.lowerBound < summary.lowerBound)
            #expect(md.range(of: "\n## ", range: md.index(after: md.startIndex)..<md.endIndex)?.lowerBound == md.index(before: circle.lowerBound))
            #expect(md.contains("**\(all)** of residents, **\(elder)** of residents aged 60+"))
            let html = ReportHTML(report: r).render()
            let section = try #require(html.range(of: "<section id=\"life-circle\">"))
            let firstSection = try #require(html.range(of: "<section"))
            #expect(section.lowerBound == firstSection.lowerBound)
            #expect(html.contains("<span class=\"big\">\(all)</span>of residents live in a complete life circle"))
            #expect(html.contains("<span class=\"big\">\(elder)</span>of residents aged 60+"))
        }
    }

    @Test func heatTableHasOneRankedRowPerStreetAndACellPerCategoryPlusComplete() throws {
        let r = try Self.report("circle-heat", plan: Self.healthOnly)
        let html = ReportHTML(report: r).render()
        let table = try Self.slice(html, from: "<table class=\"heatmap\">", to: "</table>")
        let body = try Self.slice(String(table), from: "<tbody>", to: "</tbody>")
        let rows = body.components(separatedBy: "<tr>").dropFirst()  // before the first row
        #expect(rows.count == r.study.streets.count)
        for row in rows { #expect(Self.count("class=\"heat\"", in: row) == r.study.plan.categories.count + 1) }
        // East (300 outside) ranks before West (all complete); West's complete share is 100%, East's 50 of 350.
        let east = try #require(rows.first), west = try #require(rows.last)
        #expect(east.contains("东街道 East") && east.contains(">300<") && east.contains(">14.3%<"))
        #expect(west.contains("西街道 West") && west.contains(">0<") && west.contains(">100.0%<"))
        // The colour ramp: 100% takes the top class, 14.3% the bottom one.
        let top = ReportCircleSection.heatClasses[ReportCircleSection.heatClasses.count - 1].fill
        let bottom = ReportCircleSection.heatClasses[0].fill
        #expect(west.contains("background:\(top);color:#222\">100.0%"))
        #expect(east.contains("background:\(bottom);color:#fff\">14.3%"))
        // The district row, by hand: health reaches 350 of 650 (53.8%), no canteen today, 350 complete, 300 not.
        let district = try Self.slice(String(table), from: "<tfoot>", to: "</tfoot>")
        #expect(Self.count("class=\"heat\"", in: district) == r.study.plan.categories.count + 1)
        #expect(district.contains("<th>District</th><td class=\"n\">300</td>"))
        #expect(Self.count(">53.8%<", in: district) == 2 && district.contains(">0.0%<"))

        let md = ReportMarkdown(report: r).render()
        let mdTable = try Self.slice(md, from: "| rank | street | not complete | Health | Canteen | complete |", to: "\n\n")
        let mdRows = mdTable.split(separator: "\n").dropFirst(2)
        #expect(mdRows.map { String($0) } == [
            "| 1 | 东街道 East | 300 | 14.3% | 0.0% | 14.3% |",
            "| 2 | 西街道 West | 0 | 100.0% | 0.0% | 100.0% |",
            "|  | **District** | **300** | **53.8%** | **0.0%** | **53.8%** |",
        ])
    }

    @Test func bindingCategoryAndItsGainPerStreet() throws {
        // Both essential: West has health, so the canteen alone keeps its 300 out; in East only r3 (50) has health.
        let md = ReportMarkdown(report: try Self.report("circle-bind")).render()
        #expect(md.contains("| 1 | 东街道 East | 350 | Canteen | 50 | Canteen | 10 |"))
        #expect(md.contains("| 2 | 西街道 West | 300 | Canteen | 300 | Canteen | 80 |"))
        // Health only: East's binding is health (r2, 300 residents, 100 aged 60+); West is complete, nothing binds.
        let only = ReportHTML(report: try Self.report("circle-bind1", plan: Self.healthOnly)).render()
        let table = try Self.slice(only, from: "<h3>Binding category</h3>", to: "</table>")
        #expect(table.contains("<td>东街道 East</td><td class=\"n\">300</td><td>Health</td><td class=\"n\">300</td><td>Health</td><td class=\"n\">100</td>"))
        #expect(table.contains("<td>西街道 West</td><td class=\"n\">0</td><td>–</td><td class=\"n\">0</td><td>–</td><td class=\"n\">0</td>"))
    }

    /// Every `<svg …>…</svg>` element of `html`.
    static func svgs(_ html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let a = rest.range(of: "<svg "), let b = rest.range(of: "</svg>", range: a.upperBound..<rest.endIndex) {
            out.append(String(rest[a.lowerBound..<b.upperBound]))
            rest = rest[b.upperBound...]
        }
        return out
    }

    final class ParseCheck: NSObject, XMLParserDelegate {
        var elements = 0
        var errors = 0
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) { elements += 1 }
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { errors += 1 }
    }

    /// Whether `xml` parses without any error, and how many elements it holds. (On Linux `parse()`
    /// can return true after an error it recovered from, so the error is checked too.)
    static func wellFormed(_ xml: String) -> (ok: Bool, elements: Int) {
        let parser = XMLParser(data: Data(xml.utf8))
        let check = ParseCheck()
        parser.delegate = check
        let ok = parser.parse() && parser.parserError == nil && check.errors == 0
        return (ok, check.elements)
    }

    @Test func theXMLCheckRejectsMalformedSVG() {
        #expect(!Self.wellFormed("<svg><polyline points=\"0,0\"><title>t</title></svg>").ok)
        #expect(!Self.wellFormed("<svg><text>a & b</text></svg>").ok)
        #expect(Self.wellFormed("<svg><polyline points=\"0,0\"/><text>a &amp; b</text></svg>") == (true, 3))
    }

    @Test func everySVGIsWellFormedXMLAndTheLorenzCurveRunsCornerToCorner() throws {
        let r = try Self.report("circle-svg", plan: Self.healthOnly)
        let html = ReportHTML(report: r).render()
        let svgs = Self.svgs(html)
        // Two category maps and the two charts.
        #expect(svgs.count == r.study.plan.categories.count + 2)
        for svg in svgs {
            let check = Self.wellFormed(svg)
            #expect(check.ok, "not well-formed: \(svg.prefix(160))")
            #expect(check.elements > 3)
        }
        let lorenz = try #require(svgs.first { $0.contains("class=\"lorenz\"") })
        let tag = try Self.slice(lorenz, from: "class=\"lorenz\"", to: ">")
        let points = try Self.slice(String(tag), from: "points=\"", to: "\">").dropFirst(8).dropLast(2)
        let xy = points.split(separator: " ").map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(xy.allSatisfy { $0.count == 2 })
        let curve = try #require(ReportCircleSection(report: r)?.completeLorenz)
        let chart = ReportCircleSection.lorenzChart(curve)
        func data(_ p: [Double]) -> [Double] {
            [(p[0] - chart.plotLeft) / chart.plotWidth, 1 - (p[1] - chart.plotTop) / chart.plotHeight]
        }
        let first = data(try #require(xy.first)), last = data(try #require(xy.last))
        let tolerance = 0.06 / min(chart.plotWidth, chart.plotHeight)  // one decimal of a pixel
        #expect(abs(first[0]) <= tolerance && abs(first[1]) <= tolerance)
        #expect(abs(last[0] - 1) <= tolerance && abs(last[1] - 1) <= tolerance)
        // By hand: East (350 residents, 50 complete) then West (300, all complete):
        // A = 350/650 × (50/350)/2 + 300/650 × (1 + 50/350)/2, G = 1 − 2A = 0.396.
        #expect(xy.count == 3)
        let middle = data(xy[1])
        #expect(abs(middle[0] - 350.0 / 650) <= tolerance && abs(middle[1] - 50.0 / 350) <= tolerance)
        #expect(html.contains("Gini 0.396"))
        // The minutes chart: a curve per category, a dashed line at each threshold (2 and 5 minutes).
        let minutes = try #require(svgs.first { $0.contains("class=\"minutes\"") })
        #expect(Self.count("class=\"minutes\"", in: minutes) == 2)
        #expect(minutes.contains(">2 min</text>") && minutes.contains(">5 min</text>"))
    }

    @Test func userTextInTheSectionIsEscaped() throws {
        let r = try Self.report("circle-esc",
                                plan: { $0.replacingOccurrences(of: "\"Health\"", with: #""Health <b>x</b>""#) },
                                streets: { $0.replacingOccurrences(of: "西街道 West", with: "<b>West</b>") })
        let html = ReportHTML(report: r).render()
        let md = ReportMarkdown(report: r).render()
        let section = try Self.slice(html, from: "<section id=\"life-circle\">", to: "</section>")
        let mdSection = try Self.slice(md, from: "## The whole life circle", to: "## District summary")
        for text in [String(section), String(mdSection)] {
            #expect(!text.contains("<b>") && !text.contains("</b>"))
            #expect(text.contains("&lt;b&gt;West&lt;/b&gt;"))
            #expect(text.contains("Health &lt;b&gt;x&lt;/b&gt;"))
        }
        for svg in Self.svgs(html) { #expect(Self.wellFormed(svg).ok) }
    }
}

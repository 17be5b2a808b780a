import Foundation
import Testing
@testable import LifeCircle

/// The report for a district office: the plan's `language` (English or Chinese prose, the same
/// figures), the plan README through Ink, print styles, links to the folder's files, and proposal
/// markers that never overlap.
@Suite struct ReportLanguageTests {
    /// Every number in `text` ("1,057,700", "84.8%", "15"), in order; list separators are not part
    /// of a number, so ", " and "、" give the same numbers.
    static func numbers(_ text: String) -> [String] {
        let regex = /[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?%?/
        return text.matches(of: regex).map { String($0.output) }
    }

    /// The text of an HTML page: no style sheet, no tags (attributes hold no prose).
    static func visibleText(_ html: String) -> String {
        html.replacing(/<style>[\s\S]*?<\/style>/, with: "").replacing(/<script>[\s\S]*?<\/script>/, with: "").replacing(/<[^>]*>/, with: " ")
    }

    /// A copy of the tiny plan (or of `source`) whose plan.json says `"language": language`.
    static func plan(_ label: String, language: String?, source: String? = nil) throws -> String {
        let folder = try TestSupport.temporaryFolder(label)
        let from = source ?? TestSupport.fixture("plans/tiny")
        for f in try FileManager.default.contentsOfDirectory(atPath: from) where f.hasSuffix(".json") || f.hasSuffix(".geojson") || f == "README.md" {
            try FileManager.default.copyItem(atPath: from + "/" + f, toPath: folder + "/" + f)
        }
        if let language {
            let path = folder + "/plan.json"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let brace = text.firstIndex(of: "{") else { throw CocoaError(.fileReadCorruptFile) }
            try AtomicFile.write(text.replacingCharacters(in: brace...brace, with: "{\n  \"language\": \"\(language)\","), to: path)
        }
        return folder
    }

    static func report(_ folder: String) throws -> (html: String, md: String, out: String) {
        let out = folder + "/out"
        let run = try TestSupport.run(["report", folder, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        return (try String(contentsOfFile: out + "/report.html", encoding: .utf8),
                try String(contentsOfFile: out + "/report.md", encoding: .utf8), out)
    }

    @Test func aChinesePlanGetsChineseProseWithTheEnglishReportsNumbersAndNames() throws {
        let en = try Self.plan("lang-en", language: nil), zh = try Self.plan("lang-zh", language: "zh-CN")
        defer { try? FileManager.default.removeItem(atPath: en); try? FileManager.default.removeItem(atPath: zh) }
        let e = try Self.report(en), z = try Self.report(zh)
        for phrase in ["全区概览", "各街道（未覆盖最多者在前）", "方法与阈值", "步行范围以外", "本文件夹中的文件", "完整生活圈", "建议选址"] {
            #expect(z.html.contains(phrase), "report.html lacks \(phrase)")
        }
        for phrase in ["全区概览", "方法与阈值", "步行范围以外"] { #expect(z.md.contains(phrase), "report.md lacks \(phrase)") }
        for phrase in ["District summary", "Method and thresholds", "Outside the walk"] {
            #expect(e.html.contains(phrase))
            #expect(!z.html.contains(phrase), "the Chinese report still says \(phrase)")
        }
        // Names as given: the plan's English category names stay in the Chinese report.
        #expect(z.html.contains("<h2>Health <code>health-station</code></h2>"))
        // The same figures, as many times each (the word order of a sentence may differ).
        let enNumbers = Self.numbers(Self.visibleText(e.html)), zhNumbers = Self.numbers(Self.visibleText(z.html))
        #expect(enNumbers.count > 100)
        #expect(enNumbers.sorted() == zhNumbers.sorted())
        #expect(Self.numbers(e.md).sorted() == Self.numbers(z.md).sorted())
    }

    @Test func aLanguageOtherThanEnOrZhCNIsRefusedNamingThePlanFileAndTheKey() throws {
        for bad in ["\"fr\"", "\"zh\"", "7"] {
            let folder = try Self.plan("lang-bad", language: nil)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/plan.json"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try AtomicFile.write(text.replacingOccurrences(of: "\"name\": \"tiny\",", with: "\"name\": \"tiny\", \"language\": \(bad),"), to: path)
            let run = try TestSupport.run(["report", folder, "--out", folder + "/out"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("plan.json"), "\(run.stderr)")
            #expect(run.stderr.contains("language"), "\(run.stderr)")
            #expect(run.stderr.contains("\"en\", \"zh-CN\""), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/out"), "a refused plan left output")
        }
        let ok = try PlanReader.decode(bytes: Array("""
            {"name": "p", "language": "zh-CN", "layers": {"streets": "s.geojson", "residents": "r.geojson", "network": "n.geojson"},
             "categories": [{"id": "a", "name": "A", "facilities": "f.geojson"}]}
            """.utf8), file: "plan.json", folder: ".")
        #expect(ok.plan.language == .chinese)
    }

    @Test func theReadmeMarkdownRendersThroughInk() throws {
        let text = try String(contentsOfFile: TestSupport.fixture("report/readme-constructs.md"), encoding: .utf8)
        let html = ReportMarkdownHTML.html(text, headingShift: 3)
        #expect(html.contains("<h4>Survey notes</h4>"), "\(html)")
        #expect(html.contains("<a href=\"https://example.org/data?a=1&b=2\">district portal</a>"), "\(html)")
        #expect(html.contains("<strong>field checks</strong>"))
        #expect(html.contains("<ul><li>residents as <code>points</code> with <em>population</em></li><li>streets from the office<ul><li>nested: boundaries of 2024</li></ul></li></ul>"), "\(html)")
        #expect(html.contains("<ol><li>first step</li><li>second step</li></ol>"), "\(html)")
        #expect(html.contains("<pre><code>lifecircle report GeoData/jingan --out &lt;folder&gt;\n</code></pre>"), "\(html)")
        #expect(html.contains("<table><thead><tr><th>layer</th><th align=\"right\">features</th></tr></thead>"), "\(html)")
        #expect(html.contains("<td>residents</td><td align=\"right\">21,371</td>"), "\(html)")
        #expect(!html.contains("<script"), "\(html)")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(html)")
        #expect(ReportMarkdownHTML.inline("a **b** `c`") == "a <strong>b</strong> <code>c</code>")
    }

    @Test func markersOnOnePointAreSpreadWithoutOverlapAndClearOfLabels() {
        var map = SVGMap(bounds: BoundingBox(minX: 121.40, minY: 31.20, maxX: 121.50, maxY: 31.30), maxWidth: 400, maxHeight: 400)
        let p = Position(x: 121.45, y: 31.25)
        map.addLabel("静安寺", at: p, size: 9, color: "#222")
        map.addPlacedMarkers((1...12).map { SVGMap.Marker(position: p, label: String($0), title: "#\($0)") }, color: "#7b3294")
        let svg = map.svg(title: "t")
        let discs = Self.discs(svg)
        #expect(discs.count == 12)
        Self.expectNoOverlap(svg, in: "a map with 12 markers on one point")
    }

    /// The centres of the numbered marker discs of one map.
    static func discs(_ svg: String) -> [(Double, Double)] {
        svg.matches(of: /<circle class="plabel" cx="([\d.]+)" cy="([\d.]+)"/).compactMap { m in
            guard let x = Double(m.output.1), let y = Double(m.output.2) else { return nil }
            return (x, y)
        }
    }

    /// No two discs of `svg` overlap and no disc overlaps a street label's box.
    static func expectNoOverlap(_ svg: String, in name: String) {
        let r = SVGMap.markerRadius, d = discs(svg)
        for i in d.indices { for j in d.indices where j < i {
            let dist = ((d[i].0 - d[j].0) * (d[i].0 - d[j].0) + (d[i].1 - d[j].1) * (d[i].1 - d[j].1)).squareRoot()
            #expect(dist >= 2 * r, "\(name): discs \(d[j]) and \(d[i]) overlap")
        } }
        let labels = svg.matches(of: /<text x="([\d.]+)" y="([\d.]+)" font-size="([\d.]+)" text-anchor="middle" fill="#222" paint-order="stroke"[^>]*>([^<]*)</)
        for m in labels {
            guard let x = Double(m.output.1), let y = Double(m.output.2), let size = Double(m.output.3) else { continue }
            let w = SVGMap.textWidth(String(m.output.4), size: size)
            for c in d {
                let dx = c.0 - min(max(c.0, x - w / 2), x + w / 2), dy = c.1 - min(max(c.1, y - size), y + size * 0.25)
                #expect((dx * dx + dy * dy).squareRoot() >= r - 0.1, "\(name): disc \(c) covers the label \(m.output.4)")
            }
        }
    }

    /// The Jing'an sample in Chinese: every map's proposal markers clear of each other and of the
    /// street labels (35 sites on one category map, 49 on the placed-together map), the print
    /// styles, and links to files that exist.
    @Test func theChineseJinganReportPlacesItsMarkersAndLinksItsFiles() throws {
        let folder = try Self.plan("lang-jingan", language: "zh-CN", source: TestSupport.root.appendingPathComponent("GeoData/jingan").path)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try Self.report(folder)
        let maps = r.html.matches(of: /<svg[^>]*class="map"[\s\S]*?<\/svg>/).map { String($0.output) }
        // Five category maps, then the placed-together map with the 49 joint sites.
        #expect(maps.count == 6)
        #expect(maps.prefix(5).map { Self.discs($0).count }.max() == 35)
        #expect(maps.last.map { $0.components(separatedBy: "<circle class=\"plabel\"").count - 1 } == 49)
        for (k, svg) in maps.enumerated() { Self.expectNoOverlap(svg, in: "map \(k)") }
        #expect(r.html.contains("@page{size:A4"))
        #expect(r.html.contains("@media print{"))
        #expect(r.html.contains("h2,h3{break-after:avoid"))
        #expect(r.html.contains("<h2>全区概览</h2>"))
        let hrefs = r.html.matches(of: /href="([^"#][^"]*)"/).map { String($0.output.1) }
        #expect(hrefs.count > 30)
        for h in Set(hrefs) {
            #expect(FileManager.default.fileExists(atPath: r.out + "/" + h), "report.html links \(h), which is not in the folder")
        }
    }
}

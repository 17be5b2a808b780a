import Foundation
import Testing
@testable import LifeCircle

/// `report.md` stays a well-formed document whatever the names in the plan and its layers hold:
/// a `|` or a line break cannot add a table column or a line, and no raw HTML passes through.
@Suite struct ReportMarkdownTests {
    /// The number of `|` in `line` that are not escaped by a backslash.
    static func columnBars(_ line: Substring) -> Int {
        var n = 0, backslashes = 0
        for ch in line {
            if ch == "|", backslashes % 2 == 0 { n += 1 }
            backslashes = ch == "\\" ? backslashes + 1 : 0
        }
        return n
    }

    @Test func userTextIsEscaped() {
        #expect(ReportMarkdown.text("A|B\n<b>x</b>") == "A\\|B &lt;b&gt;x&lt;/b&gt;")
        #expect(ReportMarkdown.text("a\r\nb\tc\u{2028}d") == "a b c d")
        #expect(ReportMarkdown.text("*x* _y_ `z` [l](u) ~s~ \\ & ") == "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~ \\\\ &amp; ")
        #expect(ReportMarkdown.text("静安寺街道 (c-0310)") == "静安寺街道 (c-0310)")
    }

    @Test func hostileNamesKeepEveryTableRowItsColumnsAndPassNoHTML() throws {
        let folder = try InputFileTests.tinyCopy("md-escape")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fm = FileManager.default
        func edit(_ file: String, _ change: (String) -> String) throws {
            let path = folder + "/" + file
            let text = String(decoding: try #require(fm.contents(atPath: path)), as: UTF8.self)
            let changed = change(text)
            #expect(changed != text, "\(file) was not changed")
            try AtomicFile.write(changed, to: path)
        }
        // JSON escapes: the names hold a real line break.
        try edit("streets.geojson") { $0.replacingOccurrences(of: "西街道 West", with: #"A|B\n<b>x</b>"#) }
        try edit("plan.json") {
            $0.replacingOccurrences(of: "\"Tiny grid\"", with: #""T|iny\n<script>alert(1)</script>""#)
                .replacingOccurrences(of: "\"Health\"", with: #""Health | <i>all</i>\n`x` *y*""#)
        }
        try edit("facilities.geojson") { $0.replacingOccurrences(of: "\"hs-1\"", with: #""hs|1 <u>""#) }

        let out = folder + "/out"
        let run = try TestSupport.run(["report", folder, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        for tag in ["<b>", "</b>", "<script", "<i>", "<u>"] {
            #expect(!md.contains(tag), "report.md passes \(tag) through")
        }
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false)
        // Every table: each row has as many column bars as its header.
        var header: Int?
        var tables = 0
        for line in lines {
            guard line.hasPrefix("|") else { header = nil; continue }
            let bars = Self.columnBars(line)
            if let header {
                #expect(bars == header, "a row has \(bars - 1) columns, its header \(header - 1): \(line)")
            } else {
                header = bars
                tables += 1
            }
        }
        #expect(tables >= 4)
        let streetRow = lines.first { $0.hasPrefix("|") && $0.contains("A\\|B &lt;b&gt;x&lt;/b&gt;") }
        #expect(streetRow != nil, "no table row names the street escaped")
        #expect(lines.contains { $0.hasPrefix("# T\\|iny &lt;script&gt;") })
        #expect(lines.contains { $0.hasPrefix("## Health \\| &lt;i&gt;all&lt;/i&gt; \\`x\\` \\*y\\* (`health-station`)") })
        // A line break in a name never starts a line of its own.
        #expect(!lines.contains { $0.hasPrefix("<") || $0.hasPrefix("`x`") })

        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        for tag in ["<b>", "<script>alert", "<i>all", "<u>"] {
            #expect(!html.contains(tag), "report.html passes \(tag) through")
        }
        // The one script is the report's own map script, at the end of the page.
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("A|B\n&lt;b&gt;x&lt;/b&gt;"))
    }
}

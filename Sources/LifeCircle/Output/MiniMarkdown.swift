/// Just enough Markdown to HTML for the report's own text and a plan's README: headings, paragraphs,
/// bullet lists, simple pipe tables, `code` and **bold**. Everything is HTML-escaped first.
package enum MiniMarkdown {
    /// Inline formatting of one line of text.
    package static func inline(_ text: String) -> String {
        var out = ""
        var code = false, bold = false
        var chars = Array(HTML.escape(text))
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if ch == "`" {
                out += code ? "</code>" : "<code>"
                code.toggle()
            } else if !code, ch == "*", i + 1 < chars.count, chars[i + 1] == "*" {
                out += bold ? "</strong>" : "<strong>"
                bold.toggle()
                i += 1
            } else {
                out.append(ch)
            }
            i += 1
        }
        if code { out += "</code>" }
        if bold { out += "</strong>" }
        chars.removeAll()
        return out
    }

    /// A block of Markdown as HTML; headings are shifted down by `headingShift` levels.
    package static func html(_ text: String, headingShift: Int = 0) -> String {
        var out = ""
        var paragraph: [String] = []
        var list: [String] = []
        var table: [[String]] = []
        func flush() {
            if !paragraph.isEmpty { out += "<p>" + paragraph.map(inline).joined(separator: " ") + "</p>\n"; paragraph = [] }
            if !list.isEmpty { out += "<ul>" + list.map { "<li>" + inline($0) + "</li>" }.joined() + "</ul>\n"; list = [] }
            if !table.isEmpty {
                let rows = table.filter { !$0.allSatisfy { $0.allSatisfy { $0 == "-" || $0 == ":" } } }
                out += "<table>"
                for (k, r) in rows.enumerated() {
                    let tag = k == 0 ? "th" : "td"
                    out += "<tr>" + r.map { "<\(tag)>" + inline($0) + "</\(tag)>" }.joined() + "</tr>"
                }
                out += "</table>\n"
                table = []
            }
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("#") {
                flush()
                let level = line.prefix { $0 == "#" }.count
                let h = min(level + headingShift, 6)
                out += "<h\(h)>" + inline(line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)) + "</h\(h)>\n"
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                if !paragraph.isEmpty || !table.isEmpty { flush() }
                list.append(String(line.dropFirst(2)))
            } else if line.hasPrefix("|") {
                if !paragraph.isEmpty || !list.isEmpty { flush() }
                table.append(line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                    .map { $0.trimmingCharacters(in: .whitespaces) })
            } else if !list.isEmpty && raw.hasPrefix(" ") {
                list[list.count - 1] += " " + line
            } else {
                if !list.isEmpty || !table.isEmpty { flush() }
                paragraph.append(line)
            }
        }
        flush()
        return out
    }
}

import Ink
import Foundation

/// Markdown to HTML for the report, through Ink (a CommonMark-style parser): the plan's README
/// (links, nested lists, code blocks, tables) and the report's own inline text (`code`, **bold**).
package enum ReportMarkdownHTML {
    /// One line of Markdown as inline HTML (no surrounding paragraph).
    package static func inline(_ text: String) -> String {
        var html = MarkdownParser().html(from: text)
        if html.hasPrefix("<p>") && html.hasSuffix("</p>") {
            html = String(html.dropFirst(3).dropLast(4))
        }
        return html
    }

    /// A block of Markdown as HTML; headings are shifted down by `headingShift` levels (at most h6),
    /// so a README's `#` sits under the report's own headings. Raw HTML blocks are shown as text,
    /// not passed through: a README cannot add a script or break the page.
    package static func html(_ text: String, headingShift: Int = 0) -> String {
        var parser = MarkdownParser(modifiers: [Modifier(target: .html) { _, markdown in "<p>" + HTML.escape(String(markdown)) + "</p>" }])
        if headingShift > 0 {
            parser.addModifier(Modifier(target: .headings) { html, _ in shiftHeading(html, by: headingShift) })
        }
        return parser.html(from: text) + "\n"
    }

    /// `<hN>…</hN>` as `<hM>…</hM>` with M = min(N + shift, 6).
    static func shiftHeading(_ html: String, by shift: Int) -> String {
        let chars = Array(html)
        guard chars.count > 3, chars[0] == "<", chars[1] == "h", let n = chars[2].wholeNumberValue else { return html }
        let m = min(n + shift, 6)
        var out = html.replacingFirst("<h\(n)", with: "<h\(m)")
        if let r = out.range(of: "</h\(n)>", options: .backwards) { out.replaceSubrange(r, with: "</h\(m)>") }
        return out
    }
}

private extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}

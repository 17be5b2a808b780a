/// A plain-text table for the terminal, aligned by display width (CJK characters count two
/// columns), numbers right-aligned.
package struct TextTable: Sendable {
    package var header: [String]
    package var rows: [[String]] = []
    /// Columns to right-align (numbers).
    package var rightAligned: Set<Int> = []

    /// The table as text, one line per row, a rule under the header.
    package func render() -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for r in all { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.width(c)) } }
        func line(_ r: [String]) -> String {
            var parts: [String] = []
            for i in 0..<widths.count {
                let c = i < r.count ? r[i] : ""
                let pad = String(repeating: " ", count: widths[i] - Self.width(c))
                parts.append(rightAligned.contains(i) ? pad + c : c + pad)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }

    /// Display width: East Asian wide and fullwidth characters take two columns.
    static func width(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars {
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            w += wide ? 2 : 1
        }
        return w
    }
}

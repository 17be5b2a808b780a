import Foundation

/// Fixed number formatting for reports and tables (deterministic, locale-independent).
package enum Format {
    /// A whole number with thousands separators: 1057700 → "1,057,700". Total: "–" for NaN and
    /// infinities, scientific notation ("1.000e+300") from 10^18 on, where no count is meant.
    package static func integer(_ d: Double) -> String {
        guard d.isFinite else { return "–" }
        let r = d.rounded()
        guard abs(r) < 1e18 else { return String(format: "%.3e", d) }
        let n = Int64(r)
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A share as a percentage with one decimal: 0.8534 → "85.3%".
    package static func percent(_ share: Double) -> String {
        guard share.isFinite else { return "–" }
        return String(format: "%.1f%%", share * 100)
    }

    /// A number with `decimals` fixed decimals.
    package static func fixed(_ d: Double, _ decimals: Int) -> String {
        guard d.isFinite else { return "–" }
        return String(format: "%.\(decimals)f", d)
    }
}

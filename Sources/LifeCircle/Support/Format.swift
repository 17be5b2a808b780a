import Foundation

/// Fixed number formatting for reports and tables (deterministic, locale-independent).
public enum Format {
    /// A whole number with thousands separators: 1057700 → "1,057,700".
    public static func integer(_ d: Double) -> String {
        guard d.isFinite else { return "–" }
        let n = Int64(d.rounded())
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A share as a percentage with one decimal: 0.8534 → "85.3%".
    public static func percent(_ share: Double) -> String {
        guard share.isFinite else { return "–" }
        return String(format: "%.1f%%", share * 100)
    }

    /// A number with `decimals` fixed decimals.
    public static func fixed(_ d: Double, _ decimals: Int) -> String {
        guard d.isFinite else { return "–" }
        return String(format: "%.\(decimals)f", d)
    }
}

/// The language of the report's prose, from the plan's `language` key. Names (streets, categories,
/// facilities) and numbers are written as given in both.
public enum ReportLanguage: String, CaseIterable, Hashable, Sendable {
    /// English, the default.
    case english = "en"
    /// Simplified Chinese, for a district office.
    case chinese = "zh-CN"
}

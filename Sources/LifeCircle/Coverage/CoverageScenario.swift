/// Which facilities count.
public enum CoverageScenario: String, Hashable, Sendable, CaseIterable {
    /// Facilities with status `existing`.
    case existing
    /// Existing facilities and those planned this year.
    case withPlanned = "with-planned"
}

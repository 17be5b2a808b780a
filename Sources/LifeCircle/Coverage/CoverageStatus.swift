/// How a resident point stands against a category's walk threshold.
public enum CoverageStatus: String, Hashable, Sendable, CaseIterable {
    /// Within the threshold of a facility.
    case covered
    /// Joined the network, but no facility is within the threshold (or none is on its component).
    case beyondThreshold = "beyond-threshold"
    /// Farther than the plan's snap distance from every network edge: not on the network at all.
    case unreachable
}

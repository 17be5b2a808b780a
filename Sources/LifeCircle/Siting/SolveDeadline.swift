/// The one deadline of a whole solve, fixed when it starts: every phase that watches the clock (the
/// smoothed dual, both branch and bounds, the neighbourhood searches) stops at it, so a solve takes
/// about its budget at most, not a budget per phase.
struct SolveDeadline: Sendable {
    /// When the exact phases stop: `budgetSeconds` after the start.
    let exact: ContinuousClock.Instant
    /// When the neighbourhood searches stop: the same instant, but at least
    /// ``minimumSearchSeconds`` after the start. Their work caps, not the clock, are meant to end
    /// them (the clock is a safety net), so a budget of 0, which turns the exact phases off, does
    /// not turn them off too.
    let search: ContinuousClock.Instant

    /// The safety net of the neighbourhood searches when the budget is shorter.
    static let minimumSearchSeconds = 1.0

    init(budgetSeconds: Double, from start: ContinuousClock.Instant = .now) {
        exact = start + Self.duration(budgetSeconds)
        search = start + Self.duration(max(Self.minimumSearchSeconds, budgetSeconds))
    }

    /// `seconds` as a duration in whole milliseconds (saturating: a huge budget never traps).
    private static func duration(_ seconds: Double) -> Duration {
        .milliseconds(Int64(saturating: seconds * 1000))
    }
}

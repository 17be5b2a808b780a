/// A snapped point reached by a search, and its walking distance in metres (access legs included).
package struct ReachedPoint: Hashable, Sendable {
    /// The point's index (in the snaps the search was given).
    package var index: Int32
    /// Metres walked.
    package var distance: Double
    /// The source that reaches it first (index in the sources; ties to the lower index).
    package var source: Int32
}

/// A snapped point reached by a search, and its walking distance in metres (access legs included).
public struct ReachedPoint: Hashable, Sendable {
    /// The point's index (in the snaps the search was given).
    public var index: Int32
    /// Metres walked.
    public var distance: Double
    /// The source that reaches it first (index in the sources; ties to the lower index).
    public var source: Int32

    public init(index: Int32, distance: Double, source: Int32) {
        self.index = index
        self.distance = distance
        self.source = source
    }
}

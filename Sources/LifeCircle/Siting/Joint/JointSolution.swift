/// What the joint solver chose, with the bound that says how far from optimal it can be.
public struct JointSolution: Sendable, Equatable {
    /// The chosen candidates per category (indices into the category's candidates), ascending.
    public var chosen: [[Int]]
    /// Population complete with the fixed facilities and the chosen sites.
    public var completeWeight: Double
    /// Population complete with the fixed facilities only.
    public var fixedWeight: Double
    /// Population complete with the start choice (the incumbent the search began from), when one was given.
    public var startWeight: Double?
    /// An upper bound on the complete population of any feasible choice.
    public var upperBound: Double
    /// Proven optimal, or the gap (bound − value) / bound.
    public var optimality: SitingOptimality
    /// Branch-and-bound nodes visited (0 when the exact phase did not run).
    public var nodes: Int
    /// How the answer was found, in plain words.
    public var method: String
}

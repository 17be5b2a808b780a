/// What the joint solver chose, with the bound that says how far from optimal it can be.
package struct JointSolution: Sendable, Equatable {
    /// The chosen candidates per category (indices into the category's candidates), ascending.
    package var chosen: [[Int]]
    /// Population complete with the fixed facilities and the chosen sites.
    package var completeWeight: Double
    /// Population complete with the fixed facilities only.
    package var fixedWeight: Double
    /// Population complete with the start choice (the incumbent the search began from), when one was given.
    package var startWeight: Double?
    /// An upper bound on the complete population of any feasible choice.
    package var upperBound: Double
    /// Proven optimal, or the gap (bound − value) / bound.
    package var optimality: SitingOptimality
    /// Branch-and-bound nodes visited (0 when the exact phase did not run).
    package var nodes: Int
    /// How the answer was found, in plain words.
    package var method: String
}

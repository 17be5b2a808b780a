/// The complexes the solver chose, with the bound that says how far from optimal they can be.
package struct ComplexSolution: Sendable, Equatable {
    /// The chosen sites (indices into ``ComplexProblem/siteIDs``), ascending.
    package var sites: [Int]
    /// Population complete with the fixed facilities and the chosen sites.
    package var completeWeight: Double
    /// Population complete with the fixed facilities only.
    package var fixedWeight: Double
    /// An upper bound on the complete population of any choice of at most N sites.
    package var upperBound: Double
    /// Proven optimal, or the gap (bound − value) / bound.
    package var optimality: SitingOptimality
    /// Branch-and-bound nodes visited (0 when the exact phase did not run).
    package var nodes: Int
    /// How the answer was found, in plain words.
    package var method: String
}

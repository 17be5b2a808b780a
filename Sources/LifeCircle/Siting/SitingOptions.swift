/// Settings shared by the siting solvers.
public struct SitingOptions: Sendable, Equatable {
    /// Wall-clock budget of a whole solve, in seconds: one deadline, fixed when the solve starts,
    /// for every phase that watches the clock (the smoothed dual, the branch and bounds, and, with
    /// at least one second, the neighbourhood searches); 0 skips the exact phases.
    public var exactTimeBudgetSeconds: Double
    /// Nodes the branch and bound may visit before it stops (nil: no limit). Unlike the time budget,
    /// a node budget gives the same answer on every machine, so reports stay reproducible.
    public var exactNodeBudget: Int?
    /// The exact phase runs only when at most this many candidates stay free after Lagrangian fixing.
    public var exactCandidateLimit: Int
    /// Subgradient iterations of the Lagrangian bound (fewer are used on very large instances).
    public var lagrangianIterations: Int
    /// Run the swap local search after the greedy (uncapacitated MCLP).
    public var localSearch: Bool
    /// Rounds of iterated local search (drop a tenth of the sites, refill, swap) when the bound
    /// leaves a gap; fewer on very large instances. Seeded, so deterministic.
    public var perturbationRounds: Int

    /// Solver settings; the defaults are those `report` and `propose` use.
    public init(
        exactTimeBudgetSeconds: Double = 10, exactNodeBudget: Int? = nil, exactCandidateLimit: Int = 400,
        lagrangianIterations: Int = 300, localSearch: Bool = true, perturbationRounds: Int = 100
    ) {
        self.exactTimeBudgetSeconds = exactTimeBudgetSeconds
        self.exactNodeBudget = exactNodeBudget
        self.exactCandidateLimit = exactCandidateLimit
        self.lagrangianIterations = lagrangianIterations
        self.localSearch = localSearch
        self.perturbationRounds = perturbationRounds
    }
}

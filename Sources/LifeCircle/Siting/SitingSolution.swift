/// Settings shared by the siting solvers.
public struct SitingOptions: Sendable, Equatable {
    /// Wall-clock budget of the exact (branch-and-bound) phase, in seconds; 0 skips it.
    public var exactTimeBudgetSeconds: Double
    /// The exact phase runs only when at most this many candidates stay free after Lagrangian fixing.
    public var exactCandidateLimit: Int
    /// Subgradient iterations of the Lagrangian bound (fewer are used on very large instances).
    public var lagrangianIterations: Int
    /// Run the swap local search after the greedy (uncapacitated MCLP).
    public var localSearch: Bool
    /// Rounds of iterated local search (drop a tenth of the sites, refill, swap) when the bound
    /// leaves a gap; fewer on very large instances. Seeded, so deterministic.
    public var perturbationRounds: Int

    public init(
        exactTimeBudgetSeconds: Double = 10, exactCandidateLimit: Int = 400,
        lagrangianIterations: Int = 300, localSearch: Bool = true, perturbationRounds: Int = 100
    ) {
        self.exactTimeBudgetSeconds = exactTimeBudgetSeconds
        self.exactCandidateLimit = exactCandidateLimit
        self.lagrangianIterations = lagrangianIterations
        self.localSearch = localSearch
        self.perturbationRounds = perturbationRounds
    }
}

/// Whether a siting answer is proven best.
public enum SitingOptimality: Sendable, Equatable {
    /// Proven optimal (by the bound meeting the value, or by a finished branch and bound).
    case provenOptimal
    /// Not proven; `gap` is (upper bound − value) / upper bound for MCLP, or the number of sites
    /// that might be saved for LSCP.
    case heuristic(gap: Double)
}

/// One proposed site and what it adds, in the order chosen.
public struct ProposedSite: Sendable, Equatable {
    /// 1-based rank in the order chosen (largest marginal gain first).
    public var rank: Int
    /// Index of the candidate in the instance.
    public var candidateIndex: Int
    /// The candidate's id.
    public var candidateID: String
    /// Demand this site adds on top of the sites ranked before it (credited demand with a capacity).
    public var marginalGain: Double
    /// The secondary weight (e.g. 60+) of the demand it adds.
    public var marginalSecondary: Double
    /// Demand point indices this site newly covers (not covered by fixed facilities or by
    /// higher-ranked sites), ascending; the caller maps them to streets.
    public var newlyCovered: [Int32]
    /// With a capacity: the demand credited from each point of `newlyCovered` (same order);
    /// nil without a capacity (each point counts in full).
    public var creditedWeights: [Double]?
}

/// What a siting solver proposes, with the bound that says how far from optimal it can be.
public struct SitingSolution: Sendable, Equatable {
    /// The question asked.
    public enum Goal: Sendable, Equatable {
        /// Maximal covering with this many new sites.
        case count(Int)
        /// Fewest new sites lifting coverage to this share of total demand.
        case coverage(Double)
    }

    public var goal: Goal
    /// The proposed sites in the order chosen; their marginal gains add up to `coveredDemand`.
    public var sites: [ProposedSite]
    /// Demand newly covered (credited) by the proposed sites.
    public var coveredDemand: Double
    /// Secondary weight newly covered.
    public var coveredSecondary: Double
    /// Demand already covered by fixed facilities.
    public var alreadyCoveredDemand: Double
    /// All demand of the category, covered or not.
    public var totalDemand: Double
    /// Demand no candidate can reach (and no fixed facility covers).
    public var unreachableDemand: Double
    /// An upper bound on the best `coveredDemand` any choice of `sites.count` sites reaches
    /// (MCLP; for LSCP the bound for the site count proposed).
    public var upperBound: Double
    /// For LSCP: a lower bound on the number of sites needed to reach the goal (or the reachable best).
    public var siteCountLowerBound: Int?
    /// For LSCP: whether the coverage goal is met; false when the candidates cannot reach it, in which
    /// case the sites reach `bestReachableCoverage`.
    public var targetMet: Bool?
    /// The highest coverage share all candidates together could reach.
    public var bestReachableCoverage: Double
    public var optimality: SitingOptimality
    /// How the answer was found, in plain words (e.g. "lazy greedy + swap local search; Lagrangian bound").
    public var method: String

    /// Coverage share after the proposed sites: (already covered + newly covered) / total.
    public var coverageAfter: Double {
        totalDemand > 0 ? (alreadyCoveredDemand + coveredDemand) / totalDemand : 1
    }
    /// Coverage share before the proposed sites.
    public var coverageBefore: Double {
        totalDemand > 0 ? alreadyCoveredDemand / totalDemand : 1
    }
}

/// What a siting solver proposes, with the bound that says how far from optimal it can be.
public struct SitingSolution: Sendable, Equatable {
    /// The question asked: maximal covering with a count of new sites, or the fewest new sites
    /// lifting coverage to a share of total demand.
    public typealias Goal = Target

    /// The question this solution answers: a count of new sites, or a coverage share to reach.
    public var goal: Goal
    /// The proposed sites in the order chosen; their marginal gains add up to `coveredDemand`.
    package var sites: [ProposedSite]
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
    package var optimality: SitingOptimality
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

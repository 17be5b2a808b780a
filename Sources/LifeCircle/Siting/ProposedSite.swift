/// One proposed site and what it adds, in the order chosen.
package struct ProposedSite: Sendable, Equatable {
    /// 1-based rank in the order chosen (largest marginal gain first).
    package var rank: Int
    /// Index of the candidate in the instance.
    package var candidateIndex: Int
    /// The candidate's id.
    package var candidateID: String
    /// Demand this site adds on top of the sites ranked before it (credited demand with a capacity).
    package var marginalGain: Double
    /// The secondary weight (e.g. 60+) of the demand it adds.
    package var marginalSecondary: Double
    /// Demand point indices this site newly covers (not covered by fixed facilities or by
    /// higher-ranked sites), ascending; the caller maps them to streets.
    package var newlyCovered: [Int32]
    /// With a capacity: the demand credited from each point of `newlyCovered` (same order);
    /// nil without a capacity (each point counts in full).
    package var creditedWeights: [Double]?
}

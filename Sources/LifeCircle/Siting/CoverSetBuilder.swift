/// Collects cover sets one candidate at a time (e.g. from one bounded search per candidate).
package struct CoverSetBuilder: Sendable {
    private var sets: [[Int32]] = []
    private var ids: [String] = []

    package init() {}

    /// Appends a candidate and the demand points it covers (any order; duplicates are removed).
    package mutating func append(candidateID: String, covering members: [Int32]) {
        ids.append(candidateID)
        sets.append(members)
    }

    /// The number of candidates appended so far.
    package var candidateCount: Int { ids.count }

    /// Builds and validates the instance.
    ///
    /// - Throws: `InputError` naming the first offending item.
    package func build(
        demandWeights: [Double], secondaryWeights: [Double]? = nil,
        alreadyCovered: [Bool]? = nil, capacity: Double? = nil
    ) throws -> CoverageInstance {
        try CoverageInstance(
            demandWeights: demandWeights, secondaryWeights: secondaryWeights, coverSets: sets,
            candidateIDs: ids, alreadyCovered: alreadyCovered, capacity: capacity)
    }
}

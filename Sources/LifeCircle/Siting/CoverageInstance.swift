/// A covering problem as the siting solvers see it: demand weights and, per candidate site, the
/// demand points it would cover. No geometry, no dense matrix.
///
/// Cover sets are stored in CSR form: candidate `j` covers
/// `coverMembers[coverOffsets[j] ..< coverOffsets[j + 1]]`, sorted ascending without duplicates.
/// A cover set may list demand points that are `alreadyCovered` (by existing or planned facilities);
/// the solvers ignore those points, so a builder can record every point a bounded search reached.
///
/// Producers that run one bounded network search per candidate can append sets one at a time with
/// ``CoverSetBuilder`` and call ``CoverSetBuilder/build(demandWeights:secondaryWeights:alreadyCovered:capacity:)``.
package struct CoverageInstance: Sendable, Equatable {
    /// Demand weight per demand point (e.g. residents, or residents aged 60+), finite and ≥ 0.
    package let demandWeights: [Double]
    /// An optional second weight per demand point reported alongside (e.g. the 60+ count); not optimised.
    package let secondaryWeights: [Double]?
    /// CSR offsets, `candidateCount + 1` entries, starting at 0 and non-decreasing.
    package let coverOffsets: [Int]
    /// CSR members: demand point indices, ascending and unique within each candidate.
    package let coverMembers: [Int32]
    /// One id per candidate (unique), used in explanations.
    package let candidateIDs: [String]
    /// Demand points already covered by fixed facilities (existing, planned): they count toward a
    /// coverage target but no new site gains anything from them.
    package let alreadyCovered: [Bool]
    /// The most demand one new site may be credited with (e.g. 150 meals a sitting), or nil.
    package let capacity: Double?

    /// The number of demand points.
    package var demandCount: Int { demandWeights.count }
    /// The number of candidate sites.
    package var candidateCount: Int { candidateIDs.count }

    /// The demand points candidate `j` covers (ascending).
    package func coverSet(_ j: Int) -> ArraySlice<Int32> {
        coverMembers[coverOffsets[j] ..< coverOffsets[j + 1]]
    }

    /// Creates an instance from CSR arrays and checks every invariant.
    ///
    /// - Throws: `InputError` (file `"coverage instance"`) naming the first offending item.
    /// - Complexity: O(demand points + cover set members).
    package init(
        demandWeights: [Double], secondaryWeights: [Double]? = nil,
        coverOffsets: [Int], coverMembers: [Int32], candidateIDs: [String],
        alreadyCovered: [Bool]? = nil, capacity: Double? = nil
    ) throws {
        self.demandWeights = demandWeights
        self.secondaryWeights = secondaryWeights
        self.coverOffsets = coverOffsets
        self.coverMembers = coverMembers
        self.candidateIDs = candidateIDs
        self.alreadyCovered = alreadyCovered ?? Array(repeating: false, count: demandWeights.count)
        self.capacity = capacity
        try validate()
    }

    /// Creates an instance from one array of demand indices per candidate (any order, duplicates
    /// allowed; they are sorted and deduplicated). Candidate ids default to `"0"`, `"1"`, ….
    ///
    /// - Throws: `InputError` naming the first offending item.
    /// - Complexity: O(Σ s log s) over the cover set sizes s.
    package init(
        demandWeights: [Double], secondaryWeights: [Double]? = nil, coverSets: [[Int32]],
        candidateIDs: [String]? = nil, alreadyCovered: [Bool]? = nil, capacity: Double? = nil
    ) throws {
        let (offsets, members) = CSRLayout.build(coverSets)
        try self.init(
            demandWeights: demandWeights, secondaryWeights: secondaryWeights,
            coverOffsets: offsets, coverMembers: members,
            candidateIDs: candidateIDs ?? coverSets.indices.map { String($0) },
            alreadyCovered: alreadyCovered, capacity: capacity)
    }

    private func problem(_ key: String, _ message: String) -> InputError {
        InputError(file: "coverage instance", key: key, message: message)
    }

    private func validate() throws {
        let n = demandWeights.count
        guard n <= Int(Int32.max) else { throw problem("demandWeights", "more than 2^31 demand points") }
        for (i, w) in demandWeights.enumerated() where !(w.isFinite && w >= 0) {
            throw problem("demandWeights", "demand point \(i): weight \(w) is not a finite number ≥ 0")
        }
        // Each weight finite is not enough: the solvers add them up.
        guard demandWeights.reduce(0, +).isFinite else {
            throw problem("demandWeights", "the weights add up to more than a Double holds")
        }
        if let secondaryWeights {
            guard secondaryWeights.count == n else {
                throw problem("secondaryWeights", "\(secondaryWeights.count) values for \(n) demand points")
            }
            for (i, w) in secondaryWeights.enumerated() where !(w.isFinite && w >= 0) {
                throw problem("secondaryWeights", "demand point \(i): weight \(w) is not a finite number ≥ 0")
            }
            guard secondaryWeights.reduce(0, +).isFinite else {
                throw problem("secondaryWeights", "the weights add up to more than a Double holds")
            }
        }
        guard alreadyCovered.count == n else {
            throw problem("alreadyCovered", "\(alreadyCovered.count) flags for \(n) demand points")
        }
        let m = candidateIDs.count
        switch CSRLayout.violation(offsets: coverOffsets, entries: coverMembers, rows: m, columns: n) {
        case nil: break
        case .offsetRange:
            throw problem("coverOffsets", "need \(m + 1) offsets from 0 to \(coverMembers.count) for \(m) candidates")
        case .offsetsDecrease(let j):
            throw problem("coverOffsets", "candidate \(j): offsets decrease")
        case .notAscending(let j):
            throw problem("coverMembers", "candidate \(j) (\(candidateIDs[j])): members not strictly ascending")
        case let .outOfRange(j, member, _):
            throw problem("coverMembers", "candidate \(j) (\(candidateIDs[j])): demand index \(member) out of range 0..<\(n)")
        }
        var seen = Set<String>()
        for (j, id) in candidateIDs.enumerated() where !seen.insert(id).inserted {
            throw problem("candidateIDs", "candidate \(j): duplicate id \"\(id)\"")
        }
        if let capacity, !(capacity.isFinite && capacity > 0) {
            throw problem("capacity", "capacity \(capacity) is not a finite number > 0")
        }
    }
}

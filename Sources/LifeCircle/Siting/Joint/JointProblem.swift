/// The joint siting problem as the solver sees it: demand points with a population, and for each
/// essential category the points its fixed facilities reach, its candidates' cover sets, how many
/// sites it may add and, optionally, how much of its own demand it must cover.
///
/// No geometry: ``JointStudy`` builds it from the walk network (a cover set is every point within
/// the category's walk threshold of the candidate, the reach rule of the life circle).
package struct JointProblem: Sendable, Equatable {
    /// One essential category.
    package struct Category: Sendable, Equatable {
        package var id: String
        /// Whether the fixed facilities (existing, and planned where counted) reach each point.
        package var fixedReach: [Bool]
        /// The candidates that may host the category (ids, unique within the category).
        package var candidateIDs: [String]
        /// CSR: candidate `j` reaches `coverMembers[coverOffsets[j] ..< coverOffsets[j + 1]]`
        /// (ascending, unique point indices).
        package var coverOffsets: [Int]
        package var coverMembers: [Int32]
        /// At most this many new sites (0: the category is fixed as it is).
        package var maxSites: Int
        /// The category's own demand per point, when its target is a coverage share; nil otherwise.
        package var coverageDemand: [Double]?
        /// The demand the category must reach in total, fixed facilities included (with `coverageDemand`).
        package var requiredDemand: Double

        package init(id: String, fixedReach: [Bool], coverSets: [[Int32]], candidateIDs: [String]? = nil, maxSites: Int,
                    coverageDemand: [Double]? = nil, requiredDemand: Double = 0) {
            self.id = id
            self.fixedReach = fixedReach
            self.candidateIDs = candidateIDs ?? coverSets.indices.map { String($0) }
            (self.coverOffsets, self.coverMembers) = CSRLayout.build(coverSets)
            self.maxSites = maxSites
            self.coverageDemand = coverageDemand
            self.requiredDemand = requiredDemand
        }

        package var candidateCount: Int { coverOffsets.count - 1 }

        /// The points candidate `j` reaches.
        package func coverSet(_ j: Int) -> ArraySlice<Int32> { coverMembers[coverOffsets[j] ..< coverOffsets[j + 1]] }
    }

    /// Population per point (what "complete" is weighted by).
    package let weights: [Double]
    /// The essential categories.
    package let categories: [Category]
    /// Each point's street (nil: in none), when a street floor applies.
    package let streets: [Int?]?
    /// Every street should reach at least this complete share (0…1) when the candidates allow.
    package let streetFloor: Double?

    package var pointCount: Int { weights.count }

    /// Checks every invariant.
    ///
    /// - Throws: `InputError` (file `"joint siting problem"`) naming the first offending item.
    /// - Complexity: O(C · (points + cover set members)).
    package init(weights: [Double], categories: [Category], streets: [Int?]? = nil, streetFloor: Double? = nil) throws {
        self.weights = weights
        self.categories = categories
        self.streets = streetFloor == nil ? nil : streets
        self.streetFloor = streetFloor
        func problem(_ key: String, _ message: String) -> InputError {
            InputError(file: "joint siting problem", key: key, message: message)
        }
        let n = weights.count
        guard n <= Int(Int32.max) else { throw problem("weights", "more than 2^31 points") }
        for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) {
            throw problem("weights", "point \(i): weight \(w) is not a finite number ≥ 0")
        }
        guard weights.reduce(0, +).isFinite else { throw problem("weights", "the weights add up to more than a Double holds") }
        if let streetFloor {
            guard streetFloor > 0 && streetFloor <= 1 else { throw problem("streetFloor", "floor \(streetFloor) is not a share in (0, 1]") }
            guard let streets, streets.count == n else { throw problem("streets", "a street floor needs one street (or none) per point") }
            for (i, s) in streets.enumerated() where (s ?? 0) < 0 { throw problem("streets", "point \(i): negative street index") }
        }
        var ids = Set<String>()
        for c in categories {
            guard ids.insert(c.id).inserted else { throw problem("categories", "category \"\(c.id)\" given twice") }
            guard c.fixedReach.count == n else { throw problem(c.id, "\(c.fixedReach.count) reach flags for \(n) points") }
            guard c.maxSites >= 0 else { throw problem(c.id, "maxSites \(c.maxSites) is negative") }
            guard c.coverOffsets.count == c.candidateIDs.count + 1 else {
                throw problem(c.id, "\(c.candidateIDs.count) candidate ids for \(c.coverOffsets.count - 1) cover sets")
            }
            guard Set(c.candidateIDs).count == c.candidateIDs.count else { throw problem(c.id, "duplicate candidate ids") }
            for m in c.coverMembers where !(m >= 0 && Int(m) < n) {
                throw problem(c.id, "point index \(m) out of range 0..<\(n)")
            }
            if let d = c.coverageDemand {
                guard d.count == n else { throw problem(c.id, "\(d.count) demand values for \(n) points") }
                for (i, w) in d.enumerated() where !(w.isFinite && w >= 0) {
                    throw problem(c.id, "point \(i): demand \(w) is not a finite number ≥ 0")
                }
                guard c.requiredDemand.isFinite else { throw problem(c.id, "required demand \(c.requiredDemand) is not finite") }
            }
        }
    }

    /// Whether every category reaches point `i` given the chosen candidates per category.
    package func isComplete(_ i: Int, chosen: [[Int]]) -> Bool {
        for (c, cat) in categories.enumerated() where !cat.fixedReach[i] {
            let picks = c < chosen.count ? chosen[c] : []
            if !picks.contains(where: { cat.coverSet($0).contains(Int32(i)) }) { return false }
        }
        return true
    }

    /// Whether every category could reach each point: by a fixed facility, or by one of its
    /// candidates when it has sites to place. Only these points can ever be complete.
    ///
    /// - Complexity: O(C · (points + members)).
    package func completable() -> [Bool] {
        var out = [Bool](repeating: true, count: pointCount)
        for cat in categories {
            var r = cat.fixedReach
            if cat.maxSites > 0 { for m in cat.coverMembers { r[Int(m)] = true } }
            for i in 0..<pointCount where !r[i] { out[i] = false }
        }
        return out
    }

    /// Whether each point is complete with the chosen candidates (indices per category) on top of the fixed facilities.
    ///
    /// - Complexity: O(C · (points + members of the chosen cover sets)).
    package func completeFlags(chosen: [[Int]]) -> [Bool] {
        var missing = [Int32](repeating: 0, count: pointCount)
        for (c, cat) in categories.enumerated() {
            var reached = cat.fixedReach
            for j in c < chosen.count ? chosen[c] : [] {
                for m in cat.coverSet(j) { reached[Int(m)] = true }
            }
            for i in 0..<pointCount where !reached[i] { missing[i] += 1 }
        }
        return missing.map { $0 == 0 }
    }

    /// The population complete with the chosen candidates (indices per category).
    package func completeWeight(chosen: [[Int]]) -> Double {
        var sum = 0.0
        for (i, whole) in completeFlags(chosen: chosen).enumerated() where whole { sum += weights[i] }
        return sum
    }

    /// The demand of category `c` reached with the chosen candidates (its coverage demand, or 0 without one).
    package func coveredDemand(_ c: Int, chosen: [Int]) -> Double {
        let cat = categories[c]
        guard let d = cat.coverageDemand else { return 0 }
        var reached = cat.fixedReach
        for j in chosen { for m in cat.coverSet(j) { reached[Int(m)] = true } }
        var sum = 0.0
        for i in 0..<pointCount where reached[i] { sum += d[i] }
        return sum
    }

    /// Whether the chosen candidates respect every category's site count and coverage requirement.
    package func isFeasible(chosen: [[Int]], tolerance: Double = 1e-9) -> Bool {
        for (c, cat) in categories.enumerated() {
            let picks = c < chosen.count ? chosen[c] : []
            guard picks.count <= cat.maxSites, Set(picks).count == picks.count,
                  picks.allSatisfy({ $0 >= 0 && $0 < cat.candidateCount }) else { return false }
            if cat.coverageDemand != nil, coveredDemand(c, chosen: picks) < cat.requiredDemand - tolerance * max(1, cat.requiredDemand) {
                return false
            }
        }
        return true
    }
}

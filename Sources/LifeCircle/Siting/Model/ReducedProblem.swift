/// The part of a `CoverageInstance` the solvers work on: demand points with weight > 0 that no
/// fixed facility covers and at least one candidate reaches, renumbered densely.
///
/// With `aggregate`, demand points that exactly the same candidates cover are merged into one
/// point carrying their summed weights (a "class"): every covering model treats them alike (any set
/// of sites covers all of them or none), so values, bounds and optima are unchanged while the cover
/// sets shrink (by how much on the samples: `Benchmarks/README.md`, *Siting*). Classes are
/// numbered in the order of their first original point, so the result is deterministic.
///
/// Candidates keep their indices; their cover sets are restricted to the kept points.
struct ReducedProblem: Sendable {
    /// Weight per kept demand point (class).
    var weights: [Double]
    /// Secondary weight per kept point (zeros when the instance has none).
    var secondary: [Double]
    /// CSR offsets into `originals`, per kept point.
    var originalOffsets: [Int]
    /// The original demand indices of each kept point, ascending within a point.
    var originals: [Int32]
    /// CSR offsets per candidate (same indexing as the instance).
    var offsets: [Int]
    /// CSR members (kept point indices, ascending).
    var members: [Int32]
    /// Number of candidates covering each kept point.
    var degree: [Int32]
    var totalDemand: Double
    var alreadyCoveredDemand: Double
    var unreachableDemand: Double
    /// Sum of all kept weights: the most the candidates can add.
    var reachableDemand: Double

    var candidateCount: Int { offsets.count - 1 }
    var pointCount: Int { weights.count }

    /// The original demand indices merged into kept point `i` (one unless aggregated).
    func originalPoints(_ i: Int) -> ArraySlice<Int32> {
        originals[originalOffsets[i] ..< originalOffsets[i + 1]]
    }

    /// Builds the reduced problem; `aggregate` merges points with identical coverers (the
    /// capacitated model credits demand per original point, so it keeps them apart).
    ///
    /// - Complexity: O(demand points + cover set members), hashing each point's coverer list once.
    init(_ instance: CoverageInstance, aggregate: Bool = true) {
        let n = instance.demandCount
        let m = instance.candidateCount
        // Coverers per demand point (candidates ascending); points fixed facilities cover need none.
        let coverers = PointCoverers(offsets: instance.coverOffsets, members: instance.coverMembers, pointCount: n,
                                     keeping: instance.alreadyCovered.map { !$0 })
        var classOf = [Int32](repeating: -1, count: n)
        var firstOfClass: [Int32] = []
        var classes: [CovererList: Int32] = [:]
        totalDemand = 0
        alreadyCoveredDemand = 0
        unreachableDemand = 0
        reachableDemand = 0
        var weightOf: [Double] = []
        var secondaryOf: [Double] = []
        var sizeOf: [Int] = []
        for i in 0 ..< n {
            let w = instance.demandWeights[i]
            totalDemand += w
            if instance.alreadyCovered[i] {
                alreadyCoveredDemand += w
            } else if coverers.count(of: i) == 0 {
                unreachableDemand += w
            } else if w > 0 {
                let key = CovererList(coverers.slice(of: i))
                let c: Int32
                if aggregate, let known = classes[key] {
                    c = known
                } else {
                    c = Int32(weightOf.count)
                    if aggregate { classes[key] = c }
                    firstOfClass.append(Int32(i))
                    weightOf.append(0)
                    secondaryOf.append(0)
                    sizeOf.append(0)
                }
                classOf[i] = c
                weightOf[Int(c)] += w
                secondaryOf[Int(c)] += instance.secondaryWeights?[i] ?? 0
                sizeOf[Int(c)] += 1
                reachableDemand += w
            }
        }
        weights = weightOf
        secondary = secondaryOf
        let k = weightOf.count
        originalOffsets = [0]
        originalOffsets.reserveCapacity(k + 1)
        for c in 0 ..< k { originalOffsets.append(originalOffsets[c] + sizeOf[c]) }
        var fill = originalOffsets
        originals = [Int32](repeating: 0, count: originalOffsets[k])
        for i in 0 ..< n where classOf[i] >= 0 {
            let c = Int(classOf[i])
            originals[fill[c]] = Int32(i)
            fill[c] += 1
        }
        // Cover sets per candidate, classes ascending: walk the classes in order and append each to
        // its coverers' lists (the first original point's coverers are the class's).
        degree = [Int32](repeating: 0, count: k)
        var sizes = [Int](repeating: 0, count: m + 1)
        for c in 0 ..< k {
            let i = Int(firstOfClass[c])
            degree[c] = Int32(coverers.count(of: i))
            for j in coverers.slice(of: i) { sizes[Int(j) + 1] += 1 }
        }
        for j in 0 ..< m { sizes[j + 1] += sizes[j] }
        offsets = sizes
        var place = sizes
        members = [Int32](repeating: 0, count: sizes[m])
        for c in 0 ..< k {
            let i = Int(firstOfClass[c])
            for coverer in coverers.slice(of: i) {
                let j = Int(coverer)
                members[place[j]] = Int32(c)
                place[j] += 1
            }
        }
        SitingInvariant.check("ReducedProblem(instance)", invariantViolation())
    }

    /// A bare problem from weights and cover sets (members ascending within each candidate), e.g. a
    /// branch-and-bound node's subproblem; the totals are the kept weight, `tolerance` the parent's.
    init(weights: [Double], offsets: [Int], members: [Int32], tolerance: Double) {
        self.weights = weights
        secondary = [Double](repeating: 0, count: weights.count)
        originalOffsets = Array(0 ... weights.count)
        originals = (0 ..< weights.count).map { Int32($0) }
        self.offsets = offsets
        self.members = members
        degree = [Int32](repeating: 0, count: weights.count)
        for m in members { degree[Int(m)] += 1 }
        reachableDemand = weights.reduce(0, +)
        // tolerance = toleranceShare · max(1, totalDemand): keep the parent's scale.
        totalDemand = max(reachableDemand, tolerance / Self.toleranceShare)
        alreadyCoveredDemand = 0
        unreachableDemand = totalDemand - reachableDemand
        SitingInvariant.check("ReducedProblem(weights:offsets:members:tolerance:)", invariantViolation())
    }

    /// The compact subproblem of the candidates `pool` (renumbered 0, 1, … in that order) over the
    /// points they reach with `counts[i] == 0` (nobody chosen covers them), with the original index
    /// of each of its points. `scratch` has one entry per point, all −1 on entry and on return.
    ///
    /// - Complexity: O(members of the pool · log).
    func subproblem(candidates pool: [Int], counts: [Int32], scratch: inout [Int32]) -> (problem: ReducedProblem, points: [Int]) {
        var points: [Int] = []
        var offsets = [0]
        var members: [Int32] = []
        for j in pool {
            for k in self.offsets[j] ..< self.offsets[j + 1] {
                let i = Int(self.members[k])
                guard counts[i] == 0 else { continue }
                if scratch[i] < 0 {
                    scratch[i] = Int32(points.count)
                    points.append(i)
                }
                members.append(scratch[i])
            }
            offsets.append(members.count)
        }
        for i in points { scratch[i] = -1 }
        for j in 0 ..< pool.count { members[offsets[j] ..< offsets[j + 1]].sort() }
        let sub = ReducedProblem(weights: points.map { weights[$0] }, offsets: offsets, members: members, tolerance: tolerance)
        return (sub, points)
    }

    /// Weight of the points of candidate `j` not yet covered.
    @inline(__always)
    func gain(_ j: Int, covered: [Bool]) -> Double {
        var sum = 0.0
        for k in offsets[j] ..< offsets[j + 1] {
            let i = Int(members[k])
            if !covered[i] { sum += weights[i] }
        }
        return sum
    }

    /// Weight of the points of candidate `j` whose cover count is zero.
    @inline(__always)
    func gain(_ j: Int, counts: [Int32]) -> Double {
        var sum = 0.0
        for k in offsets[j] ..< offsets[j + 1] {
            let i = Int(members[k])
            if counts[i] == 0 { sum += weights[i] }
        }
        return sum
    }

    /// Covered weight of a set of sites.
    ///
    /// - Complexity: O(points + members of the sites).
    func value(of sites: [Int]) -> Double {
        var covered = [Bool](repeating: false, count: pointCount)
        var sum = 0.0
        for j in sites {
            for k in offsets[j] ..< offsets[j + 1] {
                let i = Int(members[k])
                if !covered[i] {
                    covered[i] = true
                    sum += weights[i]
                }
            }
        }
        return sum
    }

    /// A tolerance for comparing sums of weights: ``toleranceShare`` of the total demand (at least 1).
    var tolerance: Double { Self.toleranceShare * max(1, totalDemand) }

    /// The share of the total demand below which two sums of weights count as equal.
    static let toleranceShare = 1e-9

    /// The first broken invariant, or nil: both CSR layouts (candidates → kept points, kept points →
    /// original points, ``CSRLayout``), one weight, secondary weight and degree per kept point, each
    /// weight finite and > 0, each kept point merged from at least one original point and covered by
    /// at least one candidate, `degree` the number of candidates covering each point, and the totals
    /// adding up (reachable = Σ weights; total = already covered + unreachable + reachable).
    ///
    /// - Complexity: O(points + members + originals).
    func invariantViolation() -> String? {
        let n = pointCount
        guard secondary.count == n, degree.count == n else {
            return "\(n) weights, \(secondary.count) secondary weights, \(degree.count) degrees"
        }
        if let broken = CSRLayout.violation(offsets: offsets, entries: members, rows: candidateCount, columns: n) {
            return "cover sets: \(broken)"
        }
        if let broken = CSRLayout.violation(offsets: originalOffsets, entries: originals, rows: n, columns: Int(Int32.max)) {
            return "original points: \(broken)"
        }
        var counted = [Int32](repeating: 0, count: n)
        for m in members { counted[Int(m)] += 1 }
        for i in 0 ..< n {
            guard weights[i].isFinite && weights[i] > 0 else { return "point \(i): weight \(weights[i]) is not finite and > 0" }
            guard originalOffsets[i + 1] > originalOffsets[i] else { return "point \(i): no original point" }
            guard counted[i] > 0 else { return "point \(i): no candidate covers it" }
            guard degree[i] == counted[i] else { return "point \(i): degree \(degree[i]), but \(counted[i]) candidates cover it" }
        }
        let sum = weights.reduce(0, +)
        guard abs(sum - reachableDemand) <= tolerance else {
            return "reachable demand \(reachableDemand), but the weights add up to \(sum)"
        }
        let parts = alreadyCoveredDemand + unreachableDemand + reachableDemand
        guard min(alreadyCoveredDemand, unreachableDemand) >= -tolerance, abs(parts - totalDemand) <= tolerance else {
            return "total demand \(totalDemand) ≠ already covered \(alreadyCoveredDemand) + unreachable \(unreachableDemand) + reachable \(reachableDemand)"
        }
        return nil
    }
}

/// A point's coverer list as a dictionary key: hashed once, up front, with a cheap mix of its
/// entries, so that a look-up feeds the hasher one word instead of every entry.
private struct CovererList: Hashable {
    let entries: ArraySlice<Int32>
    let mixed: UInt64

    init(_ entries: ArraySlice<Int32>) {
        self.entries = entries
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(entries.count)
        for e in entries { h = (h ^ UInt64(UInt32(bitPattern: e))) &* 0x100_0000_01B3 &+ (h >> 29) }
        mixed = h
    }

    static func == (a: CovererList, b: CovererList) -> Bool { a.mixed == b.mixed && a.entries == b.entries }

    func hash(into hasher: inout Hasher) { hasher.combine(mixed) }
}

/// The part of a `CoverageInstance` the solvers work on: demand points with weight > 0 that no
/// fixed facility covers and at least one candidate reaches, renumbered densely.
///
/// Candidates keep their indices; their cover sets are restricted to the kept points.
struct ReducedProblem: Sendable {
    /// Weight per kept demand point.
    var weights: [Double]
    /// Secondary weight per kept point (zeros when the instance has none).
    var secondary: [Double]
    /// Original demand index per kept point.
    var original: [Int32]
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

    /// Builds the reduced problem.
    ///
    /// - Complexity: O(demand points + cover set members).
    init(_ instance: CoverageInstance) {
        let n = instance.demandCount
        var reached = [Bool](repeating: false, count: n)
        for member in instance.coverMembers { reached[Int(member)] = true }
        var newIndex = [Int32](repeating: -1, count: n)
        weights = []
        secondary = []
        original = []
        totalDemand = 0
        alreadyCoveredDemand = 0
        unreachableDemand = 0
        reachableDemand = 0
        for i in 0 ..< n {
            let w = instance.demandWeights[i]
            totalDemand += w
            if instance.alreadyCovered[i] {
                alreadyCoveredDemand += w
            } else if !reached[i] {
                unreachableDemand += w
            } else if w > 0 {
                newIndex[i] = Int32(weights.count)
                weights.append(w)
                secondary.append(instance.secondaryWeights?[i] ?? 0)
                original.append(Int32(i))
                reachableDemand += w
            }
        }
        offsets = [0]
        offsets.reserveCapacity(instance.candidateCount + 1)
        members = []
        degree = [Int32](repeating: 0, count: weights.count)
        for j in 0 ..< instance.candidateCount {
            for member in instance.coverSet(j) {
                let k = newIndex[Int(member)]
                if k >= 0 {
                    members.append(k)
                    degree[Int(k)] += 1
                }
            }
            offsets.append(members.count)
        }
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

    /// A tolerance for comparing sums of weights.
    var tolerance: Double { 1e-9 * max(1, totalDemand) }
}

/// For each kept demand point, the candidates covering it (the cover sets turned around), in CSR
/// form, candidates ascending.
struct PointCoverers: Sendable {
    private let offsets: [Int]
    private let items: [Int32]

    /// - Complexity: O(points + members).
    init(_ p: ReducedProblem) {
        var start = [Int](repeating: 0, count: p.pointCount + 1)
        for m in p.members { start[Int(m) + 1] += 1 }
        for i in 0 ..< p.pointCount { start[i + 1] += start[i] }
        var cursor = start
        var out = [Int32](repeating: 0, count: p.members.count)
        for j in 0 ..< p.candidateCount {
            for k in p.offsets[j] ..< p.offsets[j + 1] {
                let i = Int(p.members[k])
                out[cursor[i]] = Int32(j)
                cursor[i] += 1
            }
        }
        offsets = start
        items = out
    }

    /// The candidates covering point `i`.
    func candidates(of i: Int) -> LazyMapSequence<ArraySlice<Int32>, Int> {
        items[offsets[i] ..< offsets[i + 1]].lazy.map { Int($0) }
    }
}

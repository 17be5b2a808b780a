import HeapModule

/// Greedy maximal covering when each new site may be credited with at most `capacity` demand.
///
/// The model (divisible demand, as in a transportation problem): each demand point's weight may be
/// split among chosen sites that cover it; a site is credited with the demand assigned to it, at
/// most `capacity`; the objective is the total credited demand. Demand nobody is assigned to stays
/// uncovered and may be served by a later site.
///
/// The greedy adds the site with the largest marginal gain min(capacity, Σ residual weight it covers);
/// among equal gains (common when demand far exceeds capacity) the site reaching the most residual
/// demand, then the lower index, so that sites go where the unserved demand is largest. A chosen site draws its demand from the points fewest candidates cover
/// first (then by index), so shared demand stays for other sites. Marginal gains only shrink, so
/// the lazy max-heap is exact.
///
/// Upper bound: min(N · capacity, sum of the N largest min(capacity, cover weight), the
/// uncapacitated bound) — each is at least the capacitated optimum. No exact phase: the answer is
/// proven optimal only when that bound meets it.
struct CapacitatedGreedy {
    /// One chosen site: candidate, credited gain, and the points it draws from with the amounts.
    struct Pick {
        var candidate: Int
        var gain: Double
        var points: [Int32]
        var amounts: [Double]
    }

    /// Runs the greedy up to `count` sites or until the credited total reaches `stopAt`.
    ///
    /// - Complexity: O(members · log) for the heap plus O(s log s) per chosen site of size s.
    static func run(_ p: ReducedProblem, capacity: Double, count: Int, stopAt: Double = .infinity) -> [Pick] {
        var residual = p.weights
        func reach(_ j: Int) -> Double {
            var sum = 0.0
            for k in p.offsets[j] ..< p.offsets[j + 1] { sum += residual[Int(p.members[k])] }
            return sum
        }
        var entries: [CapacityEntry] = []
        for j in 0 ..< p.candidateCount {
            let r = reach(j)
            if r > 0 { entries.append(CapacityEntry(gain: min(capacity, r), reach: r, candidate: Int32(j), round: 0)) }
        }
        var heap = Heap(entries)
        var picks: [Pick] = []
        var total = 0.0
        var round: Int32 = 0
        let tol = p.tolerance
        while picks.count < count, total < stopAt - tol, let top = heap.popMax() {
            let j = Int(top.candidate)
            if top.round != round {
                let r = reach(j)
                let g = min(capacity, r)
                if g > tol * 1e-3 { heap.insert(CapacityEntry(gain: g, reach: r, candidate: top.candidate, round: round)) }
                continue
            }
            var points = (p.offsets[j] ..< p.offsets[j + 1]).map { p.members[$0] }
                .filter { residual[Int($0)] > 0 }
            points.sort { p.degree[Int($0)] < p.degree[Int($1)] || (p.degree[Int($0)] == p.degree[Int($1)] && $0 < $1) }
            var left = capacity
            var taken: [(Int32, Double)] = []
            var credited = 0.0
            for point in points where left > 0 {
                let amount = min(left, residual[Int(point)])
                residual[Int(point)] -= amount
                if residual[Int(point)] < tol * 1e-6 { residual[Int(point)] = 0 }
                left -= amount
                credited += amount
                taken.append((point, amount))
            }
            taken.sort { $0.0 < $1.0 }
            picks.append(Pick(candidate: j, gain: credited, points: taken.map(\.0), amounts: taken.map(\.1)))
            total += credited
            round += 1
        }
        return picks
    }

    /// The upper bound on the capacitated optimum with `count` sites, given an uncapacitated bound.
    static func bound(_ p: ReducedProblem, capacity: Double, count: Int, uncapacitatedBound: Double) -> Double {
        var singles: [Double] = []
        for j in 0 ..< p.candidateCount {
            var sum = 0.0
            for k in p.offsets[j] ..< p.offsets[j + 1] { sum += p.weights[Int(p.members[k])] }
            singles.append(min(capacity, sum))
        }
        singles.sort(by: >)
        let top = singles.prefix(count).reduce(0, +)
        return min(Double(count) * capacity, top, uncapacitatedBound)
    }
}

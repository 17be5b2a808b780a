/// A choice of sites per category with what it reaches, kept up to date one site at a time: per
/// category and point how many chosen sites (the fixed facilities count as one) reach it, per point
/// how many categories miss it, the complete population and each category's covered demand.
struct JointState: Sendable {
    let problem: JointProblem
    /// reach[c][i]: fixed (1) plus chosen sites of category c reaching point i.
    var reach: [[Int32]]
    /// Categories that reach no point i.
    var missing: [Int32]
    /// Chosen flags per category and candidate, and the chosen candidates in the order added.
    var isChosen: [[Bool]]
    var chosen: [[Int]]
    /// Population of complete points.
    var value: Double
    /// Covered coverage-demand per category (0 for categories without a coverage requirement).
    var covered: [Double]
    /// Per category, the candidates that can matter: all of them with a coverage requirement,
    /// else those reaching a point with population that the fixed facilities leave incomplete and
    /// that every category could reach.
    let useful: [[Int]]
    /// With a street floor: each point's street (−1: none), the floor population per street, the
    /// complete population per street, and Σ_s min(floor_s, complete_s).
    let street: [Int32]
    let floorTarget: [Double]
    var streetComplete: [Double]
    var floorSum: Double
    /// The weight of the floor in the score: more than the whole population, so any progress
    /// towards the floors outweighs any change in the total.
    let penalty: Double

    /// What the search maximises: the complete population, plus, with a street floor, the penalty
    /// times the floor population reached (Σ_s min(floor_s, complete_s)).
    var score: Double { value + penalty * floorSum }

    /// The state with no site chosen (only the fixed facilities).
    ///
    /// - Complexity: O(C · points).
    init(_ problem: JointProblem) {
        self.problem = problem
        let n = problem.pointCount
        reach = problem.categories.map { c in c.fixedReach.map { $0 ? 1 : 0 } }
        missing = [Int32](repeating: 0, count: n)
        covered = []
        for c in problem.categories {
            var sum = 0.0
            for i in 0..<n {
                if !c.fixedReach[i] { missing[i] += 1 } else if let d = c.coverageDemand { sum += d[i] }
            }
            covered.append(sum)
        }
        isChosen = problem.categories.map { [Bool](repeating: false, count: $0.candidateCount) }
        chosen = problem.categories.map { _ in [] }
        var v = 0.0
        for i in 0..<n where missing[i] == 0 { v += problem.weights[i] }
        value = v
        var open = problem.completable()
        for i in 0..<n where missing[i] == 0 || problem.weights[i] <= 0 { open[i] = false }
        if let floor = problem.streetFloor, let streets = problem.streets {
            let count = (streets.compactMap { $0 }.max() ?? -1) + 1
            street = streets.map { Int32($0 ?? -1) }
            var pop = [Double](repeating: 0, count: count), done = [Double](repeating: 0, count: count)
            for i in 0..<n where street[i] >= 0 {
                pop[Int(street[i])] += problem.weights[i]
                if missing[i] == 0 { done[Int(street[i])] += problem.weights[i] }
            }
            floorTarget = pop.map { $0 * floor }
            streetComplete = done
            floorSum = zip(floorTarget, done).reduce(0) { $0 + min($1.0, $1.1) }
            penalty = problem.weights.reduce(0, +) + 1
        } else {
            street = []
            floorTarget = []
            streetComplete = []
            floorSum = 0
            penalty = 0
        }
        useful = problem.categories.map { c in
            (0..<c.candidateCount).filter { j in c.coverageDemand != nil || c.coverSet(j).contains { open[Int($0)] } }
        }
    }

    /// Adds candidate `j` to category `c`.
    ///
    /// - Complexity: O(|cover set|).
    mutating func add(_ c: Int, _ j: Int) {
        let cat = problem.categories[c]
        isChosen[c][j] = true
        chosen[c].append(j)
        for m in cat.coverSet(j) {
            let i = Int(m)
            reach[c][i] += 1
            if reach[c][i] == 1 {
                missing[i] -= 1
                if missing[i] == 0 {
                    value += problem.weights[i]
                    if !street.isEmpty { moveStreet(i, by: problem.weights[i]) }
                }
                if let d = cat.coverageDemand { covered[c] += d[i] }
            }
        }
    }

    /// Removes candidate `j` from category `c`.
    ///
    /// - Complexity: O(|cover set| + sites of c).
    mutating func remove(_ c: Int, _ j: Int) {
        let cat = problem.categories[c]
        isChosen[c][j] = false
        chosen[c].removeAll { $0 == j }
        for m in cat.coverSet(j) {
            let i = Int(m)
            reach[c][i] -= 1
            if reach[c][i] == 0 {
                if missing[i] == 0 {
                    value -= problem.weights[i]
                    if !street.isEmpty { moveStreet(i, by: -problem.weights[i]) }
                }
                missing[i] += 1
                if let d = cat.coverageDemand { covered[c] -= d[i] }
            }
        }
    }

    /// Point i's street's complete population changes by `w`.
    private mutating func moveStreet(_ i: Int, by w: Double) {
        let s = Int(street[i])
        guard s >= 0 else { return }
        let old = min(floorTarget[s], streetComplete[s])
        streetComplete[s] += w
        floorSum += min(floorTarget[s], streetComplete[s]) - old
    }

    /// What adding candidate `j` to category `c` would add: complete population, covered demand,
    /// and score (the complete population, plus the penalty times the floor population it adds).
    ///
    /// - Complexity: O(|cover set|) (plus the streets with a floor).
    func gain(_ c: Int, _ j: Int) -> (complete: Double, demand: Double, score: Double) {
        let cat = problem.categories[c]
        var w = 0.0, d = 0.0
        var perStreet: [Int: Double] = [:]
        for m in cat.coverSet(j) {
            let i = Int(m)
            guard reach[c][i] == 0 else { continue }
            if missing[i] == 1 {
                w += problem.weights[i]
                if !street.isEmpty, street[i] >= 0 { perStreet[Int(street[i]), default: 0] += problem.weights[i] }
            }
            if let dd = cat.coverageDemand { d += dd[i] }
        }
        var floor = 0.0
        for (s, add) in perStreet { floor += min(floorTarget[s], streetComplete[s] + add) - min(floorTarget[s], streetComplete[s]) }
        return (w, d, w + penalty * floor)
    }

    /// Whether category `c` meets its coverage requirement (always true without one).
    func meetsRequirement(_ c: Int, tolerance: Double) -> Bool {
        let cat = problem.categories[c]
        guard cat.coverageDemand != nil else { return true }
        return covered[c] >= cat.requiredDemand - tolerance
    }

    /// Whether candidate `j` of category `c` reaches point `i` (binary search in its cover set).
    func reaches(_ c: Int, _ j: Int, _ i: Int32) -> Bool {
        let set = problem.categories[c].coverSet(j)
        var lo = set.startIndex, hi = set.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if set[mid] < i { lo = mid + 1 } else { hi = mid }
        }
        return lo < set.endIndex && set[lo] == i
    }

    /// The chosen candidates per category, ascending.
    var sortedChoice: [[Int]] { chosen.map { $0.sorted() } }
}

/// Depth-first branch and bound for ``JointProblem``, stopped by a node budget (the same answer on
/// every machine).
///
/// Variables are the (category, candidate) pairs, grouped by category and, within one, by falling
/// potential at the root (ties by candidate index). At each node:
/// - *possible*: a category may still reach point i when a chosen or fixed site reaches it, or when
///   it has sites left and an undecided candidate reaches i; only points every category may still
///   reach can end complete;
/// - bound = min(B₀, B_c for each category): B₀ is the population of the points every category
///   may still reach; B_c is the population of those already reached by c plus the r_c largest
///   potentials of c's undecided candidates (their population among those points that c does not
///   yet reach), r_c being the sites c has left. Each is an upper bound on any completion;
/// - a category with a coverage requirement whose covered demand plus its r_c largest undecided
///   demand gains falls short is infeasible: the node is pruned;
/// - the node's own choice is a solution when every requirement holds (adding sites never lowers
///   completeness, so "at most" site counts lose nothing).
/// Branch: include the next candidate with a positive potential first, then exclude it.
///
/// The objective is lexicographic, (primary, complete population), the primary key being
/// - ``Objective/total``: none (0), the complete population alone;
/// - ``Objective/floor`` (the problem has a street floor): the floor population reached,
///   Σ_s min(floor · W_s, complete population of s), bounded by Σ_s min(floor · W_s, population of s
///   every category may still reach);
/// - ``Objective/maxMin`` (the problem's street floor is 1, so the state keeps W_s): the lowest
///   complete share min_s complete_s / W_s over the populated streets, bounded by the lowest share
///   of each street's population every category may still reach.
/// A node is pruned when its primary bound is below the incumbent's primary, or equal to it with a
/// population bound not above the incumbent's population.
struct JointBranchAndBound {
    /// What the search ranks choices by, before the complete population.
    enum Objective: Sendable { case total, floor, maxMin }

    let problem: JointProblem
    let nodeBudget: Int
    let tolerance: Double
    let objective: Objective
    /// Tolerance on the primary key (population for a floor, a share for max-min).
    private let primaryTolerance: Double
    /// Variables grouped by category: category of each, candidate of each; `range[c]` their span.
    private var varCategory: [Int] = []
    private var varCandidate: [Int] = []
    private var range: [Range<Int>] = []
    private(set) var nodes = 0
    private(set) var budgetHit = false
    private(set) var bestValue: Double?
    private(set) var bestPrimary = -Double.infinity
    private(set) var bestChoice: [[Int]]?
    // Scratch per node.
    private var possible: [[Bool]]
    private var allPossible: [Bool]

    /// - Parameter maxMin: rank by the lowest street share first (the problem must have a street
    ///   floor of 1); otherwise by the floor population when the problem has a floor.
    init(problem: JointProblem, nodeBudget: Int, tolerance: Double, maxMin: Bool = false) {
        self.problem = problem
        self.nodeBudget = nodeBudget
        self.tolerance = tolerance
        objective = maxMin ? .maxMin : problem.streetFloor == nil ? .total : .floor
        primaryTolerance = maxMin ? 1e-12 : tolerance
        possible = problem.categories.map { _ in [Bool](repeating: false, count: problem.pointCount) }
        allPossible = [Bool](repeating: false, count: problem.pointCount)
        let root = JointState(problem)
        computePossible(root, from: 0, ranges: nil)
        for (c, cat) in problem.categories.enumerated() {
            let lo = varCategory.count
            var order: [(j: Int, potential: Double)] = []
            for j in 0..<cat.candidateCount {
                let w: Double = potential(root, c, j)
                if w > 0 || cat.coverageDemand != nil { order.append((j, w)) }
            }
            order.sort { a, b in a.potential > b.potential || (a.potential == b.potential && a.j < b.j) }
            for (j, _) in order where cat.maxSites > 0 {
                varCategory.append(c)
                varCandidate.append(j)
            }
            range.append(lo..<varCategory.count)
        }
    }

    /// Number of variables the search branches on.
    var variableCount: Int { varCategory.count }

    /// The bound at the root (no site decided).
    mutating func rootBound() -> Double {
        let s = JointState(problem)
        return bound(s, from: 0).bound
    }

    /// Searches from the empty choice; `incumbent` (a choice meeting every requirement) prunes from
    /// the start. Returns whether the search finished within the node budget (then `bestChoice` is
    /// optimal, or nil when no choice meets every requirement).
    mutating func run(incumbent: [[Int]]?) -> Bool {
        if let incumbent {
            var s = JointState(problem)
            for (c, picks) in incumbent.enumerated() { for j in picks { s.add(c, j) } }
            bestValue = s.value
            bestPrimary = primary(s)
            bestChoice = incumbent
        }
        var s = JointState(problem)
        visit(&s, from: 0)
        return !budgetHit
    }

    /// The primary key of a choice (see ``Objective``).
    private func primary(_ s: JointState) -> Double {
        switch objective {
        case .total: return 0
        case .floor: return s.floorSum
        case .maxMin:
            var low = 1.0
            for (s0, w) in s.floorTarget.enumerated() where w > 0 { low = min(low, s.streetComplete[s0] / w) }
            return low
        }
    }

    /// Whether (primary, value) beats the incumbent.
    private func better(_ p: Double, _ value: Double) -> Bool {
        guard let best = bestValue else { return true }
        if p > bestPrimary + primaryTolerance { return true }
        return p >= bestPrimary - primaryTolerance && value > best + tolerance
    }

    private mutating func visit(_ s: inout JointState, from v: Int) {
        nodes += 1
        if nodes > nodeBudget { budgetHit = true; return }
        let (b, feasible) = bound(s, from: v)
        guard feasible else { return }
        let meets = problem.categories.indices.allSatisfy { s.meetsRequirement($0, tolerance: tolerance) }
        if meets, better(primary(s), s.value) {
            bestValue = s.value
            bestPrimary = primary(s)
            bestChoice = s.sortedChoice
        }
        if let best = bestValue {
            let pb = primaryBound(s)
            if pb < bestPrimary - primaryTolerance || (pb <= bestPrimary + primaryTolerance && b <= best + tolerance) { return }
        }
        // The next variable whose category has sites left and that could still add something.
        var k = v
        while k < varCategory.count {
            let c = varCategory[k]
            if s.chosen[c].count >= problem.categories[c].maxSites { k = range[c].upperBound; continue }
            if potential(s, c, varCandidate[k]) > 0 { break }
            k += 1
        }
        guard k < varCategory.count else { return }
        let c = varCategory[k], j = varCandidate[k]
        s.add(c, j)
        visit(&s, from: k + 1)
        s.remove(c, j)
        if budgetHit { return }
        visit(&s, from: k + 1)
    }

    /// What candidate j of c could still contribute: population among points every category may
    /// still reach that c does not reach yet, plus c's coverage demand it would add.
    private func potential(_ s: JointState, _ c: Int, _ j: Int) -> Double {
        let cat = problem.categories[c]
        var w = 0.0
        for m in cat.coverSet(j) {
            let i = Int(m)
            guard s.reach[c][i] == 0 else { continue }
            if allPossible[i] { w += problem.weights[i] }
            if let d = cat.coverageDemand { w += d[i] }
        }
        return w
    }

    /// Marks, per category, the points it may still reach, and the points all may reach.
    private mutating func computePossible(_ s: JointState, from v: Int, ranges: [Range<Int>]?) {
        let n = problem.pointCount
        for (c, cat) in problem.categories.enumerated() {
            for i in 0..<n { possible[c][i] = s.reach[c][i] > 0 }
            if let ranges {
                guard s.chosen[c].count < cat.maxSites else { continue }
                for k in max(ranges[c].lowerBound, v)..<max(ranges[c].upperBound, max(ranges[c].lowerBound, v)) {
                    for m in cat.coverSet(varCandidate[k]) { possible[c][Int(m)] = true }
                }
            } else if cat.maxSites > 0 {
                for m in cat.coverMembers { possible[c][Int(m)] = true }
            }
        }
        for i in 0..<n { allPossible[i] = problem.categories.indices.allSatisfy { possible[$0][i] } }
    }

    /// The bound on the primary key of any completion (after ``bound(_:from:)`` marked the points
    /// every category may still reach).
    ///
    /// - Complexity: O(points + streets).
    private func primaryBound(_ s: JointState) -> Double {
        guard objective != .total else { return 0 }
        var possible = [Double](repeating: 0, count: s.floorTarget.count)
        for i in 0..<problem.pointCount where allPossible[i] && s.street[i] >= 0 { possible[Int(s.street[i])] += problem.weights[i] }
        if objective == .floor {
            var sum = 0.0
            for (t, w) in zip(s.floorTarget, possible) { sum += min(t, w) }
            return sum
        }
        var low = 1.0
        for (t, w) in zip(s.floorTarget, possible) where t > 0 { low = min(low, w / t) }
        return low
    }

    /// The node's upper bound and whether every coverage requirement can still be met.
    ///
    /// - Complexity: O(C · points + members of the undecided cover sets).
    private mutating func bound(_ s: JointState, from v: Int) -> (bound: Double, feasible: Bool) {
        computePossible(s, from: v, ranges: range)
        let n = problem.pointCount
        var b0 = 0.0
        for i in 0..<n where allPossible[i] { b0 += problem.weights[i] }
        var best = b0
        for (c, cat) in problem.categories.enumerated() {
            let left = max(0, cat.maxSites - s.chosen[c].count)
            var base = 0.0
            for i in 0..<n where allPossible[i] && s.reach[c][i] > 0 { base += problem.weights[i] }
            var gains: [Double] = [], demand: [Double] = []
            if left > 0 {
                let lo = max(range[c].lowerBound, v)
                for k in lo..<max(lo, range[c].upperBound) {
                    var w = 0.0, d = 0.0
                    for m in cat.coverSet(varCandidate[k]) {
                        let i = Int(m)
                        guard s.reach[c][i] == 0 else { continue }
                        if allPossible[i] { w += problem.weights[i] }
                        if let dd = cat.coverageDemand { d += dd[i] }
                    }
                    gains.append(w)
                    demand.append(d)
                }
            }
            best = min(best, base + Self.topSum(gains, left))
            if cat.coverageDemand != nil, s.covered[c] + Self.topSum(demand, left) < cat.requiredDemand - tolerance {
                return (best, false)
            }
        }
        return (best, true)
    }

    /// The sum of the `k` largest values.
    static func topSum(_ values: [Double], _ k: Int) -> Double {
        guard k > 0, !values.isEmpty else { return 0 }
        if k >= values.count { return values.reduce(0, +) }
        return values.sorted(by: >).prefix(k).reduce(0, +)
    }
}

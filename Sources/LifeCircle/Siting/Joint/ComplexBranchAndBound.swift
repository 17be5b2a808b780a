/// Depth-first branch and bound for ``ComplexProblem``, stopped by a node budget (the same answer
/// on every machine).
///
/// Variables are the sites that can matter (their potential at the root is positive), by falling
/// potential (ties by index). At each node, *possible* marks per category the points reached by a
/// fixed facility, an open site, or (with sites left) an undecided site hosting the category; only
/// points every category may reach can end complete. Bound: min(B₀, value + the r largest
/// potentials of the undecided sites), B₀ the population of those points, a site's potential the
/// population among them, not complete yet, that it reaches in a category missing it, r the sites
/// left. Branch: open the next site with a positive potential first, then leave it closed.
struct ComplexBranchAndBound {
    let problem: ComplexProblem
    let nodeBudget: Int
    let tolerance: Double
    /// The sites searched, by falling root potential.
    private(set) var order: [Int] = []
    private(set) var nodes = 0
    private(set) var budgetHit = false
    private(set) var bestValue: Double?
    private(set) var bestSites: [Int]?
    // Scratch.
    private var possible: [[Bool]]
    private var allPossible: [Bool]
    private var stamp: [Int]
    private var stampNow = 0

    init(problem: ComplexProblem, nodeBudget: Int, tolerance: Double) {
        self.problem = problem
        self.nodeBudget = nodeBudget
        self.tolerance = tolerance
        let n = problem.joint.pointCount
        possible = problem.joint.categories.map { _ in [Bool](repeating: false, count: n) }
        allPossible = [Bool](repeating: false, count: n)
        stamp = [Int](repeating: 0, count: n)
        let root = JointState(problem.joint)
        order = Array(0..<problem.siteCount)
        markPossible(root, from: 0, left: problem.count)
        let potentials = order.map { potential(root, $0) }
        order = order.filter { potentials[$0] > 0 }
            .sorted { potentials[$0] > potentials[$1] || (potentials[$0] == potentials[$1] && $0 < $1) }
    }

    /// Fixing: leaves out of the search every site that cannot be part of a choice better than
    /// `incumbent`: the root value plus its potential plus the N − 1 largest other potentials is not
    /// above it (the node bound of any choice containing the site). Returns how many were left out.
    ///
    /// - Complexity: O(C · points + Σ members + sites · log sites).
    mutating func fix(incumbent: Double) -> Int {
        let root = JointState(problem.joint)
        markPossible(root, from: 0, left: problem.count)
        let potentials = order.map { potential(root, $0) }
        let top = potentials.sorted(by: >).prefix(problem.count)
        let kept = order.indices.filter { k in
            // The N − 1 largest potentials other than this site's.
            var others = top.reduce(0, +), taken = false
            if let last = top.last, potentials[k] >= last { others -= potentials[k]; taken = true }
            if !taken, let last = top.last { others -= last }
            return root.value + potentials[k] + others > incumbent + tolerance
        }
        let dropped = order.count - kept.count
        order = kept.map { order[$0] }
        return dropped
    }

    /// The bound with no site decided.
    mutating func rootBound() -> Double {
        let s = JointState(problem.joint)
        return bound(s, from: 0, left: problem.count).bound
    }

    /// Searches from no site open; `incumbent` prunes from the start. Returns whether the search
    /// finished within the node budget (then `bestSites` is optimal).
    mutating func run(incumbent: [Int]?) -> Bool {
        if let incumbent {
            bestSites = incumbent.sorted()
            bestValue = problem.completeWeight(sites: incumbent)
        }
        var s = JointState(problem.joint)
        var open: [Int] = []
        visit(&s, &open, from: 0)
        return !budgetHit
    }

    private mutating func visit(_ s: inout JointState, _ open: inout [Int], from v: Int) {
        nodes += 1
        if nodes > nodeBudget { budgetHit = true; return }
        if bestValue.map({ s.value > $0 + tolerance }) ?? true {
            bestValue = s.value
            bestSites = open.sorted()
        }
        let left = problem.count - open.count
        guard left > 0, v < order.count else { return }
        let (b, potentials) = bound(s, from: v, left: left)
        if let best = bestValue, b <= best + tolerance { return }
        guard let k = potentials.firstIndex(where: { $0 > 0 }) else { return }
        let l = order[v + k]
        ComplexSolver.open(&s, problem, l)
        open.append(l)
        visit(&s, &open, from: v + k + 1)
        open.removeLast()
        ComplexSolver.close(&s, problem, l)
        if budgetHit { return }
        visit(&s, &open, from: v + k + 1)
    }

    /// Marks per category the points it may still reach (with the sites `order[v...]` undecided
    /// when `left` > 0), and the points every category may reach.
    private mutating func markPossible(_ s: JointState, from v: Int, left: Int) {
        let n = problem.joint.pointCount
        for c in problem.joint.categories.indices {
            for i in 0..<n { possible[c][i] = s.reach[c][i] > 0 }
        }
        if left > 0 {
            for l in order[v...] {
                for h in problem.hosts[l] {
                    for m in problem.joint.categories[h.category].coverSet(h.candidate) { possible[h.category][Int(m)] = true }
                }
            }
        }
        for i in 0..<n { allPossible[i] = possible.allSatisfy { $0[i] } }
    }

    /// Site l's population among the points every category may reach, not complete yet, that it
    /// reaches in a category missing them (each point once).
    private mutating func potential(_ s: JointState, _ l: Int) -> Double {
        stampNow += 1
        var w = 0.0
        for h in problem.hosts[l] {
            for m in problem.joint.categories[h.category].coverSet(h.candidate) {
                let i = Int(m)
                guard s.reach[h.category][i] == 0, allPossible[i], stamp[i] != stampNow else { continue }
                stamp[i] = stampNow
                w += problem.joint.weights[i]
            }
        }
        return w
    }

    /// The node's bound and the potentials of `order[v...]`.
    ///
    /// - Complexity: O(C · points + members of the undecided sites).
    private mutating func bound(_ s: JointState, from v: Int, left: Int) -> (bound: Double, potentials: [Double]) {
        markPossible(s, from: v, left: left)
        var b0 = 0.0
        for i in 0..<problem.joint.pointCount where allPossible[i] { b0 += problem.joint.weights[i] }
        var potentials: [Double] = []
        potentials.reserveCapacity(order.count - v)
        for l in order[v...] { potentials.append(potential(s, l)) }
        return (min(b0, s.value + JointBranchAndBound.topSum(potentials, left)), potentials)
    }
}

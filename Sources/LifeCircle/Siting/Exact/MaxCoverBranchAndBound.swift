/// Exact uncapacitated maximal covering by depth-first branch and bound.
///
/// Before branching: candidates are fixed in or out with the Lagrangian bound (a candidate outside
/// the Lagrangian's top N whose forced inclusion bounds the value below the threshold is dropped; one
/// inside whose exclusion does so is forced), and a free candidate whose cover set lies inside
/// another's (ties: the lower index survives) is dropped, which loses no optimum.
/// Each node bounds its subtree by the smaller of f(S) + the sum of the `slots` largest marginal
/// gains Δ(j | S) among its free candidates (valid because coverage is submodular) and the
/// Lagrangian bound of the node's subproblem at the root's best λ: f(S) + Σ_{i uncovered} (wᵢ − λᵢ)
/// + the `slots` largest Σ_{i ∈ Sⱼ uncovered} λᵢ (valid for any 0 ≤ λ ≤ w). It branches on the candidate of
/// largest gain (include first, then exclude) and drops candidates whose gain became zero.
/// At every node the Lagrangian bound also fixes free candidates (out when including one would
/// pull the bound below the threshold, in when excluding one would).
///
/// Nodes up to `refineDepth` deep re-optimise λ for their own subproblem (free candidates, the
/// points no chosen site covers, the slots left) with ``SmoothedDual``, starting from the parent's
/// λ; the subtree then bounds and fixes with it. That node bound is close to the node's LP bound,
/// which the root λ is not once a few sites are fixed, so it cuts the tree by orders of magnitude
/// on large instances (figures in `Benchmarks/README.md`, *Siting*).
struct MaxCoverBranchAndBound {
    /// The outcome of a search.
    struct Outcome {
        /// The best solution found whose value reached the threshold, if any.
        var sites: [Int]?
        var value: Double
        /// True when the search space was exhausted (so `sites == nil` proves none reaches it).
        var finished: Bool
        var nodes: Int
        /// Free candidates branched over (after fixing and dominance); nil when over the limit.
        var freeCandidates: Int?
        /// Free candidates left by the Lagrangian fixing (before dominance), also over the limit.
        var unfixedCandidates = 0
    }

    private let p: ReducedProblem
    private var counts: [Int32]
    private var current: [Int] = []
    private var threshold: Double
    private let stopAtFirst: Bool
    private let deadline: ContinuousClock.Instant
    private let nodeBudget: Int
    private var best: [Int]?
    private var bestValue = -Double.infinity
    private var timedOut = false
    private var done = false
    private var nodes = 0
    /// λ for the node bound (zeros without a Lagrangian: then its bound is never the smaller).
    private var lambda: [Double]
    private let useLambda: Bool
    /// Nodes up to this depth re-optimise λ for their subtree with ``SmoothedDual`` (0: never).
    private var refineDepth = 0
    /// Smoothed-dual evaluations per re-optimised node.
    private var refineEvaluations = Self.refineEvaluations
    private var depth = 0
    /// Σ (wᵢ − λᵢ) over points not covered by the current sites.
    private var slack: Double
    /// Per point, −1 between uses: the local numbering ``ReducedProblem/subproblem(candidates:counts:scratch:)`` needs.
    private var scratch: [Int32] = []

    private init(
        _ p: ReducedProblem, threshold: Double, stopAtFirst: Bool, deadline: ContinuousClock.Instant,
        nodeBudget: Int?, lambda: [Double]?
    ) {
        self.nodeBudget = nodeBudget ?? Int.max
        self.p = p
        self.lambda = lambda ?? [Double](repeating: 0, count: p.pointCount)
        self.useLambda = lambda != nil
        var slack = 0.0
        for i in 0 ..< p.pointCount { slack += p.weights[i] - self.lambda[i] }
        self.slack = slack
        self.counts = [Int32](repeating: 0, count: p.pointCount)
        self.threshold = threshold
        self.stopAtFirst = stopAtFirst
        self.deadline = deadline
    }

    /// Searches for `count` sites covering at least `threshold` (the largest such when
    /// `stopAtFirst` is false: each find raises the threshold just above it).
    ///
    /// - Complexity: exponential in the free candidates in the worst case; bounded by `deadline` and `nodeBudget`.
    static func search(
        _ p: ReducedProblem, count: Int, threshold: Double, stopAtFirst: Bool,
        lagrangian: LagrangianBound?, candidateLimit: Int, deadline: ContinuousClock.Instant, nodeBudget: Int? = nil,
        refineDepth: Int = 0, refineEvaluations: Int = Self.refineEvaluations
    ) -> Outcome {
        let m = p.candidateCount
        var forced: [Int] = []
        var free: [Int] = []
        let margin = p.tolerance
        if let lagrangian, count > 0, count < m {
            let order = (0 ..< m).sorted {
                lagrangian.siteValues[$0] > lagrangian.siteValues[$1]
                    || (lagrangian.siteValues[$0] == lagrangian.siteValues[$1] && $0 < $1)
            }
            let nth = lagrangian.siteValues[order[count - 1]]
            let next = lagrangian.siteValues[order[count]]
            for (r, j) in order.enumerated() where p.offsets[j + 1] > p.offsets[j] {
                let v = lagrangian.siteValues[j]
                if r < count {
                    if lagrangian.value - v + next < threshold - margin { forced.append(j) } else { free.append(j) }
                } else if lagrangian.value - nth + v >= threshold - margin {
                    free.append(j)
                }
            }
        } else {
            free = (0 ..< m).filter { p.offsets[$0 + 1] > p.offsets[$0] }
        }
        free.sort()
        guard free.count <= candidateLimit else {
            return Outcome(sites: nil, value: 0, finished: false, nodes: 0, freeCandidates: nil, unfixedCandidates: free.count)
        }
        free = removeDominated(p, free: free, forced: forced)
        var search = MaxCoverBranchAndBound(
            p, threshold: threshold, stopAtFirst: stopAtFirst, deadline: deadline, nodeBudget: nodeBudget, lambda: lagrangian?.lambda)
        search.refineDepth = lagrangian == nil ? 0 : refineDepth
        search.refineEvaluations = refineEvaluations
        var value = 0.0
        for j in forced {
            value += p.gain(j, counts: search.counts)
            search.include(j)
        }
        search.dfs(free, slots: max(0, count - forced.count), value: value)
        return Outcome(
            sites: search.best, value: search.bestValue, finished: !search.timedOut,
            nodes: search.nodes, freeCandidates: free.count)
    }

    /// Drops free candidates whose reduced cover set is inside a forced or another free candidate's.
    private static func removeDominated(_ p: ReducedProblem, free: [Int], forced: [Int]) -> [Int] {
        let all = free + forced
        func subset(_ a: Int, _ b: Int) -> Bool {
            var kb = p.offsets[b]
            let hb = p.offsets[b + 1]
            for ka in p.offsets[a] ..< p.offsets[a + 1] {
                let x = p.members[ka]
                while kb < hb && p.members[kb] < x { kb += 1 }
                if kb == hb || p.members[kb] != x { return false }
                kb += 1
            }
            return true
        }
        let forcedSet = Set(forced)
        var dropped = Set<Int>()
        for j in free {
            let sizeJ = p.offsets[j + 1] - p.offsets[j]
            for k in all where k != j && !dropped.contains(k) {
                let sizeK = p.offsets[k + 1] - p.offsets[k]
                guard sizeJ <= sizeK else { continue }
                if sizeJ == sizeK && k > j && !forcedSet.contains(k) { continue }
                if subset(j, k) {
                    dropped.insert(j)
                    break
                }
            }
        }
        return free.filter { !dropped.contains($0) }
    }

    private mutating func include(_ j: Int) {
        for k in p.offsets[j] ..< p.offsets[j + 1] {
            let i = Int(p.members[k])
            if counts[i] == 0 { slack -= p.weights[i] - lambda[i] }
            counts[i] += 1
        }
        current.append(j)
    }

    private mutating func exclude(_ j: Int) {
        for k in p.offsets[j] ..< p.offsets[j + 1] {
            let i = Int(p.members[k])
            counts[i] -= 1
            if counts[i] == 0 { slack += p.weights[i] - lambda[i] }
        }
        current.removeLast()
    }

    private mutating func record(_ value: Double) {
        guard value >= threshold, value > bestValue else { return }
        best = current
        bestValue = value
        if stopAtFirst { done = true } else { threshold = value + p.tolerance }
    }

    /// λ re-optimised for the subproblem at this node (candidates `pool`, `slots` sites, the
    /// points no chosen site covers), as a full-length vector: points the pool cannot reach get
    /// λ = w (they add nothing to the bound), covered points keep theirs (they do not count).
    /// Returns nil when the subproblem's bound shows that nothing here reaches the threshold.
    private mutating func refinedMultipliers(_ pool: [Int], slots: Int, value: Double) -> [Double]? {
        if scratch.isEmpty { scratch = [Int32](repeating: -1, count: p.pointCount) }
        let (sub, global) = p.subproblem(candidates: pool, counts: counts, scratch: &scratch)
        let start = global.map { lambda[$0] }
        let need = threshold - value
        // Uncovered points the pool cannot reach get λ = w; the reached ones are overwritten below.
        var result = lambda
        for i in 0 ..< p.pointCount where counts[i] == 0 { result[i] = p.weights[i] }
        let best = SmoothedDual.minimise(
            sub, count: slots, lowerBound: need, start: start, evaluations: refineEvaluations,
            deadline: deadline)?.lambda ?? start
        var sites = [Double](repeating: 0, count: pool.count)
        LagrangianBound.siteValues(sub, lambda: best, into: &sites)
        if value + SmoothedDual.exactValue(sub, lambda: best, siteValues: sites, count: slots) < threshold - p.tolerance {
            return nil
        }
        for (k, i) in global.enumerated() { result[i] = best[k] }
        return result
    }

    /// Evaluations of the smoothed dual per re-optimised node, by default: few, since the node
    /// starts from its parent's λ: more would cost more time than the few nodes they save
    /// (`Benchmarks/README.md`, *Siting*).
    static let refineEvaluations = 50

    private mutating func dfs(_ pool: [Int], slots: Int, value: Double) {
        nodes += 1
        if nodes > nodeBudget || (nodes & 31 == 0 && ContinuousClock.now > deadline) { timedOut = true }
        if timedOut || done { return }
        record(value)
        if done || slots == 0 { return }
        var scored: [(gain: Double, site: Int)] = []
        var priced: [Double] = []
        scored.reserveCapacity(pool.count)
        for j in pool {
            var g = 0.0, price = 0.0
            for k in p.offsets[j] ..< p.offsets[j + 1] {
                let i = Int(p.members[k])
                if counts[i] == 0 {
                    g += p.weights[i]
                    price += lambda[i]
                }
            }
            if g > 0 {
                scored.append((g, j))
                priced.append(price)
            }
        }
        if scored.isEmpty { return }
        let r = min(slots, scored.count)
        var pool = scored
        var forcedIn: [Int] = []
        var saved: (lambda: [Double], slack: Double)?
        defer {
            if let saved {
                lambda = saved.lambda
                slack = saved.slack
            }
        }
        if useLambda && depth < refineDepth && r < scored.count {
            // Re-optimise λ for this subtree's own problem (the free candidates, the points nobody
            // chosen covers, `slots` sites): its bound is far tighter than the root λ's deeper
            // down, prunes or fixes more, and the children start from it.
            guard let refined = refinedMultipliers(scored.map(\.site), slots: r, value: value) else { return }
            saved = (lambda, slack)
            lambda = refined
            var newSlack = 0.0
            for i in 0 ..< p.pointCount where counts[i] == 0 { newSlack += p.weights[i] - lambda[i] }
            slack = newSlack
            for (index, entry) in scored.enumerated() {
                var price = 0.0
                for k in p.offsets[entry.site] ..< p.offsets[entry.site + 1] {
                    let i = Int(p.members[k])
                    if counts[i] == 0 { price += lambda[i] }
                }
                priced[index] = price
            }
        }
        if useLambda {
            var sortedPrices = priced
            sortedPrices.sort(by: >)
            var bound = value + slack
            for k in 0 ..< r { bound += sortedPrices[k] }
            if bound < threshold - p.tolerance { return }
            // Fixing by the node's Lagrangian bound: a candidate outside the r best prices whose
            // inclusion would pull the bound below the threshold cannot be in any solution of this
            // subtree that reaches it; one inside whose exclusion would do so must be in all of them.
            let kth = sortedPrices[r - 1]
            let next = r < sortedPrices.count ? sortedPrices[r] : 0
            var kept: [(gain: Double, site: Int)] = []
            kept.reserveCapacity(scored.count)
            for (entry, price) in zip(scored, priced) {
                if price < kth && bound - kth + price < threshold - p.tolerance { continue }
                if price >= kth && bound - price + next < threshold - p.tolerance && forcedIn.count < r {
                    forcedIn.append(entry.site)
                }
                kept.append(entry)
            }
            pool = kept
        }
        pool.sort { $0.gain > $1.gain || ($0.gain == $1.gain && $0.site < $1.site) }
        var bound = value
        for k in 0 ..< min(r, pool.count) { bound += pool[k].gain }
        if bound < threshold { return }
        // Branch on a forced candidate (include only), else on the largest gain (include, then exclude).
        let (gain, j) = forcedIn.first.flatMap { f in pool.first { $0.site == f } } ?? pool[0]
        let rest = pool.filter { $0.site != j }.map(\.site)
        depth += 1
        defer { depth -= 1 }
        include(j)
        dfs(rest, slots: slots - 1, value: value + gain)
        exclude(j)
        if !forcedIn.isEmpty { return }
        dfs(rest, slots: slots, value: value)
    }
}

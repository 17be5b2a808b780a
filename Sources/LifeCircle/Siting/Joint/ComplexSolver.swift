/// Opens N service complexes, each hosting every category it may host, to make the most population
/// complete.
///
/// ## The integer program
/// Points i with population wᵢ, categories c, sites l, site l hosting c with the cover set S_lc
/// (empty when it does not host c); a_ic = 1 when c's fixed facilities reach i.
///
/// Variables: x_l ∈ {0,1} (site l opens), zᵢ ∈ {0,1} (i is complete).
///
///     maximise    Σᵢ wᵢ zᵢ
///     subject to  zᵢ ≤ a_ic + Σ_{l: i ∈ S_lc} x_l     for all i, c     (complete needs every category)
///                 Σ_l x_l ≤ N
///
/// ## The method
/// 1. Greedy: N times the site that completes the most population (ties: the most population
///    weighted by 1 / categories still missing, then the lower index); sites that reach nobody new
///    are not opened.
/// 2. Swap local search: each open site replaced by the best closed one while that gains.
/// 3. Upper bound, fixing and branch and bound (``ComplexBranchAndBound``): at a node, a point can end
///    complete only when every category may still reach it (fixed, open, or an undecided site
///    hosting it); a newly complete point is reached, in a category that misses it, by a site still
///    to open; so value + the r largest potentials of the undecided sites (their population among
///    those points reached in a category that misses it, r the sites left) bounds the node, as does
///    the population of the points every category may still reach. A site whose root potential
///    plus the N − 1 largest others cannot beat the incumbent is fixed closed. With at most
///    ``exactSiteLimit`` sites that can matter, depth-first search under a node budget; finishing
///    proves the answer optimal. Deterministic (no clock).
package struct ComplexSolver: Sendable {
    package var nodeBudget: Int
    /// Branch and bound runs only with at most this many sites that can matter (after fixing).
    package var exactSiteLimit: Int

    /// Nodes the branch and bound may visit by default (a node recomputes what every category may
    /// still reach: it costs O(C · points + members of the undecided sites)).
    package static let defaultNodeBudget = 1_000

    package init(nodeBudget: Int = Self.defaultNodeBudget, exactSiteLimit: Int = 1_000) {
        self.nodeBudget = nodeBudget
        self.exactSiteLimit = exactSiteLimit
    }

    /// Chooses at most N sites.
    ///
    /// - Complexity: greedy O(N · Σ_l members_l); swaps O(passes · N · Σ_l members_l); branch and
    ///   bound O(nodes · (C · points + Σ_l members_l)).
    package func solve(_ p: ComplexProblem) -> ComplexSolution {
        let tol = 1e-9 * max(1, p.joint.weights.reduce(0, +))
        var bb = ComplexBranchAndBound(problem: p, nodeBudget: nodeBudget, tolerance: tol)
        var s = JointState(p.joint)
        let fixedValue = s.value
        var open = [Bool](repeating: false, count: p.siteCount)
        var chosen: [Int] = []
        var method = ["greedy"]
        // 1. Greedy.
        while chosen.count < p.count {
            var best: (l: Int, w: Double, soft: Double)?
            for l in bb.order where !open[l] {
                let (w, soft) = gain(&s, p, l)
                if let b = best, !(w > b.w + tol || (w >= b.w - tol && soft > b.soft)) { continue }
                if w > tol || soft > 0 { best = (l, w, soft) }
            }
            guard let best else { break }
            Self.open(&s, p, best.l)
            open[best.l] = true
            chosen.append(best.l)
        }
        // 2. Swaps.
        var improved = true, passes = 0
        while improved && passes < 1_000 {
            improved = false
            passes += 1
            for l in chosen.sorted() {
                let before = s.value
                Self.close(&s, p, l)
                open[l] = false
                var best: (l: Int, w: Double)?
                for k in bb.order where !open[k] && k != l {
                    let (w, _) = gain(&s, p, k)
                    if s.value + w > before + tol && w > (best?.w ?? -1) { best = (k, w) }
                }
                let take = best?.l ?? l
                Self.open(&s, p, take)
                open[take] = true
                if take != l {
                    chosen[chosen.firstIndex(of: l) ?? 0] = take
                    improved = true
                }
            }
        }
        method.append("swap local search")
        // 3. Bound and branch and bound.
        var bound = max(bb.rootBound(), s.value)
        var proven = false
        let fixed = bb.fix(incumbent: s.value)
        if fixed > 0 { method.append("\(fixed) sites fixed closed by their bound") }
        if bb.order.count <= exactSiteLimit {
            let finished = bb.run(incumbent: chosen)
            if let better = bb.bestSites, Set(better) != Set(chosen) {
                for l in chosen { Self.close(&s, p, l) }
                chosen = better
                for l in chosen { Self.open(&s, p, l) }
            }
            if finished {
                proven = true
                bound = s.value
                method.append("branch and bound finished (\(bb.nodes) nodes): proven optimal")
            } else {
                method.append("branch and bound stopped at the node budget (\(bb.nodes) nodes)")
            }
        } else {
            method.append("branch and bound skipped (\(bb.order.count) sites > \(exactSiteLimit))")
        }
        if !proven && bound - s.value <= tol { proven = true }
        method.append("bound: value + the largest potentials of the sites left")
        if chosen.count < p.count { method.append("\(p.count - chosen.count) of \(p.count) complexes would reach nobody new: not opened") }
        return ComplexSolution(
            sites: chosen.sorted(), completeWeight: s.value, fixedWeight: fixedValue, upperBound: bound,
            optimality: proven ? .provenOptimal : .heuristic(gap: bound > 0 ? (bound - s.value) / bound : 0),
            nodes: bb.nodes, method: method.joined(separator: "; "))
    }

    /// Opens site l: a site of each category it hosts.
    static func open(_ s: inout JointState, _ p: ComplexProblem, _ l: Int) {
        for h in p.hosts[l] { s.add(h.category, h.candidate) }
    }

    /// Closes site l.
    static func close(_ s: inout JointState, _ p: ComplexProblem, _ l: Int) {
        for h in p.hosts[l] { s.remove(h.category, h.candidate) }
    }

    /// What opening site l adds: complete population, and population weighted by 1 / categories
    /// still missing for each (category, point) it newly reaches (the tie-break). Leaves `s` as it was.
    ///
    /// - Complexity: O(members of l's cover sets).
    func gain(_ s: inout JointState, _ p: ComplexProblem, _ l: Int) -> (complete: Double, soft: Double) {
        var soft = 0.0
        for h in p.hosts[l] {
            for m in p.joint.categories[h.category].coverSet(h.candidate) where s.reach[h.category][Int(m)] == 0 {
                soft += p.joint.weights[Int(m)] / Double(max(1, s.missing[Int(m)]))
            }
        }
        let before = s.value
        Self.open(&s, p, l)
        let w = s.value - before
        Self.close(&s, p, l)
        return (w, soft)
    }
}

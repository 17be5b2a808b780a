/// Places the sites of several categories together so that the most population ends up in a
/// complete life circle, each category's own target still met.
///
/// ## The integer program
/// Points i ∈ P with population wᵢ; essential categories c ∈ C; candidates J_c that may host c,
/// candidate j reaching the points S_jc (within c's walk threshold); a_ic = 1 when c's fixed
/// facilities already reach i.
///
/// Variables: x_jc ∈ {0,1} (candidate j hosts a new site of c), y_ic ∈ {0,1} (c reaches i), zᵢ ∈ {0,1}
/// (i is complete).
///
///     maximise    Σᵢ wᵢ zᵢ
///     subject to  zᵢ ≤ y_ic                             for all i, c        (complete needs every category)
///                 y_ic ≤ a_ic + Σ_{j: i ∈ S_jc} x_jc      for all i, c        (reached by a fixed or a new site)
///                 Σ_j x_jc ≤ k_c                          for all c           (the category's site count)
///                 Σᵢ d_ic y_ic ≥ D_c                      for c with a coverage target
///
/// k_c is the category's count target (the sites left after its planned ones), or, for a coverage
/// target, the number of sites the independent answer needed; D_c the demand that target asks
/// (or what the independent answer reaches when the target is out of reach). Sites of different
/// categories may share a candidate (one building hosting several services). "≤ k_c" loses nothing:
/// adding a site never lowers completeness or coverage, and unused sites are placed afterwards
/// where they reach the most population the category does not reach yet.
///
/// ## The method
/// 0. Points the model cannot tell apart (the same fixed reach and the same candidates per
///    category) are merged into one weighted point (``JointReduction``): every step below works on
///    the merged problem, whose choices, values, bounds and optimum are those of the original.
/// 1. Start: the given choice (e.g. the independent per-category answer) when it is feasible, else
///    a greedy one; the answer is never worse than the start.
/// 2. Swap local search: for each category and chosen site, the best replacement among its
///    candidates (coverage requirement kept), until no swap gains; ties by lower index.
/// 3. When more than ``exactVariableLimit`` (category, candidate) pairs could matter and there is
///    no street floor: the Lagrangian relaxation of the linking rows zᵢ ≤ a_ic + Σ_j x_jc (``JointLagrangian``,
///    an LP-strength bound), reduced-cost fixing, its choices as starts of the swap search, and a
///    branch and bound with that bound at every node (``JointLagrangianSearch``) under a node
///    budget (``lagrangianNodeBudget(_:)``); finishing proves the answer optimal. With whole-number
///    populations every choice's value is whole, so a node whose bound is below the incumbent + 1
///    is closed.
/// 3a. Unless that proved the answer optimal: `options.perturbationRounds` rounds (at most
///    ``lagrangianPerturbationRounds`` after step 3) of seeded iterated local search
///    (``perturb(_:rounds:tolerance:)``).
/// 4. Otherwise the upper bound is the smallest of the branch-and-bound root bound (see
///    ``JointBranchAndBound``) and, per category, the population already reached by c among the
///    points that could be complete plus the maximal-covering upper bound (``MCLPSolver``,
///    Lagrangian) of c's k_c sites on those points (with step 3's bound when it ran and did not finish).
/// 5. When at most ``exactVariableLimit`` (category, candidate) pairs could matter: branch and
///    bound from the incumbent under a node budget; finishing proves the answer optimal.
/// With a street floor (``JointProblem/streetFloor``) the search maximises the score
/// Σᵢ wᵢ zᵢ + M · Σ_s min(floor · W_s, complete population of s), M above the whole population, so the
/// floors come first; the branch and bound ranks lexicographically (floor population, then total;
/// see ``JointBranchAndBound/Objective``), and "proven optimal" means optimal in that order; the
/// bound stays the one without the floor (it bounds the total of any choice).
/// Everything is deterministic (node budget, fixed seeds, no clock).
package struct JointSolver: Sendable {
    package var options: SitingOptions
    /// Branch and bound runs only with at most this many (category, candidate) variables.
    package var exactVariableLimit: Int
    /// Nodes the branch and bound may visit when `options.exactNodeBudget` is nil.
    package static let defaultNodeBudget = 200_000
    /// Above the exact limit and without a street floor: run ``JointLagrangianSearch``.
    package var lagrangianSearch: Bool
    /// Nodes the Lagrangian branch and bound may visit (`options.exactNodeBudget` may lower it): 2,000
    /// on models of at most 200 variables, 4 above (each node runs subgradient steps and a swap
    /// search over the whole model; on Jing'an and its scale-5 sample the search does not finish
    /// anyway, and its root, where the bound, the fixing and the best choices come from, is what
    /// counts). It depends on the model only: the same answer on every machine.
    static func lagrangianNodeBudget(_ r: JointLagrangian) -> Int {
        r.variableCount <= 200 ? 2_000 : 4
    }
    /// Rounds of iterated local search after the Lagrangian branch and bound left a gap (at most
    /// `options.perturbationRounds`): its swap searches from the relaxation's choices already did
    /// most of that work (on Jing'an and at scale 5 they reach CBC's optimum without any round).
    static let lagrangianPerturbationRounds = 20

    package init(options: SitingOptions = SitingOptions(), exactVariableLimit: Int = 64, lagrangianSearch: Bool = true) {
        self.options = options
        self.exactVariableLimit = exactVariableLimit
        self.lagrangianSearch = lagrangianSearch
    }

    /// Solves the problem from `start` (candidate indices per category), or from a greedy choice.
    ///
    /// - Throws: `InputError` when no choice meets every coverage requirement (proven by the branch
    ///   and bound, or, above the exact limit, when neither the start nor the greedy one does).
    /// - Complexity: swaps O(passes · Σ_c k_c · members_c); bound O(iterations · members) per
    ///   category; branch and bound O(nodes · (C · points + members)).
    package func solve(_ original: JointProblem, start: [[Int]]? = nil) throws -> JointSolution {
        let reduction = try JointReduction(original)
        let problem = reduction.problem
        let total = problem.weights.reduce(0, +)
        let tol = 1e-9 * max(1, total)
        var method = ["\(Format.integer(Double(reduction.originalCount))) points merged into \(Format.integer(Double(reduction.classCount))) classes"]
        var state = JointState(problem)
        let fixedWeight = state.value
        var startWeight: Double?
        if let start, start.count == problem.categories.count, problem.isFeasible(chosen: start) {
            for (c, picks) in start.enumerated() { for j in picks { state.add(c, j) } }
            startWeight = state.value
            method.append("start: the given choice")
        } else {
            greedy(&state, tolerance: tol)
            method.append("start: greedy")
        }
        var feasible = problem.categories.indices.allSatisfy { state.meetsRequirement($0, tolerance: tol) }
        if feasible {
            localSearch(&state, tolerance: tol)
            method.append("swap local search")
        }
        var bb = JointBranchAndBound(problem: problem, nodeBudget: options.exactNodeBudget ?? Self.defaultNodeBudget, tolerance: tol)
        let exactSmall = bb.variableCount <= exactVariableLimit
        var bound = Double.infinity
        var proven = false
        var nodes = 0
        var lagrangianRan = false
        if !exactSmall && lagrangianSearch && problem.streetFloor == nil {
            let relaxation = JointLagrangian(problem)
            lagrangianRan = true
            var search = JointLagrangianSearch(relaxation, incumbent: feasible ? state.sortedChoice : nil, tolerance: tol,
                                               nodeBudget: min(options.exactNodeBudget ?? Int.max, Self.lagrangianNodeBudget(relaxation)),
                                               integral: problem.weights.allSatisfy { $0 == $0.rounded() } && tol < 0.1)
            let finished = search.run()
            nodes = search.nodes
            bound = search.rootBound
            if let choice = search.bestChoice, !feasible || choice != state.sortedChoice {
                state = JointState(problem)
                for (c, picks) in choice.enumerated() { for j in picks { state.add(c, j) } }
                feasible = true
            }
            let fixedText = "\(search.rootFixed) of \(search.relaxation.variableCount) variables fixed at the root"
            if finished {
                guard feasible else {
                    throw InputError(file: "joint siting problem", key: "target",
                                     message: "no choice of sites meets every category's coverage target (proven by branch and bound)")
                }
                proven = true
                bound = state.value
                method.append("Lagrangian branch and bound finished (\(nodes) nodes, \(fixedText)): proven optimal")
            } else {
                method.append("Lagrangian branch and bound stopped at the node budget (\(nodes) nodes, \(fixedText))")
            }
        }
        let rounds = lagrangianRan ? min(options.perturbationRounds, Self.lagrangianPerturbationRounds) : options.perturbationRounds
        if feasible && !proven && rounds > 0 {
            perturb(&state, rounds: rounds, tolerance: tol)
            method.append("\(rounds) rounds of iterated local search")
        }
        if !proven {
            bound = min(bound, bb.rootBound(), categoryBounds(problem, tolerance: tol))
        }
        if exactSmall {
            let finished = bb.run(incumbent: feasible ? state.sortedChoice : nil)
            nodes = bb.nodes
            if let choice = bb.bestChoice, !feasible || choice != state.sortedChoice {
                state = JointState(problem)
                for (c, picks) in choice.enumerated() { for j in picks { state.add(c, j) } }
                feasible = true
            }
            if finished {
                guard feasible else {
                    throw InputError(file: "joint siting problem", key: "target",
                                     message: "no choice of sites meets every category's coverage target (proven by branch and bound)")
                }
                proven = true
                // With a floor the optimum is lexicographic (floor population, then total): the bound stays the one without the floor.
                if problem.streetFloor == nil { bound = state.value }
                method.append("branch and bound finished (\(nodes) nodes): proven optimal")
            } else {
                method.append("branch and bound stopped at the node budget (\(nodes) nodes)")
            }
        } else if !lagrangianSearch || problem.streetFloor != nil {
            method.append("branch and bound skipped (\(bb.variableCount) variables > \(exactVariableLimit))")
        }
        if problem.streetFloor != nil {
            method.append("street floor \(Format.percent(problem.streetFloor ?? 0)): the floor population comes first, then the total; the bound is the one without the floor")
        }
        guard feasible else {
            throw InputError(file: "joint siting problem", key: "target",
                             message: "no choice of sites found that meets every category's coverage target")
        }
        fill(&state)
        bound = max(bound, state.value)
        let floorsMet = zip(state.floorTarget, state.streetComplete).allSatisfy { $0.1 >= $0.0 - tol }
        if !proven && bound - state.value <= tol && floorsMet { proven = true }
        if !proven { method.append("bound: min(Lagrangian bound, root bound, per-category covering bounds)") }
        return JointSolution(
            chosen: state.sortedChoice, completeWeight: state.value, fixedWeight: fixedWeight, startWeight: startWeight,
            upperBound: bound, optimality: proven ? .provenOptimal : .heuristic(gap: bound > 0 ? (bound - state.value) / bound : 0),
            nodes: nodes, method: method.joined(separator: "; "))
    }

    /// A greedy start: coverage requirements first (largest demand gain), then, while sites are
    /// left, the site adding the most complete population (then the most population weighted by
    /// 1 / categories still missing).
    func greedy(_ s: inout JointState, tolerance: Double) {
        let p = s.problem
        for (c, cat) in p.categories.enumerated() where cat.coverageDemand != nil {
            while !s.meetsRequirement(c, tolerance: tolerance) && s.chosen[c].count < cat.maxSites {
                var best: (j: Int, d: Double)?
                for j in 0..<cat.candidateCount where !s.isChosen[c][j] {
                    let d = s.gain(c, j).demand
                    if d > (best?.d ?? 0) { best = (j, d) }
                }
                guard let best else { break }
                s.add(c, best.j)
            }
        }
        while true {
            var best: (c: Int, j: Int, w: Double, soft: Double)?
            for (c, cat) in p.categories.enumerated() where s.chosen[c].count < cat.maxSites {
                for j in s.useful[c] where !s.isChosen[c][j] {
                    let w = s.gain(c, j).score
                    var soft = 0.0
                    for m in cat.coverSet(j) where s.reach[c][Int(m)] == 0 {
                        soft += p.weights[Int(m)] / Double(max(1, s.missing[Int(m)]))
                    }
                    if let b = best, !(w > b.w || (w == b.w && soft > b.soft)) { continue }
                    if w > 0 || soft > 0 { best = (c, j, w, soft) }
                }
            }
            guard let best else { return }
            s.add(best.c, best.j)
        }
    }

    /// Swap local search: replaces a chosen site by the candidate of the same category that gains
    /// the most complete population, while some swap gains more than the tolerance (in the
    /// categories `only`, or all).
    func localSearch(_ s: inout JointState, tolerance: Double, only: [Int]? = nil) {
        let p = s.problem
        let categories = only.map { Array(Set($0)).sorted() } ?? Array(p.categories.indices)
        var improved = true
        var passes = 0
        while improved && passes < 1_000 {
            improved = false
            passes += 1
            for c in categories {
                let cat = p.categories[c]
                for j in s.chosen[c].sorted() {
                    let before = s.score
                    s.remove(c, j)
                    var best: (j: Int, w: Double)?
                    for k in s.useful[c] where k != j && !s.isChosen[c][k] {
                        let g = s.gain(c, k)
                        guard s.score + g.score > before + tolerance else { continue }
                        if cat.coverageDemand != nil, s.covered[c] + g.demand < cat.requiredDemand - tolerance { continue }
                        if g.score > (best?.w ?? -1) { best = (k, g.score) }
                    }
                    if let best {
                        s.add(c, best.j)
                        improved = true
                    } else {
                        s.add(c, j)
                    }
                }
            }
        }
    }

    /// Iterated local search: from the best choice, drop sites (even rounds: one to three sites of
    /// one or two categories; odd rounds: every chosen site, of any category, reaching one point near
    /// a chosen site: a region re-placed for all categories at once), drawn with a fixed-seed
    /// generator; refill them greedily, run the swap search, and keep the result when it is better
    /// and meets every requirement.
    func perturb(_ s: inout JointState, rounds: Int, tolerance: Double) {
        let p = s.problem
        let movable = p.categories.indices.filter { p.categories[$0].maxSites > 0 && p.categories[$0].candidateCount > p.categories[$0].maxSites }
        guard !movable.isEmpty else { return }
        var rng = SplitMix64(seed: 0x10_1A7_5171)
        var best = s
        for round in 0..<rounds {
            var t = best
            var touched: [Int] = []
            if round % 2 == 1 {
                // Regional: every chosen site reaching one point near a chosen site, all categories.
                let c = movable[rng.below(movable.count)]
                guard !t.chosen[c].isEmpty else { continue }
                let set = p.categories[c].coverSet(t.chosen[c][rng.below(t.chosen[c].count)])
                guard !set.isEmpty else { continue }
                let point = set[set.startIndex + rng.below(set.count)]
                for d in movable {
                    for j in t.chosen[d] where t.reaches(d, j, point) {
                        t.remove(d, j)
                        touched.append(d)
                    }
                }
            } else {
                for _ in 0..<(1 + rng.below(2)) {
                    let c = movable[rng.below(movable.count)]
                    touched.append(c)
                    for _ in 0..<min(t.chosen[c].count, 1 + rng.below(3)) {
                        t.remove(c, t.chosen[c][rng.below(t.chosen[c].count)])
                    }
                }
            }
            touched = Array(Set(touched)).sorted()
            for c in touched { refill(&t, c) }
            guard p.categories.indices.allSatisfy({ t.meetsRequirement($0, tolerance: tolerance) }) else { continue }
            localSearch(&t, tolerance: tolerance, only: touched)
            if t.score > best.score + tolerance {
                localSearch(&t, tolerance: tolerance)
                best = t
            }
        }
        s = best
    }

    /// Adds sites to category c up to its count: most complete population first, then coverage
    /// demand, then population weighted by 1 / categories still missing.
    func refill(_ s: inout JointState, _ c: Int) {
        let p = s.problem, cat = p.categories[c]
        while s.chosen[c].count < cat.maxSites {
            var best: (j: Int, w: Double, d: Double, soft: Double)?
            for j in s.useful[c] where !s.isChosen[c][j] {
                let g = s.gain(c, j)
                var soft = 0.0
                for m in cat.coverSet(j) where s.reach[c][Int(m)] == 0 {
                    soft += p.weights[Int(m)] / Double(max(1, s.missing[Int(m)]))
                }
                if let b = best, !(g.score > b.w || (g.score == b.w && (g.demand > b.d || (g.demand == b.d && soft > b.soft)))) { continue }
                best = (j, g.score, g.demand, soft)
            }
            guard let best else { return }
            s.add(c, best.j)
        }
    }

    /// Places sites a category has left where they reach the most population it does not reach yet.
    func fill(_ s: inout JointState) {
        let p = s.problem
        for (c, cat) in p.categories.enumerated() {
            while s.chosen[c].count < cat.maxSites {
                var best: (j: Int, w: Double)?
                for j in 0..<cat.candidateCount where !s.isChosen[c][j] {
                    var w = 0.0
                    for m in cat.coverSet(j) where s.reach[c][Int(m)] == 0 { w += p.weights[Int(m)] }
                    if w > (best?.w ?? 0) { best = (j, w) }
                }
                guard let best else { break }
                s.add(c, best.j)
            }
        }
    }

    /// The smallest per-category bound: population of the points that could be complete which c
    /// already reaches, plus the maximal-covering upper bound of c's sites on the rest of them.
    func categoryBounds(_ p: JointProblem, tolerance: Double) -> Double {
        let n = p.pointCount
        let completable = p.completable()
        var best = Double.infinity
        var mclpOptions = options
        mclpOptions.exactTimeBudgetSeconds = 0
        mclpOptions.localSearch = false
        mclpOptions.perturbationRounds = 0
        for cat in p.categories {
            var base = 0.0
            for i in 0..<n where completable[i] && cat.fixedReach[i] { base += p.weights[i] }
            guard cat.maxSites > 0 else { best = min(best, base); continue }
            let weights = (0..<n).map { completable[$0] ? p.weights[$0] : 0 }
            let sets = (0..<cat.candidateCount).map { Array(cat.coverSet($0)) }
            guard let instance = try? CoverageInstance(demandWeights: weights, coverSets: sets, alreadyCovered: cat.fixedReach) else { continue }
            let ub = MCLPSolver(options: mclpOptions).solve(instance, count: cat.maxSites).upperBound
            best = min(best, base + ub)
        }
        return best
    }
}

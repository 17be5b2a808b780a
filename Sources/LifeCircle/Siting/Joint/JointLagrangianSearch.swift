/// Branch and bound on the joint model with the Lagrangian bound (``JointLagrangian``) at every
/// node, stopped by a node budget (the same answer on every machine).
///
/// A node forces some variables in or out. At each node:
/// - a category with a coverage requirement that its fixed facilities, its forced-in sites and its
///   best free ones (as many as it has sites left, each counted with its whole demand gain) cannot
///   meet prunes the node;
/// - subgradient steps from the parent's multipliers lower L(λ); every subproblem choice (forced-in
///   plus the largest free Λ, with the incumbent's sites for the categories with a coverage
///   requirement when there is one) is a choice of sites: when it meets every requirement, its complete
///   population may become the incumbent;
///   the swap search of ``JointSolver`` from the node's final choice (``polish(_:)``) may too;
/// - the node is pruned when L ≤ incumbent; otherwise reduced-cost fixing (``JointLagrangian/fix``);
/// - branch on the free variable of the subproblem's choice with the largest Λ (ties by lower
///   variable index; when the choice has none, the free variable with the largest Λ): forced in
///   first, then forced out. A node without free variables is a leaf (its forced choice).
/// Finishing within the budget proves the incumbent optimal: every pruned node's bound is at most
/// the incumbent, and the coverage rows only restrict what L already bounds. With whole-number
/// populations (`integral`) every choice's value is whole, so "at most the incumbent" becomes
/// "below the incumbent + 1" (pruning, fixing and the reported root bound, rounded down).
///
/// The search runs on the merged problem of ``JointReduction`` when ``JointSolver`` calls it.
struct JointLagrangianSearch {
    let relaxation: JointLagrangian
    let tolerance: Double
    /// Whether every population is a whole number (then so is every choice's value, and a bound
    /// below the incumbent + 1 proves it optimal).
    let integral: Bool
    /// A node whose bound is at most the incumbent + `slack` cannot hold a better choice:
    /// `1 − 2 · tolerance` when `integral`, else `tolerance`.
    let slack: Double
    let nodeBudget: Int
    /// Subgradient iterations at the root and at the other nodes.
    let rootIterations: Int
    let nodeIterations: Int
    private(set) var nodes = 0
    private(set) var budgetHit = false
    private(set) var bestValue: Double
    private(set) var bestChoice: [[Int]]?
    /// L at the root (after its subgradient steps): an upper bound on every choice.
    private(set) var rootBound = Double.infinity
    /// μ's starting value at the root: with the deflected direction of ``JointLagrangian/optimise``,
    /// 2.5–5 all prove the Jing'an answer at the root, 3 in the fewest iterations (2: about 35% more).
    static let rootStepFactor = 3.0
    /// Rounds of subgradient steps and fixing at the root.
    static let rootRounds = 4
    /// Variables fixed at the root by reduced costs.
    private(set) var rootFixed = 0
    /// Scratch state holding the variables in `inState`.
    private var state: JointState
    private var inState: [Bool]
    /// The variable of each (category, candidate), −1 for none.
    private let varIndex: [[Int]]

    /// - Parameter incumbent: a choice meeting every requirement (the search only looks for better ones).
    init(_ relaxation: JointLagrangian, incumbent: [[Int]]?, tolerance: Double, nodeBudget: Int,
         rootIterations: Int = 1_500, nodeIterations: Int = 15, integral: Bool = false) {
        self.relaxation = relaxation
        self.tolerance = tolerance
        slack = integral ? 1 - 2 * tolerance : tolerance
        self.integral = integral
        self.nodeBudget = nodeBudget
        self.rootIterations = rootIterations
        self.nodeIterations = nodeIterations
        state = JointState(relaxation.problem)
        inState = [Bool](repeating: false, count: relaxation.variableCount)
        var index = relaxation.problem.categories.map { [Int](repeating: -1, count: $0.candidateCount) }
        for v in 0..<relaxation.variableCount { index[relaxation.varCategory[v]][relaxation.varCandidate[v]] = v }
        varIndex = index
        bestValue = -Double.infinity
        if let incumbent {
            bestValue = relaxation.problem.completeWeight(chosen: incumbent)
            bestChoice = incumbent
        }
    }

    /// Runs the search; returns whether it finished within the node budget (then `bestChoice` is
    /// optimal, or nil when no choice meets every requirement).
    mutating func run() -> Bool {
        let rel = relaxation
        var status = [JointLagrangian.Status](repeating: .free, count: rel.variableCount)
        visit(&status, lambda: rel.initialLambda(), root: true)
        return !budgetHit
    }

    /// Brings the scratch state to exactly the variables `vars`.
    private mutating func sync(_ vars: [Int]) {
        let rel = relaxation
        var want = [Bool](repeating: false, count: rel.variableCount)
        for v in vars { want[v] = true }
        for v in 0..<rel.variableCount where inState[v] && !want[v] {
            state.remove(rel.varCategory[v], rel.varCandidate[v])
            inState[v] = false
        }
        for v in vars where !inState[v] {
            state.add(rel.varCategory[v], rel.varCandidate[v])
            inState[v] = true
        }
    }

    /// Evaluates a subproblem choice as a choice of sites and keeps it when it meets every
    /// requirement and beats the incumbent. Returns the incumbent's value.
    private mutating func primal(_ vars: [Int]) -> Double {
        sync(vars)
        let p = relaxation.problem
        guard state.value > bestValue + tolerance,
              p.categories.indices.allSatisfy({ state.meetsRequirement($0, tolerance: tolerance) }) else { return bestValue }
        bestValue = state.value
        bestChoice = state.sortedChoice
        return bestValue
    }

    /// Evaluates a subproblem choice, with the incumbent's sites for the categories with a coverage
    /// requirement when there is an incumbent (the subproblem ignores those requirements, so its
    /// own choice of them rarely meets them). Returns the incumbent's value.
    private mutating func primalBoth(_ vars: [Int]) -> Double {
        if let m = mixed(vars) { return primal(m) }
        return primal(vars)
    }

    /// The choice `vars` with the incumbent's sites for the categories with a coverage requirement
    /// (nil without an incumbent or such a category).
    private func mixed(_ vars: [Int]) -> [Int]? {
        let p = relaxation.problem
        guard let best = bestChoice, p.categories.contains(where: { $0.coverageDemand != nil }) else { return nil }
        var out = vars.filter { p.categories[relaxation.varCategory[$0]].coverageDemand == nil }
        for (c, cat) in p.categories.enumerated() where cat.coverageDemand != nil {
            for j in best[c] where varIndex[c][j] >= 0 { out.append(varIndex[c][j]) }
        }
        return out
    }

    /// The swap local search of ``JointSolver`` from a subproblem choice (mixed as in
    /// ``primalBoth(_:)``) when it meets every requirement; kept when it beats the incumbent.
    private mutating func polish(_ vars: [Int]) {
        let p = relaxation.problem
        var s = JointState(p)
        for v in mixed(vars) ?? vars { s.add(relaxation.varCategory[v], relaxation.varCandidate[v]) }
        guard p.categories.indices.allSatisfy({ s.meetsRequirement($0, tolerance: tolerance) }) else { return }
        JointSolver(options: SitingOptions(perturbationRounds: 0)).localSearch(&s, tolerance: tolerance)
        if s.value > bestValue + tolerance {
            bestValue = s.value
            bestChoice = s.sortedChoice
        }
    }

    /// Whether every coverage requirement can still be met with the forced-in sites and the best free ones.
    private mutating func coverageReachable(_ status: [JointLagrangian.Status]) -> Bool {
        let rel = relaxation
        let p = rel.problem
        guard p.categories.contains(where: { $0.coverageDemand != nil }) else { return true }
        sync((0..<rel.variableCount).filter { status[$0] == .forcedIn })
        for (c, cat) in p.categories.enumerated() where cat.coverageDemand != nil {
            var gains: [Double] = []
            for v in rel.categoryVars[c] where status[v] == .free { gains.append(state.gain(c, rel.varCandidate[v]).demand) }
            let left = cat.maxSites - state.chosen[c].count
            if state.covered[c] + JointBranchAndBound.topSum(gains, left) < cat.requiredDemand - tolerance { return false }
        }
        return true
    }

    private mutating func visit(_ status: inout [JointLagrangian.Status], lambda: [Double], root: Bool) {
        nodes += 1
        if nodes > nodeBudget { budgetHit = true; return }
        guard coverageReachable(status) else { return }
        let rel = relaxation
        var lam = lambda
        var r: JointLagrangian.Result
        if root {
            // Subgradient steps and reduced-cost fixing until the fixing stops (at most `rootRounds` rounds).
            r = rel.optimise(&lam, status: status, target: bestValue, tolerance: tolerance, slack: slack, iterations: rootIterations, stepFactor: Self.rootStepFactor) { primalBoth($0) }
            rootBound = integral ? (r.bound + tolerance).rounded(.down) : r.bound
            if r.bound > bestValue + slack { polish(r.evaluation.chosen) }
            for round in 0..<Self.rootRounds {
                guard r.bound > bestValue + slack else { return }
                let fixed = rel.fix(r.evaluation, status: &status, incumbent: bestValue, tolerance: slack)
                rootFixed += fixed
                if fixed == 0 || round + 1 == Self.rootRounds { break }
                r = rel.optimise(&lam, status: status, target: bestValue, tolerance: tolerance, slack: slack, iterations: nodeIterations * 2, stepFactor: 1) { primalBoth($0) }
                if r.bound > bestValue + slack { polish(r.evaluation.chosen) }
            }
        } else {
            r = rel.optimise(&lam, status: status, target: bestValue, tolerance: tolerance, slack: slack, iterations: nodeIterations, stepFactor: 0.5) { primalBoth($0) }
            if r.bound > bestValue + slack { polish(r.evaluation.chosen) }
            guard r.bound > bestValue + slack else { return }
            _ = rel.fix(r.evaluation, status: &status, incumbent: bestValue, tolerance: slack)
        }
        let sites = r.evaluation.siteValues
        var branch: Int?
        for v in r.evaluation.chosen where status[v] == .free {
            if let b = branch, !(sites[v] > sites[b] || (sites[v] == sites[b] && v < b)) { continue }
            branch = v
        }
        if branch == nil {
            for v in 0..<rel.variableCount where status[v] == .free {
                if let b = branch, !(sites[v] > sites[b]) { continue }
                branch = v
            }
        }
        guard let v = branch else {
            _ = primal((0..<rel.variableCount).filter { status[$0] == .forcedIn })
            return
        }
        var include = status
        include[v] = .forcedIn
        visit(&include, lambda: lam, root: false)
        if budgetHit { return }
        status[v] = .forcedOut
        visit(&status, lambda: lam, root: false)
    }
}


/// Set covering toward a coverage goal (LSCP): the fewest new sites lifting the category's coverage
/// to a share `P` of its total demand (demand fixed facilities cover counts toward `P`).
///
/// Uncapacitated: greedy until the goal is met, giving k sites; then, while k exceeds the lower
/// bound, asks whether k − 1 sites suffice: the MCLP heuristic (greedy + swaps) may find such a set;
/// the MCLP upper bound for k − 1 may show none exists; otherwise branch and bound decides within the
/// time budget. The lower bound starts as the fewest sites whose largest cover weights add up to the
/// goal. Sites the others make redundant are dropped before the first MCLP solve; after the
/// reduction, the bound is raised to the packing bound (``SetCoverShortcuts``) when that is higher.
/// The count is proven minimal when it meets the lower bound.
///
/// When the goal leaves no slack, i.e. it can be met only by covering every point that weighs more
/// than the demand it lets go uncovered, and covering those is enough (an unmeetable target, where
/// the goal becomes every reachable point, or 100%), it is a set cover of those points and is solved
/// as one instead (``SetCoverSearch``: reductions, independent parts, a Lagrangian bound and a
/// branch and bound with a node budget; no clock is read), with far tighter bounds.
///
/// When the candidates cannot reach `P`, the goal becomes the best reachable coverage and
/// `targetMet` is false. With a capacity, the capacitated greedy is used and the lower bound also
/// counts ⌈needed / capacity⌉; there is no reduction step.
package struct LSCPSolver: Sendable {
    package var options: SitingOptions

    package init(options: SitingOptions = SitingOptions()) {
        self.options = options
    }

    /// Finds the fewest sites reaching `targetCoverage` (a share 0…1 of total demand).
    ///
    /// - Complexity: one greedy, then at most (k − lower bound) MCLP solves; every phase of all of
    ///   them stops at one deadline, `exactTimeBudgetSeconds` after the solve starts (``SolveDeadline``).
    package func solve(_ instance: CoverageInstance, targetCoverage: Double) -> SitingSolution {
        let deadline = SolveDeadline(budgetSeconds: options.exactTimeBudgetSeconds)
        let p = ReducedProblem(instance, aggregate: instance.capacity == nil)
        let tol = p.tolerance
        let share = min(1, max(0, targetCoverage.isFinite ? targetCoverage : 1))
        let need = max(0, share * p.totalDemand - p.alreadyCoveredDemand)
        let met = need <= p.reachableDemand + tol
        let goal = min(need, p.reachableDemand)
        var method: [String] = []
        if !met {
            method.append("goal \(share) unreachable: aiming at the best reachable coverage")
        }
        let mclp = MCLPSolver(options: options)
        var lowerBound = Self.singletonLowerBound(p, goal: goal, capacity: instance.capacity)
        let sites: [ProposedSite]
        var upperBound: Double
        var provenByPacking = false
        if goal <= tol {
            sites = []
            upperBound = 0
            method.append(met ? "goal already met by fixed facilities" : "no candidate adds coverage")
        } else if let capacity = instance.capacity {
            let picks = CapacitatedGreedy.run(p, capacity: capacity, count: p.candidateCount, stopAt: goal)
            sites = SiteExplainer.explain(instance, p, picks: picks)
            upperBound = sites.reduce(0) { $0 + $1.marginalGain }
            method.append("capacitated greedy (capacity \(capacity), divisible demand)")
        } else if let rows = Self.rowsToCover(p, goal: goal) {
            // No slack: the fewest sites covering those points, a set cover solved on its own.
            let budget = options.exactTimeBudgetSeconds > 0 ? options.exactNodeBudget ?? SetCoverSearch.defaultNodeBudget : 0
            let search = SetCoverSearch(p, rows: rows, nodeBudget: budget)
            method.append(Self.describe(search))
            lowerBound = max(lowerBound, search.lowerBound)
            sites = SiteExplainer.explain(instance, p, sites: search.sites)
            upperBound = p.value(of: search.sites)
            if !search.proven {
                method.append("minimality not proven within the node budget: at least \(search.lowerBound) sites needed, gap \(search.sites.count - search.lowerBound)")
            }
        } else {
            var chosen = MaxCoverHeuristic.lazyGreedy(p, count: p.candidateCount, stopAt: goal)
            method.append("greedy to the goal: \(chosen.count) sites")
            // Cheap before the MCLP solves: drop the sites the others make redundant.
            let trimmed = SetCoverShortcuts.dropRedundant(p, sites: chosen, goal: goal)
            if trimmed.count < chosen.count {
                chosen = trimmed
                method.append("\(chosen.count) sites suffice (redundant sites dropped)")
            }
            var timedOut = false
            while chosen.count > lowerBound {
                let k = chosen.count - 1
                let core = mclp.solveCore(p, count: k, exact: false, goal: goal, deadline: deadline)
                if core.value >= goal - tol {
                    chosen = core.sites
                    method.append("\(k) sites suffice (swap search)")
                    continue
                }
                if core.bound < goal - tol {
                    lowerBound = k + 1
                    method.append("MCLP bound shows \(k) sites fall short")
                    break
                }
                guard options.exactTimeBudgetSeconds > 0, ContinuousClock.now < deadline.exact else {
                    timedOut = true
                    break
                }
                let outcome = MaxCoverBranchAndBound.search(
                    p, count: k, threshold: goal - tol, stopAtFirst: true, lagrangian: core.lagrangian,
                    candidateLimit: options.exactCandidateLimit, deadline: deadline.exact,
                    nodeBudget: options.exactNodeBudget, refineDepth: MCLPSolver.refineDepth)
                if let found = outcome.sites {
                    chosen = found
                    method.append("\(k) sites suffice (branch and bound)")
                } else if outcome.finished, outcome.freeCandidates != nil {
                    lowerBound = k + 1
                    method.append("branch and bound shows \(k) sites fall short (\(outcome.nodes) nodes)")
                    break
                } else {
                    timedOut = true
                    break
                }
            }
            // Points that must be covered and share no coverer each need a site: a bound far tighter
            // than the singleton one when the goal is every reachable point (an unmeetable target).
            // It only tightens the bound reported; the reduction above stops as before, so the
            // answers (sites and method) stay what they were wherever the loop finished.
            let packing = SetCoverShortcuts.packingBound(p, goal: goal)
            if packing > lowerBound {
                lowerBound = packing
                provenByPacking = packing == chosen.count
            }
            if timedOut && !provenByPacking { method.append("minimality not proven within the budget or candidate limit") }
            sites = SiteExplainer.explain(instance, p, sites: chosen)
            upperBound = MaxCoverHeuristic.marginalBound(p, sites: chosen, count: chosen.count)
        }
        let covered = sites.reduce(0) { $0 + $1.marginalGain }
        lowerBound = min(lowerBound, sites.count)
        let proven = sites.count == lowerBound
        if proven { method.append(provenByPacking ? "site count proven minimal (disjoint points that must be covered)" : "site count proven minimal") }
        return SitingSolution(
            goal: .coverage(share), sites: sites, coveredDemand: covered,
            coveredSecondary: sites.reduce(0) { $0 + $1.marginalSecondary },
            alreadyCoveredDemand: p.alreadyCoveredDemand, totalDemand: p.totalDemand,
            unreachableDemand: p.unreachableDemand, upperBound: min(p.reachableDemand, max(upperBound, covered)),
            siteCountLowerBound: lowerBound, targetMet: met,
            bestReachableCoverage: p.totalDemand > 0 ? (p.alreadyCoveredDemand + p.reachableDemand) / p.totalDemand : 1,
            optimality: proven ? .provenOptimal : .heuristic(gap: Double(sites.count - lowerBound)),
            method: method.joined(separator: "; "))
    }

    /// The points every set reaching `goal` must cover, when covering them is also enough: each
    /// weighs more than the demand the goal lets go uncovered, and the others together weigh no
    /// more than that (so the goal asks for a set cover of these points). Nil otherwise.
    ///
    /// - Complexity: O(points).
    static func rowsToCover(_ p: ReducedProblem, goal: Double) -> [Int]? {
        let slack = p.reachableDemand - goal + p.tolerance
        var rows: [Int] = []
        var spare = 0.0
        for i in 0 ..< p.pointCount {
            if p.weights[i] > slack { rows.append(i) } else { spare += p.weights[i] }
        }
        return spare <= slack && !rows.isEmpty ? rows : nil
    }

    /// The set cover search in words: its size before and after the reductions, and how the rest
    /// was solved.
    static func describe(_ s: SetCoverSearch) -> String {
        let r = s.reduction
        let forced = "\(r.forced.count) site\(r.forced.count == 1 ? "" : "s") forced (each the only candidate left for some point)"
        var out = "every remaining point must be covered: a set cover of \(r.rowsBefore) point groups by \(r.columnsBefore) candidates"
        out += ", whose reductions (dominated candidates and points dropped) "
        if r.components.isEmpty { return out + "settle it: \(forced)" }
        let parts = r.components.count == 1 ? "1 independent part" : "\(r.components.count) independent parts"
        out += "leave \(forced) and \(r.rowsAfter) point groups by \(r.columnsAfter) candidates in \(parts): greedy, Lagrangian bound"
        if s.nodes > 0 { out += ", branch and bound (\(s.nodes) nodes)" }
        return out
    }

    /// The fewest sites whose largest (capped) cover weights add up to `goal`, and ⌈goal / capacity⌉.
    static func singletonLowerBound(_ p: ReducedProblem, goal: Double, capacity: Double?) -> Int {
        let tol = p.tolerance
        if goal <= tol { return 0 }
        var singles: [Double] = []
        for j in 0 ..< p.candidateCount {
            var sum = 0.0
            for k in p.offsets[j] ..< p.offsets[j + 1] { sum += p.weights[Int(p.members[k])] }
            singles.append(min(capacity ?? .infinity, sum))
        }
        singles.sort(by: >)
        var total = 0.0
        var k = 0
        while k < singles.count && total < goal - tol {
            total += singles[k]
            k += 1
        }
        if let capacity { k = max(k, Int(saturating: (goal / capacity - 1e-9).rounded(.up))) }
        return k
    }
}

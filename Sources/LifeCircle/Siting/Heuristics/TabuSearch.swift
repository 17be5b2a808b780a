/// Tabu search over single swaps for uncapacitated maximal covering.
///
/// Each iteration makes the best swap (one chosen site out, one candidate in) even when it loses
/// coverage, which walks the solution across the wide plateaus of near-cover instances where the
/// swap search stops at once. A site just taken out may not come back for `tenure` iterations and
/// a site just put in may not leave for half as long (at most a third of the sites), unless the
/// move gives a new best (aspiration). The best solution met is returned.
///
/// Swap values come from ``SwapState``, shared with ``MaxCoverHeuristic/swapSearch(_:sites:deadline:)``,
/// so one iteration costs a pass over the cover sets. Deterministic: ties go to the lower candidate, then the lower site.
enum TabuSearch {
    /// Runs `iterations` swaps from `initial`, stopping early once the value reaches `stopAt`.
    ///
    /// - Complexity: O(iterations · (members + candidates · chosen)).
    static func run(_ p: ReducedProblem, sites initial: [Int], iterations: Int, tenure: Int, stopAt: Double = .infinity) -> [Int] {
        let m = p.candidateCount
        guard initial.count >= 1, initial.count < m, iterations > 0 else { return initial }
        var state = SwapState(p, sites: initial.sorted())
        var best = state.sites
        var bestValue = state.value
        // Iteration from which a candidate may enter again / a site may leave again.
        var enterAfter = [Int](repeating: 0, count: m)
        var leaveAfter = [Int](repeating: 0, count: m)
        let tol = p.tolerance
        for iteration in 0 ..< iterations where bestValue < stopAt - tol {
            var bestDelta = -Double.infinity
            var bestIn = -1
            var bestOut = -1
            for c in 0 ..< m where !state.isChosen[c] && p.offsets[c + 1] > p.offsets[c] {
                let g0 = state.scan(p, c)
                let enterAllowed = enterAfter[c] <= iteration
                let value = state.value
                // A tabu move is allowed only when it gives a new best.
                func consider(_ delta: Double, _ s: Int) {
                    guard enterAllowed && leaveAfter[s] <= iteration || value + delta > bestValue + tol else { return }
                    if delta > bestDelta + tol * 1e-3 || (abs(delta - bestDelta) <= tol * 1e-3 && (c, s) < (bestIn, bestOut)) {
                        bestDelta = delta
                        bestIn = c
                        bestOut = s
                    }
                }
                // Among sites no rival of c relies on, the one losing least (and the least-losing
                // one allowed to leave, when that one is tabu).
                var first = true
                for s in state.byLoss where !state.isTouched[s] {
                    if first {
                        consider(g0 - state.loss[s], s)
                        first = false
                    }
                    if leaveAfter[s] <= iteration {
                        consider(g0 - state.loss[s], s)
                        break
                    }
                }
                for s in state.touched { consider(g0 + state.extra[s] - state.loss[s], s) }
                state.clearScan()
            }
            guard bestIn >= 0 else { break }
            state.swap(p, out: bestOut, into: bestIn)
            enterAfter[bestOut] = iteration + 1 + tenure
            leaveAfter[bestIn] = iteration + 1 + min(tenure / 2, state.sites.count / 3)
            if state.value > bestValue + tol {
                bestValue = state.value
                best = state.sites.sorted()
            }
        }
        return best
    }
}

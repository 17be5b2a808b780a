/// Tabu search over single swaps for uncapacitated maximal covering.
///
/// Each iteration makes the best swap (one chosen site out, one candidate in) even when it loses
/// coverage, which walks the solution across the wide plateaus of near-cover instances where the
/// swap search stops at once. A site just taken out may not come back for `tenure` iterations and
/// a site just put in may not leave for half as long (at most a third of the sites), unless the move gives a new best (aspiration).
/// The best solution met is returned.
///
/// Swap values come from the same per-point state as ``MaxCoverHeuristic/swapSearch(_:sites:deadline:)``
/// (how many chosen sites cover each point and the sum of their indices), so one iteration costs a
/// pass over the cover sets. Deterministic: ties go to the lower candidate, then the lower site.
enum TabuSearch {
    /// Runs `iterations` swaps from `initial`, stopping early once the value reaches `stopAt`.
    ///
    /// - Complexity: O(iterations · (members + candidates · chosen)).
    static func run(_ p: ReducedProblem, sites initial: [Int], iterations: Int, tenure: Int, stopAt: Double = .infinity) -> [Int] {
        let m = p.candidateCount
        guard initial.count >= 1, initial.count < m, iterations > 0 else { return initial }
        var sites = initial.sorted()
        var counts = [Int32](repeating: 0, count: p.pointCount)
        var ownerSum = [Int](repeating: 0, count: p.pointCount)
        var isChosen = [Bool](repeating: false, count: m)
        var value = 0.0
        func add(_ j: Int, _ sign: Int32) {
            for k in p.offsets[j] ..< p.offsets[j + 1] {
                let i = Int(p.members[k])
                if sign > 0 && counts[i] == 0 { value += p.weights[i] }
                counts[i] += sign
                ownerSum[i] += Int(sign) * j
                if sign < 0 && counts[i] == 0 { value -= p.weights[i] }
            }
        }
        for j in sites {
            add(j, 1)
            isChosen[j] = true
        }
        var best = sites
        var bestValue = value
        // Iteration from which a candidate may enter again / a site may leave again.
        var enterAfter = [Int](repeating: 0, count: m)
        var leaveAfter = [Int](repeating: 0, count: m)
        var loss = [Double](repeating: 0, count: m)
        var extra = [Double](repeating: 0, count: m)
        var touched: [Int] = []
        var isTouched = [Bool](repeating: false, count: m)
        let tol = p.tolerance
        for iteration in 0 ..< iterations where bestValue < stopAt - tol {
            for j in sites {
                var sum = 0.0
                for k in p.offsets[j] ..< p.offsets[j + 1] {
                    let i = Int(p.members[k])
                    if counts[i] == 1 { sum += p.weights[i] }
                }
                loss[j] = sum
            }
            let byLoss = sites.sorted { loss[$0] < loss[$1] || (loss[$0] == loss[$1] && $0 < $1) }
            var bestDelta = -Double.infinity
            var bestIn = -1
            var bestOut = -1
            for c in 0 ..< m where !isChosen[c] && p.offsets[c + 1] > p.offsets[c] {
                var g0 = 0.0
                for k in p.offsets[c] ..< p.offsets[c + 1] {
                    let i = Int(p.members[k])
                    let count = counts[i]
                    if count == 0 {
                        g0 += p.weights[i]
                    } else if count == 1 {
                        let owner = ownerSum[i]
                        extra[owner] += p.weights[i]
                        if !isTouched[owner] {
                            isTouched[owner] = true
                            touched.append(owner)
                        }
                    }
                }
                let enterAllowed = enterAfter[c] <= iteration
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
                for s in byLoss where !isTouched[s] {
                    if first {
                        consider(g0 - loss[s], s)
                        first = false
                    }
                    if leaveAfter[s] <= iteration {
                        consider(g0 - loss[s], s)
                        break
                    }
                }
                for s in touched { consider(g0 + extra[s] - loss[s], s) }
                for s in touched {
                    extra[s] = 0
                    isTouched[s] = false
                }
                touched.removeAll(keepingCapacity: true)
            }
            guard bestIn >= 0 else { break }
            add(bestOut, -1)
            add(bestIn, 1)
            isChosen[bestOut] = false
            isChosen[bestIn] = true
            if let position = sites.firstIndex(of: bestOut) { sites[position] = bestIn }
            enterAfter[bestOut] = iteration + 1 + tenure
            leaveAfter[bestIn] = iteration + 1 + min(tenure / 2, sites.count / 3)
            if value > bestValue + tol {
                bestValue = value
                best = sites.sorted()
            }
        }
        return best
    }
}

import HeapModule

/// Lazy greedy and swap local search for uncapacitated maximal covering on a `ReducedProblem`.
enum MaxCoverHeuristic {
    /// The fixed seed of the iterated local search's draws (so its answer is reproducible).
    static let perturbationSeed: UInt64 = 0x5EED_51_7E
    /// A random move drops a tenth of the sites (1 / `droppedShareDivisor`), at least
    /// `fewestDropped`; a neighbourhood move at most `largestNeighbourhood` sites.
    static let droppedShareDivisor = 10, fewestDropped = 2, largestNeighbourhood = 8

    /// Picks sites one at a time by largest marginal gain (ties: lower candidate index), stopping at
    /// `count` sites, when no candidate adds anything, or once the covered weight reaches `stopAt`.
    ///
    /// Stale gains in the max-heap are upper bounds (coverage is submodular), so a popped entry whose
    /// gain was computed in the current round is the true best.
    /// - Returns: the sites in the order chosen.
    /// - Complexity: O(members · log candidates) in the worst case, far less in practice.
    static func lazyGreedy(
        _ p: ReducedProblem, count: Int, among: [Int]? = nil, stopAt: Double = .infinity,
        startingWith initial: [Int] = [], excluding: Set<Int> = []
    ) -> [Int] {
        var covered = [Bool](repeating: false, count: p.pointCount)
        var value = 0.0
        for j in initial {
            for k in p.offsets[j] ..< p.offsets[j + 1] where !covered[Int(p.members[k])] {
                covered[Int(p.members[k])] = true
                value += p.weights[Int(p.members[k])]
            }
        }
        let fixed = Set(initial)
        let pool = (among ?? Array(0 ..< p.candidateCount)).filter { !fixed.contains($0) && !excluding.contains($0) }
        var entries: [GainEntry] = []
        entries.reserveCapacity(pool.count)
        for j in pool {
            let g = p.gain(j, covered: covered)
            if g > 0 { entries.append(GainEntry(gain: g, candidate: Int32(j), round: 0)) }
        }
        var heap = Heap(entries)
        var chosen = initial
        var round: Int32 = 0
        while chosen.count < count, value < stopAt - p.tolerance, let top = heap.popMax() {
            let j = Int(top.candidate)
            if top.round != round {
                let g = p.gain(j, covered: covered)
                if g > 0 { heap.insert(GainEntry(gain: g, candidate: top.candidate, round: round)) }
                continue
            }
            chosen.append(j)
            value += top.gain
            for k in p.offsets[j] ..< p.offsets[j + 1] { covered[Int(p.members[k])] = true }
            round += 1
        }
        return chosen
    }

    /// Improves `sites` by single swaps (one site out, one candidate in) until no swap gains more
    /// than the tolerance. Candidates are scanned in index order and an improving swap is applied at
    /// once (first improvement); the best site to drop for a candidate is found exactly.
    ///
    /// Per demand point it keeps the number of chosen sites covering it and the sum of their indices
    /// (which names the only one when the count is 1), so a candidate's swap values against all
    /// chosen sites cost O(its cover set + chosen sites).
    /// - Complexity: O(passes · (members + candidates · chosen)).
    ///
    /// With `streetCap`, no swap may leave more than `cap` sites in one street (`street[j]` is
    /// candidate j's street, −1 for none); the initial sites must respect it.
    static func swapSearch(
        _ p: ReducedProblem, sites initial: [Int], streetCap: (street: [Int], cap: Int)? = nil,
        deadline: ContinuousClock.Instant? = nil
    ) -> [Int] {
        let m = p.candidateCount
        guard !initial.isEmpty, initial.count < m else { return initial }
        var state = SwapState(p, sites: initial)
        let tol = p.tolerance
        var used: [Int: Int] = [:]
        if let streetCap {
            for j in initial where streetCap.street[j] >= 0 { used[streetCap.street[j], default: 0] += 1 }
        }
        var improved = true
        while improved {
            improved = false
            if let deadline, ContinuousClock.now > deadline { break }
            for c in 0 ..< m where !state.isChosen[c] && p.offsets[c + 1] > p.offsets[c] {
                let g0 = state.scan(p, c)
                var bestDelta = -Double.infinity
                var bestOut = -1
                // c's street is full: only a site of the same street may make room.
                let sameStreetOnly = streetCap.map { $0.street[c] >= 0 && used[$0.street[c], default: 0] >= $0.cap } ?? false
                if sameStreetOnly, let streetCap {
                    for s in state.sites where streetCap.street[s] == streetCap.street[c] {
                        let delta = g0 + state.extra[s] - state.loss[s]
                        if delta > bestDelta || (delta == bestDelta && s < bestOut) {
                            bestDelta = delta
                            bestOut = s
                        }
                    }
                } else {
                    for s in state.byLoss where !state.isTouched[s] {
                        bestDelta = g0 - state.loss[s]
                        bestOut = s
                        break
                    }
                    for s in state.touched {
                        let delta = g0 + state.extra[s] - state.loss[s]
                        if delta > bestDelta || (delta == bestDelta && s < bestOut) {
                            bestDelta = delta
                            bestOut = s
                        }
                    }
                }
                state.clearScan()
                if bestDelta > tol, bestOut >= 0 {
                    if let streetCap {
                        if streetCap.street[bestOut] >= 0 { used[streetCap.street[bestOut], default: 0] -= 1 }
                        if streetCap.street[c] >= 0 { used[streetCap.street[c], default: 0] += 1 }
                    }
                    state.swap(p, out: bestOut, into: c)
                    improved = true
                }
            }
        }
        return state.sites
    }

    /// Iterated local search: `rounds` rounds of two moves each, every move dropping some sites,
    /// refilling greedily without them, running the swap search, and keeping the result when it
    /// covers more. The first move of a round drops a seeded random tenth of the sites (at least 2)
    /// anywhere; the second a neighbourhood (a seeded random site with up to 7 of the chosen sites
    /// that compete for the same demand: those covering a point that a candidate covering one of the
    /// site's points also covers), which lets a cluster of sites move together.
    /// Stops early once the value reaches `stopAt`. Deterministic (SplitMix64 with a fixed seed).
    ///
    /// - Complexity: 2 · `rounds` swap searches, plus O(members) once for the point-to-candidate index.
    static func perturb(_ p: ReducedProblem, sites initial: [Int], rounds: Int, stopAt: Double = .infinity) -> [Int] {
        var best = initial
        var bestValue = p.value(of: best)
        guard best.count >= 2 else { return best }
        var rng = SplitMix64(seed: Self.perturbationSeed)
        func next() -> UInt64 { rng.next() }
        let drop = max(Self.fewestDropped, best.count / Self.droppedShareDivisor)
        var neighbourhoods = SiteNeighbourhoods(p)
        var isChosen = [Bool](repeating: false, count: p.candidateCount)
        for move in 0 ..< 2 * rounds where bestValue < stopAt - p.tolerance {
            let current = best.sorted()
            var kept = current
            var removed = Set<Int>()
            for j in current { isChosen[j] = true }
            defer { for j in current { isChosen[j] = false } }
            if move % 2 == 1 {
                // A neighbourhood: the seed and the chosen sites competing with it.
                let seed = kept[Int(next() % UInt64(kept.count))]
                var near = neighbourhoods.competitors(of: seed, in: p, isChosen: isChosen)
                removed.insert(seed)
                while removed.count < min(drop, Self.largestNeighbourhood), !near.isEmpty {
                    removed.insert(near.remove(at: Int(next() % UInt64(near.count))))
                }
                kept.removeAll { removed.contains($0) }
            } else {
                for _ in 0 ..< min(drop, kept.count) {
                    removed.insert(kept.remove(at: Int(next() % UInt64(kept.count))))
                }
            }
            let refilled = lazyGreedy(p, count: best.count, startingWith: kept, excluding: removed)
            let improved = swapSearch(p, sites: refilled)
            let value = p.value(of: improved)
            if value > bestValue + p.tolerance {
                best = improved
                bestValue = value
            }
        }
        return best
    }

    /// Upper bound from submodularity at a solution S: f(S) + the `count` largest marginal gains
    /// Δ(j | S) over candidates not in S (≥ f(S ∪ OPT) ≥ OPT).
    ///
    /// - Complexity: O(points + members + candidates log candidates).
    static func marginalBound(_ p: ReducedProblem, sites: [Int], count: Int) -> Double {
        var covered = [Bool](repeating: false, count: p.pointCount)
        var value = 0.0
        for j in sites {
            for k in p.offsets[j] ..< p.offsets[j + 1] {
                let i = Int(p.members[k])
                if !covered[i] {
                    covered[i] = true
                    value += p.weights[i]
                }
            }
        }
        let chosen = Set(sites)
        var gains: [Double] = []
        gains.reserveCapacity(p.candidateCount)
        for j in 0 ..< p.candidateCount where !chosen.contains(j) {
            gains.append(p.gain(j, covered: covered))
        }
        gains.sort(by: >)
        return value + gains.prefix(count).reduce(0, +)
    }
}

/// Large-neighbourhood search with an exact inner step: take a seed site and up to `size − 1` of
/// its competitors out, and re-place that many sites (``RegionReplacer``). Keeps any improvement,
/// then polishes it with the swap search. Where the iterated local search refills greedily, this
/// finds the best re-placement of a whole cluster.
///
/// Deterministic: seeds and competitors are drawn with a fixed-seed SplitMix64, and each inner
/// search has a node budget (the deadline is only a safety net).
enum NeighbourhoodSearch {
    /// Candidates (besides the removed sites) offered to each inner search.
    static let poolSize = 32
    /// The fixed seeds of the draws of ``improve(_:sites:rounds:size:poolSize:refineDepth:sweep:stopAt:deadline:)``
    /// and ``exchange(_:sites:sweeps:size:poolSize:stopAt:deadline:)``.
    static let improveSeed: UInt64 = 0x4E5B_0C0A, exchangeSeed: UInt64 = 0x7A1E_5C3D

    /// The chosen sites and their cover counts, kept together.
    struct Chosen {
        var sites: [Int]
        var isChosen: [Bool]
        var counts: [Int32]
        var value: Double

        init(_ p: ReducedProblem, sites: [Int]) {
            self.sites = sites.sorted()
            isChosen = [Bool](repeating: false, count: p.candidateCount)
            counts = [Int32](repeating: 0, count: p.pointCount)
            value = p.value(of: sites)
            for j in sites {
                isChosen[j] = true
                add(p, j, 1)
            }
            SitingInvariant.check("NeighbourhoodSearch.Chosen.init", invariantViolation(p))
        }

        /// Raises (`sign` 1) or lowers (−1) the cover counts of `j`'s points; a move lowers them for
        /// the sites it takes out and raises them again after the inner search.
        mutating func add(_ p: ReducedProblem, _ j: Int, _ sign: Int32) {
            for k in p.offsets[j] ..< p.offsets[j + 1] { counts[Int(p.members[k])] += sign }
        }

        /// The first broken invariant between moves, or nil: `sites` ascending and distinct,
        /// flagged in `isChosen` and nowhere else, `counts` the number of sites covering each point
        /// and `value` the weight they cover.
        ///
        /// - Complexity: O(points + candidates + members of the sites).
        func invariantViolation(_ p: ReducedProblem) -> String? {
            guard isChosen.count == p.candidateCount, counts.count == p.pointCount else {
                return "array sizes do not match \(p.pointCount) points and \(p.candidateCount) candidates"
            }
            guard zip(sites, sites.dropFirst()).allSatisfy({ $0 < $1 }), sites.allSatisfy({ $0 >= 0 && $0 < p.candidateCount }),
                  isChosen.filter({ $0 }).count == sites.count, sites.allSatisfy({ isChosen[$0] })
            else { return "sites \(sites) are not ascending, distinct and the ones flagged in isChosen" }
            var expected = [Int32](repeating: 0, count: p.pointCount)
            for j in sites {
                for k in p.offsets[j] ..< p.offsets[j + 1] { expected[Int(p.members[k])] += 1 }
            }
            if let i = expected.indices.first(where: { expected[$0] != counts[$0] }) {
                return "point \(i): count \(counts[i]), but \(expected[i]) sites cover it"
            }
            let covered = p.value(of: sites)
            guard abs(covered - value) <= p.tolerance else { return "value \(value), but the sites cover \(covered)" }
            return nil
        }
    }

    /// A seed site and up to `size − 1` chosen sites around it: its competitors in a random order
    /// (drawn with `rng`), then theirs, breadth first, so a larger region is a connected cluster.
    static func region(
        seed: Int, size: Int, _ p: ReducedProblem, _ chosen: Chosen, _ replacer: inout RegionReplacer,
        _ rng: inout SplitMix64
    ) -> [Int] {
        var removed = [seed]
        var next = 0
        while removed.count < size, next < removed.count {
            var near = replacer.neighbourhoods.competitors(of: removed[next], in: p, isChosen: chosen.isChosen)
                .filter { !removed.contains($0) }
            next += 1
            while removed.count < size, !near.isEmpty {
                removed.append(near.remove(at: rng.below(near.count)))
            }
        }
        return removed
    }

    /// Runs `rounds` moves from `initial` (fewer once the value reaches `stopAt`); returns the best
    /// solution met. Seeds are drawn at random, or with `sweep` taken in turn (the i-th move seeds
    /// at the i-th chosen site, ascending); `refineDepth` is passed to the inner branch and bound.
    ///
    /// - Complexity: per move O(points + members of the pool + inner nodes · pool members).
    static func improve(
        _ p: ReducedProblem, sites initial: [Int], rounds: Int, size: Int = 4, poolSize: Int = Self.poolSize,
        refineDepth: Int = 0, sweep: Bool = false, stopAt: Double = .infinity, deadline: ContinuousClock.Instant
    ) -> [Int] {
        guard initial.count >= 2, initial.count < p.candidateCount else { return initial }
        var rng = SplitMix64(seed: Self.improveSeed)
        var replacer = RegionReplacer(p, refineDepth: refineDepth)
        var chosen = Chosen(p, sites: initial)
        let tol = p.tolerance
        for move in 0 ..< rounds where chosen.value < stopAt - tol {
            if ContinuousClock.now > deadline { break }
            let seed = sweep ? chosen.sites[move % chosen.sites.count] : chosen.sites[rng.below(chosen.sites.count)]
            let removed = region(seed: seed, size: size, p, chosen, &replacer, &rng)
            for j in removed { chosen.add(p, j, -1) }
            let found = replacer.best(
                removed: removed, siteCounts: [removed.count], counts: chosen.counts, isChosen: chosen.isChosen,
                poolSize: poolSize, deadline: deadline)[0]
            for j in removed { chosen.add(p, j, 1) }
            SitingInvariant.check("NeighbourhoodSearch.improve", chosen.invariantViolation(p))
            guard let found, found.value > found.before + tol else { continue }
            var next = chosen.sites.filter { !removed.contains($0) } + found.sites
            // The inner search may return fewer sites (when the rest add nothing there): refill.
            if next.count < chosen.sites.count {
                next = MaxCoverHeuristic.lazyGreedy(p, count: chosen.sites.count, startingWith: next)
            }
            chosen = Chosen(p, sites: MaxCoverHeuristic.swapSearch(p, sites: next))
        }
        return chosen.sites
    }

    /// Paired regional exchange: for every chosen site as a seed, a region (the seed and up to
    /// `size − 1` competitors) gets its exact best re-placement with one site more, one site fewer
    /// and as many. A region that gains by one more site paired with another (disjoint) region that
    /// loses less by one fewer moves a site between them, each re-placed exactly: the move a
    /// count-keeping neighbourhood cannot make; a region that gains with as many is a move alone.
    /// Moves are tried by estimated gain (exact when the regions do not interact; each is checked on
    /// the whole problem); the first that improves is kept and polished with the swap search, and the
    /// sweep starts again, up to `sweeps` times, ending at the first sweep without an improvement.
    ///
    /// - Complexity: per sweep 3 · count inner searches and O(count² · log count + tries · members).
    static func exchange(
        _ p: ReducedProblem, sites initial: [Int], sweeps: Int, size: Int, poolSize: Int, stopAt: Double = .infinity,
        deadline: ContinuousClock.Instant
    ) -> [Int] {
        guard initial.count >= 2, initial.count < p.candidateCount else { return initial }
        var rng = SplitMix64(seed: Self.exchangeSeed)
        var replacer = RegionReplacer(p)
        var chosen = Chosen(p, sites: initial)
        let tol = p.tolerance
        for _ in 0 ..< sweeps where chosen.value < stopAt - tol {
            struct Side {
                var removed: [Int]
                var placed: [Int]
                var change: Double
            }
            var plus: [Side] = []
            var minus: [Side] = []
            var same: [Side] = []
            for seed in chosen.sites {
                if ContinuousClock.now > deadline { return chosen.sites }
                let removed = region(seed: seed, size: size, p, chosen, &replacer, &rng)
                for j in removed { chosen.add(p, j, -1) }
                // One site more, one fewer, as many.
                let found = replacer.best(
                    removed: removed, siteCounts: [removed.count + 1, removed.count - 1, removed.count],
                    counts: chosen.counts, isChosen: chosen.isChosen, poolSize: poolSize, deadline: deadline)
                func side(_ f: RegionReplacer.Placement) -> Side {
                    Side(removed: removed, placed: f.sites, change: f.value - f.before)
                }
                if let f = found[0] { plus.append(side(f)) }
                if let f = found[1] { minus.append(side(f)) }
                if let f = found[2] { same.append(side(f)) }
                for j in removed { chosen.add(p, j, 1) }
                SitingInvariant.check("NeighbourhoodSearch.exchange", chosen.invariantViolation(p))
            }
            var pairs: [(estimate: Double, a: Int, b: Int)] = []
            for (a, up) in plus.enumerated() {
                for (b, down) in minus.enumerated() where up.change + down.change > tol {
                    if up.removed.contains(where: { down.removed.contains($0) }) { continue }
                    pairs.append((up.change + down.change, a, b))
                }
            }
            for (a, side) in same.enumerated() where side.change > tol { pairs.append((side.change, -1 - a, -1)) }
            pairs.sort { $0.estimate > $1.estimate || ($0.estimate == $1.estimate && ($0.a, $0.b) < ($1.a, $1.b)) }
            var improved = false
            for pair in pairs.prefix(Self.pairTries) {
                let up = pair.a >= 0 ? plus[pair.a] : same[-1 - pair.a]
                let down = pair.b >= 0 ? minus[pair.b] : Side(removed: [], placed: [], change: 0)
                let gone = Set(up.removed + down.removed)
                var next = chosen.sites.filter { !gone.contains($0) }
                for j in up.placed + down.placed where !next.contains(j) { next.append(j) }
                if next.count < chosen.sites.count {
                    next = MaxCoverHeuristic.lazyGreedy(p, count: chosen.sites.count, startingWith: next)
                }
                guard next.count == chosen.sites.count, p.value(of: next) > chosen.value + tol else { continue }
                chosen = Chosen(p, sites: MaxCoverHeuristic.swapSearch(p, sites: next))
                improved = true
                break
            }
            if !improved { break }
        }
        return chosen.sites
    }

    /// Pairs checked on the whole problem per sweep.
    static let pairTries = 64
}

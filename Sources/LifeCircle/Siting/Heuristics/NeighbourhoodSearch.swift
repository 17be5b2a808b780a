/// The chosen sites competing with a seed site: those covering a point that some candidate covering
/// one of the seed's points also covers (depth 1: candidates covering the seed's points; depth 2:
/// chosen sites covering those candidates' points). Moving such a cluster together is what single
/// swaps cannot do. Tags instead of sets: each point's and candidate's list is read once per call.
struct SiteNeighbourhoods {
    private let coverers: PointCoverers
    private var candidateTag: [Int32]
    private var siteTag: [Int32]
    private var pointTag: [Int32]
    private var farTag: [Int32]
    private var stamp: Int32 = 0

    /// - Complexity: O(points + members) once.
    init(_ p: ReducedProblem) {
        coverers = PointCoverers(p)
        candidateTag = [Int32](repeating: -1, count: p.candidateCount)
        siteTag = candidateTag
        pointTag = [Int32](repeating: -1, count: p.pointCount)
        farTag = pointTag
    }

    /// The chosen sites (`isChosen`) competing with `seed`, ascending, without the seed.
    mutating func competitors(of seed: Int, in p: ReducedProblem, isChosen: [Bool]) -> [Int] {
        stamp &+= 1
        let tag = stamp
        var near: [Int] = []
        var ring: [Int] = []
        siteTag[seed] = tag
        for k in p.offsets[seed] ..< p.offsets[seed + 1] {
            let i = Int(p.members[k])
            guard pointTag[i] != tag else { continue }
            pointTag[i] = tag
            for c in coverers.candidates(of: i) where candidateTag[c] != tag {
                candidateTag[c] = tag
                ring.append(c)
            }
        }
        for c in ring {
            for k in p.offsets[c] ..< p.offsets[c + 1] {
                let i = Int(p.members[k])
                guard farTag[i] != tag else { continue }
                farTag[i] = tag
                for s in coverers.candidates(of: i) where isChosen[s] && siteTag[s] != tag {
                    siteTag[s] = tag
                    near.append(s)
                }
            }
        }
        return near.sorted()
    }

    /// The candidates covering point `i`.
    func candidates(of i: Int) -> LazyMapSequence<ArraySlice<Int32>, Int> {
        coverers.candidates(of: i)
    }
}

/// The exact inner step of the neighbourhood searches: with some chosen sites taken out (their
/// points' cover counts in `counts` already lowered), the best re-placement of a given number of
/// sites among the `poolSize` candidates that gain most on the demand left uncovered (plus the
/// removed sites), by branch and bound on that compact inner problem with its own Lagrangian bound;
/// optimal within the pool unless the node budget stops it.
struct RegionReplacer {
    let p: ReducedProblem
    var neighbourhoods: SiteNeighbourhoods
    private var localIndex: [Int32]
    private var gainOf: [Double]
    private var seen: [Bool]
    private var hits: [Int32]

    /// Nodes per inner search.
    static let innerNodes = 4_000
    /// Subgradient iterations for the inner problem's Lagrangian (fixing and node bounds).
    static let innerLagrangianIterations = 50

    /// Inner branch-and-bound nodes up to this depth re-optimise λ (see ``MaxCoverBranchAndBound``).
    let refineDepth: Int
    /// Smoothed-dual evaluations per re-optimised inner node: more than the main search's, since
    /// the inner problems are small and their node budget, not time, limits them.
    static let innerRefineEvaluations = 400

    init(_ p: ReducedProblem, refineDepth: Int = 0) {
        self.p = p
        self.refineDepth = refineDepth
        neighbourhoods = SiteNeighbourhoods(p)
        localIndex = [Int32](repeating: -1, count: p.pointCount)
        hits = [Int32](repeating: 0, count: p.pointCount)
        gainOf = [Double](repeating: 0, count: p.candidateCount)
        seen = [Bool](repeating: false, count: p.candidateCount)
    }

    /// A re-placement: the sites placed and the weight they cover that the kept sites do not
    /// (`value`), against the same for the removed sites (`before`).
    struct Placement {
        var sites: [Int]
        var value: Double
        var before: Double
    }

    /// For each of `siteCounts`, the best that many sites for the demand `removed` leave uncovered
    /// (`counts`: cover counts of the kept sites). The pool and the inner problem are built once for
    /// all of them. For a number below the removed number, the removed sites minus the one whose
    /// loss is least are the fallback, so there is always an answer; otherwise nil when nothing
    /// beats the removed sites' own value (and for a number below 1).
    ///
    /// - Complexity: O(members of the removed sites' points' coverers + Σ inner nodes · pool members).
    mutating func best(
        removed: [Int], siteCounts: [Int], counts: [Int32], isChosen: [Bool], poolSize: Int,
        deadline: ContinuousClock.Instant
    ) -> [Placement?] {
        guard siteCounts.contains(where: { $0 > 0 }) else { return siteCounts.map { _ in nil } }
        var local: [Int] = []
        var before = 0.0
        for j in removed {
            for k in p.offsets[j] ..< p.offsets[j + 1] where counts[Int(p.members[k])] == 0 {
                let i = Int(p.members[k])
                if hits[i] == 0 { before += p.weights[i] }
                hits[i] += 1
                for c in neighbourhoods.candidates(of: i) where !seen[c] && !isChosen[c] {
                    seen[c] = true
                    local.append(c)
                }
            }
        }
        // Fewer sites than removed: dropping the removed site with the least own loss is feasible.
        var drop = -1
        var least = Double.infinity
        if siteCounts.contains(where: { $0 < removed.count }) {
            for r in removed {
                var only = 0.0
                for k in p.offsets[r] ..< p.offsets[r + 1] where counts[Int(p.members[k])] == 0 && hits[Int(p.members[k])] == 1 {
                    only += p.weights[Int(p.members[k])]
                }
                if only < least { (least, drop) = (only, r) }
            }
        }
        for j in removed {
            for k in p.offsets[j] ..< p.offsets[j + 1] { hits[Int(p.members[k])] = 0 }
        }
        for j in removed where !seen[j] {
            seen[j] = true
            local.append(j)
        }
        for c in local {
            seen[c] = false
            gainOf[c] = p.gain(c, counts: counts)
        }
        local.sort { gainOf[$0] > gainOf[$1] || (gainOf[$0] == gainOf[$1] && $0 < $1) }
        var pool = Set(local.prefix(poolSize))
        for j in removed { pool.insert(j) }
        let poolList = pool.sorted()
        let tol = p.tolerance
        // The inner problem, compact: the pool's candidates and the points they reach that nothing
        // kept covers.
        let sub = p.subproblem(candidates: poolList, counts: counts, scratch: &localIndex).problem
        return siteCounts.map { count -> Placement? in
            guard count > 0 else { return nil }
            let fallback = count < removed.count
                ? Placement(sites: Array(removed.filter { $0 != drop }.prefix(count)), value: before - least, before: before)
                : nil
            let floor = fallback?.value ?? before
            let dual = LagrangianBound(sub, count: count, lowerBound: floor, iterations: Self.innerLagrangianIterations)
            let found = MaxCoverBranchAndBound.search(
                sub, count: count, threshold: floor + tol, stopAtFirst: false, lagrangian: dual,
                candidateLimit: poolList.count, deadline: deadline, nodeBudget: Self.innerNodes, refineDepth: refineDepth,
                refineEvaluations: Self.innerRefineEvaluations)
            if let inner = found.sites, found.value > floor + tol {
                return Placement(sites: inner.map { poolList[$0] }, value: found.value, before: before)
            }
            return fallback
        }
    }
}

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
        }

        mutating func add(_ p: ReducedProblem, _ j: Int, _ sign: Int32) {
            for k in p.offsets[j] ..< p.offsets[j + 1] { counts[Int(p.members[k])] += sign }
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
        var rng = SplitMix64(seed: 0x4E5B_0C0A)
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
        var rng = SplitMix64(seed: 0x7A1E_5C3D)
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

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

/// Large-neighbourhood search with an exact inner step: take a seed site and up to `size − 1` of
/// its competitors out, and re-place that many sites among the `poolSize` candidates that gain most
/// on the demand left uncovered, by branch and bound on that compact inner problem (with its own
/// Lagrangian bound; optimal within the pool unless the node budget stops it). Keeps any
/// improvement, then polishes it with the swap search. Where the iterated local search refills
/// greedily, this finds the best re-placement of a whole cluster.
///
/// Deterministic: seeds and competitors are drawn with a fixed-seed SplitMix64, and each inner
/// search has a node budget (the deadline is only a safety net).
enum NeighbourhoodSearch {
    /// Candidates (besides the removed sites) offered to each inner search.
    static let poolSize = 32
    /// Nodes per inner search.
    static let innerNodes = 4_000
    /// Subgradient iterations for the inner problem's Lagrangian (fixing and node bounds).
    static let innerLagrangianIterations = 50

    /// Runs `rounds` moves from `initial` (fewer once the value reaches `stopAt`); returns the best
    /// solution met.
    ///
    /// - Complexity: per move O(points + members of the pool + inner nodes · pool members).
    static func improve(
        _ p: ReducedProblem, sites initial: [Int], rounds: Int, size: Int = 4, stopAt: Double = .infinity,
        deadline: ContinuousClock.Instant
    ) -> [Int] {
        var sites = initial.sorted()
        guard sites.count >= 2, sites.count < p.candidateCount else { return initial }
        var rng = SplitMix64(seed: 0x4E5B_0C0A)
        var neighbourhoods = SiteNeighbourhoods(p)
        var isChosen = [Bool](repeating: false, count: p.candidateCount)
        var counts = [Int32](repeating: 0, count: p.pointCount)
        func add(_ j: Int, _ sign: Int32) {
            for k in p.offsets[j] ..< p.offsets[j + 1] { counts[Int(p.members[k])] += sign }
        }
        for j in sites {
            isChosen[j] = true
            add(j, 1)
        }
        let tol = p.tolerance
        var localIndex = [Int32](repeating: -1, count: p.pointCount)
        var gainOf = [Double](repeating: 0, count: p.candidateCount)
        var seen = [Bool](repeating: false, count: p.candidateCount)
        var value = p.value(of: sites)
        for _ in 0 ..< rounds where value < stopAt - tol {
            if ContinuousClock.now > deadline { break }
            let seed = sites[rng.below(sites.count)]
            var near = neighbourhoods.competitors(of: seed, in: p, isChosen: isChosen)
            var removed = [seed]
            while removed.count < size, !near.isEmpty {
                removed.append(near.remove(at: rng.below(near.count)))
            }
            for j in removed { add(j, -1) }
            // Candidates reaching the demand the removed sites leave uncovered, by gain on it.
            var local: [Int] = []
            for j in removed {
                for k in p.offsets[j] ..< p.offsets[j + 1] where counts[Int(p.members[k])] == 0 {
                    for c in neighbourhoods.candidates(of: Int(p.members[k])) where !seen[c] && !isChosen[c] {
                        seen[c] = true
                        local.append(c)
                    }
                }
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
            var before = 0.0
            var covered = Set<Int>()
            for j in removed {
                for k in p.offsets[j] ..< p.offsets[j + 1] {
                    let i = Int(p.members[k])
                    if counts[i] == 0, covered.insert(i).inserted { before += p.weights[i] }
                }
            }
            // The inner problem, compact: the pool's candidates and the points they reach that
            // nothing kept covers.
            let poolList = pool.sorted()
            let sub = p.subproblem(candidates: poolList, counts: counts, scratch: &localIndex).problem
            let dual = LagrangianBound(sub, count: removed.count, lowerBound: before, iterations: innerLagrangianIterations)
            let found = MaxCoverBranchAndBound.search(
                sub, count: removed.count, threshold: before + tol, stopAtFirst: false, lagrangian: dual,
                candidateLimit: poolList.count, deadline: deadline, nodeBudget: innerNodes)
            if let inner = found.sites, found.value > before + tol {
                var next = sites.filter { !removed.contains($0) } + inner.map { poolList[$0] }
                // The inner search may return fewer sites (when the rest add nothing there): refill.
                if next.count < sites.count {
                    next = MaxCoverHeuristic.lazyGreedy(p, count: sites.count, startingWith: next)
                }
                next = MaxCoverHeuristic.swapSearch(p, sites: next).sorted()
                for j in sites { isChosen[j] = false }
                counts = [Int32](repeating: 0, count: p.pointCount)
                sites = next
                value = p.value(of: sites)
                for j in sites {
                    isChosen[j] = true
                    add(j, 1)
                }
            } else {
                for j in removed { add(j, 1) }
            }
        }
        return sites
    }
}

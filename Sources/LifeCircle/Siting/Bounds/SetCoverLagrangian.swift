/// A lower bound on the fewest columns covering every row of a ``SetCoverComponent``, and covers
/// found on the way: the Lagrangian relaxation of the covering rows, by subgradient optimisation.
///
/// Unicost set cover: min Σⱼ xⱼ s.t. Σ_{j ∋ r} xⱼ ≥ 1 for every row r, x ∈ {0, 1}. Relaxing the rows
/// with multipliers uᵣ ≥ 0 gives, for every u,
///
///     L(u) = Σᵣ uᵣ + Σⱼ min(0, cⱼ),   cⱼ = 1 − Σ_{r ∈ Sⱼ} uᵣ (the reduced cost),
///
/// and L(u) ≤ OPT (weak duality); OPT is a whole number, so ⌈L(u)⌉ is a bound too. The subproblem
/// takes the columns with cⱼ < 0, and gᵣ = 1 − (taken columns covering r) is a subgradient; the
/// step is μ (UB − L) / ‖g‖² with μ halved after ``patience`` iterations without progress. u starts
/// at the largest dual-feasible point of its kind, uᵣ = min over r's columns of 1 / |Sⱼ| (where L =
/// Σ uᵣ, the fractional bound). Each iterate also gives a cover (Beasley's Lagrangian heuristic):
/// the taken columns, completed by the column of least reduced cost for each row left uncovered,
/// then redundant columns dropped, costliest first.
struct SetCoverLagrangian: Sendable {
    /// The largest L(u) found: a valid lower bound on the optimum.
    var value: Double
    /// ⌈value⌉ (less a tolerance for rounding): the fewest columns any cover can have.
    var bound: Int
    /// The smallest cover met (columns ascending), or the given one when none was smaller.
    var cover: [Int]
    /// Subgradient iterations run.
    var iterations: Int

    /// The step factor μ at the start; halved after `patience` iterations without progress; the
    /// method stops once it falls below `smallestStepFactor`.
    static let initialStepFactor = 2.0, patience = 20, smallestStepFactor = 1e-4
    /// Below this, a fractional part of L is taken for rounding error when rounding up.
    static let roundingTolerance = 1e-6

    /// Runs at most `iterations` subgradient steps, stopping early once the bound meets the size of
    /// the best cover (`upper`, a known cover, or a smaller one found on the way).
    ///
    /// - Complexity: O(iterations · (members + columns log columns)).
    init(_ c: SetCoverComponent, upper: [Int], iterations: Int) {
        let n = c.rowCount
        let m = c.columnCount
        var u = [Double](repeating: 0, count: n)
        for r in 0 ..< n {
            var widest = 0
            for j in c.columns(of: r) { widest = max(widest, c.columnOffsets[Int(j) + 1] - c.columnOffsets[Int(j)]) }
            u[r] = 1 / Double(max(1, widest))
        }
        var best = -Double.infinity
        var cover = upper
        var mu = Self.initialStepFactor
        var stall = 0
        var reduced = [Double](repeating: 0, count: m)
        var hits = [Int32](repeating: 0, count: n)
        var g = [Double](repeating: 0, count: n)
        var run = 0
        while run < iterations {
            run += 1
            // L(u) and the columns of negative reduced cost.
            var lagrangian = u.reduce(0, +)
            for j in 0 ..< m {
                var s = 0.0
                for r in c.rows(of: j) { s += u[Int(r)] }
                reduced[j] = 1 - s
                if reduced[j] < 0 { lagrangian += reduced[j] }
            }
            if lagrangian > best + 1e-9 {
                best = lagrangian
                stall = 0
            } else {
                stall += 1
                if stall >= Self.patience {
                    mu /= 2
                    stall = 0
                }
            }
            if let found = Self.heuristicCover(c, reduced: reduced, hits: &hits), found.count < cover.count { cover = found }
            if Self.roundUp(best) >= cover.count || mu < Self.smallestStepFactor { break }
            // Subgradient step toward the size of the best cover.
            for r in 0 ..< n { hits[r] = 0 }
            for j in 0 ..< m where reduced[j] < 0 { for r in c.rows(of: j) { hits[Int(r)] += 1 } }
            var norm = 0.0
            for r in 0 ..< n {
                var gr = 1 - Double(hits[r])
                if u[r] <= 0 && gr < 0 { gr = 0 }
                g[r] = gr
                norm += gr * gr
            }
            if norm == 0 { break }  // u is optimal: the taken columns cover every row exactly once
            let step = mu * (Double(cover.count) - lagrangian) / norm
            for r in 0 ..< n { u[r] = max(0, u[r] + step * g[r]) }
        }
        value = best
        bound = min(Self.roundUp(best), cover.count)
        self.cover = cover
        self.iterations = run
    }

    /// ⌈x⌉, less a rounding tolerance.
    static func roundUp(_ x: Double) -> Int {
        guard x.isFinite, x > 0 else { return 0 }
        return Int((x - roundingTolerance).rounded(.up))
    }

    /// A cover from reduced costs: the columns of negative cost, then per uncovered row (in order)
    /// its column of least reduced cost (ties: lower index), then, costliest first, every column
    /// whose rows the others all cover is dropped. `hits` is scratch, one per row.
    ///
    /// - Complexity: O(members + columns log columns).
    static func heuristicCover(_ c: SetCoverComponent, reduced: [Double], hits: inout [Int32]) -> [Int]? {
        let n = c.rowCount
        for r in 0 ..< n { hits[r] = 0 }
        var chosen: [Int] = []
        for j in 0 ..< c.columnCount where reduced[j] < 0 {
            chosen.append(j)
            for r in c.rows(of: j) { hits[Int(r)] += 1 }
        }
        for r in 0 ..< n where hits[r] == 0 {
            var pick = -1
            for j in c.columns(of: r) where pick < 0 || reduced[Int(j)] < reduced[pick] { pick = Int(j) }
            guard pick >= 0 else { return nil }
            chosen.append(pick)
            for q in c.rows(of: pick) { hits[Int(q)] += 1 }
        }
        chosen.sort { (reduced[$0], $0) > (reduced[$1], $1) }
        return c.droppingRedundant(chosen, hits: &hits)
    }
}

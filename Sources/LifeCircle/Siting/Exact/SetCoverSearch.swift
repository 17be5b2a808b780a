/// The fewest sites covering every point a coverage goal leaves no slack on (e.g. an unmeetable
/// target, where the goal becomes every reachable point): a unicost set cover, solved part by part.
///
/// The cover is reduced (``SetCoverReduction``: forced sites, dominated sites and points dropped) and
/// split into independent components. Each component gets a greedy cover with its redundant columns
/// dropped, the Lagrangian bound (``SetCoverLagrangian``, whose iterates also give covers) and,
/// while the bound leaves a gap and nodes are left, a branch and bound
/// (``SetCoverBranchAndBound``). Components are taken smallest first (ties: first candidate), so the
/// node budget, shared by all, is spent on the small ones first; a work cap (``workLimit``) bounds
/// the nodes a large component may take. The lower bound is the forced
/// sites plus the sum of the components' bounds (each rounded up on its own); every step is
/// deterministic, no clock is read.
struct SetCoverSearch: Sendable {
    /// The sites (candidate indices of the problem), ascending.
    var sites: [Int]
    /// The fewest sites any cover can have.
    var lowerBound: Int
    /// The reduction's sizes and forced sites.
    var reduction: SetCoverReduction
    /// Branch-and-bound nodes visited over all components.
    var nodes: Int
    /// Components the branch and bound did not settle within the budget (their bound left a gap).
    var openComponents: Int

    var proven: Bool { sites.count == lowerBound }

    /// Subgradient iterations per component, fewer on a large one: at most ``workLimit`` cover-set
    /// members visited per component, but at least ``fewestIterations`` iterations.
    static let lagrangianIterations = 1_000, fewestIterations = 20
    /// Cover-set members the bound of one component, and the branch and bounds of all, may visit
    /// (a node visits its component's members about once): keeps a dense instance from running for
    /// minutes while leaving the answer independent of the machine.
    static let workLimit = 200_000_000
    /// Nodes the branch and bounds may visit together when the options give no node budget.
    static let defaultNodeBudget = 100_000

    /// Covers the points `rows` (ascending indices of `p`'s points; each has a coverer).
    ///
    /// - Parameter nodeBudget: branch-and-bound nodes for all components together (0: none).
    /// - Complexity: the reduction's, then per component O(iterations · members) for the bound and
    ///   O(nodes · members) for the branch and bound.
    init(_ p: ReducedProblem, rows: [Int], nodeBudget: Int) {
        let reduction = SetCoverReduction(p, rows: rows)
        self.reduction = reduction
        var sites = reduction.forced
        var lowerBound = reduction.forced.count
        var nodes = 0
        var open = 0
        var work = 0
        let order = reduction.components.indices.sorted {
            (reduction.components[$0].columnCount, $0) < (reduction.components[$1].columnCount, $1)
        }
        for k in order {
            let c = reduction.components[k]
            var cover = Self.greedyCover(c)
            var bound = 1
            if cover.count > 1 {
                let size = max(1, c.columnRows.count + c.rowCount)
                let iterations = min(Self.lagrangianIterations, max(Self.fewestIterations, Self.workLimit / size))
                let lagrangian = SetCoverLagrangian(c, upper: cover, iterations: iterations)
                cover = lagrangian.cover
                bound = lagrangian.bound
            }
            let size = c.columnRows.count + c.rowCount + c.columnCount
            let affordable = min(nodeBudget - nodes, max(0, Self.workLimit - work) / max(1, size))
            if cover.count > bound && affordable > 0 {
                let search = SetCoverBranchAndBound(c, incumbent: cover, lowerBound: bound, nodeBudget: affordable)
                nodes += search.nodes
                work += search.nodes * size
                cover = search.best
                if search.finished { bound = cover.count }
            }
            if cover.count > bound { open += 1 }
            SitingInvariant.check("SetCoverSearch component \(k)", c.covers(cover) ? nil : "the cover misses a row")
            sites += cover.map { c.candidates[$0] }
            lowerBound += bound
        }
        self.sites = sites.sorted()
        self.lowerBound = lowerBound
        self.nodes = nodes
        openComponents = open
    }

    /// Greedy cover (most uncovered rows, ties lower index), then its redundant columns dropped, last
    /// chosen first. Columns ascending.
    ///
    /// - Complexity: O(members · columns) in the worst case.
    static func greedyCover(_ c: SetCoverComponent) -> [Int] {
        var hits = [Int32](repeating: 0, count: c.rowCount)
        var gain = (0 ..< c.columnCount).map { c.columnOffsets[$0 + 1] - c.columnOffsets[$0] }
        var left = c.rowCount
        var chosen: [Int] = []
        while left > 0 {
            var pick = 0
            for j in 1 ..< c.columnCount where gain[j] > gain[pick] { pick = j }
            chosen.append(pick)
            for r in c.rows(of: pick) where hits[Int(r)] == 0 {
                left -= 1
                for j in c.columns(of: Int(r)) { gain[Int(j)] -= 1 }
            }
            for r in c.rows(of: pick) { hits[Int(r)] += 1 }
        }
        return c.droppingRedundant(Array(chosen.reversed()), hits: &hits)
    }
}

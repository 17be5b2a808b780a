/// Two cheap steps of the fewest-sites search (``LSCPSolver``) that spare it MCLP solves when a goal
/// asks for (nearly) every reachable point: a packing lower bound and the removal of redundant sites.
enum SetCoverShortcuts {
    /// A lower bound on the sites any set reaching `goal` needs: points that must be covered (each
    /// weighs more than the demand the goal lets go uncovered) whose coverer sets are pairwise
    /// disjoint each need a site of their own. Points are taken by fewest coverers (ties: lower
    /// index), each kept when none of its coverers is claimed yet.
    ///
    /// - Complexity: O(points log points + members).
    static func packingBound(_ p: ReducedProblem, goal: Double) -> Int {
        let tol = p.tolerance
        if goal <= tol { return 0 }
        let slack = p.reachableDemand - goal + tol
        let must = (0 ..< p.pointCount).filter { p.weights[$0] > slack }
        if must.isEmpty { return 0 }
        let coverers = PointCoverers(p)
        let order = must.sorted { (coverers.count(of: $0), $0) < (coverers.count(of: $1), $1) }
        var claimed = [Bool](repeating: false, count: p.candidateCount)
        var count = 0
        for i in order where !coverers.slice(of: i).contains(where: { claimed[Int($0)] }) {
            for j in coverers.slice(of: i) { claimed[Int(j)] = true }
            count += 1
        }
        return count
    }

    /// `sites` without the sites it can spare while still covering `goal`: in reverse order of
    /// choice, a site is dropped when the weight only it covers fits in what the covered weight
    /// exceeds the goal by. Keeps the order of the rest.
    ///
    /// - Complexity: O(points + members of the sites).
    static func dropRedundant(_ p: ReducedProblem, sites: [Int], goal: Double) -> [Int] {
        var cover = [Int32](repeating: 0, count: p.pointCount)
        var value = 0.0
        for j in sites {
            for k in p.offsets[j] ..< p.offsets[j + 1] {
                let i = Int(p.members[k])
                if cover[i] == 0 { value += p.weights[i] }
                cover[i] += 1
            }
        }
        var dropped = Set<Int>()
        for j in sites.reversed() {
            var alone = 0.0
            for k in p.offsets[j] ..< p.offsets[j + 1] where cover[Int(p.members[k])] == 1 {
                alone += p.weights[Int(p.members[k])]
            }
            guard value - alone >= goal - p.tolerance else { continue }
            for k in p.offsets[j] ..< p.offsets[j + 1] { cover[Int(p.members[k])] -= 1 }
            value -= alone
            dropped.insert(j)
        }
        return sites.filter { !dropped.contains($0) }
    }
}

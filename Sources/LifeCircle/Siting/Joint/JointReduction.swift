/// The joint problem with the points it cannot tell apart merged: one point per class of points
/// with the same rows, carrying their summed population and coverage demands (the idea of
/// ``ReducedProblem`` for the maximal covering model, here over all categories at once).
///
/// Two points fall in one class when, for every category, both are reached by its fixed facilities,
/// or both are not and the same candidates of the category reach both (only when the category has
/// sites to place; without any, nothing can reach them), and, with a street floor, they lie in the
/// same street. Any choice of sites then completes (and, per category, reaches) all points of a
/// class or none, so the complete population, each covered demand, each street's complete
/// population, every bound and the optimum are the same on the merged problem. Points with no
/// population and no coverage demand are left out (they count for nothing); a category's cover sets
/// leave out the points its fixed facilities reach (they stay reached whatever is chosen).
/// Candidates keep their indices, so a choice on the merged problem is the same choice on the
/// original one. Classes are numbered in the order of their first point (deterministic).
struct JointReduction: Sendable {
    /// The merged problem.
    let problem: JointProblem
    /// The class of each original point (−1: left out).
    let classOf: [Int32]
    /// Points of the original problem, and classes (points of the merged one).
    var originalCount: Int { classOf.count }
    var classCount: Int { problem.pointCount }

    /// - Throws: `InputError` only when the merged problem breaks an invariant of ``JointProblem``
    ///   (it cannot when the original holds them: the same ids and counts, sums of finite weights).
    /// - Complexity: O(C · points + members), hashing each point's candidate lists once.
    init(_ p: JointProblem) throws {
        let n = p.pointCount
        // Per category with sites to place, the candidates reaching each point (the others never reach anyone new).
        let coverers = p.categories.map { cat in
            cat.maxSites > 0 ? PointCoverers(offsets: cat.coverOffsets, members: cat.coverMembers, pointCount: n)
                : PointCoverers(offsets: [0], members: [], pointCount: n)
        }
        var classes: [[Int32]: Int32] = [:]
        var classOf = [Int32](repeating: -1, count: n)
        var first: [Int] = []
        var weights: [Double] = []
        var demands: [[Double]] = p.categories.map { _ in [] }
        var key: [Int32] = []
        for i in 0..<n {
            let counts = p.weights[i] > 0 || p.categories.contains { ($0.coverageDemand?[i] ?? 0) > 0 }
            guard counts else { continue }
            key.removeAll(keepingCapacity: true)
            for (c, cat) in p.categories.enumerated() {
                if cat.fixedReach[i] {
                    key.append(-1)
                } else if cat.maxSites == 0 {
                    key.append(-2)
                } else {
                    key.append(Int32(coverers[c].count(of: i)))
                    key += coverers[c].slice(of: i)
                }
            }
            if let streets = p.streets { key.append(Int32(streets[i] ?? -1)) }
            let k: Int32
            if let known = classes[key] {
                k = known
            } else {
                k = Int32(weights.count)
                classes[key] = k
                first.append(i)
                weights.append(0)
                for c in demands.indices { demands[c].append(0) }
            }
            classOf[i] = k
            weights[Int(k)] += p.weights[i]
            for (c, cat) in p.categories.enumerated() { if let d = cat.coverageDemand { demands[c][Int(k)] += d[i] } }
        }
        self.classOf = classOf
        var categories: [JointProblem.Category] = []
        for (c, cat) in p.categories.enumerated() {
            var sets = [[Int32]](repeating: [], count: cat.candidateCount)
            var fixed = [Bool](repeating: false, count: weights.count)
            for (k, i) in first.enumerated() {
                fixed[k] = cat.fixedReach[i]
                guard !fixed[k], cat.maxSites > 0 else { continue }
                for j in coverers[c].slice(of: i) { sets[Int(j)].append(Int32(k)) }
            }
            categories.append(JointProblem.Category(
                id: cat.id, fixedReach: fixed, coverSets: sets, candidateIDs: cat.candidateIDs, maxSites: cat.maxSites,
                coverageDemand: cat.coverageDemand == nil ? nil : demands[c], requiredDemand: cat.requiredDemand))
        }
        let streets = p.streets.map { s in first.map { s[$0] } }
        problem = try JointProblem(weights: weights, categories: categories, streets: streets, streetFloor: p.streetFloor)
    }
}

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

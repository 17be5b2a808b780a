/// The state both swap searches (``MaxCoverHeuristic/swapSearch(_:sites:deadline:)`` and
/// ``TabuSearch``) keep: per demand point the number of chosen sites covering it and the sum of
/// their indices (which names the only one when the count is 1), and per chosen site its loss (the
/// weight only it covers). With these, one candidate's swap values against all chosen sites cost
/// O(its cover set + the sites it touches).
struct SwapState {
    private(set) var sites: [Int]
    private(set) var isChosen: [Bool]
    private(set) var counts: [Int32]
    private var ownerSum: [Int]
    /// Weight only this site covers, per chosen site (after ``refreshLosses(_:)``).
    private(set) var loss: [Double]
    /// The chosen sites by loss ascending (ties: lower index).
    private(set) var byLoss: [Int] = []
    /// After ``scan(_:_:)``: per touched site, the weight of the candidate's points only it covers.
    private(set) var extra: [Double]
    private(set) var touched: [Int] = []
    private(set) var isTouched: [Bool]
    /// The covered weight.
    private(set) var value = 0.0

    init(_ p: ReducedProblem, sites initial: [Int]) {
        let m = p.candidateCount
        sites = initial
        isChosen = [Bool](repeating: false, count: m)
        counts = [Int32](repeating: 0, count: p.pointCount)
        ownerSum = [Int](repeating: 0, count: p.pointCount)
        loss = [Double](repeating: 0, count: m)
        extra = loss
        isTouched = isChosen
        for j in initial {
            add(p, j, 1)
            isChosen[j] = true
        }
        refreshLosses(p)
    }

    private mutating func add(_ p: ReducedProblem, _ j: Int, _ sign: Int32) {
        for k in p.offsets[j] ..< p.offsets[j + 1] {
            let i = Int(p.members[k])
            if sign > 0 && counts[i] == 0 { value += p.weights[i] }
            counts[i] += sign
            ownerSum[i] += Int(sign) * j
            if sign < 0 && counts[i] == 0 { value -= p.weights[i] }
        }
    }

    /// Recomputes every chosen site's loss and the order by loss.
    mutating func refreshLosses(_ p: ReducedProblem) {
        for j in sites {
            var sum = 0.0
            for k in p.offsets[j] ..< p.offsets[j + 1] {
                let i = Int(p.members[k])
                if counts[i] == 1 { sum += p.weights[i] }
            }
            loss[j] = sum
        }
        byLoss = sites.sorted { loss[$0] < loss[$1] || (loss[$0] == loss[$1] && $0 < $1) }
    }

    /// For candidate `c`: returns the weight of its points nobody covers, and lists in `touched`
    /// the chosen sites that alone cover some of its points, with that weight in `extra`. Swapping
    /// site s for c then changes the value by g0 + extra[s] − loss[s] (touched s) or g0 − loss[s].
    /// Call ``clearScan()`` before the next scan.
    mutating func scan(_ p: ReducedProblem, _ c: Int) -> Double {
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
        return g0
    }

    mutating func clearScan() {
        for s in touched {
            extra[s] = 0
            isTouched[s] = false
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Takes site `out` out and candidate `into` in, and refreshes the losses.
    mutating func swap(_ p: ReducedProblem, out: Int, into: Int) {
        add(p, out, -1)
        add(p, into, 1)
        isChosen[out] = false
        isChosen[into] = true
        if let position = sites.firstIndex(of: out) { sites[position] = into }
        loss[out] = 0
        refreshLosses(p)
    }
}

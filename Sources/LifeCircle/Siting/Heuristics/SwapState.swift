/// The state both swap searches (``MaxCoverHeuristic/swapSearch(_:sites:deadline:)`` and
/// ``TabuSearch``) keep: per demand point the number of chosen sites covering it and the sum of
/// their indices (which names the only one when the count is 1), and per chosen site its loss (the
/// weight only it covers). With these, one candidate's swap values against all chosen sites cost
/// O(its cover set + the sites it touches).
///
/// Its invariants (``invariantViolation(_:)``) are checked in debug builds after it is built and
/// after every swap. The properties are settable inside the module so that tests can break each
/// invariant on purpose; only the methods below change them in the solvers.
struct SwapState {
    var sites: [Int]
    var isChosen: [Bool]
    /// Per demand point, the number of chosen sites covering it.
    var counts: [Int32]
    /// Per demand point, the sum of the indices of the chosen sites covering it.
    var ownerSum: [Int]
    /// Weight only this site covers, per chosen site (after ``refreshLosses(_:)``).
    var loss: [Double]
    /// The chosen sites by loss ascending (ties: lower index).
    var byLoss: [Int] = []
    /// After ``scan(_:_:)``: per touched site, the weight of the candidate's points only it covers.
    var extra: [Double]
    var touched: [Int] = []
    var isTouched: [Bool]
    /// The covered weight.
    var value = 0.0

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
        SitingInvariant.check("SwapState.init", invariantViolation(p))
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
        SitingInvariant.check("SwapState.swap", invariantViolation(p))
    }

    /// The first broken invariant between scans, or nil: `sites` distinct candidates of `p`, flagged
    /// in `isChosen` and nowhere else; per point, `counts` the number of chosen sites covering it
    /// and `ownerSum` the sum of their indices; `value` the weight covered; per chosen site, `loss`
    /// the weight only it covers; `byLoss` the sites by loss ascending (ties: lower index); and no
    /// scan left open (nothing touched, `extra` all zero).
    ///
    /// - Complexity: O(points + candidates + members of the chosen sites).
    func invariantViolation(_ p: ReducedProblem) -> String? {
        let m = p.candidateCount, n = p.pointCount
        guard isChosen.count == m, counts.count == n, ownerSum.count == n, loss.count == m,
              extra.count == m, isTouched.count == m
        else { return "array sizes do not match \(n) points and \(m) candidates" }
        var flagged = 0
        for j in 0 ..< m where isChosen[j] { flagged += 1 }
        guard Set(sites).count == sites.count, flagged == sites.count,
              sites.allSatisfy({ $0 >= 0 && $0 < m && isChosen[$0] })
        else { return "sites \(sites.sorted()) are not distinct or not the \(flagged) flagged in isChosen" }
        var expectedCounts = [Int32](repeating: 0, count: n)
        var expectedOwners = [Int](repeating: 0, count: n)
        for j in sites {
            for k in p.offsets[j] ..< p.offsets[j + 1] {
                expectedCounts[Int(p.members[k])] += 1
                expectedOwners[Int(p.members[k])] += j
            }
        }
        var covered = 0.0
        for i in 0 ..< n {
            guard counts[i] == expectedCounts[i] else {
                return "point \(i): count \(counts[i]), but \(expectedCounts[i]) chosen sites cover it"
            }
            guard ownerSum[i] == expectedOwners[i] else {
                return "point \(i): owner sum \(ownerSum[i]), but the covering sites add up to \(expectedOwners[i])"
            }
            if counts[i] > 0 { covered += p.weights[i] }
        }
        guard abs(covered - value) <= p.tolerance else { return "value \(value), but the sites cover \(covered)" }
        for j in sites {
            var only = 0.0
            for k in p.offsets[j] ..< p.offsets[j + 1] where counts[Int(p.members[k])] == 1 { only += p.weights[Int(p.members[k])] }
            guard abs(only - loss[j]) <= p.tolerance else { return "site \(j): loss \(loss[j]), but only it covers \(only)" }
        }
        let order = sites.sorted { loss[$0] < loss[$1] || (loss[$0] == loss[$1] && $0 < $1) }
        guard byLoss == order else { return "byLoss \(byLoss) is not the sites by loss ascending \(order)" }
        guard touched.isEmpty, !isTouched.contains(true), !extra.contains(where: { $0 != 0 }) else {
            return "a scan was not cleared (\(touched.count) sites touched)"
        }
        return nil
    }
}

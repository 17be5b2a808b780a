/// The Lagrangian upper bound of uncapacitated maximal covering, by subgradient optimisation.
///
/// MCLP: max Σᵢ wᵢ yᵢ s.t. yᵢ ≤ Σ_{j ∋ i} xⱼ, Σⱼ xⱼ = N, x, y ∈ {0, 1}. Relaxing the coverage rows
/// with multipliers λᵢ ≥ 0 gives, for every λ,
///
///     L(λ) = Σᵢ (wᵢ − λᵢ)⁺ + (sum of the N largest Λⱼ),   Λⱼ = Σ_{i ∈ Sⱼ} λᵢ,
///
/// and L(λ) ≥ OPT (weak duality). With 0 ≤ λᵢ ≤ wᵢ the first term is Σ (wᵢ − λᵢ). A subgradient is
/// gᵢ = (number of the N chosen sites covering i) − 1; the step is μ (L − LB) / ‖g‖² with μ halved
/// after 10 iterations without progress. λ starts at w, where L is the sum of the N largest cover
/// weights. The subproblem has the integrality property, so the best L tends to the LP bound, but
/// slowly on large instances: ``SmoothedDual`` takes over from the best λ.
struct LagrangianBound {
    /// The smallest L(λ) found: a valid upper bound on the optimum.
    var value: Double
    /// Λⱼ at the best λ, per candidate.
    var siteValues: [Double]
    /// The best λ (per reduced demand point).
    var lambda: [Double]
    /// Σ (wᵢ − λᵢ) at the best λ.
    var base: Double
    /// The best primal solution met on the way: the N sites of largest Λⱼ at some iterate.
    var bestPrimal: [Int] = []
    /// Its covered weight.
    var bestPrimalValue = 0.0
    /// The best few distinct primal solutions met (sites ascending), best first: starts for the
    /// swap search besides `bestPrimal`.
    var primals: [[Int]] = []
    private var primalValues: [Double] = []
    /// How many primal solutions `primals` keeps.
    static let keptPrimals = 6
    /// The step factor μ at the start; it is halved after `patience` iterations without progress,
    /// and the method stops once it falls below `smallestStepFactor`.
    static let initialStepFactor = 2.0, patience = 10, smallestStepFactor = 1e-8
    /// Above this many cover-set members, ``siteValues(_:lambda:into:)`` splits over two threads.
    static let parallelMembers = 1_000_000

    /// Runs the subgradient method.
    ///
    /// - Parameters:
    ///   - lowerBound: the value of a known solution (sets the step length; iterations stop once
    ///     the bound is within tolerance of it).
    /// - Complexity: O(iterations · (members + points + candidates log candidates)).
    init(_ p: ReducedProblem, count: Int, lowerBound: Double, iterations: Int) {
        let m = p.candidateCount
        let n = p.pointCount
        var lambda = p.weights
        var siteValue = [Double](repeating: 0, count: m)
        var order = Array(0 ..< m)
        var bestValue = Double.infinity
        var bestSites = siteValue
        var bestLambda = lambda
        var bestBase = 0.0
        var mu = Self.initialStepFactor
        let patience = Self.patience
        var stall = 0
        var hits = [Int32](repeating: 0, count: n)
        let tol = p.tolerance
        let top = min(count, m)
        for iteration in 0 ..< max(1, iterations) {
            Self.siteValues(p, lambda: lambda, into: &siteValue)
            order.sort { siteValue[$0] > siteValue[$1] || (siteValue[$0] == siteValue[$1] && $0 < $1) }
            var base = 0.0
            for i in 0 ..< n { base += p.weights[i] - lambda[i] }
            var value = base
            for r in 0 ..< top { value += siteValue[order[r]] }
            if value < bestValue - tol * 1e-3 {
                bestValue = value
                bestSites = siteValue
                bestLambda = lambda
                bestBase = base
                stall = 0
            } else {
                stall += 1
                if stall >= patience {
                    mu /= 2
                    stall = 0
                }
            }
            if bestValue - max(lowerBound, bestPrimalValue) <= tol || mu < Self.smallestStepFactor { break }
            if iteration + 1 == iterations { break }
            for i in 0 ..< n { hits[i] = 0 }
            for r in 0 ..< top {
                let j = order[r]
                for k in p.offsets[j] ..< p.offsets[j + 1] { hits[Int(p.members[k])] += 1 }
            }
            var norm = 0.0
            var primal = 0.0
            for i in 0 ..< n {
                if hits[i] > 0 { primal += p.weights[i] }
                let g = Double(hits[i] - 1)
                if (g > 0 && lambda[i] <= 0) || (g < 0 && lambda[i] >= p.weights[i]) { continue }
                norm += g * g
            }
            if primal > bestPrimalValue {
                bestPrimalValue = primal
                bestPrimal = Array(order.prefix(top))
            }
            if primals.count < Self.keptPrimals || primal > (primalValues.last ?? -Double.infinity) {
                let sites = order.prefix(top).sorted()
                if !primals.contains(sites) {
                    let at = primalValues.firstIndex { $0 < primal } ?? primalValues.count
                    primals.insert(sites, at: at)
                    primalValues.insert(primal, at: at)
                    if primals.count > Self.keptPrimals {
                        primals.removeLast()
                        primalValues.removeLast()
                    }
                }
            }
            if norm == 0 { break }
            let step = mu * max(value - max(lowerBound, bestPrimalValue), tol) / norm
            for i in 0 ..< n {
                let g = Double(hits[i] - 1)
                lambda[i] = min(p.weights[i], max(0, lambda[i] - step * g))
            }
        }
        value = bestValue
        siteValues = bestSites
        self.lambda = bestLambda
        base = bestBase
    }

    /// Takes multipliers found elsewhere (e.g. by ``SmoothedDual``) when L there is smaller; the
    /// primal solutions met so far are kept. Returns whether the bound improved.
    ///
    /// - Complexity: O(members + points + candidates log candidates).
    @discardableResult
    mutating func adopt(_ p: ReducedProblem, lambda candidate: [Double], count: Int) -> Bool {
        guard candidate.count == p.pointCount else { return false }
        let clamped = zip(candidate, p.weights).map { min($1, max(0, $0)) }
        var sites = [Double](repeating: 0, count: p.candidateCount)
        Self.siteValues(p, lambda: clamped, into: &sites)
        let l = SmoothedDual.exactValue(p, lambda: clamped, siteValues: sites, count: count)
        guard l < value else { return false }
        value = l
        siteValues = sites
        lambda = clamped
        base = zip(p.weights, clamped).reduce(0) { $0 + $1.0 - $1.1 }
        return true
    }

    /// Λⱼ = Σ_{i ∈ Sⱼ} λᵢ for every candidate; split over two threads on large instances (each
    /// thread writes its own range of candidates, so the result does not depend on the split).
    ///
    /// - Complexity: O(members).
    static func siteValues(_ p: ReducedProblem, lambda: [Double], into out: inout [Double]) {
        let m = p.candidateCount
        let chunks = p.members.count > Self.parallelMembers ? 2 : 1
        p.offsets.withUnsafeBufferPointer { offsets in
            p.members.withUnsafeBufferPointer { members in
                lambda.withUnsafeBufferPointer { lambda in
                    out.withUnsafeMutableBufferPointer { out in
                        // Safe to share across the (at most two) workers: the buffers outlive
                        // Parallel.tasks, which returns only when both are done; the first three
                        // are only read, and each worker writes only its own range of `out`.
                        nonisolated(unsafe) let offsets = offsets, members = members, lambda = lambda, out = out
                        // Two candidates at a time: each sum still adds its members in order (the
                        // same result), but the two chains of additions overlap in the processor.
                        let work: @Sendable (Int) -> Void = { c in
                            var j = m * c / chunks
                            let end = m * (c + 1) / chunks
                            while j + 1 < end {
                                var a = 0.0, b = 0.0
                                var ka = offsets[j], kb = offsets[j + 1]
                                let ea = offsets[j + 1], eb = offsets[j + 2]
                                while ka < ea && kb < eb {
                                    a += lambda[Int(members[ka])]
                                    b += lambda[Int(members[kb])]
                                    ka += 1
                                    kb += 1
                                }
                                while ka < ea { a += lambda[Int(members[ka])]; ka += 1 }
                                while kb < eb { b += lambda[Int(members[kb])]; kb += 1 }
                                out[j] = a
                                out[j + 1] = b
                                j += 2
                            }
                            if j < end {
                                var sum = 0.0
                                for k in offsets[j] ..< offsets[j + 1] { sum += lambda[Int(members[k])] }
                                out[j] = sum
                            }
                        }
                        _ = Parallel.tasks(count: chunks, work)
                    }
                }
            }
        }
    }
}

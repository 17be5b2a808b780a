import Foundation

/// Near-optimal Lagrangian multipliers for uncapacitated maximal covering, by minimising a smoothed
/// dual with a projected limited-memory quasi-Newton method.
///
/// The Lagrangian dual of ``LagrangianBound`` is the LP bound written as
///
///     min over 0 ≤ λ ≤ w and μ of  Σᵢ (wᵢ − λᵢ) + N μ + Σⱼ (Λⱼ − μ)⁺,   Λⱼ = Σ_{i ∈ Sⱼ} λᵢ,
///
/// (for fixed λ the best μ is the N-th largest Λⱼ, which gives L(λ)). It is piecewise linear, so
/// subgradient steps zigzag near the optimum and stop well above the LP bound on large instances.
/// Replacing t⁺ by τ·log(1 + e^{t/τ}) (at most τ·log 2 above it) makes it smooth; each stage
/// minimises that with projected L-BFGS (the two-loop recursion restricted to variables off their
/// bounds, an Armijo search along the projected path) and then divides τ by 10, starting from the
/// previous stage's point. Whatever the iterate, L(λ) evaluated exactly is a valid upper bound, so
/// the smoothing and any early stop only cost tightness, never validity.
///
/// How close it gets to the LP bound, against the subgradient alone: `Benchmarks/README.md`, *Siting*.
enum SmoothedDual {
    /// Correction pairs L-BFGS keeps.
    static let memory = 8
    /// Armijo search: the most step halvings, and the share of the predicted decrease a step must reach.
    static let armijoHalvings = 40, armijoFraction = 1e-4

    /// The best multipliers met and the smoothed primal there.
    struct Result {
        /// λ of the smallest exact L(λ) met.
        var lambda: [Double]
        /// σⱼ = 1 / (1 + e^{−(Λⱼ − μ)/τ}) at that point: an approximation of the LP's site
        /// variables (Σ σⱼ ≈ N at a stage's optimum), used to guide the primal heuristics.
        var sites: [Double]
    }

    /// Minimises the smoothed dual from `start` (λ, clamped to [0, w]) and returns the best λ met
    /// (by exact L) with the smoothed primal there, or nil when no stage improved on `start`.
    ///
    /// - Parameters:
    ///   - lowerBound: the value of a known solution; the first τ is (L(start) − lowerBound) / candidates.
    ///   - evaluations: the most function and gradient evaluations in all.
    /// - Complexity: O(evaluations · (members + points + candidates)).
    static func minimise(
        _ p: ReducedProblem, count: Int, lowerBound: Double, start: [Double], evaluations: Int,
        deadline: ContinuousClock.Instant? = nil, stages: Int = 5, stageIterations: Int = 300
    ) -> Result? {
        let n = p.pointCount
        let m = p.candidateCount
        guard n > 0, count > 0, count < m else { return nil }
        let dimension = n + 1
        var lambda = [Double](repeating: 0, count: n)
        for i in 0 ..< n { lambda[i] = min(p.weights[i], max(0, i < start.count ? start[i] : p.weights[i])) }
        var siteValue = [Double](repeating: 0, count: m)
        LagrangianBound.siteValues(p, lambda: lambda, into: &siteValue)
        let startValue = exactValue(p, lambda: lambda, siteValues: siteValue, count: count)
        var bestValue = startValue
        var best: Result?
        var z = lambda + [nthLargest(siteValue, count)]
        var lower = [Double](repeating: 0, count: dimension)
        var upper = p.weights + [Double.infinity]
        lower[n] = -Double.infinity
        upper[n] = Double.infinity
        let tol = p.tolerance
        var tau = max(tol, (startValue - lowerBound) / Double(m))
        var used = 0
        var gradient = [Double](repeating: 0, count: dimension)
        var trial = z
        var trialGradient = gradient
        var direction = gradient
        var free = [Bool](repeating: true, count: dimension)
        var sigma = [Double](repeating: 0, count: m)

        // f_τ and its gradient at x; Λ is left in siteValue.
        func evaluate(_ x: [Double], _ g: inout [Double]) -> Double {
            used += 1
            let mu = x[n]
            var f = Double(count) * mu
            for i in 0 ..< n { f += p.weights[i] - x[i] }
            LagrangianBound.siteValues(p, lambda: x, into: &siteValue)  // reads x[0 ..< n] only
            var sigmaSum = 0.0
            for j in 0 ..< m {
                let t = (siteValue[j] - mu) / tau
                f += tau * (max(t, 0) + log1p(exp(-abs(t))))
                let s = t >= 0 ? 1 / (1 + exp(-t)) : exp(t) / (1 + exp(t))
                sigma[j] = s
                sigmaSum += s
            }
            for i in 0 ..< n { g[i] = -1 }
            g[n] = Double(count) - sigmaSum
            for j in 0 ..< m where sigma[j] > 0 {
                let s = sigma[j]
                for k in p.offsets[j] ..< p.offsets[j + 1] { g[Int(p.members[k])] += s }
            }
            return f
        }

        for _ in 0 ..< stages {
            if used >= evaluations { break }
            if let deadline, ContinuousClock.now > deadline { break }
            var f = evaluate(z, &gradient)
            var memoryS: [[Double]] = []
            var memoryY: [[Double]] = []
            var rho: [Double] = []
            var alpha = [Double](repeating: 0, count: 0)
            for iteration in 0 ..< stageIterations {
                if used >= evaluations { break }
                if iteration & 15 == 15, let deadline, ContinuousClock.now > deadline { break }
                // Variables held at a bound by the gradient stay there this iteration.
                var projectedNorm = 0.0
                for v in 0 ..< dimension {
                    let held = (z[v] <= lower[v] && gradient[v] > 0) || (z[v] >= upper[v] && gradient[v] < 0)
                    free[v] = !held
                    direction[v] = held ? 0 : -gradient[v]
                    if !held { projectedNorm = max(projectedNorm, abs(gradient[v])) }
                }
                if projectedNorm < 1e-9 { break }
                // Two-loop recursion over the free variables.
                let pairs = memoryS.count
                alpha = [Double](repeating: 0, count: pairs)
                for r in stride(from: pairs - 1, through: 0, by: -1) {
                    var dot = 0.0
                    let s = memoryS[r], y = memoryY[r]
                    for v in 0 ..< dimension where free[v] { dot += s[v] * direction[v] }
                    alpha[r] = rho[r] * dot
                    for v in 0 ..< dimension where free[v] { direction[v] -= alpha[r] * y[v] }
                }
                var gamma = 1 / max(projectedNorm, 1e-12)
                if let s = memoryS.last, let y = memoryY.last {
                    var sy = 0.0, yy = 0.0
                    for v in 0 ..< dimension { sy += s[v] * y[v]; yy += y[v] * y[v] }
                    if yy > 0 { gamma = sy / yy }
                }
                for v in 0 ..< dimension { direction[v] *= gamma }
                for r in 0 ..< pairs {
                    var dot = 0.0
                    let s = memoryS[r], y = memoryY[r]
                    for v in 0 ..< dimension where free[v] { dot += y[v] * direction[v] }
                    let beta = rho[r] * dot
                    for v in 0 ..< dimension where free[v] { direction[v] += (alpha[r] - beta) * s[v] }
                }
                var slope = 0.0
                for v in 0 ..< dimension { slope += gradient[v] * direction[v] }
                if !(slope < 0) {
                    // Not a descent direction: fall back to the scaled projected gradient.
                    memoryS.removeAll()
                    memoryY.removeAll()
                    rho.removeAll()
                    for v in 0 ..< dimension { direction[v] = free[v] ? -gradient[v] * gamma : 0 }
                }
                // Armijo search along the projected path.
                var step = 1.0
                var accepted = false
                var trialValue = f
                for _ in 0 ..< Self.armijoHalvings {
                    var decrease = 0.0
                    for v in 0 ..< dimension {
                        let x = min(upper[v], max(lower[v], z[v] + step * direction[v]))
                        trial[v] = x
                        decrease += gradient[v] * (x - z[v])
                    }
                    trialValue = evaluate(trial, &trialGradient)
                    if trialValue <= f + Self.armijoFraction * decrease { accepted = true; break }
                    if used >= evaluations { break }
                    step /= 2
                }
                if !accepted { break }
                var s = [Double](repeating: 0, count: dimension)
                var y = s
                var sy = 0.0, yy = 0.0
                for v in 0 ..< dimension {
                    s[v] = trial[v] - z[v]
                    y[v] = trialGradient[v] - gradient[v]
                    sy += s[v] * y[v]
                    yy += y[v] * y[v]
                }
                let decreased = f - trialValue
                swap(&z, &trial)
                swap(&gradient, &trialGradient)
                f = trialValue
                if sy > 1e-12 * yy {
                    memoryS.append(s)
                    memoryY.append(y)
                    rho.append(1 / sy)
                    if memoryS.count > Self.memory {
                        memoryS.removeFirst()
                        memoryY.removeFirst()
                        rho.removeFirst()
                    }
                }
                if decreased <= 1e-12 * max(1, abs(f)) { break }
            }
            lambda = Array(z[0 ..< n])
            _ = evaluate(z, &trialGradient)  // σ at this point
            let value = exactValue(p, lambda: lambda, siteValues: siteValue, count: count)
            if value < bestValue - tol * 1e-3 {
                bestValue = value
                best = Result(lambda: lambda, sites: sigma)
            }
            if bestValue - lowerBound <= tol { break }
            // The next stage starts at the best μ for this λ and a tenth of the smoothing.
            z[n] = nthLargest(siteValue, count)
            tau /= 10
        }
        return best
    }

    /// L(λ) = Σ (wᵢ − λᵢ) + the sum of the `count` largest Λⱼ.
    static func exactValue(_ p: ReducedProblem, lambda: [Double], siteValues: [Double], count: Int) -> Double {
        var value = 0.0
        for i in 0 ..< p.pointCount { value += p.weights[i] - lambda[i] }
        let top = siteValues.sorted(by: >)
        for r in 0 ..< min(count, top.count) { value += top[r] }
        return value
    }

    private static func nthLargest(_ values: [Double], _ count: Int) -> Double {
        let sorted = values.sorted(by: >)
        return sorted[min(count, sorted.count) - 1]
    }
}

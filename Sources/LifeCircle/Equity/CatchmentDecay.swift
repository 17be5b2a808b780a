import Foundation

/// How a 2SFCA weighs a resident–facility pair by its walk time t within the catchment t0.
///
/// The weight f enters both steps of ``FloatingCatchment`` (the demand a facility sees and the
/// supply a resident sees). Pairs beyond t0 never count.
package enum CatchmentDecay: String, Hashable, Sendable, CaseIterable {
    /// Classic 2SFCA (Luo and Wang 2003): f(t) = 1 for t ≤ t0.
    case uniform
    /// Gaussian 2SFCA (Dai 2010), the form of the Chinese facility-equity literature:
    /// f(t) = (exp(−½·(t/t0)²) − exp(−½)) / (1 − exp(−½)), 1 at t = 0 falling to 0 at t = t0.
    /// In PySAL `access` terms: `two_stage_fca(max_cost=t0, weight_fn=lambda t: (g(t) − g(t0)) / (1 − g(t0)))`
    /// with `g = access.weights.gaussian(sigma=t0)`.
    case gaussian
    /// PySAL `access.weights.gaussian(sigma=t0)` as it is: f(t) = exp(−t² / (2·t0²)), 1 at t = 0 and
    /// exp(−½) ≈ 0.607 at t = t0 (not shifted to 0 at the edge of the catchment).
    case gaussianUntruncated = "gaussian-untruncated"

    /// The weight of a pair t minutes apart for a catchment of t0 minutes (t is clamped to [0, t0]:
    /// pairs admitted within the distance tolerance weigh as at t0).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    package func weight(_ t: Double, threshold t0: Double) -> Double {
        switch self {
        case .uniform:
            return 1
        case .gaussian:
            guard t0 > 0 else { return 1 }
            let r = min(max(t, 0), t0) / t0
            let edge = exp(-0.5)
            return max((exp(-0.5 * r * r) - edge) / (1 - edge), 0)
        case .gaussianUntruncated:
            guard t0 > 0 else { return 1 }
            let r = min(max(t, 0), t0) / t0
            return exp(-0.5 * r * r)
        }
    }
}

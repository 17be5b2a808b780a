/// Whether a siting answer is proven best.
package enum SitingOptimality: Sendable, Equatable {
    /// Proven optimal (by the bound meeting the value, or by a finished branch and bound).
    case provenOptimal
    /// Not proven; `gap` is (upper bound − value) / upper bound for MCLP, or the number of sites
    /// that might be saved for LSCP.
    case heuristic(gap: Double)
}

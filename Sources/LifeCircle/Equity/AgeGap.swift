/// How a per-resident measure differs between residents aged 60+ and all residents.
///
/// `all = Σ_i pop_i·v_i / Σ_i pop_i` and `age60plus = Σ_i old_i·v_i / Σ_i old_i`, over the resident
/// points, with pop_i the point's population and old_i its residents aged 60+; `difference =
/// age60plus − all` (negative: the elderly are worse off for a measure where more is better).
package struct AgeGap: Hashable, Sendable {
    /// The population-weighted mean, or nil without population.
    package var all: Double?
    /// The 60+-weighted mean, or nil without residents 60+.
    package var age60plus: Double?

    /// The 60+ mean minus the all-ages mean, when both exist.
    package var difference: Double? {
        guard let all, let age60plus else { return nil }
        return age60plus - all
    }

    /// The gap of `values` (per resident point), skipping points whose value or weight is not finite.
    ///
    /// - Complexity: O(R).
    package init(values: [Double], population: [Double], age60plus: [Double]) {
        all = Self.mean(values, population)
        self.age60plus = Self.mean(values, age60plus)
    }

    package init(all: Double?, age60plus: Double?) {
        self.all = all
        self.age60plus = age60plus
    }

    private static func mean(_ v: [Double], _ w: [Double]) -> Double? {
        var sw = 0.0, sv = 0.0
        for i in 0..<min(v.count, w.count) where v[i].isFinite && w[i].isFinite && w[i] > 0 {
            sw += w[i]
            sv += w[i] * v[i]
        }
        return sw > 0 && sv.isFinite ? sv / sw : nil
    }
}

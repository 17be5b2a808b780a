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
        // Both means in one pass (each sum in point order, as two passes would form it).
        var sw = 0.0, sv = 0.0, ow = 0.0, ov = 0.0
        let n = values.count, np = min(n, population.count), no = min(n, age60plus.count)
        values.withUnsafeBufferPointer { v in
            population.withUnsafeBufferPointer { p in
                age60plus.withUnsafeBufferPointer { o in
                    for i in 0..<max(np, no) where v[i].isFinite {
                        if i < np, p[i].isFinite, p[i] > 0 {
                            sw += p[i]
                            sv += p[i] * v[i]
                        }
                        if i < no, o[i].isFinite, o[i] > 0 {
                            ow += o[i]
                            ov += o[i] * v[i]
                        }
                    }
                }
            }
        }
        self.init(populationSums: (sw, sv), age60plusSums: (ow, ov))
    }

    /// The gap from the sums (Σ w, Σ w·v) weighted by population and by residents 60+.
    init(populationSums: (Double, Double), age60plusSums: (Double, Double)) {
        all = Self.mean(populationSums.0, populationSums.1)
        age60plus = Self.mean(age60plusSums.0, age60plusSums.1)
    }

    package init(all: Double?, age60plus: Double?) {
        self.all = all
        self.age60plus = age60plus
    }

    /// Σ w·v / Σ w, or nil without weight (or when the sum overflows).
    private static func mean(_ sw: Double, _ sv: Double) -> Double? {
        sw > 0 && sv.isFinite ? sv / sw : nil
    }
}

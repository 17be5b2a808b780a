/// A per-resident measure aggregated by street: the weighted mean per street (and of the residents
/// in no street).
///
/// For street s, `mean_s = Σ_{i in s} w_i·v_i / Σ_{i in s} w_i`. Points whose value or weight is not
/// finite, or whose weight is not positive, do not count.
package struct StreetAggregate: Hashable, Sendable {
    /// Σ w per street, in street index order.
    package var weight: [Double]
    /// Σ w·v per street.
    package var weightedSum: [Double]
    /// Resident points per street (all of them, counted or not).
    package var points: [Int]
    /// The same for residents in no street (or with a street index out of range).
    package var outsideWeight: Double
    package var outsideWeightedSum: Double
    package var outsidePoints: Int

    /// Aggregates `values` weighted by `weights` by `residentStreet`.
    ///
    /// - Complexity: O(R + S).
    package init(values: [Double], weights: [Double], residentStreet: [Int?], streetCount: Int) {
        let s = max(streetCount, 0)
        weight = [Double](repeating: 0, count: s)
        weightedSum = [Double](repeating: 0, count: s)
        points = [Int](repeating: 0, count: s)
        outsideWeight = 0
        outsideWeightedSum = 0
        outsidePoints = 0
        for i in 0..<min(values.count, weights.count) {
            let street = i < residentStreet.count ? residentStreet[i] : nil
            let counts = values[i].isFinite && weights[i].isFinite && weights[i] > 0
            if let st = street, st >= 0, st < s {
                points[st] += 1
                if counts { weight[st] += weights[i]; weightedSum[st] += weights[i] * values[i] }
            } else {
                outsidePoints += 1
                if counts { outsideWeight += weights[i]; outsideWeightedSum += weights[i] * values[i] }
            }
        }
    }

    /// An aggregate from its sums.
    init(weight: [Double], weightedSum: [Double], points: [Int], outsideWeight: Double, outsideWeightedSum: Double,
         outsidePoints: Int) {
        self.weight = weight
        self.weightedSum = weightedSum
        self.points = points
        self.outsideWeight = outsideWeight
        self.outsideWeightedSum = outsideWeightedSum
        self.outsidePoints = outsidePoints
    }

    /// The weighted mean of street `s`, or nil when it has no weight.
    package func mean(_ s: Int) -> Double? {
        s >= 0 && s < weight.count && weight[s] > 0 ? weightedSum[s] / weight[s] : nil
    }

    /// The weighted mean of the residents in no street, or nil when they have no weight.
    package var outsideMean: Double? { outsideWeight > 0 ? outsideWeightedSum / outsideWeight : nil }

    /// The street means, 0 for a street without weight (which then does not count in `fairness`).
    package var means: [Double] { weight.indices.map { mean($0) ?? 0 } }

    /// Inequality of the street means, each street weighted by its Σ w; residents in no street are left out.
    ///
    /// - Complexity: O(S log S).
    package func fairness() -> Fairness? {
        Fairness(values: means, weights: weight)
    }
}

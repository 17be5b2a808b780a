/// The fairness of one per-resident measure: across residents, across streets, and between
/// residents aged 60+ and all.
///
/// - `residents`: the Lorenz curve, Gini and Palma over resident points, each weighted by its demand
///   (the category's demand base: population, or residents 60+ for a 60+ category).
/// - `streets`: the same over streets, a street's value being the demand-weighted mean of its
///   residents' values and its weight the street's demand; residents in no street are left out.
/// - `ageGap`: the 60+-weighted mean minus the population-weighted mean over resident points.
///
/// Works for any measure: coverage (0/1 per resident, so a street's value is its covered share),
/// life-circle minutes (the inequality of the minutes themselves; infinite minutes must be capped
/// first or the indices are nil), a 2SFCA score.
package struct EquityMeasure: Hashable, Sendable {
    package var residents: Fairness?
    package var streets: Fairness?
    package var ageGap: AgeGap
    /// The measure by street (weights: demand).
    package var byStreet: StreetAggregate

    /// - Complexity: O(R log R + S log S).
    package init(values: [Double], demand: [Double], population: [Double], age60plus: [Double],
                residentStreet: [Int?], streetCount: Int) {
        self.init(values: values, demand: demand, population: population, age60plus: age60plus,
                  streetIndex: Self.streetIndex(residentStreet, streetCount: streetCount), streetCount: streetCount)
    }

    /// The same, with each resident's street given by ``streetIndex(_:streetCount:)`` (made once for
    /// many measures): the street sums and both means of the age gap in one pass over the residents,
    /// each sum in resident order as ``StreetAggregate`` and ``AgeGap`` form it, bit for bit.
    ///
    /// - Complexity: O(R log R + S log S).
    init(values: [Double], demand: [Double], population: [Double], age60plus: [Double], streetIndex: [Int32],
         streetCount: Int) {
        residents = Fairness(values: values, weights: demand)
        let sums = Self.sums(values: values, demand: demand, population: population, age60plus: age60plus,
                             streetIndex: streetIndex, streetCount: max(streetCount, 0))
        byStreet = sums.byStreet
        streets = byStreet.fairness()
        ageGap = sums.ageGap
    }

    /// The street sums and the age gap's sums in one pass (see the initialiser).
    ///
    /// The street a resident adds to is held in registers while the next residents share it (they
    /// come street by street), written back when the street changes: the same additions in the same
    /// order as summing into the arrays.
    ///
    /// - Complexity: O(R + S).
    private static func sums(values: [Double], demand: [Double], population: [Double], age60plus: [Double],
                             streetIndex: [Int32], streetCount s: Int) -> (byStreet: StreetAggregate, ageGap: AgeGap) {
        var weight = [Double](repeating: 0, count: s + 1), weightedSum = weight
        var points = [Int](repeating: 0, count: s + 1)  // slot s: residents in no street
        var sw = 0.0, sv = 0.0, ow = 0.0, ov = 0.0
        let n = values.count, nw = min(n, demand.count), np = min(n, population.count), no = min(n, age60plus.count)
        values.withUnsafeBufferPointer { v in
            demand.withUnsafeBufferPointer { w in
                population.withUnsafeBufferPointer { p in
                    age60plus.withUnsafeBufferPointer { o in
                        streetIndex.withUnsafeBufferPointer { street in
                            weight.withUnsafeMutableBufferPointer { sumW in
                                weightedSum.withUnsafeMutableBufferPointer { sumV in
                                    points.withUnsafeMutableBufferPointer { count in
                                        var current = s, cw = 0.0, cv = 0.0, cp = 0
                                        for i in 0..<max(nw, np, no) {
                                            let vi = v[i], finite = vi.isFinite
                                            if i < nw {
                                                let st = i < street.count && street[i] >= 0 && Int(street[i]) < s ? Int(street[i]) : s
                                                if st != current {
                                                    (sumW[current], sumV[current], count[current]) = (cw, cv, cp)
                                                    (current, cw, cv, cp) = (st, sumW[st], sumV[st], count[st])
                                                }
                                                cp += 1
                                                if finite && w[i].isFinite && w[i] > 0 {
                                                    cw += w[i]
                                                    cv += w[i] * vi
                                                }
                                            }
                                            guard finite else { continue }
                                            if i < np, p[i].isFinite, p[i] > 0 {
                                                sw += p[i]
                                                sv += p[i] * vi
                                            }
                                            if i < no, o[i].isFinite, o[i] > 0 {
                                                ow += o[i]
                                                ov += o[i] * vi
                                            }
                                        }
                                        (sumW[current], sumV[current], count[current]) = (cw, cv, cp)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let byStreet = StreetAggregate(
            weight: Array(weight[0..<s]), weightedSum: Array(weightedSum[0..<s]), points: Array(points[0..<s]),
            outsideWeight: weight[s], outsideWeightedSum: weightedSum[s], outsidePoints: points[s])
        return (byStreet, AgeGap(populationSums: (sw, sv), age60plusSums: (ow, ov)))
    }
    /// Each resident's street as an index below `streetCount`, or −1 for none (or out of range).
    ///
    /// - Complexity: O(R).
    static func streetIndex(_ residentStreet: [Int?], streetCount: Int) -> [Int32] {
        residentStreet.map { st in
            guard let st, st >= 0, st < streetCount, st <= Int(Int32.max) else { return -1 }
            return Int32(st)
        }
    }
}

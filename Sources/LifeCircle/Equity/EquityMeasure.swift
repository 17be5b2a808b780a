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
        residents = Fairness(values: values, weights: demand)
        byStreet = StreetAggregate(values: values, weights: demand, residentStreet: residentStreet, streetCount: streetCount)
        streets = byStreet.fairness()
        ageGap = AgeGap(values: values, population: population, age60plus: age60plus)
    }
}

/// One street's access to a category: coverage and 2SFCA scores averaged over its residents.
///
/// Every mean is weighted by the category's demand (population, or residents 60+ for a 60+ category)
/// over the street's resident points: `Σ_{i in s} P_i·v_i / Σ_{i in s} P_i`. For the 2SFCA score that
/// is the supply within reach per head of the street, and its inverse the people per unit of supply.
package struct StreetEquityRow: Hashable, Sendable {
    /// The street's index, or nil for the residents in no street.
    package var street: Int?
    /// Resident points.
    package var points: Int
    /// Σ P_i.
    package var demand: Double
    /// Covered share of the demand (nil without demand, or without a coverage result).
    package var coverageShare: Double?
    /// Mean classic 2SFCA score (supply per head within reach).
    package var access: Double?
    /// Mean Gaussian 2SFCA score.
    package var gaussianAccess: Double?

    /// People per unit of supply within reach (classic): 1 / `access`; nil when `access` is 0 or nil.
    package var peoplePerSupply: Double? {
        guard let access, access > 0 else { return nil }
        return 1 / access
    }

    /// People per unit of supply within reach (Gaussian): 1 / `gaussianAccess`.
    package var gaussianPeoplePerSupply: Double? {
        guard let gaussianAccess, gaussianAccess > 0 else { return nil }
        return 1 / gaussianAccess
    }
}

/// The plan's `lifeCircle` settings: which categories make up a complete life circle.
package struct LifeCircleSettings: Hashable, Sendable {
    /// The essential categories' ids, in the plan's category order; nil: every category is essential.
    package var essential: [String]?

    /// The essential categories of `plan`, in its category order (all of them when none are named).
    package func essentialCategories(of plan: Plan) -> [Category] {
        guard let essential else { return plan.categories }
        let set = Set(essential)
        return plan.categories.filter { set.contains($0.id) }
    }
}

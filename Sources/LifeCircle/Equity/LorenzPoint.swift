/// One point of a Lorenz curve: the lowest `weightShare` of the weight holds `valueShare` of the total.
package struct LorenzPoint: Hashable, Sendable {
    package var weightShare: Double
    package var valueShare: Double
}

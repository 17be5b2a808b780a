/// One point of a Lorenz curve: the lowest `weightShare` of the weight holds `valueShare` of the total.
public struct LorenzPoint: Hashable, Sendable {
    public var weightShare: Double
    public var valueShare: Double

    public init(weightShare: Double, valueShare: Double) {
        self.weightShare = weightShare
        self.valueShare = valueShare
    }
}

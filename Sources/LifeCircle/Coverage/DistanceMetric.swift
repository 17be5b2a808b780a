/// How distance is measured.
public enum DistanceMetric: String, Hashable, Sendable, CaseIterable {
    /// Walking on the network, access legs included.
    case network
    /// A straight-line radius (speed × minutes), ignoring the network: overstates coverage.
    case straightLine = "straight-line"
}

/// Where a point joins the walk network: the nearest point of the nearest edge.
///
/// The edge is split there virtually: the point reaches the edge's start node after `offsetAlong`
/// metres and its end node after `edgeLength - offsetAlong` metres, plus the straight `access` leg.
public struct SnapPoint: Hashable, Sendable {
    /// The edge the point joins.
    public var edge: Int32
    /// Metres along the edge from its start node to the joining point.
    public var offsetAlong: Double
    /// Straight-line metres from the point to the joining point (walked too).
    public var access: Double
    /// The joining point on the edge (metres, analysis CRS).
    public var point: Position

    public init(edge: Int32, offsetAlong: Double, access: Double, point: Position) {
        self.edge = edge
        self.offsetAlong = offsetAlong
        self.access = access
        self.point = point
    }
}

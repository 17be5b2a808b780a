/// Where a point joins the walk network: the nearest point of the nearest edge.
///
/// The edge is split there virtually: the point reaches the edge's start node after `offsetAlong`
/// metres and its end node after `edgeLength - offsetAlong` metres, plus the straight `access` leg.
package struct SnapPoint: Hashable, Sendable {
    /// The edge the point joins.
    package var edge: Int32
    /// Metres along the edge from its start node to the joining point.
    package var offsetAlong: Double
    /// Straight-line metres from the point to the joining point (walked too).
    package var access: Double
    /// The joining point on the edge (metres, analysis CRS).
    package var point: Position
}

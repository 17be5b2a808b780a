/// A stretch of one edge, between two offsets from its start node (metres), e.g. the part of an edge
/// inside a service area.
package struct EdgePiece: Hashable, Sendable {
    /// The edge.
    package var edge: Int32
    /// Offset of the piece's start from the edge's start node, metres.
    package var from: Double
    /// Offset of the piece's end from the edge's start node, metres (≥ `from`).
    package var to: Double
}

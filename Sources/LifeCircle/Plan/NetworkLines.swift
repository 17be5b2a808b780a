/// The walkable lines of a network layer, in WGS84, end to end in flat arrays: line `i` is
/// `positions[lineEnds[i - 1] ..< lineEnds[i]]` (from 0 for the first), as `WalkNetwork.build`
/// takes them. A MultiLineString feature gives one line per part.
package struct NetworkLines: Hashable, Sendable {
    /// Every line's positions, line after line.
    package private(set) var positions: [Position] = []
    /// Where each line ends in `positions`.
    package private(set) var lineEnds: [Int] = []
    /// Each line's id: the feature's id (its `id` member, else its `id` property, else its index),
    /// with `#k` after it for part k of a MultiLineString of several parts.
    package private(set) var ids: [String] = []

    package init() {}

    /// The lines joined from their flat arrays (`lineEnds` ascending, ending at `positions.count`).
    init(positions: [Position], lineEnds: [Int], ids: [String]) {
        self.positions = positions
        self.lineEnds = lineEnds
        self.ids = ids
    }

    /// Number of lines.
    package var count: Int { lineEnds.count }

    /// The positions of line `i`.
    package func coordinates(of i: Int) -> ArraySlice<Position> {
        positions[(i == 0 ? 0 : lineEnds[i - 1])..<lineEnds[i]]
    }

    /// Adds a line at the end.
    mutating func append(id: String, coordinates: [Position]) {
        positions.append(contentsOf: coordinates)
        lineEnds.append(positions.count)
        ids.append(id)
    }
}

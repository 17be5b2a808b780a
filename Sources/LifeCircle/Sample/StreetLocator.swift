/// Finds which street polygon holds a point: bounding-box filter, then ray casting.
struct StreetLocator {
    let rings: [[Position]]
    let boxes: [BoundingBox]

    init(rings: [[Position]]) {
        self.rings = rings
        boxes = rings.map { BoundingBox(positions: $0) ?? BoundingBox(minX: 0, minY: 0, maxX: -1, maxY: -1) }
    }

    /// The index of the only ring holding `p`, or nil when none or more than one does.
    ///
    /// - Complexity: O(vertices of the rings whose box holds p).
    func street(of p: Position) -> Int? {
        var found: Int?
        for i in 0..<rings.count where boxes[i].contains(p) && PlanarGeometry.contains(rings[i], p) {
            if found != nil { return nil }
            found = i
        }
        return found
    }
}

/// A binary min-heap of (distance, node) pairs on a flat array, for Dijkstra with lazy deletion.
///
/// Ties on distance pop the lower node first, so searches are deterministic.
struct DistanceHeap {
    private var distances: [Double] = []
    private var nodes: [Int32] = []

    var isEmpty: Bool { nodes.isEmpty }

    mutating func removeAll() {
        distances.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func less(_ i: Int, _ j: Int) -> Bool {
        distances[i] < distances[j] || (distances[i] == distances[j] && nodes[i] < nodes[j])
    }

    /// Adds an entry.
    ///
    /// - Complexity: O(log n).
    mutating func push(_ distance: Double, _ node: Int32) {
        distances.append(distance)
        nodes.append(node)
        var i = nodes.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            guard less(i, parent) else { break }
            distances.swapAt(i, parent)
            nodes.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the smallest entry.
    ///
    /// - Complexity: O(log n).
    mutating func pop() -> (distance: Double, node: Int32)? {
        guard let lastNode = nodes.last, let lastDistance = distances.last else { return nil }
        let top = (distances[0], nodes[0])
        nodes.removeLast()
        distances.removeLast()
        let n = nodes.count
        guard n > 0 else { return top }
        // Sift the former last entry down from the root.
        var i = 0
        while true {
            let l = 2 * i + 1
            guard l < n else { break }
            var c = l
            let r = l + 1
            if r < n && less(r, l) { c = r }
            guard distances[c] < lastDistance || (distances[c] == lastDistance && nodes[c] < lastNode) else { break }
            distances[i] = distances[c]
            nodes[i] = nodes[c]
            i = c
        }
        distances[i] = lastDistance
        nodes[i] = lastNode
        return top
    }
}

/// A 4-ary min-heap of (distance, node) entries on a flat array, for Dijkstra with lazy deletion.
///
/// Ties on distance pop the lower node first, so searches are deterministic. Four children per entry
/// make the heap shallower and keep the children of an entry in one or two cache lines.
struct DistanceHeap {
    struct Entry {
        var distance: Double
        var node: Int32
    }

    private var entries: [Entry] = []
    #if DEBUG
    /// Pushes and pops since the last full check of the heap order.
    private var operationsSinceCheck = 0
    #endif

    var isEmpty: Bool { entries.isEmpty }

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.distance < b.distance || (a.distance == b.distance && a.node < b.node)
    }

    /// Adds an entry.
    ///
    /// - Complexity: O(log n).
    mutating func push(_ distance: Double, _ node: Int32) {
        let item = Entry(distance: distance, node: node)
        entries.append(item)
        entries.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            while i > 0 {
                let parent = (i - 1) >> 2
                guard Self.less(item, h[parent]) else { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = item
        }
        checkSampled()
    }

    /// Removes and returns the smallest entry.
    ///
    /// - Complexity: O(log n).
    mutating func pop() -> (distance: Double, node: Int32)? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return (last.distance, last.node) }
        let top = entries[0]
        entries.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = 0
            while true {
                let first = 4 * i + 1
                guard first < n else { break }
                var c = first
                let end = min(first + 4, n)
                var k = first + 1
                while k < end {
                    if Self.less(h[k], h[c]) { c = k }
                    k += 1
                }
                guard Self.less(h[c], last) else { break }
                h[i] = h[c]
                i = c
            }
            h[i] = last
        }
        checkSampled()
        return (top.distance, top.node)
    }

    /// The first entry out of heap order (or with a distance that cannot be ordered, or a negative
    /// node), described, or nil when the heap is sound.
    ///
    /// - Complexity: O(n).
    func invariantViolation() -> String? {
        for (i, e) in entries.enumerated() {
            guard !e.distance.isNaN, e.node >= 0 else { return "entry \(i) holds distance \(e.distance), node \(e.node)" }
            let parent = (i - 1) >> 2
            if i > 0, Self.less(e, entries[parent]) {
                return "entry \(i) (\(e.distance), node \(e.node)) sorts before its parent \(parent) (\(entries[parent].distance), node \(entries[parent].node))"
            }
        }
        return nil
    }

    /// Checks the whole heap once every `checkInterval` operations in debug builds (a full check
    /// after each would make the searches quadratic); nothing in release builds.
    @inline(__always)
    private mutating func checkSampled() {
        #if DEBUG
        operationsSinceCheck += 1
        guard operationsSinceCheck >= Self.checkInterval else { return }
        operationsSinceCheck = 0
        if let problem = invariantViolation() { assertionFailure("DistanceHeap: \(problem)") }
        #endif
    }

    /// Pushes and pops between two full checks in debug builds.
    static let checkInterval = 64
}

#if DEBUG
extension DistanceHeap {
    /// A heap holding `entries` as given, in heap order or not: for the tests of `invariantViolation()` only.
    init(uncheckedEntries: [Entry]) {
        entries = uncheckedEntries
    }
}
#endif

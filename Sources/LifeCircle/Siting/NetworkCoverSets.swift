import Foundation

/// The cover sets of candidate sites on the walk network: for each candidate, the snapped demand
/// points within a walk bound of it (one bounded search per candidate), in CSR form.
///
/// The sets are exactly those of ``NetworkSearch/reachedPointIndices(in:)`` run per candidate
/// (``reference(of:bound:)`` does just that, for tests), built with less work per set:
/// - an edge whose every point is within the bound through one end node (its largest cost from that
///   end, offset or rest of the edge plus access, added to the node's distance) is taken whole, with
///   no check per point; only the edges at the edge of the reach check their points one by one;
/// - each set is sorted by a radix sort on 11-bit digits, not by comparisons;
/// - the sets go straight into CSR arrays, in chunks of candidates handed to the cores as they free
///   up (one search workspace per core).
///
/// Floating-point addition is monotone, so `distance + largest cost` within the bound means every
/// point's own `distance + cost` is too: the shortcut never takes a point the per-point check
/// would refuse.
package struct NetworkCoverSets: Sendable {
    /// The network searched.
    package let network: WalkNetwork
    /// The demand points by edge.
    package let points: EdgePointIndex
    /// Per edge, the largest `offsetAlong + access` of its points (−∞ without points).
    private let fromStart: [Double]
    /// Per edge, the largest `(length − offsetAlong) + access` of its points (−∞ without points).
    private let fromEnd: [Double]

    /// Candidates per chunk handed to a core.
    static let chunkSize = 32

    /// Prepares the per-edge costs of `points` on `network`.
    ///
    /// - Complexity: O(edges + points).
    package init(network: WalkNetwork, points: EdgePointIndex) {
        self.network = network
        self.points = points
        var fromStart = [Double](repeating: -.infinity, count: network.edgeCount)
        var fromEnd = [Double](repeating: -.infinity, count: network.edgeCount)
        for e in 0 ..< network.edgeCount {
            let length = network.edgeLength[e]
            for i in points.points(onEdge: e) {
                guard let s = points.snaps[Int(i)] else { continue }
                // The same sums as `NetworkSearch.reach`, in the same order.
                fromStart[e] = max(fromStart[e], s.offsetAlong + s.access)
                fromEnd[e] = max(fromEnd[e], (length - s.offsetAlong) + s.access)
            }
        }
        self.fromStart = fromStart
        self.fromEnd = fromEnd
    }

    /// The cover sets of `candidates` (one snap each) at `bound` metres: candidate `j` covers
    /// `members[offsets[j] ..< offsets[j + 1]]`, point indices ascending.
    ///
    /// - Parameter workers: the most threads used (one search workspace each).
    /// - Complexity: per candidate one bounded search, O(t + p) for the t edges it touches and the p
    ///   points on them, and a radix sort O(p); spread over `workers` cores.
    package func coverSets(of candidates: [SnapPoint], bound: Double,
                           workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> (offsets: [Int], members: [Int32]) {
        let chunks = (candidates.count + Self.chunkSize - 1) / Self.chunkSize
        let slots = SlotArray<Chunk>(count: chunks)
        let next = TaskCounter()
        let threads = max(1, min(workers, chunks))
        _ = Parallel.tasks(count: threads) { _ in
            var worker = Worker(self)
            while let c = next.take(below: chunks) {
                let lo = c * Self.chunkSize, hi = min(candidates.count, lo + Self.chunkSize)
                slots.set(c, worker.chunk(candidates[lo ..< hi], bound: bound))
            }
        }
        let parts = slots.values()
        var offsets = [0]
        offsets.reserveCapacity(candidates.count + 1)
        var members: [Int32] = []
        members.reserveCapacity(parts.reduce(0) { $0 + $1.members.count })
        for part in parts {
            for size in part.sizes { offsets.append(offsets[offsets.count - 1] + size) }
            members.append(contentsOf: part.members)
        }
        return (offsets, members)
    }

    /// The same cover sets the plain way: per candidate a search, every point on a touched edge
    /// checked, the indices sorted by comparison (``NetworkSearch/reachedPointIndices(in:)``).
    ///
    /// - Complexity: O(t + p log p) per candidate, on one core.
    package func reference(of candidates: [SnapPoint], bound: Double) -> (offsets: [Int], members: [Int32]) {
        var search = NetworkSearch(network: network)
        var offsets = [0], members: [Int32] = []
        for c in candidates {
            search.run(from: c, bound: bound)
            members += search.reachedPointIndices(in: points)
            offsets.append(members.count)
        }
        return (offsets, members)
    }

    /// The cover sets of one chunk of candidates: their sizes and members, one set after another.
    struct Chunk: Sendable {
        var sizes: [Int]
        var members: [Int32]
    }

    /// One thread's search workspace and radix-sort buffers.
    private struct Worker {
        let sets: NetworkCoverSets
        var search: NetworkSearch
        var scratch: [Int32] = []
        var counts: [Int]
        /// Radix passes needed for the largest point index.
        let passes: Int

        init(_ sets: NetworkCoverSets) {
            self.sets = sets
            search = NetworkSearch(network: sets.network)
            counts = [Int](repeating: 0, count: RadixSort.buckets * RadixSort.maximumPasses)
            passes = RadixSort.passes(below: sets.points.snaps.count)
        }

        mutating func chunk(_ candidates: ArraySlice<SnapPoint>, bound: Double) -> Chunk {
            var out = Chunk(sizes: [], members: [])
            out.sizes.reserveCapacity(candidates.count)
            for c in candidates {
                let before = out.members.count
                append(from: c, bound: bound, to: &out.members)
                let size = out.members.count - before
                if size > 1 {
                    if scratch.count < size { scratch = [Int32](repeating: 0, count: size) }
                    out.members.withUnsafeMutableBufferPointer { all in
                        scratch.withUnsafeMutableBufferPointer { tmp in
                            counts.withUnsafeMutableBufferPointer { counts in
                                RadixSort.sort(UnsafeMutableBufferPointer(rebasing: all[before...]), scratch: tmp,
                                               counts: counts, passes: passes)
                            }
                        }
                    }
                }
                out.sizes.append(size)
            }
            return out
        }

        /// Appends the points within `bound` of `candidate`, edge by edge (unsorted).
        private mutating func append(from candidate: SnapPoint, bound: Double, to out: inout [Int32]) {
            search.run(from: candidate, bound: bound)
            let network = sets.network, index = sets.points
            for edge in search.touchedEdges() {
                let e = Int(edge)
                let lo = Int(index.start[e]), hi = Int(index.start[e + 1])
                guard lo < hi else { continue }
                let whole = DistanceTolerance.within(search.distance(toNode: Int(network.edgeFrom[e])) + sets.fromStart[e], bound)
                    || DistanceTolerance.within(search.distance(toNode: Int(network.edgeTo[e])) + sets.fromEnd[e], bound)
                if whole {
                    out.append(contentsOf: index.points[lo ..< hi])
                } else {
                    for k in lo ..< hi {
                        let i = index.points[k]
                        if let snap = index.snaps[Int(i)], search.reach(snap) != nil { out.append(i) }
                    }
                }
            }
        }
    }
}

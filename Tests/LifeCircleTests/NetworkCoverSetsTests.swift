import Foundation
import Testing
@testable import LifeCircle

/// The fast cover sets (whole edges taken at once, radix-sorted, built in chunks on every core)
/// against the plain way (every point checked, sorted by comparison), on seeded random networks.
@Suite struct NetworkCoverSetsTests {
    typealias F = NetworkFixtures

    /// A random network with random residents and candidates snapped to it.
    struct Instance {
        var network: WalkNetwork
        var points: EdgePointIndex
        var candidates: [SnapPoint]
    }

    static func instance(seed: UInt64, residents: Int, candidates: Int) -> Instance {
        let network = WalkNetwork.build(lines: F.randomNetwork(seed: seed, columns: 14, rows: 12, spacing: 110))
        let index = SegmentIndex(network: network)
        // Residents up to 120 m off the streets (long access legs), some too far to join.
        let snaps = index.snap(F.randomPoints(seed: seed &+ 1, count: residents, width: 1600, height: 1400), maxDistance: 120)
        let sites = index.snap(F.randomPoints(seed: seed &+ 2, count: candidates, width: 1500, height: 1300), maxDistance: 200)
        return Instance(network: network, points: EdgePointIndex(snaps: snaps, edgeCount: network.edgeCount),
                        candidates: sites.compactMap { $0 })
    }

    /// The first candidate whose set differs between two CSR layouts, or nil when they are equal.
    static func firstDifference(_ a: (offsets: [Int], members: [Int32]), _ b: (offsets: [Int], members: [Int32])) -> Int? {
        guard a.offsets.count == b.offsets.count else { return -1 }
        for j in 0 ..< a.offsets.count - 1
        where a.members[a.offsets[j] ..< a.offsets[j + 1]] != b.members[b.offsets[j] ..< b.offsets[j + 1]] {
            return j
        }
        return nil
    }

    /// Identical CSR arrays for several bounds, on one core and on two, across chunk boundaries.
    @Test(arguments: [UInt64(3), 17, 29])
    func theFastSetsAreThePlainOnes(seed: UInt64) {
        let t = Self.instance(seed: seed, residents: 4000, candidates: 150)
        let sets = NetworkCoverSets(network: t.network, points: t.points)
        #expect(t.candidates.count > NetworkCoverSets.chunkSize * 3)
        var sizes: [Int] = []
        for bound in [60.0, 250, 400, 900] {
            let plain = sets.reference(of: t.candidates, bound: bound)
            for workers in [1, 2] {
                let fast = sets.coverSets(of: t.candidates, bound: bound, workers: workers)
                #expect(Self.firstDifference(fast, plain) == nil, "bound \(bound), \(workers) workers")
            }
            sizes.append(plain.members.count)
        }
        // The bounds give small and large sets (radix sort and comparison sort both used).
        #expect(sizes == sizes.sorted() && Set(sizes).count == sizes.count)
        #expect(sizes[3] / t.candidates.count > RadixSort.smallest)
    }

    /// Bounds set exactly to the walk of some resident: points at the bound (and within the
    /// tolerance of it) are in the set both ways.
    @Test func pointsExactlyAtTheBoundAreCoveredAlike() {
        let t = Self.instance(seed: 71, residents: 2500, candidates: 40)
        let sets = NetworkCoverSets(network: t.network, points: t.points)
        var search = NetworkSearch(network: t.network)
        var rng = SplitMix64(seed: 72)
        var checked = 0
        for (k, c) in t.candidates.enumerated() where k % 4 == 0 {
            search.run(from: c, bound: 2000)
            let reached = search.reachedPoints(in: t.points)
            guard !reached.isEmpty else { continue }
            let distance = reached[Int(rng.next() % UInt64(reached.count))].distance
            for bound in [distance, distance - DistanceTolerance.meters, distance.nextDown] {
                let plain = sets.reference(of: t.candidates, bound: bound)
                let fast = sets.coverSets(of: t.candidates, bound: bound, workers: 2)
                #expect(Self.firstDifference(fast, plain) == nil, "bound \(bound)")
                checked += 1
            }
        }
        #expect(checked >= 15)
    }

    /// The radix sort against the standard sort: small and large arrays, one to three passes, a
    /// pass skipped where every value shares its digit.
    @Test func theRadixSortSortsLikeTheStandardSort() {
        var rng = SplitMix64(seed: 5)
        for (count, limit) in [(10, 100), (64, 2048), (500, 2048), (3000, 1 << 21), (3000, Int(Int32.max)), (900, 1 << 22)] {
            for sharedHigh in [false, true] {
                var values = (0 ..< count).map { _ in Int32(rng.next() % UInt64(limit)) }
                // All in one block of 2048: the middle digit is the same for every value.
                if sharedHigh { values = values.map { ($0 & 2047) | (5 << 22) } }
                let passes = RadixSort.passes(below: sharedHigh ? 6 << 22 : limit)
                var scratch = [Int32](repeating: 0, count: count)
                var counts = [Int](repeating: 0, count: RadixSort.buckets * RadixSort.maximumPasses)
                var sorted = values
                sorted.withUnsafeMutableBufferPointer { v in
                    scratch.withUnsafeMutableBufferPointer { s in
                        counts.withUnsafeMutableBufferPointer { c in RadixSort.sort(v, scratch: s, counts: c, passes: passes) }
                    }
                }
                #expect(sorted == values.sorted(), "\(count) values below \(limit), shared high digits \(sharedHigh)")
            }
        }
        #expect(RadixSort.passes(below: 2048) == 1 && RadixSort.passes(below: 2049) == 2)
        #expect(RadixSort.passes(below: 1 << 22) == 2 && RadixSort.passes(below: Int(Int32.max)) == 3)
    }
}

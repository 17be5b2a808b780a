/// Least-significant-digit radix sort of non-negative `Int32`s on 11-bit digits.
enum RadixSort {
    static let bits = 11
    static let buckets = 1 << bits
    /// Enough passes for every non-negative `Int32`.
    static let maximumPasses = 3
    /// Below this many values a comparison sort is cheaper than clearing the buckets.
    static let smallest = 64

    /// The passes needed for values below `limit`.
    static func passes(below limit: Int) -> Int {
        var passes = 1
        while passes < maximumPasses && limit > 1 << (bits * passes) { passes += 1 }
        return passes
    }

    /// Sorts `values` (each ≥ 0 and below 2^(11·passes)) ascending.
    ///
    /// - Parameters:
    ///   - scratch: at least `values.count` entries, overwritten.
    ///   - counts: at least `buckets · passes` entries, overwritten.
    /// - Complexity: O(n + buckets) per pass; passes whose digit is the same for every value are skipped.
    static func sort(_ values: UnsafeMutableBufferPointer<Int32>, scratch: UnsafeMutableBufferPointer<Int32>,
                     counts: UnsafeMutableBufferPointer<Int>, passes: Int) {
        let n = values.count
        guard n >= smallest else {
            var small = values
            small.sort()
            return
        }
        let mask = Int32(buckets - 1)
        for k in 0 ..< buckets * passes { counts[k] = 0 }
        for v in values {
            for p in 0 ..< passes { counts[p * buckets + Int((v >> Int32(p * bits)) & mask)] += 1 }
        }
        guard let first = values.baseAddress, var target = scratch.baseAddress else { return }
        var source = first
        var inScratch = false
        for p in 0 ..< passes {
            let base = p * buckets
            let shift = Int32(p * bits)
            // A digit shared by every value leaves the order as it is.
            if counts[base + Int((source[0] >> shift) & mask)] == n { continue }
            var sum = 0
            for b in 0 ..< buckets {
                let c = counts[base + b]
                counts[base + b] = sum
                sum += c
            }
            for k in 0 ..< n {
                let v = source[k]
                let d = base + Int((v >> shift) & mask)
                target[counts[d]] = v
                counts[d] += 1
            }
            swap(&source, &target)
            inScratch.toggle()
        }
        if inScratch { first.update(from: source, count: n) }
    }
}

/// Apportionment of an integer total over weights by the largest-remainder (Hamilton) method.
enum LargestRemainder {
    /// Integers proportional to `weights` that sum exactly to `total`; ties in the remainders go
    /// to the lower index. All-zero weights get an even split.
    ///
    /// - Complexity: O(n log n).
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        guard !weights.isEmpty else { return [] }
        var w = weights.map { max(0, $0) }
        var sum = w.reduce(0, +)
        if sum <= 0 {
            w = Array(repeating: 1, count: weights.count)
            sum = Double(weights.count)
        }
        var result = [Int](repeating: 0, count: w.count)
        var rest: [(Double, Int)] = []
        rest.reserveCapacity(w.count)
        var assigned = 0
        for i in 0..<w.count {
            let q = Double(total) * w[i] / sum
            let f = q.rounded(.down)
            result[i] = Int(f)
            assigned += result[i]
            rest.append((q - f, i))
        }
        rest.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        var left = total - assigned
        var k = 0
        while left > 0 {
            result[rest[k % rest.count].1] += 1
            left -= 1
            k += 1
        }
        return result
    }
}

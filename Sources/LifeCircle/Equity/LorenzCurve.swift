/// The Lorenz curve of a weighted distribution, and the Gini coefficient and Palma ratio read off it.
///
/// Generic over (value, weight) pairs: a unit is a resident point (weight = its demand) or a street
/// (weight = the street's demand), and the value any non-negative measure of it (coverage 0/1 or a
/// share, walk minutes, a 2SFCA score). Units are sorted by value, ascending (ties by input index);
/// the curve joins (0, 0) and the points
///
///     X_k = Σ_{m ≤ k} w_m / W,   Y_k = Σ_{m ≤ k} w_m·v_m / Σ_m w_m·v_m      (W = Σ_m w_m)
///
/// with straight lines, so a unit's weight is spread evenly along its stretch (as if it were that many
/// identical people). `L(p)` is the curve's height at weight share p.
///
/// - Gini: `G = 1 − 2·A`, A the area under the curve by trapezoids,
///   `A = Σ_k (X_k − X_{k−1})·(Y_k + Y_{k−1}) / 2`. 0 when every unit has the same value,
///   (n − 1)/n when all of it sits in one of n equal-weight units.
/// - Palma: the share held by the top 10% of the weight over the share held by the bottom 40%,
///   `(1 − L(0.9)) / L(0.4)`, interpolating within a unit where a cut falls inside it; nil when the
///   bottom 40% hold nothing (the ratio is infinite, or 0/0 when no unit holds anything).
///
/// For a measure where more is worse (walk minutes) the indices describe the inequality of the value
/// itself: the Palma ratio is then the share of all minutes walked by the 10% with the longest walks
/// over that of the 40% with the shortest.
///
/// Units with zero weight do not count. When every value is 0 the units are equal: the curve is the
/// diagonal, the Gini 0 and the Palma ratio nil. The curve does not exist (the initialiser fails) when
/// there is no positive weight, or a weight or value is negative or not finite (cap infinite walk
/// times before asking, e.g. at the walk threshold).
package struct LorenzCurve: Hashable, Sendable {
    /// Cumulative weight shares, from 0 to 1 (one more point than units with weight).
    package let weightShares: [Double]
    /// Cumulative value shares, from 0 to 1, parallel to `weightShares`.
    package let valueShares: [Double]
    /// The total weight W.
    package let totalWeight: Double
    /// The weighted total Σ w·v.
    package let totalValue: Double

    /// The curve of `values` weighted by `weights` (the same count; extra entries of the longer are ignored).
    ///
    /// - Returns: nil when no weight is positive, or some weight or value is negative, NaN or infinite.
    /// - Complexity: O(n log n) for n units; O(n) above 4,096 units (a counting sort when they hold at
    ///   most 16 distinct values, else a radix sort; near-equal values sorted apart).
    package init?(values: [Double], weights: [Double]) {
        guard let units = Self.sortedUnits(values: values, weights: weights) else { return nil }
        var xs = [0.0], ys = [0.0]
        xs.reserveCapacity(units.values.count + 1)
        ys.reserveCapacity(units.values.count + 1)
        Self.corners(units) { x, y in
            xs.append(x)
            ys.append(y)
        }
        weightShares = xs
        valueShares = ys
        totalWeight = units.totalWeight
        totalValue = units.totalValue
    }

    /// Up to this many units are sorted by comparison; above, by counting or radix sort (and
    /// ``Fairness`` groups units of few distinct values instead of sorting them).
    static let comparatorSortLimit = 4096

    /// The units with positive weight sorted by value, ties in input order, with W and Σ w·v (summed
    /// in input order).
    struct SortedUnits {
        var values: [Double]
        var weights: [Double]
        var totalWeight: Double
        var totalValue: Double
    }

    /// The units of `values` weighted by `weights` that count, sorted; nil when the curve does not exist.
    ///
    /// - Complexity: as ``init(values:weights:)``.
    static func sortedUnits(values: [Double], weights: [Double]) -> SortedUnits? {
        let n = min(values.count, weights.count)
        // The units with positive weight, in input order.
        var vs: [Double] = [], ws: [Double] = []
        vs.reserveCapacity(n)
        ws.reserveCapacity(n)
        var w = 0.0, t = 0.0
        for i in 0..<n {
            let v = values[i], wi = weights[i]
            guard v.isFinite, wi.isFinite, v >= 0, wi >= 0 else { return nil }
            guard wi > 0 else { continue }
            vs.append(v == 0 ? 0 : v)  // −0 as +0
            ws.append(wi)
            w += wi
            t += wi * v
        }
        guard w > 0, w.isFinite, t.isFinite else { return nil }
        if vs.count > comparatorSortLimit {
            if let few = Self.fewValuesSorted(vs, ws) { (vs, ws) = few } else { Self.radixSort(&vs, &ws) }
        } else {
            let order = vs.indices.sorted { vs[$0] < vs[$1] || (vs[$0] == vs[$1] && $0 < $1) }
            (vs, ws) = (order.map { vs[$0] }, order.map { ws[$0] })
        }
        return SortedUnits(values: vs, weights: ws, totalWeight: w, totalValue: t)
    }

    /// Calls `body(X_k, Y_k)` for the curve's corners after (0, 0), in order, the last pinned at (1, 1)
    /// against rounding in the running sums.
    ///
    /// - Complexity: O(n).
    @inline(__always)
    static func corners(_ units: SortedUnits, _ body: (Double, Double) -> Void) {
        let w = units.totalWeight, t = units.totalValue
        var cw = 0.0, cv = 0.0
        let last = units.values.count - 1
        units.values.withUnsafeBufferPointer { vs in
            units.weights.withUnsafeBufferPointer { ws in
                for k in 0..<last {
                    cw += ws[k]
                    cv += ws[k] * vs[k]
                    body(cw / w, t > 0 ? cv / t : cw / w)
                }
            }
        }
        if last >= 0 { body(1, 1) }
    }

    /// The Gini coefficient and the heights L(p) at the weight shares `shares` of the curve of `units`,
    /// in one pass over its corners without keeping them: bit for bit ``gini`` and
    /// ``valueShare(atWeightShare:)`` of the curve.
    ///
    /// (The first corner with X ≥ p found in order is the one the binary search finds: X is
    /// non-decreasing up to the last corner, pinned at 1 ≥ p.)
    ///
    /// - Complexity: O(n + s log s) for s shares.
    static func summary(_ units: SortedUnits, at shares: [Double]) -> (gini: Double, heights: [Double]) {
        let ps = shares.map { min(max($0.isNaN ? 0 : $0, 0), 1) }
        let order = ps.indices.sorted { ps[$0] < ps[$1] }
        var heights = [Double](repeating: 0, count: ps.count)
        // At the first corner (0, 0): L(0) = 0.
        var next = 0
        while next < order.count && ps[order[next]] <= 0 { next += 1 }
        var px = 0.0, py = 0.0, area = 0.0
        corners(units) { x, y in
            area += (x - px) * (y + py) / 2
            while next < order.count && ps[order[next]] <= x {
                let p = ps[order[next]]
                heights[order[next]] = x > px ? py + (y - py) * (p - px) / (x - px) : y
                next += 1
            }
            px = x
            py = y
        }
        return (min(max(1 - 2 * area, 0), 1), heights)
    }

    /// The units (values `vs`, weights `ws`) by value, ties in input order, when they hold at most
    /// `limit` distinct values (coverage 0/1, counts of categories): a counting sort over the distinct
    /// values; nil when there are more.
    ///
    /// - Complexity: O(n · k) for the k ≤ `limit` distinct values.
    private static func fewValuesSorted(_ vs: [Double], _ ws: [Double], limit: Int = 16) -> ([Double], [Double])? {
        var distinct: [Double] = []
        var slot = [UInt8](repeating: 0, count: vs.count)
        var last = -1.0, lastSlot: UInt8 = 0  // values are ≥ 0: −1 matches none
        for (i, v) in vs.enumerated() {
            if v != last {
                if let k = distinct.firstIndex(of: v) {
                    lastSlot = UInt8(k)
                } else {
                    guard distinct.count < limit else { return nil }
                    lastSlot = UInt8(distinct.count)
                    distinct.append(v)
                }
                last = v
            }
            slot[i] = lastSlot
        }
        // Each distinct value's first position in the output: values ascending.
        let order = distinct.indices.sorted { distinct[$0] < distinct[$1] }
        var counts = [Int](repeating: 0, count: distinct.count)
        for s in slot { counts[Int(s)] += 1 }
        var next = [Int](repeating: 0, count: distinct.count)
        var sum = 0
        for k in order {
            next[k] = sum
            sum += counts[k]
        }
        var outV = vs, outW = ws
        for i in vs.indices {
            let k = Int(slot[i])
            outV[next[k]] = vs[i]
            outW[next[k]] = ws[i]
            next[k] += 1
        }
        return (outV, outW)
    }

    /// The units (values ≥ 0, +0 for zero, with their weights) by value, ties in input order: a
    /// stable LSD radix sort, two passes of 12 bits, of a 24-bit key that orders as the values do
    /// (0 for value 0, else 1 + the top 23 bits of the bit pattern's offset from the smallest
    /// positive value's, so the key's resolution follows the values' spread), the values and
    /// weights moved as they are, all digit counts taken in one read, a pass where every unit has
    /// the same digit skipped; then each run of units with the same key but not the same value is
    /// put in order by value (insertion, stable; a comparison sort for a long run).
    ///
    /// Sorts in place (the arrays moved into scratch buffers of their size and back, never copied).
    ///
    /// - Complexity: O(5 · n + 2 · 4,096), plus O(r²) per run of r ≤ 32 near-equal values and
    ///   O(r log r) per longer one.
    private static func radixSort(_ values: inout [Double], _ weights: inout [Double]) {
        let n = values.count
        // For finite values ≥ 0 the bit patterns order as the values do.
        var lo = UInt64.max, hi: UInt64 = 0
        for v in values {
            let k = v.bitPattern
            if k != 0 {
                lo = min(lo, k)
                hi = max(hi, k)
            }
        }
        guard lo <= hi else { return }  // every value 0
        let spread = 64 - (hi - lo).leadingZeroBitCount
        let shift = UInt64(max(0, spread - 23)), first = lo
        @inline(__always) func key(_ v: Double) -> UInt64 {
            let k = v.bitPattern
            return k == 0 ? 0 : ((k &- first) >> shift) &+ 1
        }
        let bits = 12, radix = 1 << bits, passes = 2
        let mask = UInt64(radix - 1)
        var counts = [Int](repeating: 0, count: passes * radix)
        counts.withUnsafeMutableBufferPointer { c in
            for v in values {
                let k = key(v)
                c[Int(k & mask)] += 1
                c[radix + Int(k >> UInt64(bits))] += 1
            }
        }
        // Scratch of the same size, filled in full by the first pass that runs (no copy, no zeroing).
        var values2 = [Double](unsafeUninitializedCapacity: n) { _, count in count = n }
        var weights2 = [Double](unsafeUninitializedCapacity: n) { _, count in count = n }
        for p in 0..<passes {
            let base = p * radix, digitShift = UInt64(p * bits)
            if counts[base..<(base + radix)].contains(n) { continue }
            var sum = 0
            for d in base..<(base + radix) {
                let c = counts[d]
                counts[d] = sum
                sum += c
            }
            values.withUnsafeBufferPointer { v in
                weights.withUnsafeBufferPointer { w in
                    values2.withUnsafeMutableBufferPointer { v2 in
                        weights2.withUnsafeMutableBufferPointer { w2 in
                            counts.withUnsafeMutableBufferPointer { c in
                                for i in 0..<n {
                                    let d = base + Int((key(v[i]) >> digitShift) & mask)
                                    let to = c[d]
                                    v2[to] = v[i]
                                    w2[to] = w[i]
                                    c[d] = to + 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&values, &values2)
            swap(&weights, &weights2)
        }
        // Runs of one key, still in input order: put those whose values differ in order.
        values.withUnsafeMutableBufferPointer { v in
            weights.withUnsafeMutableBufferPointer { w in
                var start = 0
                while start < n {
                    let k = key(v[start])
                    var end = start + 1, mixed = false
                    while end < n && key(v[end]) == k {
                        if v[end] != v[end - 1] { mixed = true }
                        end += 1
                    }
                    if mixed && end - start <= 32 {
                        // Insertion: a unit moves only past larger values, so ties keep their order.
                        for i in (start + 1)..<end {
                            let x = v[i], y = w[i]
                            var j = i
                            while j > start && v[j - 1] > x {
                                v[j] = v[j - 1]
                                w[j] = w[j - 1]
                                j -= 1
                            }
                            v[j] = x
                            w[j] = y
                        }
                    } else if mixed {
                        let order = (start..<end).sorted { v[$0] < v[$1] || (v[$0] == v[$1] && $0 < $1) }
                        let sortedV = order.map { v[$0] }, sortedW = order.map { w[$0] }
                        for (k, i) in (start..<end).enumerated() {
                            v[i] = sortedV[k]
                            w[i] = sortedW[k]
                        }
                    }
                    start = end
                }
            }
        }
    }

    /// The weighted mean Σ w·v / W.
    package var mean: Double { totalValue / totalWeight }

    /// The Gini coefficient, 1 − 2 × (area under the curve), in [0, 1).
    ///
    /// - Complexity: O(n).
    package var gini: Double {
        var area = 0.0
        for k in 1..<weightShares.count {
            area += (weightShares[k] - weightShares[k - 1]) * (valueShares[k] + valueShares[k - 1]) / 2
        }
        return min(max(1 - 2 * area, 0), 1)
    }

    /// The curve's height L(p): the value share held by the lowest share p of the weight (p clamped to
    /// [0, 1]), interpolated linearly within the unit where p falls.
    ///
    /// - Complexity: O(log n).
    package func valueShare(atWeightShare p: Double) -> Double {
        let p = min(max(p.isNaN ? 0 : p, 0), 1)
        // The first point with X ≥ p.
        var lo = 0, hi = weightShares.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if weightShares[mid] < p { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return valueShares[0] }
        let x0 = weightShares[lo - 1], x1 = weightShares[lo]
        let y0 = valueShares[lo - 1], y1 = valueShares[lo]
        guard x1 > x0 else { return y1 }
        return y0 + (y1 - y0) * (p - x0) / (x1 - x0)
    }

    /// The Palma ratio (1 − L(0.9)) / L(0.4), or nil when the bottom 40% of the weight hold nothing
    /// (also when no unit holds anything: 0/0).
    ///
    /// - Complexity: O(log n).
    package var palma: Double? {
        guard totalValue > 0 else { return nil }
        let bottom = valueShare(atWeightShare: 0.4)
        let top = 1 - valueShare(atWeightShare: 0.9)
        guard bottom > 0 else { return nil }
        return max(top, 0) / bottom
    }

    /// The curve sampled at `count` evenly spaced weight shares 0, 1/(count − 1), …, 1 (at least 2
    /// points), for output; the first point is (0, 0) and the last (1, 1).
    ///
    /// - Complexity: O(count · log n).
    package func sampled(count: Int) -> [LorenzPoint] {
        let k = max(count, 2)
        return (0..<k).map { i in
            let p = i == k - 1 ? 1 : Double(i) / Double(k - 1)
            return LorenzPoint(weightShare: p, valueShare: valueShare(atWeightShare: p))
        }
    }

    /// Every corner of the curve, (0, 0) first and (1, 1) last.
    package var points: [LorenzPoint] {
        zip(weightShares, valueShares).map { LorenzPoint(weightShare: $0, valueShare: $1) }
    }
}

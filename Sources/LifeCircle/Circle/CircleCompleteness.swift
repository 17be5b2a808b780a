/// Who lives in a complete 15-minute life circle: per resident point, the categories reached and
/// missed and the life-circle time; per street and for the district, the complete shares, the
/// shares reaching at least k categories, the distribution of life-circle time and the binding
/// category.
///
/// The rule: a category is *reached* from a point when coverage calls the point covered (within the
/// category's threshold at its own speed: an `age60plus` category at the elder speed, exactly as
/// coverage judges it). A point is complete when every essential category is reached from it. The
/// complete share weights points by their population; the 60+ complete share weights them by their
/// residents aged 60+.
///
/// The life-circle time of a point is the largest of its walk times to the essential categories
/// (each at its own speed; the "proximity time" of 15-minute-city studies); it is infinite when one
/// of them is beyond the searched distance or the point is not on the network. A time class "≤ m minutes" holds when every
/// one of those categories is within m minutes at its own speed (``DistanceTolerance``).
package struct CircleCompleteness: Sendable {
    /// The categories, in the order given.
    package let categories: [Category]
    /// Indices (into `categories`) of the essential categories, in category order.
    package let essential: [Int]
    /// The upper limits of the life-circle time classes, minutes, ascending; one more class holds
    /// beyond the last limit or unreachable.
    package let timeLimits: [Double]
    /// Each category's statuses (coverage's, at its own threshold), parallel to `categories`.
    package let status: [[CoverageStatus]]
    /// Whether every essential category is reached from each point.
    package let complete: [Bool]
    /// Each point's life-circle time: the largest of its walk minutes to the essential categories,
    /// each at its own speed; infinity when one is beyond the searched distance or unreachable.
    package let minutes: [Double]
    /// One row per street (street index order).
    package let streets: [CircleRow]
    /// Points in no street, or nil when there are none.
    package let outside: CircleRow?
    /// Every point, outside ones included.
    package let district: CircleRow

    /// The standard life-circle time classes: ≤ 5, 10, 15, 20 and 30 minutes.
    package static let standardTimeLimits: [Double] = [5, 10, 15, 20, 30]

    /// Completeness from each category's distances.
    ///
    /// - Parameters:
    ///   - reach: One entry per category (parallel to `categories`), all for the same points and
    ///     scenario; searched at least to 30 minutes (the last time limit) for the time classes.
    ///   - categories: The categories (for their demand base).
    ///   - essential: Ids of the essential categories; ids not among `categories` are ignored.
    ///   - population: Each point's residents; `age60plus`: its residents aged 60+ (at most `population`).
    ///   - residentStreet: Each point's street index, or nil (or out of range) when in no street.
    ///   - streetCount: Number of streets.
    ///   - timeLimits: Upper limits of the life-circle time classes, ascending.
    /// - Complexity: O(R · C · L) for R points, C categories and L time limits, in chunks of points
    ///   spread over the cores (fixed by R alone, so sums do not depend on the core count), plus
    ///   O(R) for the medians (a histogram of quarter minutes, then a selection within one bin).
    package init(reach: [ReachDistances], categories: [Category], essential: [String], population: [Double],
                age60plus: [Double], residentStreet: [Int?], streetCount: Int,
                timeLimits: [Double] = CircleCompleteness.standardTimeLimits) {
        let chosen = Set(essential)
        let essentialIndices = categories.indices.filter { chosen.contains(categories[$0].id) && $0 < reach.count }
        let layout = Layout(essential: essentialIndices.count, classes: timeLimits.count + 1)
        let count = population.count
        let c = categories.count
        let areaCount = max(streetCount, 0) + 2  // streets, outside, district
        let area: [Int32] = (0..<count).map { i in
            if i < residentStreet.count, let s = residentStreet[i], s >= 0, s < streetCount { return Int32(s) }
            return Int32(max(streetCount, 0))
        }
        let pass = PointPass(
            reach: essentialIndices.map { reach[$0] },
            speeds: essentialIndices.map { reach[$0].speed },
            limitMeters: essentialIndices.flatMap { k in timeLimits.map { $0 * reach[k].speed } },
            population: population, age60plus: age60plus, area: area, layout: layout, areaCount: areaCount)
        // Chunks fixed by the point count: the same sums on any machine.
        let chunkCount = max(1, min(count / 16_384, 32))
        let parts = Parallel.tasks(count: chunkCount) { w in
            pass.run(count * w / chunkCount ..< count * (w + 1) / chunkCount)
        }
        var sums = [Double](repeating: 0, count: areaCount * layout.stride)
        var complete: [Bool] = [], minutes: [Double] = []
        complete.reserveCapacity(count)
        minutes.reserveCapacity(count)
        for part in parts {
            for k in sums.indices { sums[k] += part.sums[k] }
            complete += part.complete
            minutes += part.minutes
        }

        let medians = Self.medians(population: population, age60plus: age60plus, area: area, areaCount: areaCount,
                                   minutes: minutes)
        func row(_ a: Int, street: Int?) -> CircleRow {
            var r = layout.row(sums, area: a, street: street)
            (r.medianMinutes, r.medianMinutes60plus) = medians[a]
            return r
        }
        var streets = (0..<max(streetCount, 0)).map { row($0, street: $0) }
        let order = streets.indices.sorted { a, b in
            streets[a].incomplete > streets[b].incomplete || (streets[a].incomplete == streets[b].incomplete && a < b)
        }
        for (k, s) in order.enumerated() { streets[s].rank = k + 1 }
        let outside = row(areaCount - 2, street: nil)

        self.categories = categories
        self.essential = essentialIndices
        self.timeLimits = timeLimits
        self.status = (0..<c).map { $0 < reach.count ? reach[$0].status : [] }
        self.complete = complete
        self.minutes = minutes
        self.streets = streets
        self.outside = outside.points > 0 ? outside : nil
        self.district = row(areaCount - 1, street: nil)
    }

    /// Where each figure of an area sits in a flat array of sums (one stride per area).
    struct Layout: Sendable {
        let essential: Int
        let classes: Int
        var points: Int { 0 }
        var population: Int { 1 }
        var population60: Int { 2 }
        var complete: Int { 3 }
        var complete60: Int { 4 }
        var reach: Int { 5 }
        var reach60: Int { reach + essential }
        var time: Int { reach60 + essential }
        var time60: Int { time + classes }
        var gain: Int { time60 + classes }
        var gain60: Int { gain + essential }
        var stride: Int { gain60 + essential }

        /// The row of area `a` from the sums.
        func row(_ sums: [Double], area a: Int, street: Int?) -> CircleRow {
            let o = a * stride
            func slice(_ at: Int, _ n: Int) -> [Double] { Array(sums[(o + at)..<(o + at + n)]) }
            var r = CircleRow(street: street, essentialCount: essential, classCount: classes)
            r.points = Int(saturating: sums[o + points])
            r.population = sums[o + population]
            r.population60plus = sums[o + population60]
            r.complete = sums[o + complete]
            r.complete60plus = sums[o + complete60]
            r.reachAtLeast = slice(reach, essential)
            r.reachAtLeast60plus = slice(reach60, essential)
            r.timeClasses = slice(time, classes)
            r.timeClasses60plus = slice(time60, classes)
            r.gain = slice(gain, essential)
            r.gain60plus = slice(gain60, essential)
            return r
        }
    }

    /// What one chunk of points yields: per-point flags and times, and its sums per area.
    struct ChunkResult: Sendable {
        var complete: [Bool] = []
        var minutes: [Double] = []
        var sums: [Double] = []
    }

    /// The per-point work: reached categories, completeness, time classes and gains.
    struct PointPass: Sendable {
        /// The essential categories' distances.
        let reach: [ReachDistances]
        let speeds: [Double]
        /// Category j's time limits in metres at [j * limits + l].
        let limitMeters: [Double]
        let population: [Double]
        let age60plus: [Double]
        let area: [Int32]
        let layout: Layout
        let areaCount: Int

        /// The points in `range`.
        ///
        /// - Complexity: O(|range| · (n · L + n)) for n essential categories and L time limits.
        func run(_ range: Range<Int>) -> ChunkResult {
            let n = speeds.count, limits = layout.classes - 1
            let stride = layout.stride, district = (areaCount - 1) * stride
            let len = range.count, first = range.lowerBound
            // Per point of the chunk, category after category (each category's arrays read in order).
            var reachedCounts = [Int32](repeating: 0, count: len)
            var missingCounts = [Int32](repeating: 0, count: len)
            var lastMissings = [Int32](repeating: -1, count: len)
            var classes = [Int32](repeating: 0, count: len)
            var times = [Double](repeating: 0, count: len)
            for j in 0..<n {
                let speed = speeds[j]
                let lims = (0..<limits).map { limitMeters[j * limits + $0] }
                reach[j].meters.withUnsafeBufferPointer { meters in
                    reach[j].status.withUnsafeBufferPointer { status in
                        for x in 0..<len {
                            let i = first + x
                            if i < status.count && status[i] == .covered {
                                reachedCounts[x] += 1
                            } else {
                                missingCounts[x] += 1
                                lastMissings[x] = Int32(j)
                            }
                            let d = i < meters.count ? meters[i] : .infinity
                            let t = d / speed
                            // The first time class within which this category is reached.
                            var cls = Int32(limits)
                            if d.isFinite {
                                for l in 0..<limits where DistanceTolerance.within(d, lims[l]) {
                                    cls = Int32(l)
                                    break
                                }
                            }
                            classes[x] = max(classes[x], cls)
                            times[x] = max(times[x], t)
                        }
                    }
                }
            }
            var out = ChunkResult()
            out.minutes = times
            out.complete.reserveCapacity(len)
            var sums = [Double](repeating: 0, count: areaCount * stride)
            for x in 0..<len {
                let i = first + x
                let missing = Int(missingCounts[x]), reachedCount = Int(reachedCounts[x]), cls = Int(classes[x])
                let whole = missing == 0
                out.complete.append(whole)
                let p = population[i], e = i < age60plus.count ? min(age60plus[i], p) : 0
                // The one essential category missing here would make the point complete on its own.
                let gainIndex = missing == 1 ? Int(lastMissings[x]) : -1
                for side in 0..<2 {
                    let o = side == 0 ? Int(area[i]) * stride : district
                    sums[o + layout.points] += 1
                    sums[o + layout.population] += p
                    sums[o + layout.population60] += e
                    sums[o + layout.complete] += whole ? p : 0
                    sums[o + layout.complete60] += whole ? e : 0
                    for k in 0..<reachedCount {
                        sums[o + layout.reach + k] += p
                        sums[o + layout.reach60 + k] += e
                    }
                    sums[o + layout.time + cls] += p
                    sums[o + layout.time60 + cls] += e
                    if gainIndex >= 0 {
                        sums[o + layout.gain + gainIndex] += p
                        sums[o + layout.gain60 + gainIndex] += e
                    }
                }
            }
            out.sums = sums
            return out
        }
    }

    /// Quarter-minute bins of life-circle time below an hour, then one for longer finite times and
    /// one for infinity: a bin's values all lie below the next bin's.
    static let binCount = 242

    @inline(__always)
    static func bin(_ t: Double) -> Int {
        guard t.isFinite else { return binCount - 1 }
        return t < 60 ? Int(max(t, 0) * 4) : binCount - 2
    }

    /// Each area's weighted median life-circle time (its people, and its 60+), the last area being
    /// the district: the bin where half the weight is reached, then the median of that bin's values.
    ///
    /// - Complexity: O(R + A · B) for R points, A areas and B bins, plus the selection within the bins.
    static func medians(population: [Double], age60plus: [Double], area: [Int32], areaCount: Int,
                        minutes: [Double]) -> [(Double?, Double?)] {
        let b = binCount, count = population.count, district = areaCount - 1
        var hist = [Double](repeating: 0, count: areaCount * b), hist60 = [Double](repeating: 0, count: areaCount * b)
        for i in 0..<count {
            let p = population[i], e = i < age60plus.count ? min(age60plus[i], p) : 0
            let a = Int(area[i]), k = bin(minutes[i])
            for side in 0..<2 {
                let o = side == 0 ? a * b : district * b
                hist[o + k] += p
                hist60[o + k] += e
            }
        }
        // The bin holding each area's median, and the weight below it.
        func target(_ h: [Double], _ a: Int) -> (bin: Int, below: Double, half: Double)? {
            let total = h[(a * b)..<((a + 1) * b)].reduce(0, +)
            guard total > 0 else { return nil }
            var below = 0.0
            for k in 0..<b {
                if below + h[a * b + k] >= total / 2 { return (k, below, total / 2) }
                below += h[a * b + k]
            }
            return (b - 1, below - h[a * b + b - 1], total / 2)
        }
        let targets = (0..<areaCount).map { target(hist, $0) }, targets60 = (0..<areaCount).map { target(hist60, $0) }
        var inBin = [[(Double, Double)]](repeating: [], count: areaCount)
        var inBin60 = [[(Double, Double)]](repeating: [], count: areaCount)
        for i in 0..<count {
            let p = population[i], e = i < age60plus.count ? min(age60plus[i], p) : 0
            let t = minutes[i], k = bin(t)
            for side in 0..<2 {
                let a = side == 0 ? Int(area[i]) : district
                if let target = targets[a], p > 0, k == target.bin { inBin[a].append((t, p)) }
                if let target = targets60[a], e > 0, k == target.bin { inBin60[a].append((t, e)) }
            }
        }
        return (0..<areaCount).map { a in
            (targets[a].flatMap { median(inBin[a], below: $0.below, half: $0.half) },
             targets60[a].flatMap { median(inBin60[a], below: $0.below, half: $0.half) })
        }
    }

    /// The weighted median: the smallest value at which the weight of the values up to it reaches
    /// half the total (a three-way quickselect with a deterministic pivot).
    ///
    /// - Complexity: O(n) expected, O(n²) at worst.
    static func median(_ values: [(Double, Double)]) -> Double? {
        let total = values.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return nil }
        return median(values, below: 0, half: total / 2)
    }

    /// The smallest of `values` at which `below` plus the weight of the values up to it reaches `half`
    /// (the values are the part of a larger set above weight `below`).
    static func median(_ values: [(Double, Double)], below: Double, half: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        var xs = values
        return xs.withUnsafeMutableBufferPointer { select($0, below: below, half: half) }
    }

    /// The weighted median of a non-empty buffer (reordered in place).
    private static func select(_ xs: UnsafeMutableBufferPointer<(Double, Double)>, below start: Double, half: Double) -> Double {
        var lo = 0, hi = xs.count
        var below = start  // weight of the values known to lie below xs[lo..<hi]
        while hi - lo > 16 {
            let a = xs[lo].0, b = xs[(lo + hi) / 2].0, c = xs[hi - 1].0
            let pivot = max(min(a, b), min(max(a, b), c))
            // Three-way partition: [lo, lt) < pivot, [lt, gt) == pivot, [gt, hi) > pivot.
            var lt = lo, k = lo, gt = hi
            var wLess = 0.0, wEqual = 0.0
            while k < gt {
                let v = xs[k].0
                if v < pivot {
                    wLess += xs[k].1
                    xs.swapAt(k, lt)
                    lt += 1
                    k += 1
                } else if v > pivot {
                    gt -= 1
                    xs.swapAt(k, gt)
                } else {
                    wEqual += xs[k].1
                    k += 1
                }
            }
            if below + wLess >= half {
                hi = lt
            } else if below + wLess + wEqual >= half {
                return pivot
            } else {
                below += wLess + wEqual
                lo = gt
            }
        }
        let rest = xs[lo..<hi].sorted { $0.0 < $1.0 }
        var sum = below
        for (t, w) in rest {
            sum += w
            if sum >= half { return t }
        }
        return rest.last?.0 ?? xs[xs.count - 1].0
    }

    /// The streets by priority: most residents not in a complete life circle first.
    package var byRank: [CircleRow] { streets.sorted { ($0.rank ?? .max) < ($1.rank ?? .max) } }

    /// Whether point `i` reaches category `k` (index into `categories`).
    package func reaches(_ i: Int, _ k: Int) -> Bool {
        k < status.count && i < status[k].count && status[k][i] == .covered
    }

    /// The categories point `i` reaches (indices into `categories`).
    package func reachedCategories(of i: Int) -> [Int] {
        categories.indices.filter { reaches(i, $0) }
    }

    /// The essential categories point `i` misses (indices into `categories`).
    package func missingEssential(of i: Int) -> [Int] {
        essential.filter { !reaches(i, $0) }
    }
}

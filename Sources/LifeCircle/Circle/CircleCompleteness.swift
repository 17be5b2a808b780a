/// Who lives in a complete 15-minute life circle: per resident point, the categories reached and
/// missed and the life-circle time; per street and for the district, the complete shares, the
/// shares reaching at least k categories, the distribution of life-circle time and the binding
/// category.
///
/// The rule: a category is *reached* from a point when coverage calls the point covered (within the
/// category's threshold at its own speed: an `age60plus` category at the elder speed). A point is
/// complete when every essential category is reached from it. An `age60plus` category serves only
/// the 60+, so it judges a point by its elders: the point's 60+ residents are complete when every
/// essential category is reached, its residents under 60 when every essential category for all
/// residents is. The complete share weights each group by its people: population − 60+ and 60+;
/// the 60+ share counts the 60+ only. Without an `age60plus` essential category both groups follow
/// the same rule and the share is simply the population of complete points.
///
/// The life-circle time of a group is the largest of its walk times to its essential categories
/// (the "proximity time" of 15-minute-city studies); it is infinite when one of them is beyond the
/// searched distance or the point is not on the network. A time class "≤ m minutes" holds when every
/// one of those categories is within m minutes at its own speed (``DistanceTolerance``).
public struct CircleCompleteness: Sendable {
    /// The categories, in the order given.
    public let categories: [Category]
    /// Indices (into `categories`) of the essential categories, in category order.
    public let essential: [Int]
    /// The upper limits of the life-circle time classes, minutes, ascending; one more class holds
    /// beyond the last limit or unreachable.
    public let timeLimits: [Double]
    /// Each category's statuses (coverage's, at its own threshold), parallel to `categories`.
    public let status: [[CoverageStatus]]
    /// Whether every essential category is reached from each point (its 60+ are complete).
    public let complete: [Bool]
    /// Whether every essential category for all residents is reached (its residents under 60 are complete).
    public let completeUnder60: [Bool]
    /// Life-circle time of each point's 60+ (every essential category) and under-60 residents
    /// (the essential categories for all), minutes; infinity when unknown.
    public let minutes60plus: [Double]
    public let minutesUnder60: [Double]
    /// One row per street (street index order).
    public let streets: [CircleRow]
    /// Points in no street, or nil when there are none.
    public let outside: CircleRow?
    /// Every point, outside ones included.
    public let district: CircleRow

    /// The standard life-circle time classes: ≤ 5, 10, 15, 20 and 30 minutes.
    public static let standardTimeLimits: [Double] = [5, 10, 15, 20, 30]

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
    public init(reach: [ReachDistances], categories: [Category], essential: [String], population: [Double],
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
            forAll: essentialIndices.map { categories[$0].demand != .age60plus },
            limitMeters: essentialIndices.flatMap { k in timeLimits.map { $0 * reach[k].speed } },
            population: population, age60plus: age60plus, area: area, layout: layout, areaCount: areaCount)
        // Chunks fixed by the point count: the same sums on any machine.
        let chunkCount = max(1, min(count / 16_384, 32))
        let parts = Parallel.tasks(count: chunkCount) { w in
            pass.run(count * w / chunkCount ..< count * (w + 1) / chunkCount)
        }
        var sums = [Double](repeating: 0, count: areaCount * layout.stride)
        var complete: [Bool] = [], completeUnder60: [Bool] = [], minutes60: [Double] = [], minutesUnder: [Double] = []
        complete.reserveCapacity(count); completeUnder60.reserveCapacity(count)
        minutes60.reserveCapacity(count); minutesUnder.reserveCapacity(count)
        for part in parts {
            for k in sums.indices { sums[k] += part.sums[k] }
            complete += part.complete
            completeUnder60 += part.completeUnder60
            minutes60 += part.minutes60
            minutesUnder += part.minutesUnder
        }

        let medians = Self.medians(population: population, age60plus: age60plus, area: area, areaCount: areaCount,
                                   minutesUnder60: minutesUnder, minutes60plus: minutes60)
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
        self.completeUnder60 = completeUnder60
        self.minutes60plus = minutes60
        self.minutesUnder60 = minutesUnder
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
        var completeUnder60: [Bool] = []
        var minutes60: [Double] = []
        var minutesUnder: [Double] = []
        var sums: [Double] = []
    }

    /// The per-point work: reached categories, completeness of both groups, time classes and gains.
    struct PointPass: Sendable {
        /// The essential categories' distances.
        let reach: [ReachDistances]
        let speeds: [Double]
        let forAll: [Bool]
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
            var missingAlls = [Int32](repeating: 0, count: len), missingForAlls = [Int32](repeating: 0, count: len)
            var lastMissings = [Int32](repeating: -1, count: len), lastMissingForAlls = [Int32](repeating: -1, count: len)
            var classes60 = [Int32](repeating: 0, count: len), classesUnder = [Int32](repeating: 0, count: len)
            var times60 = [Double](repeating: 0, count: len), timesUnder = [Double](repeating: 0, count: len)
            for j in 0..<n {
                let general = forAll[j], speed = speeds[j]
                let lims = (0..<limits).map { limitMeters[j * limits + $0] }
                reach[j].meters.withUnsafeBufferPointer { meters in
                    reach[j].status.withUnsafeBufferPointer { status in
                        for x in 0..<len {
                            let i = first + x
                            if i < status.count && status[i] == .covered {
                                reachedCounts[x] += 1
                            } else {
                                missingAlls[x] += 1
                                lastMissings[x] = Int32(j)
                                if general { missingForAlls[x] += 1; lastMissingForAlls[x] = Int32(j) }
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
                            classes60[x] = max(classes60[x], cls)
                            times60[x] = max(times60[x], t)
                            if general {
                                classesUnder[x] = max(classesUnder[x], cls)
                                timesUnder[x] = max(timesUnder[x], t)
                            }
                        }
                    }
                }
            }
            var out = ChunkResult()
            out.minutes60 = times60
            out.minutesUnder = timesUnder
            out.complete.reserveCapacity(len)
            out.completeUnder60.reserveCapacity(len)
            var sums = [Double](repeating: 0, count: areaCount * stride)
            for x in 0..<len {
                let i = first + x
                let missingAll = Int(missingAlls[x]), missingForAll = Int(missingForAlls[x])
                let lastMissing = Int(lastMissings[x]), lastMissingForAll = Int(lastMissingForAlls[x])
                let reachedCount = Int(reachedCounts[x]), class60 = Int(classes60[x]), classUnder = Int(classesUnder[x])
                let whole = missingAll == 0, under = missingForAll == 0
                out.complete.append(whole)
                out.completeUnder60.append(under)
                let p = population[i], e = i < age60plus.count ? min(age60plus[i], p) : 0
                let u = p - e
                // What one essential category alone would add if it reached this point.
                var gainIndex = -1, gain = 0.0, gain60 = 0.0
                if missingAll == 1 {
                    gainIndex = lastMissing
                    gain60 = e
                    gain = forAll[lastMissing] ? p : e
                } else if missingForAll == 1 {
                    // The one general category missing, with 60+ categories missing too: only the under-60 gain.
                    gainIndex = lastMissingForAll
                    gain = u
                }
                for side in 0..<2 {
                    let o = side == 0 ? Int(area[i]) * stride : district
                    sums[o + layout.points] += 1
                    sums[o + layout.population] += p
                    sums[o + layout.population60] += e
                    sums[o + layout.complete] += (under ? u : 0) + (whole ? e : 0)
                    sums[o + layout.complete60] += whole ? e : 0
                    for k in 0..<reachedCount {
                        sums[o + layout.reach + k] += p
                        sums[o + layout.reach60 + k] += e
                    }
                    sums[o + layout.time + classUnder] += u
                    sums[o + layout.time + class60] += e
                    sums[o + layout.time60 + class60] += e
                    if gainIndex >= 0 {
                        sums[o + layout.gain + gainIndex] += gain
                        sums[o + layout.gain60 + gainIndex] += gain60
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
                        minutesUnder60: [Double], minutes60plus: [Double]) -> [(Double?, Double?)] {
        let b = binCount, count = population.count, district = areaCount - 1
        var hist = [Double](repeating: 0, count: areaCount * b), hist60 = [Double](repeating: 0, count: areaCount * b)
        for i in 0..<count {
            let p = population[i], e = i < age60plus.count ? min(age60plus[i], p) : 0
            let a = Int(area[i]), bu = bin(minutesUnder60[i]), be = bin(minutes60plus[i])
            for side in 0..<2 {
                let o = side == 0 ? a * b : district * b
                hist[o + bu] += p - e
                hist[o + be] += e
                hist60[o + be] += e
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
            let tu = minutesUnder60[i], te = minutes60plus[i]
            for side in 0..<2 {
                let a = side == 0 ? Int(area[i]) : district
                if let t = targets[a] {
                    if p - e > 0, bin(tu) == t.bin { inBin[a].append((tu, p - e)) }
                    if e > 0, bin(te) == t.bin { inBin[a].append((te, e)) }
                }
                if let t = targets60[a], e > 0, bin(te) == t.bin { inBin60[a].append((te, e)) }
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
    public var byRank: [CircleRow] { streets.sorted { ($0.rank ?? .max) < ($1.rank ?? .max) } }

    /// Whether point `i` reaches category `k` (index into `categories`).
    public func reaches(_ i: Int, _ k: Int) -> Bool {
        k < status.count && i < status[k].count && status[k][i] == .covered
    }

    /// The categories point `i` reaches (indices into `categories`).
    public func reachedCategories(of i: Int) -> [Int] {
        categories.indices.filter { reaches(i, $0) }
    }

    /// The essential categories point `i` misses (indices into `categories`).
    public func missingEssential(of i: Int) -> [Int] {
        essential.filter { !reaches(i, $0) }
    }
}

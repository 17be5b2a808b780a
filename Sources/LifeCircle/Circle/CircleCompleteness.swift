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
    /// Whether point i reaches category c: `reached[i * categories.count + c]`.
    public let reached: [Bool]
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
    /// - Complexity: O(R · C · L) for R points, C categories and L time limits, plus O(R log R) for
    ///   the medians.
    public init(reach: [ReachDistances], categories: [Category], essential: [String], population: [Double],
                age60plus: [Double], residentStreet: [Int?], streetCount: Int,
                timeLimits: [Double] = CircleCompleteness.standardTimeLimits) {
        let chosen = Set(essential)
        let essentialIndices = categories.indices.filter { chosen.contains(categories[$0].id) && $0 < reach.count }
        let n = essentialIndices.count
        let forAll = essentialIndices.map { categories[$0].demand != .age60plus }
        let count = population.count
        let c = categories.count
        let classCount = timeLimits.count + 1
        var reached = [Bool](repeating: false, count: count * c)
        var complete = [Bool](repeating: false, count: count)
        var completeUnder60 = [Bool](repeating: false, count: count)
        var minutes60 = [Double](repeating: 0, count: count)
        var minutesUnder = [Double](repeating: 0, count: count)
        var streets = (0..<max(streetCount, 0)).map { CircleRow(street: $0, essentialCount: n, classCount: classCount) }
        var outside = CircleRow(street: nil, essentialCount: n, classCount: classCount)
        var district = CircleRow(street: nil, essentialCount: n, classCount: classCount)
        // (minutes, weight) of each area's people, for the medians: index streetCount is outside.
        var times = [[(Double, Double)]](repeating: [], count: max(streetCount, 0) + 1)
        var times60 = [[(Double, Double)]](repeating: [], count: max(streetCount, 0) + 1)
        var allTimes: [(Double, Double)] = [], allTimes60: [(Double, Double)] = []

        for i in 0..<count {
            for k in 0..<c where k < reach.count && i < reach[k].status.count {
                reached[i * c + k] = reach[k].status[i] == .covered
            }
            var count60 = 0, missingAll = 0, missingForAll = 0
            var lastMissing = -1
            var class60 = 0, classUnder = 0
            var time60 = 0.0, timeUnder = 0.0
            for (j, k) in essentialIndices.enumerated() {
                let r = reach[k]
                if reached[i * c + k] {
                    count60 += 1
                } else {
                    missingAll += 1
                    lastMissing = j
                    if forAll[j] { missingForAll += 1 }
                }
                let d = i < r.meters.count ? r.meters[i] : .infinity
                let t = d / r.speed
                // The first time class within which this category is reached.
                var cls = timeLimits.count
                if d.isFinite, let first = timeLimits.firstIndex(where: { DistanceTolerance.within(d, $0 * r.speed) }) { cls = first }
                class60 = max(class60, cls)
                time60 = max(time60, t)
                if forAll[j] {
                    classUnder = max(classUnder, cls)
                    timeUnder = max(timeUnder, t)
                }
            }
            let whole = missingAll == 0, under = missingForAll == 0
            complete[i] = whole
            completeUnder60[i] = under
            minutes60[i] = time60
            minutesUnder[i] = timeUnder
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
                gainIndex = essentialIndices.indices.first { forAll[$0] && !reached[i * c + essentialIndices[$0]] } ?? -1
                gain = u
            }
            func add(_ row: inout CircleRow) {
                row.points += 1
                row.population += p
                row.population60plus += e
                row.complete += (under ? u : 0) + (whole ? e : 0)
                row.complete60plus += whole ? e : 0
                for k in 0..<count60 {
                    row.reachAtLeast[k] += p
                    row.reachAtLeast60plus[k] += e
                }
                row.timeClasses[classUnder] += u
                row.timeClasses[class60] += e
                row.timeClasses60plus[class60] += e
                if gainIndex >= 0 {
                    row.gain[gainIndex] += gain
                    row.gain60plus[gainIndex] += gain60
                }
            }
            add(&district)
            let area: Int
            if i < residentStreet.count, let s = residentStreet[i], s >= 0, s < streets.count {
                add(&streets[s])
                area = s
            } else {
                add(&outside)
                area = streets.count
            }
            if u > 0 { times[area].append((timeUnder, u)); allTimes.append((timeUnder, u)) }
            if e > 0 {
                times[area].append((time60, e)); allTimes.append((time60, e))
                times60[area].append((time60, e)); allTimes60.append((time60, e))
            }
        }
        for s in streets.indices {
            streets[s].medianMinutes = Self.median(times[s])
            streets[s].medianMinutes60plus = Self.median(times60[s])
        }
        outside.medianMinutes = Self.median(times[streets.count])
        outside.medianMinutes60plus = Self.median(times60[streets.count])
        district.medianMinutes = Self.median(allTimes)
        district.medianMinutes60plus = Self.median(allTimes60)
        let order = streets.indices.sorted { a, b in
            streets[a].incomplete > streets[b].incomplete || (streets[a].incomplete == streets[b].incomplete && a < b)
        }
        for (k, s) in order.enumerated() { streets[s].rank = k + 1 }

        self.categories = categories
        self.essential = essentialIndices
        self.timeLimits = timeLimits
        self.reached = reached
        self.complete = complete
        self.completeUnder60 = completeUnder60
        self.minutes60plus = minutes60
        self.minutesUnder60 = minutesUnder
        self.streets = streets
        self.outside = outside.points > 0 ? outside : nil
        self.district = district
    }

    /// The weighted median: the smallest value at which the cumulative weight reaches half the total.
    ///
    /// - Complexity: O(n log n).
    static func median(_ values: [(Double, Double)]) -> Double? {
        let total = values.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return nil }
        let sorted = values.sorted { $0.0 < $1.0 }
        var sum = 0.0
        for (t, w) in sorted {
            sum += w
            if sum >= total / 2 { return t }
        }
        return sorted.last?.0
    }

    /// The streets by priority: most residents not in a complete life circle first.
    public var byRank: [CircleRow] { streets.sorted { ($0.rank ?? .max) < ($1.rank ?? .max) } }

    /// The categories point `i` reaches (indices into `categories`).
    public func reachedCategories(of i: Int) -> [Int] {
        categories.indices.filter { reached[i * categories.count + $0] }
    }

    /// The essential categories point `i` misses (indices into `categories`).
    public func missingEssential(of i: Int) -> [Int] {
        essential.filter { !reached[i * categories.count + $0] }
    }
}

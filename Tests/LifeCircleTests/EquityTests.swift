import Foundation
import Testing
@testable import LifeCircle

/// Fairness indices (Gini, Palma, Lorenz) and supply per head (2SFCA), checked by hand, against
/// PySAL `access`, and by properties on the tiny plan.
@Suite struct EquityTests {
    typealias F = NetworkFixtures

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }

    // MARK: Fairness

    /// The same units, weight and mean, and the same Gini, Palma and Lorenz heights to 1e-12.
    static func sameIndices(_ a: Fairness, _ b: Fairness) -> Bool {
        a.units == b.units && a.totalWeight == b.totalWeight && a.mean == b.mean && close(a.gini, b.gini)
            && (a.palma == nil) == (b.palma == nil) && close(a.palma ?? 0, b.palma ?? 0) && a.lorenz.count == b.lorenz.count
            && zip(a.lorenz, b.lorenz).allSatisfy { $0.weightShare == $1.weightShare && close($0.valueShare, $1.valueShare) }
    }

    /// Equal access: Gini 0, Palma 0.1/0.4, the Lorenz curve is the diagonal from (0,0) to (1,1).
    @Test func equalAccessHasGiniZeroAndTheDiagonalLorenzCurve() throws {
        for weights in [[1.0, 1, 1, 1], [5.0, 1, 300, 2.5, 7], [42.0]] {
            let values = weights.map { _ in 3.7 }
            let f = try #require(Fairness(values: values, weights: weights))
            #expect(Self.close(f.gini, 0))
            #expect(Self.close(try #require(f.palma), 0.25))
            #expect(Self.close(f.mean, 3.7))
            #expect(f.lorenz.first == LorenzPoint(weightShare: 0, valueShare: 0))
            #expect(f.lorenz.last == LorenzPoint(weightShare: 1, valueShare: 1))
            #expect(f.lorenz.count == Fairness.lorenzPointCount)
            for p in f.lorenz { #expect(Self.close(p.valueShare, p.weightShare)) }
        }
    }

    /// All access in one of n equal-weight units: Gini (n − 1)/n, Palma nil (the bottom 40% hold 0).
    @Test func allInOneUnit() throws {
        for n in [2, 3, 5, 10, 37] {
            var values = [Double](repeating: 0, count: n)
            values[n / 2] = 12
            let curve = try #require(LorenzCurve(values: values, weights: values.map { _ in 2 }))
            #expect(Self.close(curve.gini, Double(n - 1) / Double(n)))
            #expect(curve.palma == nil)
            #expect(curve.points.first == LorenzPoint(weightShare: 0, valueShare: 0))
            #expect(curve.points.last == LorenzPoint(weightShare: 1, valueShare: 1))
        }
    }

    /// Palma by hand: values 1, 2, 3, 4 of equal weight, the cuts interpolated within a unit.
    @Test func palmaByHand() throws {
        // Lorenz corners (0,0) (.25,.1) (.5,.3) (.75,.6) (1,1). L(0.4) = 0.1 + 0.6·0.2 = 0.22;
        // L(0.9) = 0.6 + 0.6·0.4 = 0.84, so the top 10% hold 0.16. Palma = 0.16 / 0.22.
        let curve = try #require(LorenzCurve(values: [4, 1, 3, 2], weights: [1, 1, 1, 1]))
        #expect(Self.close(curve.valueShare(atWeightShare: 0.4), 0.22))
        #expect(Self.close(curve.valueShare(atWeightShare: 0.9), 0.84))
        #expect(Self.close(try #require(curve.palma), 0.16 / 0.22))
        // Trapezoids: (0 + .1 + .1 + .3 + .3 + .6 + .6 + 1) · .25 / 2 = 0.375; G = 1 − 0.75.
        #expect(Self.close(curve.gini, 0.25))
        // Weights: the same people as one unit of weight 2 with value 1 and one of weight 2 with value 3.
        // Corners (0,0) (.5,.25) (1,1): L(0.4) = 0.2, L(0.9) = 0.25 + 1.5·0.4 = 0.85; Palma 0.15 / 0.2.
        let weighted = try #require(LorenzCurve(values: [3, 1], weights: [2, 2]))
        #expect(Self.close(try #require(weighted.palma), 0.75))
        let area: Double = 0.5 * 0.25 / 2 + 0.5 * 1.25 / 2
        #expect(Self.close(weighted.gini, 1 - 2 * area))
    }

    /// A weight is as many identical units: the weighted indices equal those of the units repeated.
    @Test func weightsAreRepeatedUnits() throws {
        let values = [0.0, 5, 1, 9, 2, 2, 7]
        let weights = [3, 1, 4, 1, 5, 2, 6]
        let weighted = try #require(Fairness(values: values, weights: weights.map(Double.init)))
        var repeatedValues: [Double] = []
        for (v, w) in zip(values, weights) { repeatedValues += [Double](repeating: v, count: w) }
        let repeated = try #require(Fairness(values: repeatedValues, weights: repeatedValues.map { _ in 1 }))
        #expect(Self.close(weighted.gini, repeated.gini))
        #expect(Self.close(try #require(weighted.palma), try #require(repeated.palma)))
        for (a, b) in zip(weighted.lorenz, repeated.lorenz) { #expect(Self.close(a.valueShare, b.valueShare)) }
        // Units of zero weight do not count.
        let padded = try #require(Fairness(values: values + [1000], weights: weights.map(Double.init) + [0]))
        #expect(padded == weighted)
    }

    @Test("Many units (radix sort; counting sort for ≤ 16 values): Gini equals the mean-difference formula, Palma that of the units grouped by value",
          arguments: [21, 7])
    func manyUnits(distinct: Int) throws {
        var rng = SplitMix64(seed: 16)
        let n = 9000
        var values: [Double] = [], weights: [Double] = []
        for _ in 0..<n {
            let v = Double(rng.next() % UInt64(distinct))
            values.append(v == 0 && rng.next() % 2 == 0 ? -0.0 : v)
            weights.append(0.5 + Double(rng.next() % 1000) / 400)
        }
        let curve = try #require(LorenzCurve(values: values, weights: weights))
        // The same people grouped by value: `distinct` units, sorted by the comparator path.
        var grouped = [Double](repeating: 0, count: distinct)
        for (v, w) in zip(values, weights) { grouped[Int(v)] += w }
        let small = try #require(LorenzCurve(values: (0..<distinct).map(Double.init), weights: grouped))
        // Gini = Σ_k Σ_l W_k W_l |v_k − v_l| / (2 · W · Σ W_k v_k).
        var pairSum = 0.0
        for k in 0..<distinct { for l in 0..<distinct { pairSum += grouped[k] * grouped[l] * abs(Double(k - l)) } }
        let w = grouped.reduce(0, +)
        let t = (0..<distinct).reduce(0.0) { $0 + grouped[$1] * Double($1) }
        #expect(Self.close(curve.gini, pairSum / (2 * w * t), 1e-9))
        #expect(Self.close(curve.gini, small.gini, 1e-9))
        #expect(Self.close(try #require(curve.palma), try #require(small.palma), 1e-9))
        for (a, b) in zip(curve.sampled(count: 41), small.sampled(count: 41)) { #expect(Self.close(a.valueShare, b.valueShare, 1e-9)) }
        #expect(zip(curve.valueShares, curve.valueShares.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("Above 4,096 units the curve's corners are those of the comparator sort (by value, ties in input order), bit for bit",
          arguments: [0, 3, 16, 17, -1, -2, -3])
    func manyUnitsSortedAsTheComparator(distinct: Int) throws {
        // distinct 0: continuous values (every radix pass matters); −1: values within a millionth of
        // each other; −2 and −3: clusters of values a few ulps apart (one radix key per cluster),
        // spread over six decades, about 17 a cluster (put in order by insertion) or 300 (by a
        // comparison sort); else that many values (16: the counting sort's limit, 17: one more, the
        // radix sort), with ties.
        var rng = SplitMix64(seed: UInt64(40 + distinct))
        let n = 6000
        var values: [Double] = [], weights: [Double] = []
        for _ in 0..<n {
            let r = Double(rng.next() % 1_000_000_007)
            switch distinct {
            case 0: values.append(r / 3.7 + r * r * 1e-9)
            case -1: values.append(1 + Double(rng.next() % 100_000) * 1e-12)
            case -2, -3:
                let clusters: UInt64 = distinct == -2 ? 350 : 20
                let c = rng.next() % clusters
                let base = pow(10, Double(c % 7)) * (1 + Double(c) / Double(clusters))
                values.append(Double(bitPattern: base.bitPattern + rng.next() % 8))
            default: values.append(Double(rng.next() % UInt64(distinct)) * 0.37)
            }
            weights.append(Double(rng.next() % 5))  // some zero: those units do not count
        }
        let curve = try #require(LorenzCurve(values: values, weights: weights))
        let order = values.indices.filter { weights[$0] > 0 }
            .sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        // Totals in input order, as the curve sums them.
        let counted = values.indices.filter { weights[$0] > 0 }
        let w = counted.reduce(0.0) { $0 + weights[$1] }, t = counted.reduce(0.0) { $0 + weights[$1] * values[$1] }
        var xs = [0.0], ys = [0.0], cw = 0.0, cv = 0.0
        for i in order {
            cw += weights[i]
            cv += weights[i] * values[i]
            xs.append(cw / w)
            ys.append(cv / t)
        }
        xs[xs.count - 1] = 1
        ys[ys.count - 1] = 1
        #expect(order.count > 4096)
        #expect(curve.weightShares == xs)
        #expect(curve.valueShares == ys)
    }

    @Test("The indices read in one pass over the sorted units are those of the whole curve, bit for bit",
          arguments: [(50, 0), (6000, 0), (6000, 2), (6000, -1), (1, 0), (30, 1)])
    func fairnessInOnePassIsTheCurves(count n: Int, kind: Int) throws {
        // kind 0: continuous values; 2: two values (counting sort); −1: all 0; 1: one value.
        var rng = SplitMix64(seed: UInt64(n * 10 + kind + 5))
        var values: [Double] = [], weights: [Double] = []
        for _ in 0..<n {
            let r = Double(rng.next() % 1_000_003)
            switch kind {
            case 0: values.append(r * r / 7.1 + r * 1e-3)
            case -1: values.append(0)
            default: values.append(Double(rng.next() % UInt64(kind + 1)) * 0.3 + 1)
            }
            weights.append(n == 1 ? 2.5 : Double(rng.next() % 7) * 0.7)  // some zero
        }
        for points in [Fairness.lorenzPointCount, 2, 41] {
            let curve = try #require(LorenzCurve(values: values, weights: weights))
            let direct = try #require(Fairness(values: values, weights: weights, lorenzPoints: points))
            let sorted = Fairness(curve: curve, lorenzPoints: points)
            // Above 4,096 units of few values the units are grouped, not sorted: equal up to rounding.
            if n > LorenzCurve.comparatorSortLimit && kind != 0 {
                #expect(Self.sameIndices(direct, sorted))
            } else {
                #expect(direct == sorted)
            }
            #expect(direct.lorenz.count == points)
        }
    }

    @Test("Above 4,096 units of at most 16 distinct values the indices come from the units grouped by value, no sort: those of the sorted curve to 1e-12 (120 seeded cases)")
    func groupedUnitsGiveTheSortedCurvesIndices() throws {
        var rng = SplitMix64(seed: 1616)
        var grouped = 0
        for case_ in 0..<120 {
            let n = 4097 + Int(rng.next() % 6000)
            let distinct = 1 + Int(rng.next() % 16)
            // Value levels: some cases 0/1 (coverage), some with 0 among them, some all positive.
            let levels = (0..<distinct).map { k -> Double in
                switch case_ % 3 {
                case 0: return Double(k)
                case 1: return k == 0 ? 0 : Double(rng.next() % 1_000_000) / 997
                default: return 0.5 + Double(rng.next() % 1_000_000) / 3.1
                }
            }
            var values: [Double] = [], weights: [Double] = []
            for _ in 0..<n {
                // Runs of equal values (as coverage comes, street by street) and scattered ones.
                let v = rng.next() % 4 == 0 ? levels[Int(rng.next() % UInt64(distinct))] : (values.last ?? levels[0])
                values.append(v == 0 && rng.next() % 5 == 0 ? -0.0 : v)
                weights.append(rng.next() % 9 == 0 ? 0 : Double(1 + rng.next() % 4000) / 13)
            }
            guard case .grouped = LorenzCurve.groupedUnits(values: values, weights: weights) else {
                Issue.record("case \(case_): not grouped")
                continue
            }
            grouped += 1
            let curve = try #require(LorenzCurve(values: values, weights: weights))  // sorts every unit
            let sorted = Fairness(curve: curve)
            let direct = try #require(Fairness(values: values, weights: weights))
            #expect(Self.sameIndices(direct, sorted), "case \(case_): gini \(direct.gini) vs \(sorted.gini)")
        }
        #expect(grouped == 120)
        // 17 distinct values are sorted, not grouped; a bad value is refused either way.
        let seventeen = (0..<5000).map { Double($0 % 17) }
        guard case .many = LorenzCurve.groupedUnits(values: seventeen, weights: seventeen.map { _ in 1 }) else {
            Issue.record("17 values grouped")
            return
        }
        guard case .invalid = LorenzCurve.groupedUnits(values: [1, 0, -1], weights: [1, 1, 1]) else {
            Issue.record("a negative value grouped")
            return
        }
        #expect(Fairness(values: seventeen + [.nan], weights: seventeen.map { _ in 1 } + [1]) == nil)
        #expect(Fairness(values: [Double](repeating: 1, count: 5000) + [.infinity], weights: [Double](repeating: 1, count: 5001)) == nil)
    }

    @Test("Coverage 0/1 over residents: k of n covered gives Gini 1 − k/n")
    func zeroOneCoverage() throws {
        for (k, n) in [(1, 4), (3, 4), (7, 10), (10, 10)] {
            let values = (0..<n).map { $0 < k ? 1.0 : 0.0 }
            let f = try #require(Fairness(values: values, weights: values.map { _ in 1 }))
            #expect(Self.close(f.gini, 1 - Double(k) / Double(n)))
            #expect(Self.close(f.mean, Double(k) / Double(n)))
        }
    }

    /// No index without weight, with a negative or non-finite value; all values 0 are equal.
    @Test func undefinedIndicesAreNilAndAllZeroIsEqual() throws {
        #expect(LorenzCurve(values: [], weights: []) == nil)
        #expect(LorenzCurve(values: [1, 2], weights: [0, 0]) == nil)
        #expect(LorenzCurve(values: [1, -2], weights: [1, 1]) == nil)
        #expect(LorenzCurve(values: [1, .infinity], weights: [1, 1]) == nil)
        #expect(LorenzCurve(values: [1, .nan], weights: [1, 1]) == nil)
        #expect(LorenzCurve(values: [1, 2], weights: [1, -1]) == nil)
        let zero = try #require(LorenzCurve(values: [0, 0, 0], weights: [1, 2, 3]))
        #expect(zero.gini == 0)
        #expect(zero.palma == nil)
        #expect(zero.sampled(count: 5).map(\.valueShare) == [0, 0.25, 0.5, 0.75, 1])
    }

    /// Street aggregate: demand-weighted means per street, outside kept apart, streets' Gini weighted by demand.
    @Test func theStreetAggregateWeighsStreetsByDemand() throws {
        let agg = StreetAggregate(values: [1, 0, 0.5, 1, 1], weights: [10, 30, 20, 0, 5],
                                  residentStreet: [0, 0, 1, 1, nil], streetCount: 3)
        #expect(agg.mean(0) == 0.25)
        #expect(agg.mean(1) == 0.5)   // the zero-weight resident does not count
        #expect(agg.mean(2) == nil)
        #expect(agg.points == [2, 2, 0])
        #expect(agg.outsideMean == 1 && agg.outsidePoints == 1)
        // Streets 0 (0.25, weight 40) and 1 (0.5, weight 20): corners (0,0) (2/3,0.5) (1,1).
        let f = try #require(agg.fairness())
        #expect(f.units == 2)
        let area: Double = 2.0 / 3 * 0.5 / 2 + 1.0 / 3 * 1.5 / 2
        #expect(Self.close(f.gini, 1 - 2 * area))
    }

    @Test("A measure's street sums and age gap from one pass are those of StreetAggregate and AgeGap apart, bit for bit (40 seeded cases)")
    func oneMeasurePassEqualsTheSeparatePasses() throws {
        var rng = SplitMix64(seed: 1717)
        for case_ in 0..<40 {
            let n = 1 + Int(rng.next() % 3000), streetCount = Int(rng.next() % 6)
            var values: [Double] = [], demand: [Double] = [], population: [Double] = [], elderly: [Double] = []
            var street: [Int?] = []
            var current: Int? = 0
            for _ in 0..<n {
                // Streets in runs (as residents come), with residents in none, out of range and negative.
                if rng.next() % 7 == 0 {
                    let r = Int(rng.next() % UInt64(streetCount + 3))
                    current = r == streetCount + 2 ? nil : (r == streetCount + 1 ? -1 : r)
                }
                street.append(current)
                let v = Double(rng.next() % 1_000_000) / 997
                values.append(rng.next() % 50 == 0 ? (rng.next() % 2 == 0 ? .nan : .infinity) : v)
                demand.append(rng.next() % 9 == 0 ? 0 : (rng.next() % 40 == 0 ? -1 : Double(rng.next() % 500) / 7))
                population.append(rng.next() % 11 == 0 ? 0 : Double(rng.next() % 500) / 3)
                elderly.append(rng.next() % 5 == 0 ? 0 : Double(rng.next() % 200) / 3)
            }
            // Some cases with shorter weight lists (extra values are ignored as the separate passes do).
            if case_ % 5 == 4 { demand.removeLast(n / 3); elderly.removeLast(n / 2) }
            let one = EquityMeasure(values: values, demand: demand, population: population, age60plus: elderly,
                                    residentStreet: street, streetCount: streetCount)
            let apart = StreetAggregate(values: values, weights: demand, residentStreet: street, streetCount: streetCount)
            let gap = AgeGap(values: values, population: population, age60plus: elderly)
            #expect(one.byStreet == apart, "case \(case_)")
            #expect(one.ageGap == gap, "case \(case_)")
            #expect(one.streets == apart.fairness(), "case \(case_)")
        }
    }

    // MARK: 2SFCA

    /// Reads a CSV with a header into rows of cells.
    static func csv(_ name: String) throws -> [[String]] {
        let text = try String(contentsOfFile: TestSupport.fixture("access/\(name)"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The walk-time matrix of `Fixtures/access` and its demand and supply.
    static func accessFixture() throws -> (pairs: CatchmentPairs, demand: [Double], supply: [Double], t0: Double) {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("access/instance.json")))
        let instance = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let t0 = try #require(instance["thresholdMinutes"] as? Double)
        let demand = try csv("residents.csv").map { try #require(Double($0[1])) }
        let supply = try csv("facilities.csv").map { try #require(Double($0[1])) }
        let matrix = try csv("matrix.csv")
        let facility = try matrix.map { try #require(Int($0[1])) }
        let resident = try matrix.map { try #require(Int($0[0])) }
        let minutes = try matrix.map { try #require(Double($0[2])) }
        let built = CatchmentPairs(facilityCount: supply.count, residentCount: demand.count,
                                   facility: facility, resident: resident, minutes: minutes, within: t0)
        let pairs = try #require(built)
        return (pairs, demand, supply, t0)
    }

    /// 2SFCA scores equal PySAL `access` 1.1.10.post3 on the same walk-time matrix, to 1e-9 relative.
    ///
    /// The reference (`Fixtures/access/reference.csv`) came from
    /// `pip install access==1.1.10.post3 && python3 Benchmarks/access_compare.py reference Tests/LifeCircleTests/Fixtures/access`
    /// on the instance written by `python3 Benchmarks/access_compare.py make Tests/LifeCircleTests/Fixtures/access`
    /// (47 residents, one out of everyone's reach; 8 facilities, one reaching no one; 376 pairs, 130 within
    /// 15 minutes): `Access.two_stage_fca(max_cost=15, weight_fn=...)` with no weight (classic), the
    /// Dai Gaussian built on `access.weights.gaussian(sigma=15)`, and that Gaussian as it is. An empty
    /// cell (PySAL gives no score: the resident reaches no facility) is 0 here.
    /// 2SFCA, Gaussian 2SFCA and PySAL's own Gaussian agree with PySAL access to 1e-9 relative.
    @Test func agreesWithPySALAccess() throws {
        let (pairs, demand, supply, t0) = try Self.accessFixture()
        #expect(pairs.count == 130)
        let reference = try Self.csv("reference.csv")
        #expect(reference.count == demand.count)
        for (column, decay) in [(1, CatchmentDecay.uniform), (2, .gaussian), (3, .gaussianUntruncated)] {
            let fca = FloatingCatchment(pairs: pairs, demand: demand, supply: supply, thresholdMinutes: t0, decay: decay)
            var compared = 0
            for row in reference {
                let i = try #require(Int(row[0]))
                let expected = row[column].isEmpty ? 0 : try #require(Double(row[column]))
                #expect(abs(fca.access[i] - expected) <= 1e-9 * abs(expected), "resident \(i), \(decay)")
                if expected > 0 { compared += 1 }
            }
            #expect(compared >= 40)
            #expect(fca.access[46] == 0)
        }
    }

    /// Both steps on pairs cut into parts (the way the network searches hand them over), for several
    /// decays at once, equal the formulas summed in one pass in pair order, bit for bit, wherever the cuts fall.
    @Test func twoStepFCAInPartsEqualsOnePassInPairOrder() throws {
        var rng = SplitMix64(seed: 77)
        let facilityCount = 40, residentCount = 60, t0 = 12.0
        var facility: [Int] = [], resident: [Int] = [], minutes: [Double] = []
        for j in 0..<facilityCount where j % 7 != 3 {  // some facilities reach no one
            for i in 0..<residentCount where rng.next() % 3 == 0 {
                facility.append(j)
                resident.append(i)
                minutes.append(Double(rng.next() % 12_001) / 1000)
            }
        }
        let pairs = try #require(CatchmentPairs(facilityCount: facilityCount, residentCount: residentCount,
                                                facility: facility, resident: resident, minutes: minutes))
        let demand = (0..<residentCount).map { i in i % 11 == 5 ? 0 : Double(rng.next() % 900) / 7 }
        let supply = (0..<facilityCount).map { j in j % 9 == 4 ? 0 : Double(1 + rng.next() % 40) }
        let decays: [CatchmentDecay] = [.gaussian, .uniform, .gaussianUntruncated]
        // The formulas, one pass each, facilities and pairs in order.
        let reference = decays.map { decay -> FloatingCatchment in
            var seen = [Double](repeating: 0, count: facilityCount), ratio = seen
            for j in 0..<facilityCount {
                for q in pairs.pairs(ofFacility: j) {
                    seen[j] += demand[Int(pairs.resident[q])] * decay.weight(pairs.minutes[q], threshold: t0)
                }
                ratio[j] = seen[j] > 0 ? supply[j] / seen[j] : 0
            }
            var access = [Double](repeating: 0, count: residentCount)
            for j in 0..<facilityCount where ratio[j] > 0 {
                for q in pairs.pairs(ofFacility: j) {
                    access[Int(pairs.resident[q])] += ratio[j] * decay.weight(pairs.minutes[q], threshold: t0)
                }
            }
            return FloatingCatchment(decay: decay, thresholdMinutes: t0, weightedDemand: seen, ratio: ratio, access: access)
        }
        for cuts in [[], [1, 17, 18, 33], [0, 5, 10, 15, 20, 25, 30, 35, 40]] {
            let bounds = [0] + cuts + [facilityCount]
            let parts = zip(bounds, bounds.dropFirst()).map { lo, hi -> CatchmentPairs in
                let range = pairs.start[lo]..<pairs.start[hi]
                return CatchmentPairs(facilityCount: hi - lo, residentCount: residentCount,
                                      start: pairs.start[lo...hi].map { $0 - pairs.start[lo] },
                                      resident: Array(pairs.resident[range]), minutes: Array(pairs.minutes[range]))
            }
            let run = FloatingCatchment.run(parts: parts, demand: demand, supply: supply, thresholdMinutes: t0, decays: decays)
            #expect(run == reference, "cuts \(cuts)")
        }
    }

    /// Σ demand × score = the supply within anyone's reach, for every decay; more supply never lowers a score.
    @Test func supplyIsSharedOut() throws {
        let (pairs, demand, supply, t0) = try Self.accessFixture()
        for decay in CatchmentDecay.allCases {
            let fca = FloatingCatchment(pairs: pairs, demand: demand, supply: supply, thresholdMinutes: t0, decay: decay)
            let shared = zip(demand, fca.access).reduce(0.0) { $0 + $1.0 * $1.1 }
            let reached = supply.indices.filter { fca.ratio[$0] > 0 }.reduce(0.0) { $0 + supply[$1] }
            #expect(Self.close(shared, reached, 1e-12))
            #expect(fca.ratio[7] == 0 && fca.weightedDemand[7] == 0)  // the facility reaching no one
            var more = supply
            more[2] += 10
            let after = FloatingCatchment(pairs: pairs, demand: demand, supply: more, thresholdMinutes: t0, decay: decay)
            for i in demand.indices { #expect(after.access[i] >= fca.access[i]) }
        }
    }

    /// The Gaussian weight: 1 at 0, 0 at the threshold (the untruncated one exp(−½)), Dai's formula between.
    @Test func theGaussianWeightFollowsDaisFormula() {
        let t0 = 15.0
        #expect(CatchmentDecay.gaussian.weight(0, threshold: t0) == 1)
        #expect(abs(CatchmentDecay.gaussian.weight(t0, threshold: t0)) < 1e-15)
        let t = 6.0
        let dai = (exp(-0.5 * (t / t0) * (t / t0)) - exp(-0.5)) / (1 - exp(-0.5))
        #expect(Self.close(CatchmentDecay.gaussian.weight(t, threshold: t0), dai))
        #expect(Self.close(CatchmentDecay.gaussianUntruncated.weight(t0, threshold: t0), exp(-0.5)))
        #expect(CatchmentDecay.uniform.weight(t0, threshold: t0) == 1)
    }

    /// Bad pair lists are refused: an index out of range, a negative or NaN time, lists of different lengths.
    @Test func badPairListsAreRefused() {
        #expect(CatchmentPairs(facilityCount: 1, residentCount: 1, facility: [1], resident: [0], minutes: [1]) == nil)
        #expect(CatchmentPairs(facilityCount: 1, residentCount: 1, facility: [0], resident: [-1], minutes: [1]) == nil)
        #expect(CatchmentPairs(facilityCount: 1, residentCount: 1, facility: [0], resident: [0], minutes: [-1]) == nil)
        #expect(CatchmentPairs(facilityCount: 1, residentCount: 1, facility: [0], resident: [0], minutes: [.nan]) == nil)
        #expect(CatchmentPairs(facilityCount: 1, residentCount: 1, facility: [0, 0], resident: [0], minutes: [1]) == nil)
        let unreachable = CatchmentPairs(facilityCount: 1, residentCount: 1, facility: [0], resident: [0], minutes: [.infinity])
        #expect(unreachable?.count == 0)
    }

    /// A straight road along y = 0 from x = 0 to 2000 m; residents 10 m off it, facilities on it.
    /// 2SFCA from network searches on a hand-made road equals the hand computation.
    @Test func twoStepFCAFromNetworkSearchesEqualsTheHandComputation() throws {
        let road = [[F.p(0, 0), F.p(500, 0), F.p(1000, 0), F.p(1500, 0), F.p(2000, 0)]]
        let network = WalkNetwork.build(lines: road)
        let index = SegmentIndex(network: network)
        let residentXY = [F.p(100, 10), F.p(600, 10), F.p(1100, 10), F.p(1900, 10)]
        let facilityXY = [F.p(0, 0), F.p(1000, 0), F.p(1200, 0)]
        let residents = EdgePointIndex(snaps: index.snap(residentXY, maxDistance: 50), edgeCount: network.edgeCount)
        var facilities = index.snap(facilityXY, maxDistance: 50)
        facilities[2] = nil  // not counted: no pairs
        // 10 minutes at 80 m/min: 800 m. Walks: f0 → r0 110 m, r1 610 m; f1 → r1 410 m, r2 110 m.
        let pairs = CatchmentPairs.network(residents: residents, network: network, facilities: facilities,
                                           boundMeters: 800, speed: 80)
        #expect(pairs.start == [0, 2, 4, 4])
        let found = pairs.resident.indices.map { k in
            [Double(k < 2 ? 0 : 1), Double(pairs.resident[k]), pairs.minutes[k] * 80] }.sorted { $0.lexicographicallyPrecedes($1) }
        let byHand: [[Double]] = [[0, 0, 110], [0, 1, 610], [1, 1, 410], [1, 2, 110]]
        #expect(found.count == 4)
        for (a, b) in zip(found, byHand) { #expect(a[0] == b[0] && a[1] == b[1] && abs(a[2] - b[2]) < 1e-7) }

        let demand = [100.0, 200, 300, 400], supply = [1.0, 3, 5]
        let classic = FloatingCatchment(pairs: pairs, demand: demand, supply: supply, thresholdMinutes: 10, decay: .uniform)
        // R0 = 1 / (100 + 200), R1 = 3 / (200 + 300); r3 reaches nothing.
        let expected = [1.0 / 300, 1.0 / 300 + 3.0 / 500, 3.0 / 500, 0]
        for i in 0..<4 { #expect(Self.close(classic.access[i], expected[i])) }
        #expect(classic.peoplePerSupply(0).map { Self.close($0, 300) } == true)
        #expect(classic.peoplePerSupply(3) == nil)

        func f(_ metres: Double) -> Double { (exp(-0.5 * (metres / 800) * (metres / 800)) - exp(-0.5)) / (1 - exp(-0.5)) }
        let g = FloatingCatchment(pairs: pairs, demand: demand, supply: supply, thresholdMinutes: 10, decay: .gaussian)
        let r0 = 1 / (100 * f(110) + 200 * f(610)), r1 = 3 / (200 * f(410) + 300 * f(110))
        let gaussian = [r0 * f(110), r0 * f(610) + r1 * f(410), r1 * f(110), 0]
        for i in 0..<4 { #expect(Self.close(g.access[i], gaussian[i], 1e-9)) }
    }

    // MARK: The hook on a plan

    /// On the tiny plan: pairs are exactly the single-facility coverage, scores add up to the supply, streets agree with the gaps.
    @Test func onTheTinyPlanPairsScoresAndStreetsAgree() throws {
        let analysis = try StudyAnalysisTests.tinyAnalysis()
        let prepared = analysis.prepared
        let residents = EdgePointIndex(snaps: prepared.residentSnaps, edgeCount: prepared.network.edgeCount)
        for scenario in CoverageScenario.allCases {
            let equity = EquityAnalysis.run(analysis: analysis, scenario: scenario)
            #expect(equity.categories.map(\.category.id) == analysis.categories.map(\.category.id))
            for c in analysis.categories {
                let e = try #require(equity.category(c.category.id))
                let request = c.request
                // The catchment of each facility = the residents that facility alone covers, at the same minutes.
                let coverage = CoverageAnalysis(network: prepared.network, residentPositions: prepared.residentPositions,
                                                residentSnaps: prepared.residentSnaps)
                let sources = request.facilitySnaps.indices.map { request.counts($0, in: scenario) ? request.facilitySnaps[$0] : nil }
                let pairs = CatchmentPairs.network(residents: residents, network: prepared.network, facilities: sources,
                                                   boundMeters: request.minutes * request.speed, speed: request.speed)
                #expect(pairs.count == e.pairCount)
                for j in sources.indices {
                    var alone = request
                    alone.facilityPlanned = request.facilitySnaps.indices.map { $0 != j }
                    let single = coverage.networkCoverage(alone, scenario: .existing)
                    let reached = pairs.pairs(ofFacility: j)
                    let covered = single.status.indices.filter { single.status[$0] == .covered }
                    #expect(reached.map { Int(pairs.resident[$0]) }.sorted() == (sources[j] == nil ? [] : covered))
                    for k in reached { #expect(abs(pairs.minutes[k] - single.minutes[Int(pairs.resident[k])]) < 1e-9) }
                }
                // Supply: the facility's capacity, else the category's, else 1 (0 when not counted).
                let facilities = prepared.study.facilities[c.category.id] ?? []
                for j in facilities.indices {
                    let counted = scenario == .withPlanned || facilities[j].status == .existing
                    #expect(e.supply[j] == (counted ? facilities[j].capacity ?? c.category.capacity ?? 1 : 0))
                }
                // Covered residents with demand see some supply; uncovered see none.
                let result = try #require(c.result(scenario))
                for i in result.status.indices where request.demand[i] > 0 {
                    #expect((e.classic.access[i] > 0) == (result.status[i] == .covered))
                }
                // Supply shared out in full, street rows included.
                let reachedSupply = e.supply.indices.filter { e.classic.ratio[$0] > 0 }.reduce(0.0) { $0 + e.supply[$1] }
                let byRows = (e.streets + [e.outside].compactMap { $0 }).reduce(0.0) { $0 + $1.demand * ($1.access ?? 0) }
                #expect(Self.close(byRows, reachedSupply, 1e-9))
                // Street coverage shares equal the street gaps'.
                let gaps = try #require(c.streetGaps(scenario))
                for (row, gap) in zip(e.streets, gaps.streets) {
                    #expect(row.coverageShare.map { Self.close($0, gap.coverageShare ?? -1) } ?? (gap.coverageShare == nil))
                    #expect(row.demand == gap.demand)
                }
                // Coverage fairness over residents is that of the 0/1 measure.
                let flags = result.status.map { $0 == .covered ? 1.0 : 0.0 }
                #expect(e.coverage?.residents == Fairness(values: flags, weights: request.demand))
                let population = prepared.study.residents.map(\.population)
                let coveredPopulation = zip(flags, population).reduce(0.0) { $0 + $1.0 * $1.1 }
                #expect(e.coverage?.ageGap.all.map { Self.close($0, coveredPopulation / population.reduce(0, +)) } == true)
            }
        }
    }

    /// The fairness and 2SFCA of a life-circle study's searches equal those of a coverage analysis of the same study.
    @Test func onTheTinyPlanTheCircleStandsInForTheCoverageAnalysis() throws {
        let analysis = try StudyAnalysisTests.tinyAnalysis()
        for scenario in CoverageScenario.allCases {
            let fromAnalysis = EquityAnalysis.run(analysis: analysis, scenario: scenario)
            let fromCircle = EquityAnalysis.run(circle: CircleStudy.run(analysis.prepared, scenario: scenario))
            #expect(fromCircle.scenario == scenario)
            #expect(fromCircle.categories.count == fromAnalysis.categories.count)
            for (a, b) in zip(fromAnalysis.categories, fromCircle.categories) {
                #expect(a.category.id == b.category.id)
                #expect(a.supply == b.supply && a.unsnappedFacilities == b.unsnappedFacilities && a.pairCount == b.pairCount)
                #expect(a.classic == b.classic && a.gaussian == b.gaussian)
                #expect(a.coverage != nil && a.coverage == b.coverage)
                #expect(a.access == b.access && a.gaussianAccess == b.gaussianAccess)
                #expect(a.streets == b.streets && a.outside == b.outside)
            }
        }
    }
}

import Foundation
import Testing
@testable import LifeCircle

/// The whole life circle: completeness, binding category, life-circle time and sensitivity, on
/// hand-made cases, random networks (against plain coverage) and the Jing'an sample (against an
/// independent recomputation from `coverage --format json`).
@Suite struct CircleTests {
    typealias F = NetworkFixtures

    /// A straight 4 km road with a vertex every 100 m.
    static let road: [[Position]] = [(0...40).map { F.p(Double($0) * 100, 0) }]

    /// Residents and facilities on the road (x in metres), one request per category.
    static func roadCase(categories: [Category], facilities: [[Double]], residents: [Double], population: [Double],
                         age60plus: [Double], walking: Walking) -> (CoverageAnalysis, [CoverageRequest]) {
        let net = WalkNetwork.build(lines: road)
        let index = SegmentIndex(network: net)
        let analysis = CoverageAnalysis(index: index, residentPositions: residents.map { F.p($0, 0) }, maxSnapDistance: 50)
        let requests = categories.indices.map { k in
            let positions = facilities[k].map { F.p($0, 0) }
            return CoverageRequest(
                category: categories[k].id, facilityPositions: positions, facilitySnaps: index.snap(positions, maxDistance: 50),
                facilityPlanned: positions.map { _ in false }, minutes: categories[k].walkMinutes,
                speed: CoverageRequest.speed(for: categories[k].demand, walking: walking),
                demand: categories[k].demand == .all ? population : age60plus)
        }
        return (analysis, requests)
    }

    static func searched(_ analysis: CoverageAnalysis, _ requests: [CoverageRequest]) -> [ReachDistances] {
        analysis.reachDistances(requests, bounds: requests.map { _ in 2700 }, scenario: .existing)
    }

    /// A resident that reaches four of five categories is not complete; the fifth binds.
    @Test func reachingFourOfFiveCategoriesIsNotComplete() throws {
        let cats = ["a", "b", "c", "d", "e"].map { Category(id: $0, name: $0) }
        // r0 at x = 0: a–d at 500 m, e at 1,500 m (beyond 1,200 m = 15 min × 80). r1 at x = 1,000: all at 500 m.
        let population = [100.0, 50], elders = [20.0, 10]
        let (analysis, requests) = Self.roadCase(
            categories: cats, facilities: [[500], [500], [500], [500], [1500]], residents: [0, 1000],
            population: population, age60plus: elders, walking: Walking())
        let reach = Self.searched(analysis, requests)
        let c = CircleCompleteness(reach: reach, categories: cats, essential: cats.map(\.id), population: population,
                                   age60plus: elders, residentStreet: [0, 0], streetCount: 1)
        #expect(c.complete == [false, true])
        #expect(c.reachedCategories(of: 0) == [0, 1, 2, 3])
        #expect(c.missingEssential(of: 0) == [4])
        #expect(c.missingEssential(of: 1) == [])
        let d = c.district
        #expect(d.complete == 50 && d.complete60plus == 10)
        #expect(d.completeShare == 50.0 / 150)
        #expect(d.reachAtLeast == [150, 150, 150, 150, 50])
        #expect(d.gain == [0, 0, 0, 0, 100])
        #expect(d.binding == 4)
        #expect(c.streets[0].rank == 1 && c.streets[0].complete == 50)
        // Life-circle time: the longest walk, 1,500 m / 80 = 18.75 min (class 15–20) and 500 / 80 = 6.25 (5–10).
        #expect(abs(c.minutes[0] - 18.75) < 1e-9 && abs(c.minutes[1] - 6.25) < 1e-9)
        #expect(d.timeClasses == [0, 50, 0, 100, 0, 0])
        #expect(d.medianMinutes.map { abs($0 - 18.75) < 1e-9 } == true)
        // Without e among the essential categories, r0 is complete too.
        let four = CircleCompleteness(reach: reach, categories: cats, essential: ["a", "b", "c", "d"], population: population,
                                      age60plus: elders, residentStreet: [0, 0], streetCount: 1)
        #expect(four.complete == [true, true])
        #expect(four.district.completeShare == 1)
    }

    /// A 60+ category is reached at the elder speed; a point missing it is not complete; the 60+ share weights elders.
    @Test func aSixtyPlusCategoryIsReachedAtTheElderSpeed() throws {
        let cats = [Category(id: "health", name: "h"), Category(id: "canteen", name: "c", demand: .age60plus)]
        // Health at 0; the canteen at 1,000 m: within 15 min at 80 m/min (1,200 m), not at 60 (900 m).
        // r0 at 0 (100 people, 40 aged 60+); r1 at 200 (canteen 800 m: reached; 10 people, all 60+);
        // r2 at 0 with nobody aged 60+ (30 people).
        let residents = [0.0, 200, 0], population = [100.0, 10, 30], elders = [40.0, 10, 0]
        let walking = Walking(speedMetersPerMinute: 80, elderSpeedMetersPerMinute: 60)
        let (analysis, requests) = Self.roadCase(categories: cats, facilities: [[0], [1000]], residents: residents,
                                                 population: population, age60plus: elders, walking: walking)
        let reach = Self.searched(analysis, requests)
        #expect(analysis.networkCoverage(requests[1], scenario: .existing).status == [.beyondThreshold, .covered, .beyondThreshold])
        let c = CircleCompleteness(reach: reach, categories: cats, essential: ["health", "canteen"], population: population,
                                   age60plus: elders, residentStreet: [0, 0, 0], streetCount: 1)
        // The canteen is beyond r0 and r2 at the elder speed: only r1 is complete (the rule is per
        // point, whatever the point's age mix).
        #expect(c.complete == [false, true, false])
        let d = c.district
        // Of 140 people only r1's 10 are complete; of the 50 aged 60+, r1's 10.
        #expect(d.complete == 10 && d.population == 140)
        #expect(d.complete60plus == 10 && d.population60plus == 50)
        #expect(d.completeShare == 10.0 / 140)
        #expect(d.completeShare60plus == 10.0 / 50)
        // The canteen alone keeps r0 (100 people, 40 aged 60+) and r2 (30, none) out.
        #expect(d.gain == [0, 130] && d.gain60plus == [0, 40])
        #expect(d.binding == 1)
        // r0 walks 1,000 / 60 = 16.7 min to the canteen (class 15–20), r1 800 / 60 = 13.3 (class 10–15).
        #expect(abs(c.minutes[0] - 1000.0 / 60) < 1e-9 && abs(c.minutes[1] - 800.0 / 60) < 1e-9)
        #expect(d.timeClasses[3] == 130 && d.timeClasses[2] == 10)
        #expect(d.timeClasses60plus[3] == 40 && d.timeClasses60plus[2] == 10)
        // Without an elder speed the canteen is within 1,200 m of r0: all complete.
        let (a2, r2) = Self.roadCase(categories: cats, facilities: [[0], [1000]], residents: residents,
                                     population: population, age60plus: elders, walking: Walking())
        let c2 = CircleCompleteness(reach: Self.searched(a2, r2), categories: cats, essential: ["health", "canteen"],
                                    population: population, age60plus: elders, residentStreet: [0, 0, 0], streetCount: 1)
        #expect(c2.district.complete == 140 && c2.district.complete60plus == 50)
    }

    /// Distances made by hand: 0 m where reached, infinity where not.
    static func handMade(_ reached: [[Bool]], ids: [String]) -> [ReachDistances] {
        ids.indices.map { k in
            let col = reached.map { $0[k] }
            return ReachDistances(
                category: ids[k], scenario: .existing, thresholdMinutes: 15, speed: 80, bound: 2700,
                meters: col.map { $0 ? 0 : .infinity }, facility: col.map { $0 ? 0 : -1 },
                status: col.map { $0 ? .covered : .beyondThreshold }, facilitiesUsed: 1, unsnappedFacilities: [])
        }
    }

    /// The binding category of a hand-made street is the one that alone completes the most, not the worst covered.
    @Test func theBindingCategoryIsTheOneThatAloneCompletesTheMost() throws {
        let ids = ["a", "b", "c"]
        let cats = ids.map { Category(id: $0, name: $0) }
        // Street 0: p0 misses only b (100 people), p1 only c (30), p2 b and c (500), p3 a and c (1,000).
        // c leaves 1,530 uncovered, b 600; but b alone completes 100, c alone 30. Street 1: p4 complete.
        let reached: [[Bool]] = [[true, false, true], [true, true, false], [true, false, false], [false, true, false], [true, true, true]]
        let population = [100.0, 30, 500, 1000, 70], elders = [10.0, 3, 50, 100, 7]
        let c = CircleCompleteness(reach: Self.handMade(reached, ids: ids), categories: cats, essential: ids,
                                   population: population, age60plus: elders, residentStreet: [0, 0, 0, 0, 1], streetCount: 2)
        let s = c.streets[0]
        #expect(s.gain == [0, 100, 30])
        #expect(s.gain60plus == [0, 10, 3])
        #expect(s.binding == 1)
        #expect(s.complete == 0 && s.rank == 1)
        #expect(c.streets[1].binding == nil && c.streets[1].completeShare == 1 && c.streets[1].rank == 2)
        #expect(s.reachAtLeast == [1630, 130, 0])  // p0, p1 reach two; p2, p3 one
        #expect(c.outside == nil)
        // Residents in no street are counted in the outside row and the district.
        let outside = CircleCompleteness(reach: Self.handMade(reached, ids: ids), categories: cats, essential: ids,
                                         population: population, age60plus: elders, residentStreet: [0, 0, 0, 0, nil], streetCount: 1)
        #expect(outside.outside?.complete == 70 && outside.district.complete == 70 && outside.district.population == 1700)
    }

    /// One search per category gives plain coverage exactly, and every curve point equals plain coverage at that setting.
    @Test(
          arguments: [31, 32, 33, 34] as [UInt64])
    func searchEqualsPlainCoverage(seed: UInt64) throws {
        let (analysis, request) = CoverageTests.randomCase(seed: seed, facilities: 5, minutes: 4)
        let band = SensitivityBand(minutes: (1...8).map(Double.init), speeds: [60, 70, 80, 90, 100], tiers: [2, 4, 6])
        let bound = band.bound(thresholdMinutes: request.minutes, speed: request.speed)
        #expect(bound == 8 * 100)
        var search = NetworkSearch(network: analysis.network)
        var mixed = false
        for scenario in CoverageScenario.allCases {
            let reach = analysis.reachDistances(request, scenario: scenario, bound: bound, search: &search)
            let plain = analysis.networkCoverage(request, scenario: scenario)
            let derived = reach.coverageResult(demand: request.demand)
            #expect(derived.status == plain.status)
            #expect(derived.minutes == plain.minutes)
            #expect(derived.facility == plain.facility)
            #expect(derived.totals == plain.totals)
            #expect(derived.facilitiesUsed == plain.facilitiesUsed && derived.unsnappedFacilities == plain.unsnappedFacilities)
            mixed = mixed || (plain.status.contains(.covered) && plain.status.contains(.beyondThreshold))

            func coveredDemand(minutes: Double, speed: Double) -> (Double, Set<Int>) {
                var r = request
                r.minutes = minutes
                r.speed = speed
                let res = analysis.networkCoverage(r, scenario: scenario)
                let set = Set(res.status.indices.filter { res.status[$0] == .covered })
                return (set.reduce(0) { $0 + request.demand[$1] }, set)
            }
            let s = CategorySensitivity(reach: reach, demand: request.demand, band: band)
            for p in s.byMinutes { #expect(abs(p.covered - coveredDemand(minutes: p.minutes, speed: request.speed).0) < 1e-6) }
            for p in s.bySpeed { #expect(abs(p.covered - coveredDemand(minutes: request.minutes, speed: p.speed).0) < 1e-6) }
            for p in s.tiers { #expect(abs(p.covered - coveredDemand(minutes: p.minutes, speed: request.speed).0) < 1e-6) }
            #expect(abs(s.covered - plain.totals.covered) < 1e-6)
            let (_, now) = coveredDemand(minutes: 4, speed: request.speed)
            let (_, shorter) = coveredDemand(minutes: 3, speed: request.speed)
            let (_, longer) = coveredDemand(minutes: 5, speed: request.speed)
            let lose = now.subtracting(shorter), gain = longer.subtracting(now)
            #expect(s.fragileCoveredPoints == lose.count && s.fragileUncoveredPoints == gain.count)
            #expect(abs(s.fragileCovered - lose.reduce(0) { $0 + request.demand[$1] }) < 1e-6)
            #expect(abs(s.fragileUncovered - gain.reduce(0) { $0 + request.demand[$1] }) < 1e-6)
            // Curves never fall as minutes or speed grow.
            #expect(zip(s.byMinutes, s.byMinutes.dropFirst()).allSatisfy { $0.covered <= $1.covered })
            #expect(zip(s.bySpeed, s.bySpeed.dropFirst()).allSatisfy { $0.covered <= $1.covered })
        }
        #expect(mixed, "some residents covered and some not, in one scenario at least")
    }

    /// Distances meet every threshold with the 1 mm tolerance: coverage, curves and fragile counts.
    @Test func distancesMeetEveryThresholdWithTheMillimetreTolerance() throws {
        let cat = Category(id: "a", name: "a")
        // Facility at 0; 15 min × 80 = 1,200 m; 14 min = 1,120 m; 16 min = 1,280 m.
        let xs = [1200.0005, 1200.002, 1280.0005, 1120.0005, 1120.002]
        let ones = xs.map { _ in 1.0 }
        let (analysis, requests) = Self.roadCase(categories: [cat], facilities: [[0]], residents: xs, population: ones,
                                                 age60plus: ones.map { _ in 0 }, walking: Walking())
        let plain = analysis.networkCoverage(requests[0], scenario: .existing)
        #expect(plain.status == [.covered, .beyondThreshold, .beyondThreshold, .covered, .covered])
        let reach = Self.searched(analysis, requests)[0]
        #expect(reach.status == plain.status)
        let s = CategorySensitivity(reach: reach, demand: ones, band: .general)
        // Covered but not within 14 min: 1,200.0005 and 1,120.002; not covered but within 16 min: 1,200.002 and 1,280.0005.
        #expect(s.fragileCoveredPoints == 2 && s.fragileUncoveredPoints == 2)
        #expect(s.byMinutes[13].covered == 1 && s.byMinutes[14].covered == 3 && s.byMinutes[15].covered == 5)
        // At 15 min: 75 m/min (1,125 m) takes the two at 1,120; 85 (1,275 m) adds 1,200.002; 90 the last.
        #expect(s.bySpeed.map(\.covered) == [0, 0, 0, 2, 3, 4, 5])
    }

    /// Completeness equals a plain recomputation from each category's coverage on random networks.
    @Test(
          arguments: [41, 42, 43] as [UInt64])
    func completenessFromPlainCoverage(seed: UInt64) throws {
        let (analysis, base) = CoverageTests.randomCase(seed: seed, facilities: 12, minutes: 4)
        var rng = SplitMix64(seed: seed &+ 99)
        let population = base.demand
        let elders = population.map { ($0 * rng.unit()).rounded() }
        let cats = [Category(id: "a", name: "a", walkMinutes: 4), Category(id: "b", name: "b", walkMinutes: 3),
                    Category(id: "old", name: "old", demand: .age60plus, walkMinutes: 6)]
        var requests: [CoverageRequest] = []
        for (k, cat) in cats.enumerated() {
            var r = base
            r.category = cat.id
            r.minutes = cat.walkMinutes
            r.speed = cat.demand == .age60plus ? 60 : 80
            r.demand = cat.demand == .all ? population : elders
            // Each category keeps a different subset of the facilities.
            r.facilitySnaps = r.facilitySnaps.indices.map { $0 % 3 == k ? nil : r.facilitySnaps[$0] }
            requests.append(r)
        }
        let street: [Int?] = population.indices.map { $0 % 5 == 4 ? nil : $0 % 2 }
        for scenario in CoverageScenario.allCases {
            let reach = analysis.reachDistances(requests, bounds: requests.map { _ in 2700 }, scenario: scenario)
            let c = CircleCompleteness(reach: reach, categories: cats, essential: ["a", "b", "old"], population: population,
                                       age60plus: elders, residentStreet: street, streetCount: 2)
            let plain = requests.map { analysis.networkCoverage($0, scenario: scenario).status }
            var complete = [0.0, 0, 0], complete60 = [0.0, 0, 0], people = [0.0, 0, 0], people60 = [0.0, 0, 0]
            for i in population.indices {
                let all = plain[0][i] == .covered && plain[1][i] == .covered && plain[2][i] == .covered
                let area = street[i] ?? 2
                complete[area] += all ? population[i] : 0
                complete60[area] += all ? elders[i] : 0
                people[area] += population[i]
                people60[area] += elders[i]
            }
            let rows = c.streets + [try #require(c.outside)]
            for a in 0..<3 {
                #expect(abs(rows[a].complete - complete[a]) < 1e-6)
                #expect(abs(rows[a].complete60plus - complete60[a]) < 1e-6)
                #expect(abs(rows[a].population - people[a]) < 1e-6)
            }
            #expect(abs(c.district.complete - complete.reduce(0, +)) < 1e-6)
            // Medians (by bins, then within one) equal the plain weighted median of the points' times.
            var everyone: [(Double, Double)] = [], old: [(Double, Double)] = []
            for i in population.indices {
                if population[i] > 0 { everyone.append((c.minutes[i], population[i])) }
                if elders[i] > 0 { old.append((c.minutes[i], elders[i])) }
            }
            #expect(c.district.medianMinutes == CircleCompleteness.median(everyone))
            #expect(c.district.medianMinutes60plus == CircleCompleteness.median(old))
            // The 60+ reaching all three categories are exactly the complete 60+.
            #expect(abs(c.district.reachAtLeast60plus[2] - c.district.complete60plus) < 1e-6)
            #expect(c.district.complete > 0 && c.district.complete < c.district.population)
        }
    }

    /// The weighted median equals the smallest value whose cumulative weight reaches half, by sorting.
    @Test(
          arguments: [51, 52, 53] as [UInt64])
    func theWeightedMedianIsTheSmallestValueReachingHalfTheWeight(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for size in [1, 2, 3, 17, 100, 1000] {
            // Few distinct values (ties), some infinite, integer weights (exact sums).
            let values: [(Double, Double)] = (0..<size).map { _ in
                let t = rng.unit() < 0.1 ? Double.infinity : Double(rng.next() % 40) / 2
                return (t, Double(1 + rng.next() % 9))
            }
            let total = values.reduce(0) { $0 + $1.1 }
            var sum = 0.0
            let expected = values.sorted { $0.0 < $1.0 }.first { sum += $0.1; return sum >= total / 2 }?.0
            #expect(CircleCompleteness.median(values) == expected, "size \(size)")
        }
        #expect(CircleCompleteness.median([]) == nil)
    }

    /// lifeCircle.essential: every category by default, a subset in plan order.
    @Test func theEssentialKeyDefaultsToEveryCategory() throws {
        let folder = TestSupport.fixture("plans/tiny")
        var (plan, _) = try PlanReader.read(path: folder)
        #expect(plan.lifeCircle.essential == nil)
        #expect(plan.lifeCircle.essentialCategories(of: plan).map(\.id) == ["health-station", "elder-canteen"])
        let bytes = try #require(FileManager.default.contents(atPath: folder + "/plan.json"))
        guard case .object(var root) = try JSONParser.parse(Array(bytes), file: "plan.json") else { Issue.record("not an object"); return }
        root["lifeCircle"] = .object(JSONObject([("essential", .array([.string("elder-canteen")]))]))
        let text = JSONText.pretty(.object(root))
        (plan, _) = try PlanReader.decode(bytes: Array(text.utf8), file: folder + "/plan.json", folder: folder)
        #expect(plan.lifeCircle.essentialCategories(of: plan).map(\.id) == ["elder-canteen"])
    }

    // MARK: Jing'an, through the command

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("On GeoData/jingan the complete shares equal a recomputation from coverage --format json")
    func jinganAgainstCoverage() throws {
        try Self.checkAgainstCoverage(plan: TestSupport.root.appendingPathComponent("GeoData/jingan").path)
    }

    @Test("On the Helsinki import (real OSM and HSY grid) the complete shares equal a recomputation from coverage")
    func helsinkiAgainstCoverage() throws {
        // The committed Helsinki fixture imported as README says (`import-osm EXTRACT --population GRID`);
        // the extract has no elder canteen and the grid no ages, so the four categories with facilities
        // are made essential (else nobody is complete and the check would be trivial).
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lifecircle-circle-hel-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        var options = OSMImportOptions()
        options.populationPath = TestSupport.RealData.helsinkiPopulationGrid
        _ = try OSMImporter(options: options).run(extract: TestSupport.RealData.helsinkiPBF, outDir: out)
        let planPath = out + "/plan.json"
        let text = String(decoding: try #require(FileManager.default.contents(atPath: planPath)), as: UTF8.self)
        let essential = ["health-station", "fitness-point", "ev-charger", "aed-school"]
        let member = #""lifeCircle": {"essential": ["# + essential.map { "\"\($0)\"" }.joined(separator: ", ") + "]},"
        let edited = text.replacingOccurrences(of: "\"categories\":", with: member + "\n  \"categories\":")
        #expect(edited != text)
        try AtomicFile.write(edited, to: planPath)
        let shares = try Self.checkAgainstCoverage(plan: out, essential: essential)
        // Not a trivial answer: some residents are complete and some are not.
        #expect(shares.district > 0.05 && shares.district < 0.95, "\(shares.district)")
        #expect(shares.streets > 10)
    }

    /// Runs `circle PLAN --format json` and `coverage PLAN --format json` and checks the complete
    /// shares (district and every street, all residents and 60+) against a recomputation from the
    /// per-resident statuses of coverage (the essential categories: `expected`, every one when nil);
    /// returns the district's complete share and the street count.
    @discardableResult
    static func checkAgainstCoverage(plan: String, essential expected: [String]? = nil) throws -> (district: Double, streets: Int) {
        let circleRun = try TestSupport.run(["circle", plan, "--format", "json"])
        #expect(circleRun.status == 0, "\(circleRun.stderr)")
        let coverageRun = try TestSupport.run(["coverage", plan, "--format", "json"])
        #expect(coverageRun.status == 0)
        let circle = try Self.json(circleRun.stdout), coverage = try Self.json(coverageRun.stdout)
        #expect(circle["schema"] as? String == "lifecircle-circle/1")
        let essential = try #require(circle["essential"] as? [String])
        let categories = try #require(coverage["categories"] as? [[String: Any]])
        #expect(Set(essential) == expected.map(Set.init) ?? Set(categories.compactMap { $0["id"] as? String }))

        // Per resident: population (an `all` category's demand), 60+ (an `age60plus` one's), street,
        // and whether each category is covered.
        var population: [String: Double] = [:], elders: [String: Double] = [:], street: [String: String] = [:]
        var all: [String: Bool] = [:]
        for cat in categories {
            let id = try #require(cat["id"] as? String)
            guard essential.contains(id) else { continue }
            let forAll = cat["demand_base"] as? String == "all"
            for r in try #require(cat["residents"] as? [[String: Any]]) {
                let rid = try #require(r["id"] as? String)
                let covered = r["status"] as? String == "covered"
                let demand = try #require(r["demand"] as? Double)
                if forAll { population[rid] = demand } else { elders[rid] = demand }
                street[rid] = r["street"] as? String ?? "(outside)"
                all[rid] = (all[rid] ?? true) && covered
            }
        }
        var complete: [String: Double] = [:], complete60: [String: Double] = [:]
        var people: [String: Double] = [:], people60: [String: Double] = [:]
        for (rid, p) in population {
            let e = elders[rid] ?? 0, s = street[rid] ?? "(outside)"
            let c = (all[rid] ?? false) ? p : 0
            for key in [s, "(district)"] {
                complete[key, default: 0] += c
                complete60[key, default: 0] += (all[rid] ?? false) ? e : 0
                people[key, default: 0] += p
                people60[key, default: 0] += e
            }
        }
        func check(_ o: [String: Any], _ key: String) throws {
            let share = try #require(o["complete_share"] as? Double)
            #expect(share >= 0 && share <= 1)
            #expect(abs(share - (complete[key] ?? -1) / (people[key] ?? 1)) <= 0.00005 + 1e-12, "\(key)")
            // Without residents 60+ (the Helsinki grid has no ages) the 60+ share is null.
            if let elders = people60[key], elders > 0 {
                let share60 = try #require(o["complete_share_60plus"] as? Double)
                #expect(abs(share60 - (complete60[key] ?? -1) / elders) <= 0.00005 + 1e-12, "\(key) 60+")
            } else {
                #expect(o["complete_share_60plus"] is NSNull, "\(key) 60+")
            }
        }
        try check(try #require(circle["district"] as? [String: Any]), "(district)")
        let streets = try #require(circle["streets"] as? [[String: Any]])
        #expect(streets.count == Set(street.values).subtracting(["(outside)"]).count)
        for s in streets { try check(s, try #require(s["street"] as? String)) }
        // Each category's coverage equals the plain command's.
        let circleCats = try #require(circle["categories"] as? [[String: Any]])
        for (a, b) in zip(circleCats, categories) {
            #expect(a["id"] as? String == b["id"] as? String)
            #expect(a["coverage"] as? Double == b["coverage"] as? Double)
            #expect(a["covered"] as? Double == b["covered"] as? Double)
        }
        let district = try #require(circle["district"] as? [String: Any])
        return (try #require(district["complete_share"] as? Double), streets.count)
    }

    /// The command: csv and table print, a bad format is a usage error (2), a bad plan an input error (1).
    @Test func theCircleCommandPrintsAndExitsWithTheRightStatus() throws {
        let plan = TestSupport.fixture("plans/tiny")
        let csv = try TestSupport.run(["circle", plan, "--format", "csv", "--scenario", "planned"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\r\n")
        #expect(lines.first?.hasPrefix("scenario,rank,street,code,points,population") == true)
        #expect(lines.last?.contains("(district)") == true)
        let table = try TestSupport.run(["circle", plan])
        #expect(table.status == 0 && table.stdout.contains("complete life circle"))
        #expect(try TestSupport.run(["circle", plan, "--format", "xml"]).status == 2)
        let (folder, _) = try BadInputTests.prepare("76-plan-essential-unknown")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bad = try TestSupport.run(["circle", folder])
        #expect(bad.status == 1 && bad.stdout.isEmpty)
        #expect(bad.stderr.contains("plan.json") && bad.stderr.contains("lifeCircle.essential"))
    }
}

import Foundation
import Testing
@testable import LifeCircle

@Suite struct CoverageTests {
    typealias F = NetworkFixtures

    /// Snaps residents and facilities on `lines` and returns the analysis and a request.
    static func setUp(lines: [[Position]], residents: [Position], facilities: [Position], planned: [Bool]? = nil,
                      minutes: Double = 15, speed: Double = 80, demand: [Double]? = nil,
                      maxSnap: Double = 500) -> (CoverageAnalysis, CoverageRequest) {
        let net = WalkNetwork.build(lines: lines)
        let index = SegmentIndex(network: net)
        let analysis = CoverageAnalysis(index: index, residentPositions: residents, maxSnapDistance: maxSnap)
        let request = CoverageRequest(
            category: "c", facilityPositions: facilities, facilitySnaps: index.snap(facilities, maxDistance: maxSnap),
            facilityPlanned: planned ?? facilities.map { _ in false }, minutes: minutes, speed: speed,
            demand: demand ?? residents.map { _ in 1 })
        return (analysis, request)
    }

    /// A river between two banks 200 m apart, crossed by one bridge at x = 500.
    static let river: [[Position]] = [
        (0...10).map { F.p(Double($0) * 100, 0) },                 // south bank
        (0...10).map { F.p(Double($0) * 100, 200) },               // north bank
        [F.p(500, 0), F.p(500, 200)],                              // the bridge
    ]

    /// A river with one bridge: walk minutes computed by hand, both scenarios, straight line.
    @Test func aRiverWithOneBridgeGivesTheMinutesComputedByHand() throws {
        let residents = [F.p(400, 210), F.p(0, 210), F.p(300, -5), F.p(2000, 0), F.p(900, -20)]
        let facilities = [F.p(0, -10), F.p(1000, 210)]
        let (analysis, request) = Self.setUp(lines: Self.river, residents: residents, facilities: facilities,
                                             planned: [false, true])
        #expect(analysis.network.componentCount == 1)
        #expect(analysis.network.nodeCount == 6)

        let existing = analysis.networkCoverage(request, scenario: .existing)
        // 10 access + 500 to the bridge + 200 across + 100 back + 10 access = 820 m.
        #expect(existing.minutes[0] == 820.0 / 80)
        #expect(existing.facility[0] == 0)
        // Right across the river from the facility: 10 + 500 + 200 + 500 + 10 = 1220 m > 1200 m.
        #expect(existing.status[1] == .beyondThreshold)
        #expect(existing.minutes[1] == .infinity)
        #expect(existing.facility[1] == -1)
        // Same edge as the facility: 10 + 300 + 5.
        #expect(existing.minutes[2] == 315.0 / 80)
        // 1000 m from the nearest edge: not on the network.
        #expect(existing.status[3] == .unreachable)
        #expect(analysis.unreachableResidents == [3])
        #expect(existing.minutes[4] == 930.0 / 80)
        #expect(existing.status == [.covered, .beyondThreshold, .covered, .unreachable, .covered])
        #expect(existing.totals.covered == 3 && existing.totals.beyondThreshold == 1 && existing.totals.unreachable == 1)
        #expect(existing.facilitiesUsed == 1)

        let planned = analysis.networkCoverage(request, scenario: .withPlanned)
        #expect(planned.minutes[0] == 620.0 / 80)
        #expect(planned.facility[0] == 1)
        #expect(planned.minutes[1] == 1020.0 / 80)
        #expect(planned.facility[1] == 1)
        #expect(planned.minutes[4] == 930.0 / 80)
        #expect(planned.facility[4] == 0)
        #expect(planned.status[3] == .unreachable)
        #expect(planned.totals.covered == 4)

        // Service area of the existing facility: 1200 m minus 10 m access reaches across the bridge
        // (710 m at its north end) and 490 m along the north bank either way.
        var search = NetworkSearch(network: analysis.network)
        let area = analysis.serviceArea(request, scenario: .existing, search: &search)
        #expect(area == [EdgePiece(edge: 0, from: 0, to: 500), EdgePiece(edge: 1, from: 0, to: 500),
                         EdgePiece(edge: 2, from: 10, to: 500), EdgePiece(edge: 3, from: 0, to: 490),
                         EdgePiece(edge: 4, from: 0, to: 200)])

        // Straight line: the resident across the river is 220 m away; the far resident counts too.
        let line = analysis.straightLineCoverage(request, scenario: .existing)
        #expect(line.minutes[1] == 220.0 / 80)
        #expect(line.status[3] == .beyondThreshold)
        let linePlanned = analysis.straightLineCoverage(request, scenario: .withPlanned)
        #expect(linePlanned.status[3] == .covered)
        #expect(linePlanned.facility[3] == 1)
        #expect(linePlanned.totals.covered == 5)
    }

    /// Elder speed: 60 m/min makes the threshold 900 m and the minutes longer.
    @Test func theElderSpeedMakesTheThresholdNineHundredMetres() throws {
        let walking = Walking(speedMetersPerMinute: 80, elderSpeedMetersPerMinute: 60, maxSnapDistanceMeters: 500)
        let speed = CoverageRequest.speed(for: .age60plus, walking: walking)
        #expect(speed == 60)
        #expect(CoverageRequest.speed(for: .all, walking: walking) == 80)
        let residents = [F.p(400, 210), F.p(900, -20)]
        let (analysis, request) = Self.setUp(lines: Self.river, residents: residents, facilities: [F.p(0, -10)],
                                             speed: speed, demand: [30, 12])
        let result = analysis.networkCoverage(request, scenario: .existing)
        #expect(result.thresholdMeters == 900)
        #expect(result.minutes[0] == 820.0 / 60)
        #expect(result.status[1] == .beyondThreshold)  // 930 m > 900 m
        #expect(result.totals.demand == 42 && result.totals.covered == 30)
    }

    /// A dead end: the walk goes out along the spur; the access leg counts.
    @Test func aDeadEndIsWalkedOutAlongTheSpurWithItsAccessLeg() throws {
        let lines = [[F.p(0, 0), F.p(500, 0), F.p(1000, 0)], [F.p(500, 0), F.p(500, 600)]]
        let residents = [F.p(500, 600), F.p(520, 700), F.p(1000, 0), F.p(500, 250)]
        let (analysis, request) = Self.setUp(lines: lines, residents: residents, facilities: [F.p(0, 0)])
        let r = analysis.networkCoverage(request, scenario: .existing)
        #expect(r.minutes[0] == 1100.0 / 80)
        // Beyond the spur's end: 1100 m + an access leg of about 102 m > 1200 m.
        #expect(r.status[1] == .beyondThreshold)
        #expect(r.minutes[2] == 1000.0 / 80)
        #expect(r.minutes[3] == 750.0 / 80)
        let line = analysis.straightLineCoverage(request, scenario: .existing)
        #expect(line.status[1] == .covered)
    }

    /// Two components: a resident on the island is beyond reach, though near in a straight line.
    @Test func aResidentOnAnIslandIsBeyondReachThoughNearInAStraightLine() throws {
        let mainland = [[F.p(0, 0), F.p(600, 0)]]
        let island = [[F.p(0, 300), F.p(600, 300)]]
        let residents = [F.p(300, 10), F.p(300, 290)]
        let (analysis, request) = Self.setUp(lines: mainland + island, residents: residents, facilities: [F.p(300, -10)])
        #expect(analysis.network.componentCount == 2)
        let r = analysis.networkCoverage(request, scenario: .existing)
        #expect(r.status == [.covered, .beyondThreshold])
        #expect(r.minutes[0] == 20.0 / 80)
        let s = try #require(analysis.residentSnaps[1])
        #expect(analysis.network.component(of: s) == 1)
        #expect(analysis.straightLineCoverage(request, scenario: .existing).status == [.covered, .covered])
    }

    /// A grid with a facility at the centre node: covered set is the 200 m diamond.
    @Test func aFacilityAtTheGridsCentreCoversThe200MetreDiamond() throws {
        let residents = (0..<5).flatMap { r in (0..<5).map { c in F.p(Double(c) * 100, Double(r) * 100) } }
        let (analysis, request) = Self.setUp(lines: F.grid(columns: 5, rows: 5, spacing: 100), residents: residents,
                                             facilities: [F.p(200, 200)], minutes: 2.5)
        let r = analysis.networkCoverage(request, scenario: .existing)
        for (i, p) in residents.enumerated() {
            let manhattan = abs(p.x - 200) + abs(p.y - 200)
            #expect((r.status[i] == .covered) == (manhattan <= 200), "resident \(i) at \(p)")
            if manhattan <= 200 { #expect(r.minutes[i] == manhattan / 80) }
        }
        #expect(r.totals.coveredPoints == 13)
        // A 200 m radius covers the same 13 nodes here: (100, 100) is 141 m away, (200, 100) is 224 m.
        #expect(analysis.straightLineCoverage(request, scenario: .existing).totals.coveredPoints == 13)
    }

    /// All-pairs walking distance by Floyd–Warshall on the node graph, plus the virtual splits (an
    /// independent check on the bounded multi-source search).
    static func bruteForce(_ analysis: CoverageAnalysis, _ request: CoverageRequest, _ scenario: CoverageScenario) -> [Double] {
        let net = analysis.network
        let n = net.nodeCount
        var d = [[Double]](repeating: [Double](repeating: .infinity, count: n), count: n)
        for i in 0..<n { d[i][i] = 0 }
        for e in 0..<net.edgeCount {
            let u = Int(net.edgeFrom[e]), v = Int(net.edgeTo[e])
            d[u][v] = min(d[u][v], net.edgeLength[e])
            d[v][u] = min(d[v][u], net.edgeLength[e])
        }
        for k in 0..<n { for i in 0..<n { for j in 0..<n where d[i][k] + d[k][j] < d[i][j] { d[i][j] = d[i][k] + d[k][j] } } }
        func ends(_ s: SnapPoint) -> [(Int, Double)] {
            let e = Int(s.edge)
            return [(Int(net.edgeFrom[e]), s.offsetAlong), (Int(net.edgeTo[e]), net.edgeLength[e] - s.offsetAlong)]
        }
        return analysis.residentSnaps.map { rs -> Double in
            guard let rs else { return .infinity }
            var best = Double.infinity
            for (f, fs) in request.facilitySnaps.enumerated() where request.counts(f, in: scenario) {
                guard let fs else { continue }
                if fs.edge == rs.edge { best = min(best, fs.access + abs(fs.offsetAlong - rs.offsetAlong) + rs.access) }
                for (x, dx) in ends(fs) { for (y, dy) in ends(rs) { best = min(best, fs.access + dx + d[x][y] + dy + rs.access) } }
            }
            return best
        }
    }

    static func randomCase(seed: UInt64, facilities: Int = 6, minutes: Double = 4) -> (CoverageAnalysis, CoverageRequest) {
        let lines = F.randomNetwork(seed: seed, columns: 8, rows: 6, spacing: 120, keep: 0.75)
        let residents = F.randomPoints(seed: seed &+ 7, count: 300, width: 1000, height: 750)
        let fac = F.randomPoints(seed: seed &+ 13, count: facilities, width: 1000, height: 750)
        var rng = SplitMix64(seed: seed &+ 21)
        let planned = fac.map { _ in rng.unit() < 0.4 }
        let demand = residents.map { _ in Double(rng.next() % 50) }
        return setUp(lines: lines, residents: residents, facilities: fac, planned: planned, minutes: minutes,
                     demand: demand, maxSnap: 60)
    }

    /// Bounded multi-source search agrees with all-pairs shortest paths.
    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func theBoundedMultiSourceSearchAgreesWithAllPairsShortestPaths(seed: UInt64) throws {
        let (analysis, request) = Self.randomCase(seed: seed)
        #expect(analysis.residentSnaps.contains { $0 == nil })  // some residents are unreachable
        for scenario in CoverageScenario.allCases {
            let result = analysis.networkCoverage(request, scenario: scenario)
            let expected = Self.bruteForce(analysis, request, scenario)
            let bound = request.minutes * request.speed
            for i in expected.indices {
                if analysis.residentSnaps[i] == nil {
                    #expect(result.status[i] == .unreachable)
                } else if expected[i] <= bound - 1e-6 {
                    #expect(result.status[i] == .covered)
                    #expect(abs(result.minutes[i] * request.speed - expected[i]) < 1e-6)
                } else if expected[i] > bound + 1e-6 {
                    #expect(result.status[i] == .beyondThreshold)
                }
                if result.status[i] == .covered {
                    // The named facility really is at that distance or nearer (it is the nearest).
                    #expect(result.facility[i] >= 0)
                    #expect(request.counts(Int(result.facility[i]), in: scenario))
                }
            }
        }
    }

    /// Properties: more facilities or a longer threshold never lower coverage; a radius never covers less.
    @Test(
          arguments: [21, 22, 23] as [UInt64])
    func moreFacilitiesOrALongerThresholdNeverLowerCoverage(seed: UInt64) throws {
        let (analysis, request) = Self.randomCase(seed: seed, facilities: 8, minutes: 3)
        var fewer = request
        for i in fewer.facilitySnaps.indices where i % 3 == 0 { fewer.facilitySnaps[i] = nil }
        var shorter = request
        shorter.minutes = 2
        for scenario in CoverageScenario.allCases {
            let full = analysis.networkCoverage(request, scenario: scenario)
            let lessFacilities = analysis.networkCoverage(fewer, scenario: scenario)
            let lessTime = analysis.networkCoverage(shorter, scenario: scenario)
            let radius = analysis.straightLineCoverage(request, scenario: scenario)
            for i in full.status.indices {
                #expect(full.minutes[i] <= lessFacilities.minutes[i])
                if lessFacilities.status[i] == .covered { #expect(full.status[i] == .covered) }
                if lessTime.status[i] == .covered {
                    #expect(full.status[i] == .covered)
                    #expect(full.minutes[i] == lessTime.minutes[i])
                }
                if full.status[i] == .covered {
                    #expect(radius.status[i] == .covered)
                    #expect(radius.minutes[i] <= full.minutes[i] + 1e-9)
                }
            }
            #expect(full.totals.covered >= lessFacilities.totals.covered)
            #expect(full.totals.covered >= lessTime.totals.covered)
            #expect(radius.totals.covered >= full.totals.covered)
        }
        let existing = analysis.networkCoverage(request, scenario: .existing)
        let withPlanned = analysis.networkCoverage(request, scenario: .withPlanned)
        for i in existing.status.indices where existing.status[i] == .covered {
            #expect(withPlanned.status[i] == .covered)
            #expect(withPlanned.minutes[i] <= existing.minutes[i])
        }
    }

    /// A single-source cover set (for siting) is exactly the covered set of that one facility.
    @Test(
          arguments: [51, 52] as [UInt64])
    func aSingleSourceCoverSetIsTheCoveredSetOfThatFacility(seed: UInt64) throws {
        let (analysis, request) = Self.randomCase(seed: seed, facilities: 5, minutes: 3)
        var search = NetworkSearch(network: analysis.network)
        for f in request.facilitySnaps.indices {
            guard let snap = request.facilitySnaps[f] else { continue }
            var single = request
            single.facilitySnaps = request.facilitySnaps.indices.map { $0 == f ? snap : nil }
            single.facilityPlanned = request.facilityPlanned.map { _ in false }
            let coverage = analysis.networkCoverage(single, scenario: .existing)
            search.run(from: snap, bound: request.minutes * request.speed)
            let cover = search.reachedPoints(in: analysis.residentsOnEdges)
            let covered = coverage.status.indices.filter { coverage.status[$0] == .covered }
            #expect(cover.map { Int($0.index) } == covered)
            for r in cover { #expect(abs(r.distance - coverage.minutes[Int(r.index)] * request.speed) < 1e-9) }
            // The service area holds every covered resident's joining point.
            let pieces = search.reachedPieces()
            for i in covered {
                let s = try #require(analysis.residentSnaps[i])
                #expect(pieces.contains { $0.edge == s.edge && $0.from <= s.offsetAlong && s.offsetAlong <= $0.to })
            }
        }
    }

    /// run() gives the single computations, ordered by request, scenario, metric.
    @Test func runGivesTheSingleComputationsInRequestScenarioMetricOrder() throws {
        let (analysis, request) = Self.randomCase(seed: 31)
        var second = request
        second.category = "d"
        second.minutes = 2
        let results = analysis.run([request, second], metrics: [.network, .straightLine])
        #expect(results.count == 8)
        #expect(results.map(\.category) == ["c", "c", "c", "c", "d", "d", "d", "d"])
        #expect(results.map(\.metric) == [.network, .straightLine, .network, .straightLine,
                                          .network, .straightLine, .network, .straightLine])
        #expect(results[2].scenario == .withPlanned)
        let single = analysis.networkCoverage(second, scenario: .withPlanned)
        #expect(results[6].minutes == single.minutes)
        #expect(results[6].facility == single.facility)
        #expect(results[6].status == single.status)
    }

    /// A request without planned facilities is computed once and repeated under each scenario; every
    /// result of run() still equals its own single computation, with and without planned facilities
    /// (seeded cases), and keeps its scenario's name.
    @Test(arguments: [3, 17, 31, 47, 59, 71])
    func runRepeatsAScenarioFreeRequestExactly(seed: UInt64) throws {
        let (analysis, request) = Self.randomCase(seed: seed)
        var noPlanned = request
        noPlanned.category = "none-planned"
        noPlanned.facilityPlanned = request.facilityPlanned.map { _ in false }
        var allPlanned = request
        allPlanned.category = "all-planned"
        allPlanned.facilityPlanned = request.facilityPlanned.map { _ in true }
        let requests = [request, noPlanned, allPlanned]
        let scenarios = CoverageScenario.allCases
        let metrics: [DistanceMetric] = [.network, .straightLine]
        let results = analysis.run(requests, scenarios: scenarios, metrics: metrics)
        #expect(results.count == requests.count * scenarios.count * metrics.count)
        var k = 0
        for r in requests {
            for s in scenarios {
                for m in metrics {
                    let single = m == .network ? analysis.networkCoverage(r, scenario: s)
                                               : analysis.straightLineCoverage(r, scenario: s)
                    let got = results[k]
                    #expect(got.category == r.category && got.scenario == s && got.metric == m)
                    #expect(got.minutes.elementsEqual(single.minutes) { $0 == $1 || ($0.isNaN && $1.isNaN) })
                    #expect(got.facility == single.facility)
                    #expect(got.status == single.status)
                    #expect(got.totals == single.totals)
                    #expect(got.facilitiesUsed == single.facilitiesUsed)
                    #expect(got.unsnappedFacilities == single.unsnappedFacilities)
                    k += 1
                }
            }
        }
        // With every facility planned, the existing scenario counts none: nobody is covered there.
        let existingAllPlanned = results[2 * scenarios.count * metrics.count]
        #expect(existingAllPlanned.scenario == .existing && existingAllPlanned.facilitiesUsed == 0)
    }

    /// Unsnapped facilities are listed and ignored.
    @Test func unsnappedFacilitiesAreListedAndIgnored() {
        let (analysis, request) = Self.setUp(lines: Self.river, residents: [F.p(100, 0)],
                                             facilities: [F.p(100, 5000), F.p(0, 0)], planned: [false, true])
        let existing = analysis.networkCoverage(request, scenario: .existing)
        #expect(existing.unsnappedFacilities == [0])
        #expect(existing.facilitiesUsed == 0)
        #expect(existing.status == [.beyondThreshold])
        let planned = analysis.networkCoverage(request, scenario: .withPlanned)
        #expect(planned.facility == [1])
    }
}

@Suite struct StreetGapsTests {
    /// Hand-checked rows, ranks, the outside row and the district goal.
    @Test func handCheckedRowsRanksOutsideRowAndDistrictGoal() throws {
        let status: [CoverageStatus] = [.covered, .beyondThreshold, .covered, .unreachable, .covered, .beyondThreshold, .covered]
        let demand: [Double] = [10, 5, 20, 7, 3, 4, 1]
        let street: [Int?] = [0, 0, 1, 1, 2, nil, 9]
        let gaps = StreetGaps(status: status, demand: demand, residentStreet: street, streetCount: 3, goal: 0.85)
        #expect(gaps.streets.map(\.demand) == [15, 27, 3])
        #expect(gaps.streets.map(\.covered) == [10, 20, 3])
        #expect(gaps.streets.map(\.uncovered) == [5, 7, 0])
        #expect(gaps.streets.map(\.unreachable) == [0, 7, 0])
        #expect(gaps.streets.map(\.rank) == [2, 1, 3])
        #expect(gaps.byRank.map(\.street) == [1, 0, 2])
        #expect(gaps.streets[2].coverageShare == 1)
        let outside = try #require(gaps.outside)
        #expect(outside.points == 2 && outside.demand == 5 && outside.covered == 1 && outside.uncovered == 4)
        #expect(gaps.district.demand == 50 && gaps.district.covered == 34)
        #expect(gaps.district.coverageShare == 0.68)
        #expect(!gaps.meetsGoal)
        let lenient = StreetGaps(status: status, demand: demand, residentStreet: street, streetCount: 3, goal: 0.6)
        #expect(lenient.meetsGoal)
        // Ties on uncovered demand rank by street index; no outside row when every resident is inside.
        let tie = StreetGaps(status: [.beyondThreshold, .beyondThreshold], demand: [2, 2], residentStreet: [1, 0], streetCount: 2)
        #expect(tie.streets.map(\.rank) == [1, 2])
        #expect(tie.outside == nil)
    }

    /// Covered + uncovered = demand for every street; rows and outside add up to the district.
    @Test(
          arguments: [41, 42] as [UInt64])
    func coveredPlusUncoveredIsDemandAndTheRowsAddUpToTheDistrict(seed: UInt64) {
        let (analysis, request) = CoverageTests.randomCase(seed: seed)
        let result = analysis.networkCoverage(request, scenario: .withPlanned)
        var rng = SplitMix64(seed: seed)
        let street: [Int?] = result.status.map { _ in
            let k = Int(rng.next() % 6)
            return k == 5 ? nil : k
        }
        let gaps = StreetGaps(result: result, demand: request.demand, residentStreet: street, streetCount: 5)
        var demand = gaps.outside?.demand ?? 0, covered = gaps.outside?.covered ?? 0, points = gaps.outside?.points ?? 0
        for row in gaps.streets {
            #expect(row.covered + row.uncovered == row.demand)
            demand += row.demand
            covered += row.covered
            points += row.points
        }
        #expect(points == result.status.count)
        #expect(abs(demand - gaps.district.demand) < 1e-9)
        #expect(abs(covered - result.totals.covered) < 1e-9)
        #expect(abs(gaps.district.demand - result.totals.demand) < 1e-9)
        #expect(Set(gaps.streets.compactMap(\.rank)) == Set(1...5))
        let ranked = gaps.byRank
        for k in 1..<ranked.count { #expect(ranked[k - 1].uncovered >= ranked[k].uncovered) }
    }
}

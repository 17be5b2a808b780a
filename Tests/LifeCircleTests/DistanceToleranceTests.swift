import Foundation
import Testing
@testable import LifeCircle

/// Distances exactly at a threshold meet it whatever the floating-point noise (``DistanceTolerance``,
/// 1 mm), and a centimetre more does not: in network coverage, the straight-line radius, the snap
/// limit, siting cover sets and the service-area cut.
///
/// The cases sit at northing-sized coordinates (3,460 km, where a double's step is about 0.5 nm) and
/// each point "exactly at the threshold" is one floating-point step beyond it (`nextUp`), the noise a
/// projection leaves: its computed distance comes out a hair above the threshold.
@Suite struct DistanceToleranceTests {
    typealias F = NetworkFixtures

    /// Where the cases start (metres).
    static let a = 3_460_000.0

    /// A straight street along y = 0 from 5 km before `a` to 10 km after it.
    static let street: [[Position]] = [[F.p(a - 5000, 0), F.p(a + 10_000, 0)]]

    @Test func aResidentExactlyAtTheWalkThresholdIsCoveredAndOneCentimetreMoreIsNot() throws {
        // 15 minutes at 80 m/min: 1,200 m.
        let residents = [F.p((Self.a + 1200).nextUp, 0), F.p(Self.a + 1200.01, 0)]
        let (analysis, request) = CoverageTests.setUp(lines: Self.street, residents: residents, facilities: [F.p(Self.a, 0)])
        var search = NetworkSearch(network: analysis.network)
        search.run(from: try #require(request.facilitySnaps[0]), bound: 2000)
        let snap = try #require(analysis.residentSnaps[0])
        #expect((search.reach(snap)?.distance ?? 0) > 1200)
        let result = analysis.networkCoverage(request, scenario: .existing)
        #expect(result.status == [.covered, .beyondThreshold])
    }

    @Test func siteCoverSetsHoldTheResidentExactlyAtTheThreshold() throws {
        let residents = [F.p((Self.a + 1200).nextUp, 0), F.p(Self.a + 1200.01, 0)]
        let (analysis, request) = CoverageTests.setUp(lines: Self.street, residents: residents, facilities: [F.p(Self.a, 0)])
        var search = NetworkSearch(network: analysis.network)
        search.run(from: try #require(request.facilitySnaps[0]), bound: 1200)
        #expect(search.reachedPoints(in: analysis.residentsOnEdges).map(\.index) == [0])
    }

    @Test func theStraightLineRadiusCountsTheExactDistance() throws {
        // A 3-4-5 triangle: 720 m east and 960 m north is exactly 1,200 m.
        let exact = F.p((Self.a + 720).nextUp, (Self.a + 960).nextUp)
        #expect(exact.distance(to: F.p(Self.a, Self.a)) > 1200)
        let residents = [exact, F.p(Self.a + 720, Self.a + 960.01)]
        let (analysis, request) = CoverageTests.setUp(lines: Self.street, residents: residents, facilities: [F.p(Self.a, Self.a)])
        let result = analysis.straightLineCoverage(request, scenario: .existing)
        #expect(result.status == [.covered, .beyondThreshold])
    }

    @Test func aPointExactlyAtTheSnapLimitJoinsTheNetworkAndOneCentimetreMoreDoesNot() throws {
        // The street at y = a; residents 500 m north of it.
        let index = SegmentIndex(network: WalkNetwork.build(lines: [[F.p(0, Self.a), F.p(5000, Self.a)]]))
        let exact = F.p(1000, (Self.a + 500).nextUp)
        #expect(index.snap(exact, maxDistance: 600).map { $0.access > 500 } == true)
        #expect(index.snap(exact, maxDistance: 500) != nil)
        #expect(index.snap(F.p(1000, Self.a + 500.01), maxDistance: 500) == nil)
        let analysis = CoverageAnalysis(index: index, residentPositions: [exact, F.p(1000, Self.a + 500.01)], maxSnapDistance: 500)
        #expect(analysis.unreachableResidents == [1])
    }

    @Test func aStreetEndingExactlyAtTheThresholdIsReachedInFull() throws {
        // One edge of 1,200 m (and a step) with the facility at its start node, then a street north.
        let end = (Self.a + 1200).nextUp
        let net = WalkNetwork.build(lines: [[F.p(Self.a, 0), F.p(end, 0)], [F.p(end, 0), F.p(end, 500)]])
        let index = SegmentIndex(network: net)
        var search = NetworkSearch(network: net)
        search.run(from: try #require(index.snap(F.p(Self.a, 0), maxDistance: 1)), bound: 1200)
        let pieces = search.reachedPieces()
        let first = try #require(pieces.first)
        #expect(net.edgeLength[Int(first.edge)] > 1200)
        #expect(first.from == 0 && first.to == net.edgeLength[Int(first.edge)])
        #expect(pieces.count == 1)
    }
}

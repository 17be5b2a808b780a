import Foundation
import Testing
@testable import LifeCircle

/// The 2024 targets on the Jing'an sample (`GeoData/jingan`): 45 fitness points and 2 elder
/// canteens. The proposals are checked against the coverage engine itself: put the proposed sites
/// in as facilities, run the ordinary coverage search, and the covered demand must be what the
/// siting claimed (cover sets and coverage walk the same network by the same rules).
@Suite struct JinganSitingTests {
    struct Setup {
        var prepared: PreparedStudy
        var analysis: StudyAnalysis
    }

    static func setUp() throws -> Setup {
        let (plan, _) = try PlanReader.read(path: TestSupport.root.appendingPathComponent("GeoData/jingan").path)
        let prepared = try PreparedStudy.prepare(try StudyLoader().load(plan))
        return Setup(prepared: prepared, analysis: try StudyAnalysis.run(prepared, scenarios: [.existing], metrics: [.network]))
    }

    static func propose(_ s: Setup, _ id: String, count: Int) throws -> SitingStudy {
        let category = try #require(s.prepared.study.plan.category(id: id))
        let coverage = try #require(s.analysis.category(id)?.result(.existing))
        // A node budget instead of the wall-clock one, as the report uses: the same answer on a
        // loaded machine.
        let options = SitingOptions(exactNodeBudget: 200_000)
        return try SitingStudy.run(s.prepared, category: category, scenario: .existing, coverage: coverage,
                                   goal: .count(count), options: options)
    }

    /// Coverage (demand covered) with the existing facilities plus `sites`, by the coverage engine.
    static func coveredWith(_ s: Setup, _ id: String, sites: [SitingStudy.Site]) throws -> Double {
        let category = try #require(s.prepared.study.plan.category(id: id))
        var request = s.prepared.request(for: category)
        let metric = sites.map(\.candidate.metric)
        let snaps = s.prepared.segmentIndex.snap(metric, maxDistance: s.prepared.study.plan.walking.maxSnapDistanceMeters)
        request.facilityPositions += metric
        request.facilitySnaps += snaps
        request.facilityPlanned += sites.map { _ in false }
        let analysis = CoverageAnalysis(
            network: s.prepared.network, residentPositions: s.prepared.residentPositions,
            residentSnaps: s.prepared.residentSnaps)
        return analysis.networkCoverage(request, scenario: .existing).totals.covered
    }

    /// Each site's explanation adds up: by-street shares to the site's gain, gains to the total,
    /// the running coverage to the final one.
    static func expectExplanationsAddUp(_ r: SitingStudy) {
        let tolerance = 1e-6 * max(1, r.solution.totalDemand)
        let gains = r.sites.reduce(0) { $0 + $1.marginalGain }
        #expect(abs(gains - r.solution.coveredDemand) <= tolerance)
        for site in r.sites {
            let byStreet = site.byStreet.reduce(0) { $0 + $1.demand }
            #expect(abs(byStreet - site.marginalGain) <= tolerance, "site \(site.candidate.id)")
            #expect(site.byStreet.reduce(0) { $0 + $1.points } == site.newlyCoveredPoints)
            #expect(site.marginalGain > 0)
        }
        #expect(r.sites.map(\.rank) == Array(1 ... r.sites.count))
        if let last = r.sites.last { #expect(abs(last.coverageAfter - r.solution.coverageAfter) < 1e-12) }
        #expect(r.solution.upperBound >= r.solution.coveredDemand - tolerance)
    }

    @Test func fortyFiveFitnessPointsAgreeWithTheCoverageEngine() throws {
        let s = try Self.setUp()
        let r = try Self.propose(s, "fitness-point", count: 45)
        #expect(r.sites.count == 45)
        #expect(Set(r.sites.map(\.candidate.id)).count == 45)
        Self.expectExplanationsAddUp(r)
        // Uncapacitated: the coverage engine, with the 45 sites as facilities, covers exactly the
        // demand the siting says (already covered + newly covered).
        let engine = try Self.coveredWith(s, "fitness-point", sites: r.sites)
        let claimed = r.solution.alreadyCoveredDemand + r.solution.coveredDemand
        #expect(abs(engine - claimed) <= 1e-9 * r.solution.totalDemand, "engine \(engine), siting \(claimed)")
        #expect(r.solution.coveredDemand > 0)
    }

    @Test func moreFitnessPointsNeverCoverLess() throws {
        let s = try Self.setUp()
        var last = 0.0
        for n in [1, 5, 20, 44, 45] {
            let r = try Self.propose(s, "fitness-point", count: n)
            // Each answer is proven optimal, so a larger count can only cover more.
            #expect(r.solution.optimality == .provenOptimal, "count \(n): \(r.solution.method)")
            #expect(r.solution.coveredDemand >= last - 1e-9, "count \(n)")
            last = r.solution.coveredDemand
        }
    }

    @Test func twoElderCanteensAreCreditedAtMostTheirCapacity() throws {
        let s = try Self.setUp()
        let r = try Self.propose(s, "elder-canteen", count: 2)
        let capacity = try #require(r.category.capacity)
        #expect(r.sites.count == 2)
        Self.expectExplanationsAddUp(r)
        for site in r.sites {
            #expect(site.marginalGain <= capacity + 1e-9)
            // Credited 60+ demand is the site's gain (the canteen's demand base is age60plus).
            #expect(abs(site.newlyCovered60plus - site.marginalGain) < 1e-6)
        }
        #expect(r.solution.coveredDemand <= 2 * capacity + 1e-9)
        // The uncovered elders in reach far exceed two canteens' seats, so both fill up.
        #expect(abs(r.solution.coveredDemand - 2 * capacity) < 1e-9)
        #expect(r.solution.optimality == .provenOptimal)
    }
}

import Foundation
import Testing
@testable import LifeCircle

/// Siting on the tiny grid, from plan file to explained proposals, checked by hand.
@Suite struct SitingStudyTests {
    /// Sites `category` on the tiny grid for each goal: today's facilities fixed, candidates generated
    /// every 50 m.
    static func site(_ category: String, goals: [SitingStudy.Goal]) throws -> [SitingStudy] {
        let (plan, _) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        let prepared = try PreparedStudy.prepare(try StudyLoader().load(plan))
        let analysis = try StudyAnalysis.run(prepared)
        let cat = try #require(prepared.study.plan.category(id: category))
        let coverage = try #require(analysis.category(cat.id)?.result(.existing))
        return try goals.map {
            try SitingStudy.run(prepared, category: cat, scenario: .existing, coverage: coverage, goal: $0, source: .generated(spacing: 50))
        }
    }

    @Test func oneHealthStationClosesTheGapAtTheFarCorner() throws {
        // Existing coverage: 350 of 650 (r2 with 300 people at the far corner is 400 m away).
        // Generated candidates are network nodes near uncovered people; the best single site must
        // cover r2 (300 people) and nobody else is uncovered, so coverage reaches 100%.
        let r = try #require(try Self.site("health-station", goals: [.count(1)]).first)
        #expect(r.sites.count == 1)
        let site = try #require(r.sites.first)
        #expect(site.marginalGain == 300)
        #expect(site.newlyCoveredPopulation == 300)
        #expect(site.byStreet == [SitingStudy.StreetShare(street: 1, demand: 300, age60plus: 100, points: 1)])
        #expect(site.street == 1)
        #expect(abs(r.solution.coverageAfter - 1.0) < 1e-12)
        #expect(r.solution.optimality == .provenOptimal)
        #expect(site.nearestFacility == "hs-1")
        // The gains add up to the total newly covered.
        #expect(r.sites.reduce(0) { $0 + $1.marginalGain } == r.solution.coveredDemand)
    }

    @Test func fewestSitesForFullCoverageIsOne() throws {
        let r = try #require(try Self.site("health-station", goals: [.coverage(1.0)]).first)
        #expect(r.sites.count == 1)
        #expect(r.solution.targetMet == true)
    }

    @Test func moreSitesNeverCoverLess() throws {
        var last = -1.0
        for r in try Self.site("elder-canteen", goals: (1...3).map { .count($0) }) {
            #expect(r.solution.coveredDemand >= last)
            #expect(r.sites.allSatisfy { $0.marginalGain <= 150 })  // the canteen's capacity
            last = r.solution.coveredDemand
        }
    }

    @Test func theCommandExplainsEachSite() throws {
        let result = try TestSupport.run(["propose", TestSupport.fixture("plans/tiny"), "--category", "health-station", "--count", "1", "--format", "json", "--spacing", "50"])
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(try JSONParser.parse(Array(result.stdout.utf8), file: "stdout").objectValue)
        #expect(root["schema"] == "lifecircle-proposals/1")
        #expect(root["newly_covered"] == .number(300))
        #expect(root["coverage_after"] == .number(1))
        #expect(root["sites"]?.arrayValue?.count == 1)
    }

    @Test func generateIsAFlagThatOverridesThePlansCandidates() throws {
        // The tiny plan with a candidates layer of one site at the health station (it adds nothing).
        let dir = try TestSupport.temporaryFolder("generate")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["facilities.geojson", "network.geojson", "residents.geojson", "streets.geojson"] {
            try FileManager.default.copyItem(atPath: TestSupport.fixture("plans/tiny/" + name), toPath: dir + "/" + name)
        }
        let plan = try String(contentsOfFile: TestSupport.fixture("plans/tiny/plan.json"), encoding: .utf8)
            .replacingOccurrences(of: #""facilities": "facilities.geojson""#, with: #""facilities": "facilities.geojson", "candidates": "candidates.geojson""#)
        try plan.write(toFile: dir + "/plan.json", atomically: true, encoding: .utf8)
        try #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "c-1"}, "geometry": {"type": "Point", "coordinates": [121.45, 31.25]}}]}"#
            .write(toFile: dir + "/candidates.geojson", atomically: true, encoding: .utf8)
        func propose(_ extra: [String]) throws -> JSONObject {
            let result = try TestSupport.run(["propose", dir, "--category", "health-station", "--count", "1", "--format", "json", "--spacing", "50"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return try #require(try JSONParser.parse(Array(result.stdout.utf8), file: "stdout").objectValue)
        }
        let fromPlan = try propose([])
        #expect(fromPlan["candidates"] == .number(1))
        #expect(fromPlan["newly_covered"] == .number(0))
        // `--generate` takes no value and generates candidates from the network instead.
        let generated = try propose(["--generate"])
        #expect((generated["candidates"]?.doubleValue ?? 0) > 1)
        #expect(generated["newly_covered"] == .number(300))
    }

    @Test func usageErrorsExitTwo() throws {
        let both = try TestSupport.run(["propose", TestSupport.fixture("plans/tiny"), "--category", "health-station", "--count", "1", "--target-coverage", "0.9"])
        #expect(both.status == 2)
        let capped = try TestSupport.run(["propose", TestSupport.fixture("plans/tiny"), "--category", "health-station", "--target-coverage", "0.9", "--per-street-max", "1"])
        #expect(capped.status == 2)
    }
}

import Foundation
import Testing
@testable import LifeCircle

/// The whole chain from plan file to street gaps on the tiny 3×3 grid (100 m blocks), checked by hand.
@Suite struct StudyAnalysisTests {
    static func tinyAnalysis() throws -> StudyAnalysis {
        let (plan, _) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        let study = try StudyLoader().load(plan)
        return try StudyAnalysis.run(try PreparedStudy.prepare(study))
    }

    @Test func preparesTheTinyGrid() throws {
        let a = try Self.tinyAnalysis()
        #expect(a.prepared.metricCRS == "EPSG:4549")  // CGCS2000 3° GK zone, central meridian 120°E
        #expect(a.prepared.network.nodeCount == 9)
        #expect(a.prepared.network.edgeCount == 12)
        #expect(a.prepared.network.componentCount == 1)
        #expect(a.prepared.residentStreet == [0, 0, 1, 1])
        let total = (0..<a.prepared.network.edgeCount).reduce(0.0) { $0 + a.prepared.network.edgeLength[$1] }
        #expect(abs(total - 1200) < 5)  // twelve blocks of about 100 m
    }

    @Test func healthStationCoverageByHand() throws {
        // Health station at the grid corner (0,0); 2 minutes at 80 m/min = 160 m.
        // r0 at the corner: 0 m. r1 halfway along the second row: 100 + 50 = 150 m. r3 halfway along
        // the first row's second block: 150 m. r2 at the far corner: 400 m, beyond.
        let a = try Self.tinyAnalysis()
        let r = try #require(a.category("health-station")?.result(.existing))
        #expect(r.status == [.covered, .covered, .beyondThreshold, .covered])
        #expect(abs(r.minutes[0]) < 0.01)
        #expect(abs(r.minutes[1] - 150.0 / 80) < 0.02)
        #expect(abs(r.minutes[3] - 150.0 / 80) < 0.02)
        #expect(r.totals.covered == 350)
        #expect(r.totals.uncovered == 300)
        let gaps = try #require(a.category("health-station")?.streetGaps(.existing))
        #expect(gaps.streets[0].covered == 300 && gaps.streets[0].uncovered == 0)
        #expect(gaps.streets[1].covered == 50 && gaps.streets[1].uncovered == 300)
        #expect(gaps.streets[1].rank == 1)
        #expect(gaps.outside == nil)
        #expect(!gaps.meetsGoal)
    }

    @Test func elderCanteenUsesTheElderSpeedAndOnlyThePlannedSite() throws {
        // The only canteen is planned, at (2,2). 5 minutes at 60 m/min = 300 m: r2 0 m, r1 and r3 250 m,
        // r0 400 m. Existing scenario: nobody.
        let a = try Self.tinyAnalysis()
        let c = try #require(a.category("elder-canteen"))
        let existing = try #require(c.result(.existing))
        #expect(existing.totals.covered == 0)
        #expect(existing.speed == 60)
        let planned = try #require(c.result(.withPlanned))
        #expect(planned.status == [.beyondThreshold, .covered, .covered, .covered])
        #expect(planned.totals.covered == 160)  // 50 + 100 + 10 aged 60+
        #expect(planned.totals.demand == 190)
        #expect(abs(planned.minutes[1] - 250.0 / 60) < 0.03)
    }

    @Test func theRadiusNeverCoversLessThanTheWalk() throws {
        let a = try Self.tinyAnalysis()
        for c in a.categories {
            for s in CoverageScenario.allCases {
                let walk = try #require(c.result(s, .network))
                let radius = try #require(c.result(s, .straightLine))
                #expect(radius.totals.covered >= walk.totals.covered)
                for i in walk.status.indices where walk.status[i] == .covered {
                    #expect(radius.status[i] == .covered)
                    #expect(radius.minutes[i] <= walk.minutes[i] + 1e-9)
                }
            }
        }
    }

    @Test func theCommandPrintsJSONWithTheDocumentedSchema() throws {
        let result = try TestSupport.run(["gaps", TestSupport.fixture("plans/tiny"), "--format", "json", "--category", "health-station"])
        #expect(result.status == 0, "\(result.stderr)")
        let value = try JSONParser.parse(Array(result.stdout.utf8), file: "stdout")
        let root = try #require(value.objectValue)
        #expect(root["schema"] == "lifecircle-gaps/1")
        let cats = try #require(root["categories"]?.arrayValue)
        #expect(cats.count == 1)
        let first = try #require(cats.first?.objectValue)
        #expect(first["covered"] == .number(350))
        let streets = try #require(first["streets"]?.arrayValue)
        #expect(streets.first?.objectValue?["street"] == "东街道 East")
    }

    @Test func anUnknownCategoryIsABadInputError() throws {
        let result = try TestSupport.run(["coverage", TestSupport.fixture("plans/tiny"), "--category", "library"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no category \"library\""))
    }

    /// An id the plan does not have is an error naming the plan's categories, never an empty result.
    @Test func anUnknownCategoryIsAnErrorNotAnEmptyAnalysis() throws {
        let study = try Study(plan: TestSupport.fixture("plans/tiny"))
        let error = try #require(throws: InputError.self) {
            try study.analyse(categories: ["health-station", "no-such-category"])
        }
        #expect(error.message.hasPrefix("no category \"no-such-category\" in the plan (it has: health-station"))
        #expect(error.file.hasSuffix("plans/tiny/plan.json"))
        let prepared = try study.prepare()
        #expect(throws: InputError.self) { try prepared.analyse(categories: ["no-such-category"]) }
        #expect(throws: InputError.self) { try study.sitingQuestion(category: "no-such-category", goal: .count(1)) }
        // The known id alone still gives its coverage.
        #expect(try prepared.analyse(categories: ["health-station"]).categories.map(\.category.id) == ["health-station"])
    }
}

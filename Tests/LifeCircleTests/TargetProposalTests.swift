import Foundation
import Testing
@testable import LifeCircle

/// Proposals for each category's target (what `report` and a bare `propose` compute), on the tiny grid.
@Suite struct TargetProposalTests {
    static func category(_ target: Target?) -> LifeCircle.Category {
        LifeCircle.Category(id: "x", name: "X", demand: .all, walkMinutes: 15, target: target)
    }

    @Test func plannedFacilitiesCountTowardsACountTarget() {
        #expect(TargetProposal.question(Self.category(.count(4)), plannedCount: 2) == .count(2))
        #expect(TargetProposal.question(Self.category(.count(4)), plannedCount: 0) == .count(4))
        #expect(TargetProposal.question(Self.category(.count(2)), plannedCount: 2) == nil)
        #expect(TargetProposal.question(Self.category(.count(2)), plannedCount: 5) == nil)
        #expect(TargetProposal.question(Self.category(.coverage(0.85)), plannedCount: 3) == .coverage(0.85))
        #expect(TargetProposal.question(Self.category(nil), plannedCount: 0) == nil)
    }

    static func tinyAnswers() throws -> (StudyAnalysis, [TargetProposal]) {
        let (plan, _) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        let prepared = try PreparedStudy.prepare(try StudyLoader().load(plan))
        let analysis = try StudyAnalysis.run(prepared)
        return (analysis, try TargetProposal.run(analysis, options: SitingOptions(exactNodeBudget: 10_000)))
    }

    @Test func theTinyPlansTargetsAreAnsweredByHand() throws {
        let (analysis, answers) = try Self.tinyAnswers()
        #expect(answers.map(\.category.id) == ["health-station", "elder-canteen"])

        // Health station, target 1 new, none planned: the one site must reach r2 (300 people at the
        // far corner, 400 m from hs-1, beyond the 160 m walk); nobody else is uncovered.
        let health = answers[0]
        #expect(health.goal == .count(1))
        let hs = try #require(health.siting)
        #expect(hs.sites.count == 1)
        #expect(hs.sites.first?.marginalGain == 300)
        #expect(abs(hs.solution.coverageAfter - 1) < 1e-12)
        #expect(hs.solution.optimality == .provenOptimal)

        // Elder canteen, 85% of the 190 aged 60+, with the planned canteen ec-1 at r2 fixed: it
        // reaches r1 (50), r2 (100) and r3 (10) within 300 m, i.e. 160 of 190 = 84.2%; one more site
        // reaching r0 (30) lifts it to 100%, within the capacity of 150.
        let canteen = answers[1]
        #expect(canteen.plannedCount == 1)
        #expect(canteen.goal == .coverage(0.85))
        let ec = try #require(canteen.siting)
        #expect(abs(ec.solution.coverageBefore - 160.0 / 190.0) < 1e-12)
        #expect(ec.sites.count == 1)
        #expect(ec.sites.first?.marginalGain == 30)
        #expect(ec.solution.targetMet == true)
        #expect(ec.solution.siteCountLowerBound == 1)
        // The planned scenario's coverage is what the question starts from.
        let withPlanned = try #require(analysis.category("elder-canteen")?.result(.withPlanned))
        #expect(abs((withPlanned.totals.coverageShare ?? 0) - 160.0 / 190.0) < 1e-12)

        // Report rows: the same sites, gains and street split.
        let rows = health.rows(analysis.study)
        #expect(rows.map(\.id) == hs.sites.map(\.candidate.id))
        #expect(rows.first?.newlyCoveredDemand == 300)
        #expect(rows.first?.byStreet.map(\.demand) == [300])
    }

    @Test func aCountTargetThePlannedSitesMeetProposesNothing() throws {
        let (plan, _) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        var study = try StudyLoader().load(plan)
        // Make the canteen's target "1 new": the planned ec-1 meets it.
        study.plan.categories[1].target = .count(1)
        let analysis = try StudyAnalysis.run(try PreparedStudy.prepare(study))
        let answers = try TargetProposal.run(analysis, options: SitingOptions(exactNodeBudget: 10_000))
        #expect(answers[1].goal == nil)
        #expect(answers[1].siting == nil)
        #expect(answers[1].summary.contains("the 1 planned site already meets the target of 1 new"))
    }

    @Test func theReportShowsTheProposalsAndTheirLayers() throws {
        let (plan, _) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        let report = try Study(data: try StudyLoader().load(plan)).report(siting: SitingOptions(exactNodeBudget: 10_000))
        let files = try report.files()
        let md = String(decoding: try #require(files.first { $0.name == "report.md" }).bytes, as: UTF8.self)
        #expect(!md.contains("not computed"))
        #expect(md.contains("Proposed sites: the 1 new site left of the target with the existing facilities fixed"))
        #expect(md.contains("coverage 84.2% → 100.0%"))
        let layer = try GeoJSONReader.read(bytes: try #require(files.first { $0.name == "proposals-health-station.geojson" }).bytes,
                                           file: "proposals").asFeatureCollection
        #expect(layer.features.count == 1)
        #expect(layer.features.first?.properties["newly_covered"] == .number(300))
        // Twice the same question, the same bytes.
        let again = try Study(data: try StudyLoader().load(plan)).report(siting: SitingOptions(exactNodeBudget: 10_000)).files()
        #expect(again.map(\.bytes) == files.map(\.bytes))
    }

    @Test func proposeWithoutAGoalUsesThePlansTarget() throws {
        let result = try TestSupport.run(["propose", TestSupport.fixture("plans/tiny"), "--category", "elder-canteen", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let root = try #require(try JSONParser.parse(Array(result.stdout.utf8), file: "stdout").objectValue)
        #expect(root["scenario"] == "with-planned")
        let sites = try #require(root["sites"]?.arrayValue)
        #expect(sites.count == 1)
        #expect(result.stderr.contains("the plan's target for elder-canteen: the fewest sites reaching 85.0% with the 1 planned facilities fixed"))
    }
}

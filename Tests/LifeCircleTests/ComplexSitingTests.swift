import Foundation
import Testing
@testable import LifeCircle

/// Service complexes (`propose --complexes N`) on Jing'an and end to end on the tiny fixture.
@Suite struct ComplexSitingTests {
    /// The population complete when the given sites (analysis CRS) are added as facilities of their
    /// categories (planned facilities counted), by the coverage engine itself.
    static func engineComplete(_ prepared: PreparedStudy, added: [String: [Position]]) -> Double {
        let plan = prepared.study.plan
        let search = CoverageAnalysis(network: prepared.network, residentPositions: prepared.residentPositions,
                                      residentSnaps: prepared.residentSnaps)
        var complete = [Bool](repeating: true, count: prepared.study.residents.count)
        for category in plan.lifeCircle.essentialCategories(of: plan) {
            var request = prepared.request(for: category)
            let metric = added[category.id] ?? []
            request.facilityPositions += metric
            request.facilitySnaps += prepared.segmentIndex.snap(metric, maxDistance: plan.walking.maxSnapDistanceMeters)
            request.facilityPlanned += metric.map { _ in true }
            let status = search.networkCoverage(request, scenario: .withPlanned).status
            for i in complete.indices where status[i] != .covered { complete[i] = false }
        }
        var sum = 0.0
        for (i, r) in prepared.study.residents.enumerated() where complete[i] { sum += r.population }
        return sum
    }

    @Test("Jing'an, 3 complexes: each hosts what its candidate may host, the engine confirms the figure, the explanation adds up")
    func jingan() throws {
        let (plan, _) = try PlanReader.read(path: TestSupport.root.appendingPathComponent("GeoData/jingan").path)
        let study = try StudyLoader().load(plan)
        let prepared = try PreparedStudy.prepare(study)
        let analysis = try StudyAnalysis.run(prepared, scenarios: [.withPlanned], metrics: [.network])
        let r = try ComplexStudy.run(analysis, count: 3, options: SitingOptions(exactNodeBudget: ComplexSolver.defaultNodeBudget))
        let total = study.residents.reduce(0) { $0 + $1.population }
        let tolerance = 1e-6 * total

        #expect(r.sites.count == 3)
        #expect(r.solution.completeWeight > r.solution.fixedWeight)
        #expect(r.solution.upperBound >= r.solution.completeWeight - tolerance)
        // Fixing leaves few enough sites that the branch and bound proves 3 complexes optimal.
        #expect(r.solution.optimality == .provenOptimal)
        // Before: the life circle's own figure.
        let circle = CircleStudy.run(prepared, scenario: .withPlanned)
        #expect(abs(r.solution.fixedWeight - circle.completeness.district.complete) <= tolerance)

        // Each complex hosts every essential category its candidate may host (all when it names none).
        let essential = plan.lifeCircle.essentialCategories(of: plan).map(\.id)
        var added: [String: [Position]] = [:]
        for e in r.sites {
            let source = try #require(study.candidates.first { $0.id == e.candidate.id })
            let expected = essential.filter { source.categories.isEmpty || source.categories.contains($0) }
            #expect(e.categories == expected, "\(e.candidate.id)")
            for c in e.categories { added[c, default: []].append(e.candidate.metric) }
        }
        // The coverage engine with the complexes added gives the same complete population.
        let engine = Self.engineComplete(prepared, added: added)
        #expect(abs(engine - r.solution.completeWeight) <= tolerance, "engine \(engine) vs \(r.solution.completeWeight)")

        // The explanation adds up: credits to the gain, by street to each credit, streets to the totals.
        #expect(abs(r.sites.reduce(0) { $0 + $1.newlyComplete } - (r.solution.completeWeight - r.solution.fixedWeight)) <= tolerance)
        for e in r.sites {
            #expect(abs(e.byStreet.reduce(0) { $0 + $1.population } - e.newlyComplete) <= tolerance, "\(e.candidate.id)")
            #expect(e.newlyComplete > 0)
        }
        #expect(abs(r.streets.reduce(0) { $0 + $1.complexes } - r.solution.completeWeight) <= tolerance)
        #expect(abs(r.streets.reduce(0) { $0 + $1.before } - r.solution.fixedWeight) <= tolerance)

        // Hosting only health stations and canteens: every complex hosts those two at most.
        let two = try ComplexStudy.run(analysis, count: 2, hosting: ["health-station", "elder-canteen"], options: SitingOptions(exactNodeBudget: ComplexSolver.defaultNodeBudget))
        #expect(two.hosted == ["health-station", "elder-canteen"])
        for e in two.sites { #expect(Set(e.categories).isSubset(of: ["health-station", "elder-canteen"])) }
        #expect(throws: InputError.self) { try ComplexStudy.run(analysis, count: 2, hosting: ["no-such"], options: SitingOptions()) }
    }
}

/// `propose --complexes` end to end on the tiny fixture.
@Suite struct ComplexCommandTests {
    @Test("json holds before ≤ complexes ≤ bound and each site's categories; geojson one point per complex")
    func endToEnd() throws {
        let tiny = TestSupport.fixture("plans/tiny")
        let json = try TestSupport.run(["propose", tiny, "--complexes", "2", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let root = try #require(try JSONParser.parse(Array(json.stdout.utf8), file: "stdout").objectValue)
        #expect(root["schema"]?.stringValue == "lifecircle-proposals-complexes/1")
        let shares = try #require(root["complete_share"]?.objectValue)
        let before = try #require(shares["before"]?.doubleValue), after = try #require(shares["complexes"]?.doubleValue)
        let bound = try #require(shares["upper_bound"]?.doubleValue)
        #expect(0 <= before && before <= after && after <= bound && bound <= 1)
        let sites = try #require(root["sites"]?.arrayValue)
        #expect(sites.count <= 2)
        for s in sites { #expect(s.objectValue?["categories"]?.arrayValue?.isEmpty == false) }

        let geo = try TestSupport.run(["propose", tiny, "--complexes", "2", "--format", "geojson"])
        #expect(geo.status == 0)
        let features = try #require(try JSONParser.parse(Array(geo.stdout.utf8), file: "stdout").objectValue?["features"]?.arrayValue)
        #expect(features.count == sites.count)
        let lp = FileManager.default.temporaryDirectory.appendingPathComponent("complexes-\(ProcessInfo.processInfo.processIdentifier).lp").path
        defer { try? FileManager.default.removeItem(atPath: lp) }
        let table = try TestSupport.run(["propose", tiny, "--complexes", "2", "--export", lp])
        #expect(table.status == 0 && table.stdout.contains("service complexes"))
        let model = try String(contentsOfFile: lp, encoding: .utf8)
        #expect(model.hasPrefix("\\ LifeCircle service complexes model"))
        #expect(model.contains(" n:") && model.contains("<= 2\n") && model.hasSuffix("End\n"))
    }

    @Test("bad options exit 2 with a message; an unknown hosted category exits 1")
    func errors() throws {
        let tiny = TestSupport.fixture("plans/tiny")
        for extra in [["--complexes", "0"], ["--complexes", "2", "--joint"], ["--complexes", "2", "--max-min"],
                      ["--complexes", "2", "--category", "health-station"], ["--complex-categories", "a"], ["--complexes", "2", "--complex-categories", ","],
                      ["--complexes", "2", "--export", "x.mps"]] {
            let r = try TestSupport.run(["propose", tiny] + extra)
            #expect(r.status == 2, "\(extra)")
            #expect(r.stdout.isEmpty, "\(extra)")
        }
        let r = try TestSupport.run(["propose", tiny, "--complexes", "2", "--complex-categories", "no-such"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty && r.stderr.contains("no-such"))
    }
}

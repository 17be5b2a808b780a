import Foundation
import Testing
@testable import LifeCircle

/// The Jing'an 2024 targets placed together (`GeoData/jingan`, planned facilities fixed): the
/// complete shares before, with the independent answers and with the joint one, checked against
/// the life circle and the coverage engine themselves.
@Suite struct JointSitingTests {
    @Test("Jing'an 2024 targets: joint ≥ independent, each target met, figures confirmed by the coverage engine")
    func jinganTargets() throws {
        let (plan, _) = try PlanReader.read(path: TestSupport.root.appendingPathComponent("GeoData/jingan").path)
        let prepared = try PreparedStudy.prepare(try StudyLoader().load(plan))
        let analysis = try StudyAnalysis.run(prepared, scenarios: [.withPlanned], metrics: [.network])
        let joint = try JointStudy.run(analysis, options: SitingOptions(exactTimeBudgetSeconds: 120, exactNodeBudget: 200_000))
        let total = prepared.study.residents.reduce(0) { $0 + $1.population }
        let tolerance = 1e-6 * total

        // Before: the life circle's own complete share with the planned facilities.
        let circle = CircleStudy.run(prepared, scenario: .withPlanned)
        #expect(abs(joint.beforePopulation - circle.completeness.district.complete) <= tolerance)

        // Joint ≥ independent ≥ before, and the bound above the answer.
        #expect(joint.jointPopulation >= joint.independentPopulation - tolerance)
        #expect(joint.independentPopulation > joint.beforePopulation)
        #expect(joint.solution.upperBound >= joint.jointPopulation - tolerance)
        #expect(joint.before < joint.independent && joint.independent <= joint.joint && joint.joint <= joint.upperBound)

        // Each target: a count target places its sites (the planned ones counted), a coverage target
        // is met (or the independent answer's coverage kept when out of reach).
        for c in joint.categories {
            guard let proposal = c.independent else { continue }
            #expect(c.jointSites.count == c.maxSites, "\(c.category.id)")
            switch c.category.target {
            case .count(let n)?: #expect(c.maxSites + proposal.plannedCount == n, "\(c.category.id)")
            case .coverage(let p)?: #expect(c.coverage.joint >= min(p, c.coverage.independent) - 1e-9, "\(c.category.id)")
            case nil: Issue.record("\(c.category.id) has no target")
            }
        }

        // The joint sites added as facilities: the coverage engine's statuses give the same complete population.
        var added: [String: [Position]] = [:]
        for c in joint.categories { added[c.category.id] = c.jointSites.map { c.candidates[$0].metric } }
        let engine = ComplexSitingTests.engineComplete(prepared, added: added)
        #expect(abs(engine - joint.jointPopulation) <= tolerance, "engine \(engine) vs joint \(joint.jointPopulation)")

        // Each site's explanation adds up: by street to the site, sites to joint − before; streets to the totals.
        let credited = joint.sites.reduce(0) { $0 + $1.newlyComplete }
        #expect(abs(credited - (joint.jointPopulation - joint.beforePopulation)) <= tolerance)
        for s in joint.sites {
            #expect(abs(s.byStreet.reduce(0) { $0 + $1.population } - s.newlyComplete) <= tolerance, "\(s.category) \(s.candidate.id)")
        }
        #expect(abs(joint.streets.reduce(0) { $0 + $1.joint } - joint.jointPopulation) <= tolerance)
        #expect(abs(joint.streets.reduce(0) { $0 + $1.independent } - joint.independentPopulation) <= tolerance)

        // JSON: the three shares under their keys, 0…1.
        let json = JointOutput.json(joint)
        let shares = try #require(json.objectValue?["complete_share"]?.objectValue)
        for key in ["before", "independent", "joint"] {
            let v = try #require(shares[key]?.doubleValue)
            #expect(v >= 0 && v <= 1, "\(key)")
        }
        #expect(try #require(shares["joint"]?.doubleValue) >= (try #require(shares["independent"]?.doubleValue)))
    }
}

/// `propose --joint` end to end on the tiny fixture: output formats, the exported model, bad options.
@Suite struct JointCommandTests {
    @Test("json holds the three shares, geojson the sites with their category, --export an LP model")
    func endToEnd() throws {
        let lp = FileManager.default.temporaryDirectory.appendingPathComponent("joint-\(ProcessInfo.processInfo.processIdentifier).lp").path
        defer { try? FileManager.default.removeItem(atPath: lp) }
        let json = try TestSupport.run(["propose", TestSupport.fixture("plans/tiny"), "--joint", "--format", "json", "--export", lp])
        #expect(json.status == 0, "\(json.stderr)")
        let root = try #require(try JSONParser.parse(Array(json.stdout.utf8), file: "stdout").objectValue)
        let shares = try #require(root["complete_share"]?.objectValue)
        let before = try #require(shares["before"]?.doubleValue), independent = try #require(shares["independent"]?.doubleValue)
        let joint = try #require(shares["joint"]?.doubleValue)
        #expect(0 <= before && before <= independent && independent <= joint && joint <= 1)
        let model = try String(contentsOfFile: lp, encoding: .utf8)
        #expect(model.hasPrefix("\\ LifeCircle joint siting model"))
        #expect(model.contains("Maximize") && model.contains("Subject To") && model.contains("Binaries") && model.hasSuffix("End\n"))

        let geo = try TestSupport.run(["propose", TestSupport.fixture("plans/tiny"), "--joint", "--format", "geojson"])
        #expect(geo.status == 0)
        let features = try #require(try JSONParser.parse(Array(geo.stdout.utf8), file: "stdout").objectValue?["features"]?.arrayValue)
        let sites = try #require(root["sites"]?.arrayValue)
        #expect(features.count == sites.count)
        for f in features { #expect(f.objectValue?["properties"]?.objectValue?["category"]?.stringValue != nil) }
    }

    @Test("bad options exit 2 with a message; no output")
    func usageErrors() throws {
        let tiny = TestSupport.fixture("plans/tiny")
        for extra in [["--joint", "--category", "health-station"], ["--joint", "--count", "2"], ["--joint", "--export", "x.mps"],
                      ["--export", "x.lp", "--category", "health-station"], ["--joint", "--street-floor", "0"], []] {
            let r = try TestSupport.run(["propose", tiny] + extra)
            #expect(r.status == 2, "\(extra)")
            #expect(r.stdout.isEmpty, "\(extra)")
            #expect(r.stderr.contains("Error"), "\(extra)")
        }
    }
}

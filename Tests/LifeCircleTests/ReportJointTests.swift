import Foundation
import Testing
@testable import LifeCircle
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The report's "placed together" section and its layers (`proposals-joint`, `joint-streets`):
/// written when the plan has targets for at least two essential categories, with the figures of
/// `propose --joint`; absent, and nothing else changed, without them or with `--no-joint`.
@Suite struct ReportJointTests {
    /// `propose PLAN --joint --format F` run through the built command, parsed.
    static func propose(_ plan: String, format: String) throws -> JSONObject {
        let r = try TestSupport.run(["propose", plan, "--joint", "--format", format])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONParser.parse(Array(r.stdout.utf8), file: "stdout").objectValue)
    }

    /// A CSV file of a report folder: header and rows (no cell of these tables holds a comma or quote).
    static func csv(_ path: String) throws -> (header: [String], rows: [[String]]) {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines.first ?? [], Array(lines.dropFirst()))
    }

    /// The row of the figures table in report.md for one group, as the section writes it from
    /// complete populations (before, independent, joint) of `total`.
    static func figureRow(_ label: String, total: Double, _ p: [Double]) -> String {
        func f(_ d: Double) -> String { Format.percent(d / total) + " (" + Format.integer(d) + ")" }
        return "| \(label) (\(Format.integer(total))) | \(f(p[0])) | \(f(p[1])) | **\(f(p[2]))** |"
    }

    /// Checks a written report folder against `propose --joint --format json` of the same plan: the
    /// district figures in report.md, `joint-streets.csv` street by street, and `proposals-joint`
    /// site by site. Returns the JSON's complete populations (before, independent, joint, total).
    @discardableResult
    static func expectSameFigures(folder: String, json: JSONObject) throws -> [Double] {
        let pop = try #require(json["complete_population"]?.objectValue)
        let figures = try ["before", "independent", "joint", "total"].map { try #require(pop[$0]?.doubleValue, "\($0)") }
        let md = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
        #expect(md.contains(figureRow("all residents", total: figures[3], Array(figures[0 ..< 3]))), "the district figures differ from propose --joint")
        let gain = Format.integer(figures[2] - figures[1])
        #expect(md.contains(gain == "0" ? "gains nothing" : "brings \(gain) more residents"))

        // joint-streets.csv: the street rows of the JSON (the residents outside every street only in the district).
        let streets = try #require(json["streets"]?.arrayValue).compactMap(\.objectValue).filter { $0["street"]?.stringValue != nil }
        let table = try csv(folder + "/joint-streets.csv")
        let col = { (name: String) throws -> Int in try #require(table.header.firstIndex(of: name), "\(name)") }
        #expect(table.rows.count == streets.count)
        for (row, s) in zip(table.rows, streets) {
            #expect(row[try col("name")] == s["street"]?.stringValue)
            for (field, key) in [("population", "population"), ("complete_before", "before"),
                                 ("complete_independent", "independent"), ("complete_joint", "joint")] {
                #expect(Double(row[try col(field)]) == s[key]?.doubleValue, "\(row[0]) \(field)")
            }
        }
        // proposals-joint.geojson: the JSON's sites in their order.
        let sites = try #require(json["sites"]?.arrayValue).compactMap(\.objectValue)
        let layer = try GeoJSONReader.readFeatureCollection(path: folder + "/proposals-joint.geojson")
        #expect(layer.features.count == sites.count)
        for (f, s) in zip(layer.features, sites) {
            let p = f.properties
            #expect(p["rank"] == s["order"] && p["id"] == s["id"] && p["category"] == s["category"] && p["street"] == s["street"])
            #expect(p["newly_complete"] == s["newly_complete"])
            #expect(p["also_independent"]?.doubleValue == (s["also_independent"]?.boolValue == true ? 1 : 0))
        }
        return figures
    }

    /// The tiny plan (two essential categories, each with a target): `report` and `propose --joint`
    /// run as commands give the same figures; the GeoPackage holds `proposals-joint` and
    /// `joint-streets` with the documented types, their features those of the GeoJSON layers, and
    /// the QGIS project shows them in their groups.
    @Test func theTinyReportHasTheFiguresOfProposeJoint() throws {
        let out = try TestSupport.temporaryFolder("joint-tiny") + "/out"
        defer { try? FileManager.default.removeItem(atPath: out + "/..") }
        let plan = TestSupport.fixture("plans/tiny")
        let r = try TestSupport.run(["report", plan, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try Self.propose(plan, format: "json")
        let figures = try Self.expectSameFigures(folder: out, json: json)
        // Hand-checked (the tiny grid): before, 西 200 of 300 and 东 50 of 350 reach both categories.
        #expect(figures == [250, 650, 650, 650])
        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(md.contains("## This year's targets placed together") && md.contains("| residents aged 60+ (190) |"))
        #expect(html.contains("<section id=\"placed-together\">") && html.contains("<a href=\"#placed-together\">Placed together</a>"))
        // The joint sites on the section's map, numbered by order; the independent ones as open discs.
        #expect(html.contains("<title>joint #1: n5 (Health)</title>") && html.contains("<title>independent: n5 (Health)</title>"))

        // The GeoJSON layer is propose --joint --format geojson's sites.
        let geo = try #require(try Self.propose(plan, format: "geojson")["features"]?.arrayValue).compactMap { $0.objectValue?["properties"]?.objectValue }
        let layer = try GeoJSONReader.readFeatureCollection(path: out + "/proposals-joint.geojson")
        #expect(layer.features.map { [$0.properties["rank"], $0.properties["id"], $0.properties["category"], $0.properties["newly_complete"]] }
                == geo.map { [$0["order"], $0["site_id"], $0["category"], $0["newly_complete"]] })
        #expect(layer.features.count == 2)

        guard ExternalTool.path("ogrinfo") != nil else { return }
        let gpkg = out + "/tiny.gpkg"
        let documented = try GeoPackageTests.documented(out)
        for schema in [LayerSchema.proposalsJoint, .jointStreets] {
            let info = try ExternalTool.ogrinfo(gpkg, layer: schema.name)
            #expect(info.fields.filter { $0.key != "Extent" } == schema.types.mapValues(\.rawValue), "\(schema.name): types in the GeoPackage")
            #expect(documented[schema.name]?.1.map(\.0) == schema.fieldNames, "\(schema.name) in fields.csv")
            let csvt = try String(contentsOfFile: out + "/\(schema.name).csvt", encoding: .utf8)
            #expect(csvt.contains("\"Integer\"") || schema.name == "joint-streets")
            let json = try GeoJSONReader.readFeatureCollection(path: out + "/\(schema.name).geojson")
            let read = try OGRReader(LayerRef(path: gpkg, layer: schema.name)).readFeatures()
            #expect(read.count == json.features.count && !read.isEmpty)
            for (g, f) in zip(read, json.features) {
                if case .point(let a)? = g.geometry, case .point(let b)? = f.geometry {
                    #expect(abs(a.x - b.x) < 1e-9 && abs(a.y - b.y) < 1e-9, "\(schema.name)")
                }
                for field in schema.fields { #expect(g.properties[field.name] == (f.properties[field.name] ?? .null), "\(schema.name).\(field.name)") }
            }
        }
        #expect(try ExternalTool.ogrinfo(gpkg, layer: "proposals-joint").fields["rank"] == "Integer")
        #expect(try ExternalTool.ogrinfo(gpkg, layer: "proposals-joint").fields["newly_complete"] == "Real")
        let rows = try GeoPackageTests.styles(gpkg)
        #expect(rows.contains { $0.table == "proposals-joint" && $0.isDefault && $0.qml.contains("attr=\"also_independent\"") })
        #expect(rows.contains { $0.table == "joint-streets" && $0.isDefault && $0.qml.contains("attr=\"share_joint\"") })
        let project = try XMLDocument(data: Data(contentsOf: URL(fileURLWithPath: out + "/tiny.qgs")))
        for (name, group) in [("proposals-joint", "Proposals"), ("joint-streets", "Streets")] {
            let inGroup = try project.nodes(forXPath: "/qgis/layer-tree-group/layer-tree-group[@name='\(group)']/layer-tree-layer[@name='\(name)']")
            #expect(inGroup.count == 1, "\(name) not in the group \(group)")
        }
    }

    /// Without a joint problem (`--no-joint`, or a plan with a target for only one essential
    /// category) no joint file is written, the pages have no section, and report.md is the one with
    /// the section taken out; every other layer file is byte for byte the same.
    /// Above the point limit a report leaves placing together out by default and says so (with the
    /// point count and the option that asks for it); `joint: true` places them anyway, `false`
    /// never, and at or below the limit the default places them.
    @Test func aboveThePointLimitTheReportSaysItLeftPlacingTogetherOut() throws {
        let study = try Study(plan: TestSupport.fixture("plans/tiny"))
        let points = study.data.residents.count
        let skipped = try study.report(siting: Study.reportSiting, jointPointLimit: points - 1)
        #expect(skipped.joint == nil)
        #expect(skipped.jointSkipped?.points == points && skipped.jointSkipped?.limit == points - 1)
        let md = ReportMarkdown(report: skipped).render()
        #expect(md.contains("This plan has \(points) resident points, more than the \(points - 1) a report places together by default"))
        #expect(md.contains("`report --joint`"))
        #expect(!md.contains("proposals-joint"))
        let forced = try study.report(siting: Study.reportSiting, joint: true, jointPointLimit: points - 1)
        #expect(forced.joint != nil && forced.jointSkipped == nil)
        let atLimit = try study.report(siting: Study.reportSiting, jointPointLimit: points)
        #expect(atLimit.joint != nil && atLimit.jointSkipped == nil)
        #expect(atLimit.joint?.solution.chosen == forced.joint?.solution.chosen)
        let never = try study.report(siting: Study.reportSiting, joint: false, jointPointLimit: points - 1)
        #expect(never.joint == nil && never.jointSkipped == nil)
        #expect(!ReportMarkdown(report: never).render().contains("placed together"))
    }

    /// `--joint` with `--no-joint`, or without the proposals it starts from, is a usage error
    /// (exit 2, nothing written), for `report` and `export` alike.
    @Test func jointWithNoJointOrNoProposalsIsAUsageError() throws {
        let base = try TestSupport.temporaryFolder("joint-usage")
        defer { try? FileManager.default.removeItem(atPath: base) }
        for command in ["report", "export"] {
            for (flags, says) in [(["--joint", "--no-joint"], "exclude each other"), (["--joint", "--no-proposals"], "--joint needs the proposals")] {
                let out = base + "/out-\(command)-\(flags.last ?? "")"
                let r = try TestSupport.run([command, TestSupport.fixture("plans/tiny"), "--out", out] + flags)
                #expect(r.status == 2, "\(command) \(flags): \(r.stderr)")
                #expect(r.stderr.contains(says), "\(r.stderr)")
                #expect(!FileManager.default.fileExists(atPath: out))
            }
        }
    }

    /// The joint solve is left to `write`, which runs it beside the layers that do not need it: a
    /// solve that fails there fails the write with its own error (not a report without the
    /// section), and the folder is not made.
    @Test func aJointSolveFailingDuringTheWriteFailsItAndWritesNothing() throws {
        struct SolveFailed: Error {}
        let study = try Study(plan: TestSupport.fixture("plans/tiny"))
        let made = try study.report(siting: Study.reportSiting)
        let report = try StudyReport(analysis: made.analysis, serviceAreas: made.serviceAreas, proposals: made.proposals,
                                     proposalSummaries: made.proposalSummaries, circle: made.circle, equity: made.equity,
                                     placeTogether: { throw SolveFailed() })
        #expect(report.hasJoint)
        let base = try TestSupport.temporaryFolder("joint-fails")
        defer { try? FileManager.default.removeItem(atPath: base) }
        #expect(throws: SolveFailed.self) { try report.write(to: base + "/out", pages: true) }
        #expect(!FileManager.default.fileExists(atPath: base + "/out"))
        #expect(report.joint == nil)
        #expect(throws: SolveFailed.self) { try report.placeTogether() }
    }

    @Test func withoutAJointProblemNothingOfItIsWritten() throws {
        let base = try TestSupport.temporaryFolder("joint-none")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let plan = TestSupport.fixture("plans/tiny")
        // A copy of the tiny plan whose canteen has no target: one essential category with a target.
        let single = base + "/single"
        try FileManager.default.copyItem(atPath: plan, toPath: single)
        let planFile = single + "/plan.json"
        let text = try String(contentsOfFile: planFile, encoding: .utf8)
        let edited = text.replacingOccurrences(of: ",\n      \"target\": {\n        \"coverage\": 0.85\n      }", with: "")
        #expect(edited != text)
        try edited.write(toFile: planFile, atomically: true, encoding: .utf8)

        for (name, args) in [("with", [plan]), ("nojoint", [plan, "--no-joint"]), ("single", [single])] {
            let r = try TestSupport.run(["report"] + args + ["--out", base + "/out-" + name])
            #expect(r.status == 0, "\(name): \(r.stderr)")
        }
        let with = try TestSupport.contents(of: base + "/out-with")
        let jointFiles = ["proposals-joint.geojson", "proposals-joint.csv", "proposals-joint.csvt",
                          "joint-streets.geojson", "joint-streets.csv", "joint-streets.csvt"]
        for f in jointFiles { #expect(with[f] != nil, "\(f) missing with a joint problem") }
        for name in ["nojoint", "single"] {
            let files = try TestSupport.contents(of: base + "/out-" + name)
            for f in jointFiles { #expect(files[f] == nil, "\(name): \(f) written") }
            let md = String(decoding: files["report.md"] ?? [], as: UTF8.self)
            let html = String(decoding: files["report.html"] ?? [], as: UTF8.self)
            #expect(!md.contains("placed together") && !html.contains("placed-together") && !html.contains("joint"), "\(name)")
            let fields = String(decoding: files["fields.csv"] ?? [], as: UTF8.self)
            #expect(!fields.contains("proposals-joint") && !fields.contains("joint-streets"), "\(name)")
            if let ogr = ExternalTool.path("ogrinfo") {
                let list = try TestSupport.runProcess(ogr, ["-ro", "-q", base + "/out-\(name)/tiny.gpkg"])
                #expect(list.status == 0 && list.stdout.contains("street-gaps") && !list.stdout.contains("joint"), "\(name): \(list.stdout)")
            }
        }
        // --no-joint: the same files as with the section, less the joint ones; report.md less the
        // section and the joint files' two rows in its file list.
        let nojoint = try TestSupport.contents(of: base + "/out-nojoint")
        let unchanged = Set(with.keys).subtracting(jointFiles)
            .subtracting(["report.md", "report.html", "fields.csv", "tiny.gpkg", "tiny.qgs", "lifecircle-manifest.json"])
        #expect(Set(nojoint.keys) == Set(with.keys).subtracting(jointFiles))
        for f in unchanged.sorted() { #expect(nojoint[f] == with[f], "\(f) differs with --no-joint") }
        let md = String(decoding: with["report.md"] ?? [], as: UTF8.self)
        let start = try #require(md.range(of: "## This year's targets placed together\n"))
        let end = try #require(md.range(of: "## Method and thresholds\n"))
        var cut = md
        cut.removeSubrange(start.lowerBound ..< end.lowerBound)
        let fileRows = cut.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix("| proposals-joint.") || $0.hasPrefix("| joint-streets.") }
        #expect(fileRows.count == 2)
        for row in fileRows { cut = cut.replacingOccurrences(of: row + "\n", with: "") }
        #expect(cut == String(decoding: nojoint["report.md"] ?? [], as: UTF8.self))
    }

    /// Jing'an's 2024 targets: the report's section (English, all five categories essential) has
    /// the figures of the joint answer as `propose --joint --format json` writes it, joint ≥
    /// independent ≥ before, and the known answers: 525,239 residents complete before and 704,544
    /// placed together (the optimum CBC proves on the exported model; README "Joint siting").
    @Test func jinganReportPlacesTheTargetsTogether() throws {
        let study = try Study(plan: TestSupport.root.appendingPathComponent("GeoData/jingan").path)
        let report = try study.report(siting: Study.reportSiting)
        let joint = try #require(report.joint)
        #expect(joint.jointPopulation >= joint.independentPopulation && joint.independentPopulation > joint.beforePopulation)
        let out = try TestSupport.temporaryFolder("joint-jingan") + "/out"
        defer { try? FileManager.default.removeItem(atPath: out + "/..") }
        try report.write(to: out, pages: true)
        let json = try #require(JointOutput.json(joint).objectValue)
        let figures = try Self.expectSameFigures(folder: out, json: json)
        #expect(Format.integer(figures[0]) == "525,239" && Format.integer(figures[2]) == "704,544" && Format.integer(figures[3]) == "1,057,700")
        #expect(figures[2] > figures[1] && figures[1] > figures[0])

        // The street table: sorted by the gain, most first, ties in street order.
        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        let section = try #require(md.components(separatedBy: "### Streets, largest gain from placing together first").last?
            .components(separatedBy: "### The joint sites").first)
        let gains = section.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| street") && !$0.contains("**") }
            .compactMap { line in Double(line.split(separator: "|").last?.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "") ?? "") }
        #expect(gains.count == report.study.streets.count && gains == gains.sorted(by: >) && gains.contains { $0 > 0 })
        // Each site's credit adds up to joint − before.
        let credits = joint.sites.reduce(0) { $0 + $1.newlyComplete }
        #expect(abs(credits - (joint.jointPopulation - joint.beforePopulation)) < 1e-6 * joint.totalPopulation)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.components(separatedBy: "<title>joint #").count - 1 == joint.sites.count)
    }
}

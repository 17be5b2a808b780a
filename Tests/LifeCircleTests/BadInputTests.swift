import Foundation
import Testing
@testable import LifeCircle

/// The bad-input corpus: each folder under Fixtures/bad replaces one file of the tiny plan with a
/// broken one, and `expect.json` says which file, feature index, key and message must be reported.
@Suite struct BadInputTests {
    struct Expectation: Decodable {
        var file: String
        var fileSuffix: String?
        var featureIndex: Int?
        var key: String?
        var contains: String
    }

    static let cases: [String] = {
        let folder = TestSupport.fixture("bad")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// Copies the tiny plan into a temporary folder with the case's files laid over it.
    static func prepare(_ name: String) throws -> (folder: String, expectation: Expectation) {
        let folder = try TestSupport.temporaryFolder("bad-\(name)")
        let tiny = TestSupport.fixture("plans/tiny")
        let fm = FileManager.default
        for f in try fm.contentsOfDirectory(atPath: tiny) {
            try fm.copyItem(atPath: tiny + "/" + f, toPath: folder + "/" + f)
        }
        let caseFolder = TestSupport.fixture("bad/" + name)
        var expectation: Expectation?
        for f in try fm.contentsOfDirectory(atPath: caseFolder) {
            if f == "expect.json" {
                let data = try #require(fm.contents(atPath: caseFolder + "/" + f))
                expectation = try JSONDecoder().decode(Expectation.self, from: data)
            } else {
                try? fm.removeItem(atPath: folder + "/" + f)
                try fm.copyItem(atPath: caseFolder + "/" + f, toPath: folder + "/" + f)
            }
        }
        return (folder, try #require(expectation, "\(name) has no expect.json"))
    }

    @Test func theCorpusHasAtLeastFortyCases() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases)
    func validateReportsTheProblemPrecisely(_ name: String) throws {
        let (folder, expect) = try Self.prepare(name)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let report = Validator.validatePlan(path: folder)
        #expect(report.errorCount > 0, "\(name): no error reported")
        let suffix = "/" + (expect.fileSuffix ?? expect.file)
        let match = report.problems.first { p in
            p.severity == .error && p.file.hasSuffix(suffix)
                && (expect.featureIndex == nil || p.featureIndex == expect.featureIndex)
                && (expect.key == nil || p.key == expect.key)
                && (expect.contains.isEmpty || p.message.localizedCaseInsensitiveContains(expect.contains))
        }
        #expect(match != nil, "\(name): expected \(expect), got:\n\(report.problems.map(\.description).joined(separator: "\n"))")
        if let match, expect.featureIndex != nil {
            #expect(match.description.contains("feature \(expect.featureIndex ?? -1)"))
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(before == after, "\(name): files were written")
    }

    @Test(arguments: cases)
    func theCommandExitsOneAndNamesTheFile(_ name: String) throws {
        let (folder, expect) = try Self.prepare(name)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try TestSupport.run(["validate", folder])
        #expect(result.status == 1, "\(name): exit \(result.status)\n\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(expect.fileSuffix ?? expect.file), "\(name): output does not name the file")
    }
}

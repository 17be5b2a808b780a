import Foundation
import Testing

/// The example package `Examples/StreetGaps`, an embedding program on the library's public API only,
/// is built as a package of its own and run on the Jing'an sample; what it prints must be the
/// library's own numbers: the street gaps of `lifecircle gaps --format csv` and the proposals of the
/// committed report (`Reports/jingan`, reproduced byte for byte by `ReportTests`).
@Suite struct ExampleProgramTests {
    @Test(.enabled(if: ExternalTool.path("swift") != nil, "swift is not on PATH: the example package is not built"),
          .timeLimit(.minutes(30)))
    func theStreetGapsExamplePrintsTheGapsAndProposalsOfTheLibrary() throws {
        let root = TestSupport.root.path
        let package = root + "/Examples/StreetGaps"
        // Its own scratch folder inside the example (git-ignored), so runs after the first are incremental.
        let build = try ExternalTool.run("swift", ["build", "--package-path", package])
        try #require(build.status == 0, "swift build --package-path Examples/StreetGaps failed:\n\(build.stderr.suffix(4000))")
        let binPath = try ExternalTool.run("swift", ["build", "--package-path", package, "--show-bin-path"])
        let exe = binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "/street-gaps"
        let run = try TestSupport.runProcess(exe, ["GeoData/jingan"], cwd: root)
        try #require(run.status == 0, "the example failed: \(run.stderr.suffix(2000))")
        // Lines by section: a category's gaps under "<id>", its proposals under "<id> proposals".
        var printed: [String: [String]] = [:]
        var section = ""
        for line in run.stdout.split(separator: "\n").map(String.init) {
            if !line.hasPrefix("  "), let colon = line.firstIndex(of: ":") {
                section = String(line[..<colon]) + (line.contains(": Proposed sites:") ? " proposals" : "")
            }
            printed[section, default: []].append(line)
        }

        // Street gaps: each category's district coverage and its three largest gaps, as `gaps` gives them.
        let gaps = try TestSupport.run(["gaps", "GeoData/jingan", "--format", "csv"])
        try #require(gaps.status == 0)
        var categories = 0
        for line in gaps.stdout.split(whereSeparator: \.isNewline).dropFirst() {  // CSV rows end in CRLF
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let (category, rank, street) = (f[0], f[3], f[4])
            let demand = try #require(Double(f[6])), covered = try #require(Double(f[7])), uncovered = try #require(Double(f[8]))
            if street == "(district)" {
                categories += 1
                let share = String(format: "%.1f", covered / demand * 100)
                #expect(printed[category, default: []].contains("\(category): \(share)% of \(Int(demand.rounded())) covered"), "\(category) district")
            } else if let r = Int(rank), r <= 3 {
                #expect(printed[category, default: []].contains("  gap \(r): \(street), \(Int(uncovered.rounded())) uncovered"), "\(category) gap \(r)")
            }
        }
        #expect(categories == 5)
        var sites = 0

        // Proposals: the report's summary for each category with a target, and its sites by rank.
        let report = try String(contentsOfFile: root + "/Reports/jingan/report.md", encoding: .utf8)
        for category in ["health-station", "elder-canteen", "fitness-point", "aed-school", "ev-charger"] {
            let lines = printed["\(category) proposals", default: []]
            let header = try #require(lines.first, "no proposals printed for \(category)")
            let summary = try #require(header.range(of: "Proposed sites:")).lowerBound
            #expect(report.contains(header[summary...]), "not in the report: \(header)")
            let csv = try String(contentsOfFile: root + "/Reports/jingan/proposals-\(category).csv", encoding: .utf8)
            for row in csv.split(whereSeparator: \.isNewline).dropFirst() {
                let f = row.split(separator: ",", omittingEmptySubsequences: false)
                sites += 1
                #expect(lines.contains("  site \(f[0]): \(f[1]), \(f[4]) newly covered"), "\(category) site \(f[0])")
            }
            // The summary and one line per site, as the CSV has its header and one row per site.
            #expect(lines.count == csv.split(whereSeparator: \.isNewline).count, "\(category): sites printed that the report does not propose")
        }
        #expect(sites > 0)
    }
}

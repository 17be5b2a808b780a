import Foundation
import Testing

/// The report's map script at city scale: `lifecircle` built for release (a debug `report` at scale
/// 25 takes far more than ten minutes), `sample jingan --scale 25` (350 streets, 536,637 resident
/// points), `report --no-proposals` (a report.html of about 26 MB among 1.2 GB of layers, in a
/// temporary folder removed after), then the driver of `ReportMapScriptTests` in headless Chromium
/// with the same checks: every map's labels free of overlaps, the first map with all 350 streets and
/// its table a row for each, a wheel zoom about the pointer, a drag, a click on a street that
/// highlights exactly its row, a layer toggle and the reset.
@Suite(.enabled(if: ExternalTool.path("chromium") != nil, "chromium is not on PATH: the city-scale map check is skipped"),
       .enabled(if: ExternalTool.path("swift") != nil, "swift is not on PATH: no release build, the city-scale map check is skipped"))
struct CityReportMapTests {
    /// The release build (cold: minutes on 2 cores), the sample, the report and Chromium, once.
    @Test(.timeLimit(.minutes(30)))
    func theMapsOfTheScale25ReportZoomAndAClickOnAStreetHighlightsItsRow() throws {
        let exe = try TestSupport.releaseExecutable()
        let work = try TestSupport.temporaryFolder("city-map")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let sample = try TestSupport.runProcess(exe, ["sample", "jingan", "--scale", "25", "--out", work + "/sample"])
        try #require(sample.status == 0, "sample jingan --scale 25: \(sample.stderr)")
        let report = try TestSupport.runProcess(exe, ["report", work + "/sample", "--out", work + "/out", "--no-proposals"])
        try #require(report.status == 0, "report of the scale-25 sample: \(report.stderr.suffix(2000))")
        let out = try ReportMapScriptTests.drive(work + "/out/report.html")
        // The sample's 14 streets on each of its 25 tiles; the plan is in English.
        try ReportMapScriptTests.expectTheMapWorks(out, streets: 14 * 25, buttons: "zoom in|zoom out|reset")
    }
}

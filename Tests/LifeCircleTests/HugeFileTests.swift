import Foundation
import Testing
@testable import LifeCircle

/// A residents layer of hundreds of megabytes is read without holding the file, or a model of all
/// its features, in memory: the real `lifecircle validate` process is measured by its own peak
/// resident set size (`ru_maxrss` from `wait4` on its pid).
@Suite struct HugeFileTests {
    /// The generated layer's minimum size.
    static let minimumBytes = 300_000_000

    @Test(.enabled(if: TestSupport.hasGNUTime, "needs GNU time (apt-get install time) to measure the child's peak memory"))
    func validateReadsAThreeHundredMegabyteResidentsLayerWithoutHoldingIt() throws {
        let exe = try #require(TestSupport.executable)
        let work = try TestSupport.temporaryFolder("huge")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let made = try TestSupport.run(["sample", "jingan", "--out", work])
        try #require(made.status == 0, "\(made.stderr)")
        let path = work + "/residents.geojson"
        let layer = try TestSupport.writeLargeResidents(to: path, minimumBytes: Self.minimumBytes)
        let fileBytes = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        try #require(fileBytes == layer.bytes && fileBytes >= Self.minimumBytes)

        // The layer on its own: streamed feature by feature, so memory does not grow with the file
        // (a copy of the file alone would be 300 MB; the old reader peaked at over four times that).
        let layerExit = try TestSupport.runMeasured(exe, ["validate", path], stdout: work + "/layer.out", stderr: work + "/layer.err")
        let layerOut = try String(contentsOfFile: work + "/layer.out", encoding: .utf8)
        #expect(layerExit.status == 0, "\(layerOut)")
        #expect(layerOut.contains("\(path): \(layer.count) features (\(layer.count) Point)"), "\(layerOut)")
        #expect(layerExit.maxRSSKilobytes * 1024 < fileBytes / 4, "peak \(layerExit.maxRSSKilobytes) kB for a \(fileBytes / 1_000_000) MB file")

        // The whole plan: the residents become compact points (56 bytes each), which the analysis
        // then projects, joins to the network and assigns to streets (about 200 bytes per point
        // more, outside the reader). Twice the file's size is an honest bound for debug and
        // release builds; holding the file as well, or a model of its features (the old reader
        // peaked at over four times the file), would exceed it.
        let planExit = try TestSupport.runMeasured(exe, ["validate", work], stdout: work + "/plan.out", stderr: work + "/plan.err")
        let planOut = try String(contentsOfFile: work + "/plan.out", encoding: .utf8)
        #expect(planExit.status == 0, "\(planOut)")
        let people = Format.integer(Double(layer.population)), elderly = Format.integer(Double(layer.age60plus))
        #expect(planOut.contains("\(path): \(layer.count) resident points, \(people) people, \(elderly) aged 60+"), "\(planOut)")
        #expect(planExit.maxRSSKilobytes * 1024 < 2 * fileBytes,
                "peak \(planExit.maxRSSKilobytes) kB for a \(fileBytes / 1_000_000) MB file of \(layer.count) points")
    }
}

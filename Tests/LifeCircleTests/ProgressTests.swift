import Foundation
import Testing
@testable import LifeCircle

/// The counted progress of long phases: the estimate of time left, the rate limit, and the CLI's
/// `--progress` lines (quiet without it when stderr is not a terminal).
@Suite struct ProgressTests {
    /// A clock the test moves by hand, and the steps a meter reports.
    final class Record: @unchecked Sendable {
        private let lock = NSLock()
        private var time = 100.0
        private var got: [ProgressStep] = []
        var now: Double { lock.withLock { time } }
        func set(_ t: Double) { lock.withLock { time = t } }
        func add(_ s: ProgressStep) { lock.withLock { got.append(s) } }
        var steps: [ProgressStep] { lock.withLock { got } }
    }

    @Test func estimateOnAFakeClockAndRateLimit() {
        let r = Record()
        let meter = ProgressMeter(phase: "writing the layers", total: 4, interval: 0.5, clock: { r.now }, report: { r.add($0) })
        r.set(110); meter.advance("residents")      // 1 of 4 in 10 s: 30 s left
        r.set(110.2); meter.advance("street gaps")  // 0.2 s after the last report: dropped
        r.set(130); meter.advance("a layers")       // 3 of 4 in 30 s: 10 s left
        r.set(130.25); meter.advance("the GeoPackage") // the last step: always reported
        let s = r.steps
        #expect(s.map(\.done) == [0, 1, 3, 4])
        #expect(s.map(\.elapsed) == [0, 10, 30, 30.25])
        #expect(s[0].remaining == nil)
        #expect(s[1].remaining == 30)
        #expect(s[2].remaining == 10)
        #expect(s[3].remaining == 0)
        #expect(s.map(\.line) == [
            "writing the layers 0/4, 0 s",
            "writing the layers 1/4 (residents), 10 s, about 30 s left",
            "writing the layers 3/4 (a layers), 30 s, about 10 s left",
            "writing the layers 4/4 (the GeoPackage), 30 s",
        ])
    }

    @Test func durationsOverAMinute() {
        #expect(ProgressStep(phase: "p", done: 1, total: 3, item: nil, elapsed: 62.4).line == "p 1/3, 1 min 02 s, about 2 min 05 s left")
    }

    @Test func quietWhenStderrIsNotATerminal() throws {
        let out = try TestSupport.temporaryFolder("progress")
        let r = try TestSupport.run(["report", TestSupport.fixture("plans/tiny"), "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("making and writing the layers"))
        #expect(!r.stderr.contains("writing the layers 1/"))
        #expect(!r.stderr.contains("proposing sites 1/"))
        #expect(!r.stderr.contains("\r"))
    }

    @Test func progressFlagGivesCountedLines() throws {
        let out = try TestSupport.temporaryFolder("progress")
        let r = try TestSupport.run(["report", TestSupport.fixture("plans/tiny"), "--out", out, "--progress"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("\r"))
        let lines = r.stderr.split(separator: "\n").map(String.init)
        // Reading the layers is the first phase (seconds at city scale), so it has a line of its own.
        #expect(lines.first == "reading the plan's layers…")
        // Two categories with targets, both essential (so also placed together); layers: 8 tasks
        // (the GeoPackage, 2 polygons, pages, 2 categories, the joint layers, street gaps) and the
        // GeoPackage's 12 layers, each a step of its own.
        #expect(lines.contains("proposing sites 0/2, 0 s"))
        #expect(lines.contains { $0.hasPrefix("proposing sites 2/2 (elder-canteen), ") })
        #expect(lines.contains("writing the layers 0/20, 0 s"))
        // The last step names whichever task finished last: on a loaded machine that need not be
        // the GeoPackage, which starts first and runs beside the others.
        #expect(lines.contains { $0.hasPrefix("writing the layers 20/20 (") })
        #expect(lines.filter { $0.hasPrefix("writing the layers ") }.last?.hasPrefix("writing the layers 20/20 (") == true)
        #expect(r.stderr.contains("making and writing the layers"))
        #expect(lines.last?.hasPrefix("wrote ") == true)
    }
}

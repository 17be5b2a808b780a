import Foundation

/// How far a long phase has come: `done` of `total` steps, the time since it began and, once a
/// step is done, an estimate of the time left (the elapsed time per step so far, times the steps
/// left).
public struct ProgressStep: Sendable, Equatable {
    /// What the phase does ("proposing sites", "writing the layers").
    public let phase: String
    /// Steps finished.
    public let done: Int
    /// Steps in the phase.
    public let total: Int
    /// The step just finished (a category id, a file name), when it has a name.
    public let item: String?
    /// Seconds since the phase began.
    public let elapsed: Double
    /// Seconds left at the pace so far; nil before the first step is done.
    public var remaining: Double? {
        guard done > 0 else { return nil }
        return elapsed / Double(done) * Double(max(total - done, 0))
    }

    /// One line: "writing the layers 3/14 (residents), 12 s, about 44 s left".
    public var line: String {
        var s = "\(phase) \(done)/\(total)"
        if let item { s += " (\(item))" }
        s += ", " + Self.duration(elapsed)
        if let remaining, done < total { s += ", about " + Self.duration(remaining) + " left" }
        return s
    }

    /// Whole seconds below a minute, else minutes and seconds ("7 s", "2 min 05 s").
    static func duration(_ seconds: Double) -> String {
        let whole = seconds.isFinite ? Int(max(0, min(seconds, 1e9)).rounded()) : 0
        if whole < 60 { return "\(whole) s" }
        let sec = whole % 60
        return "\(whole / 60) min \(sec < 10 ? "0" : "")\(sec) s"
    }

    public init(phase: String, done: Int, total: Int, item: String?, elapsed: Double) {
        self.phase = phase
        self.done = done
        self.total = total
        self.item = item
        self.elapsed = elapsed
    }
}

/// Counts the steps of one long phase from any thread and passes them on, at most one every
/// `interval` seconds (the first and the last step always), so a phase of thousands of steps does
/// not flood a terminal.
package final class ProgressMeter: @unchecked Sendable {
    private let phase: String
    private let total: Int
    private let interval: Double
    private let clock: @Sendable () -> Double
    private let report: @Sendable (ProgressStep) -> Void
    private let start: Double
    private let lock = NSLock()
    // Guarded by `lock`.
    private var done = 0
    private var lastReport: Double?

    /// Seconds on a monotonic clock.
    package static let monotonic: @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Starts the phase now (and reports step 0 of `total`).
    package init(phase: String, total: Int, interval: Double = 0.5, clock: @escaping @Sendable () -> Double = ProgressMeter.monotonic,
                 report: @escaping @Sendable (ProgressStep) -> Void) {
        self.phase = phase
        self.total = total
        self.interval = interval
        self.clock = clock
        self.report = report
        self.start = clock()
        report(ProgressStep(phase: phase, done: 0, total: total, item: nil, elapsed: 0))
    }

    /// One more step done; reports it unless the last report is younger than the interval (the
    /// last step is always reported).
    package func advance(_ item: String? = nil) {
        let now = clock()
        // Reported under the lock, so the steps come out in order.
        lock.withLock {
            done += 1
            let due = done >= total || lastReport.map { now - $0 >= interval } ?? true
            guard due else { return }
            lastReport = now
            report(ProgressStep(phase: phase, done: done, total: total, item: item, elapsed: now - start))
        }
    }
}

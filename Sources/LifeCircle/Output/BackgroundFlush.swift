import Foundation

/// Flushes finished files to the disk (`fsync(2)`) on background threads as soon as they are
/// handed over, so that the waits for the disk overlap the rest of a run instead of all coming at
/// its end; ``wait()`` returns once every file handed over is flushed, with the failures.
///
/// Up to ``maxThreads`` threads run at once, each taking the next path until none is left (the
/// calls wait on the disk, not the CPU: several in flight let the disk serve them together). A
/// path is flushed once however often it is handed over.
final class BackgroundFlush: @unchecked Sendable {
    // Safety (why unchecked is sound): `sync` and `maxThreads` never change after `init`; every
    // other property is read and written only while `state` (a condition lock) is held.
    typealias Sync = @Sendable (String) throws(AtomicFile.WriteFailure) -> Void

    /// The most threads flushing at once.
    let maxThreads: Int
    private let sync: Sync
    private let state = NSCondition()
    private var queue: [String] = []
    private var next = 0
    private var started: Set<String> = []
    private var failures: [String: String] = [:]
    private var running = 0
    private var unfinished = 0

    /// - Parameter sync: Flushes one path (``AtomicFile/sync(_:)``; a test may record or fail it).
    init(maxThreads: Int = 4, sync: @escaping Sync = { path throws(AtomicFile.WriteFailure) in try AtomicFile.sync(path) }) {
        self.maxThreads = max(1, maxThreads)
        self.sync = sync
    }

    /// Starts flushing the file or folder at `path` (absolute) unless it was handed over before.
    func start(_ path: String) {
        state.lock()
        defer { state.unlock() }
        guard started.insert(path).inserted else { return }
        queue.append(path)
        unfinished += 1
        guard running < maxThreads else { return }
        running += 1
        Thread.detachNewThread { [self] in work() }
    }

    /// Waits until every path handed over so far is flushed (or failed).
    /// - Returns: The reason each failed path could not be flushed, by path.
    func wait() -> [String: String] {
        state.lock()
        defer { state.unlock() }
        while unfinished > 0 { state.wait() }
        return failures
    }

    /// One thread's loop: flush the next path until none is left.
    private func work() {
        state.lock()
        while next < queue.count {
            let path = queue[next]
            next += 1
            state.unlock()
            var reason: String?
            do throws(AtomicFile.WriteFailure) { try sync(path) } catch { reason = error.reason }
            state.lock()
            if let reason { failures[path] = reason }
            unfinished -= 1
            state.broadcast()
        }
        running -= 1
        state.unlock()
    }
}

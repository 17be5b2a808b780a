import Foundation

/// One result slot per task, written once each from worker threads and read after all finished.
///
/// Left for `StudyReport.outputs`, its last user, until that calls `Parallel.tasks` (the one
/// concurrency helper, which keeps results in the same way), after which this file goes.
final class OutputTaskSlots<T>: @unchecked Sendable {
    // Safety (why unchecked is sound): `slots` is read and written only while `lock` is held.
    private var slots: [Result<T, Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<T, Error>) {
        lock.lock()
        slots[i] = r
        lock.unlock()
    }

    /// The values in order; rethrows the first failure.
    func values() throws -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return try slots.map { slot in
            switch slot {
            case .success(let v): return v
            case .failure(let e): throw e
            case nil: throw LibraryError(library: "LifeCircle", operation: "parallel task", message: "a task produced no result")
            }
        }
    }
}

import Foundation

/// A shared task counter for workers pulling tasks one at a time.
///
/// Left for `StudyReport.outputs`, its last user, until that calls `Parallel.tasks` (which hands
/// tasks out in order as threads free up), after which this file goes.
final class OutputTaskCounter: @unchecked Sendable {
    // Safety (why unchecked is sound): `value` is read and written only while `lock` is held.
    private var value = 0
    private let lock = NSLock()

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

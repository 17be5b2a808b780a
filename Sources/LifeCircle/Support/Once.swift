import Foundation

/// A value made at most once by whichever thread asks for it first, shared by the threads of
/// `Parallel.tasks`: a thread asking while another makes it waits for that result; a thread
/// asking first makes it itself. So a task may depend on another task's value without a deadlock
/// (nobody waits for work no thread has started), whatever the number of threads.
final class Once<T: Sendable>: @unchecked Sendable {
    // Safety (why unchecked is sound): `state` is read and written only while `condition` is
    // locked; the value is made outside the lock by the one thread that moved `state` to `making`.
    private enum State {
        case waiting
        case making
        case done(Result<T, any Error>)
    }

    private var state = State.waiting
    private let condition = NSCondition()

    /// Makes the value now when no thread has started it (its result kept for ``get(_:)``), and
    /// returns true; false, without calling `make`, when another thread has.
    func makeIfWaiting(_ make: () throws -> T) -> Bool {
        condition.lock()
        guard case .waiting = state else {
            condition.unlock()
            return false
        }
        // Claimed under the lock, so no other thread can start it between the check and the making.
        state = .making
        condition.unlock()
        finish(Result { try make() })
        return true
    }

    /// Stores the made value (or error) and wakes the threads waiting for it.
    private func finish(_ result: Result<T, any Error>) {
        condition.lock()
        state = .done(result)
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the value (or its error) is there.
    var isDone: Bool {
        condition.lock()
        defer { condition.unlock() }
        if case .done = state { return true }
        return false
    }

    /// The value: made now with `make` when no thread has started it, else the other thread's
    /// result once it is there (`make` is then not called).
    /// - Throws: What `make` threw (for every thread asking).
    func get(_ make: () throws -> T) throws -> T {
        condition.lock()
        while true {
            switch state {
            case .done(let result):
                condition.unlock()
                return try result.get()
            case .making:
                condition.wait()
            case .waiting:
                state = .making
                condition.unlock()
                let result = Result { try make() }
                finish(result)
                return try result.get()
            }
        }
    }
}

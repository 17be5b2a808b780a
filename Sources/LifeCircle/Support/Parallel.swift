import Dispatch
import Foundation

/// The library's one concurrency helper: data-parallel work over index ranges, and work started in
/// the background. Every parallel loop of the library goes through it (the machine has few cores;
/// chunks keep overhead low), so the places that share memory between threads are `SlotArray` and
/// `OrderedTasks` (and the counters handing out tasks).
enum Parallel {
    /// Computes `body(i)` for every `i` in `0..<count`, in parallel chunks, in index order.
    ///
    /// - Complexity: O(count) calls of `body`, spread over the available cores.
    static func map<T: Sendable>(count: Int, minimumChunk: Int = 1024, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let chunks = max(1, min(count / max(minimumChunk, 1), maximumChunks))
        if chunks == 1 { return (0..<count).map(body) }
        let parts = tasks(count: chunks) { c in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            return (lo..<hi).map(body)
        }
        var out: [T] = []
        out.reserveCapacity(count)
        for part in parts { out.append(contentsOf: part) }
        return out
    }

    /// The most chunks `map` cuts a range into.
    static let maximumChunks = 64

    /// Computes `body(i)` for every `i` in `0..<count`, each call a task of its own (for a few big
    /// jobs), returned in index order. Tasks are handed out in index order as threads free up, so
    /// put the heaviest first. With `workers`, at most that many run at once.
    ///
    /// - Throws: The error of the lowest-numbered task that failed, after all tasks finished.
    /// - Complexity: O(count) calls of `body`, spread over the available cores.
    static func tasks<T: Sendable, E: Error>(
        count: Int, workers: Int = .max, _ body: @Sendable (Int) throws(E) -> T
    ) throws(E) -> [T] {
        guard count > 0 else { return [] }
        let threads = min(max(workers, 1), count)
        if threads == 1 { return try (0..<count).map { i throws(E) in try body(i) } }
        let slots = SlotArray<Result<T, E>>(count: count)
        let next = TaskCounter()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let i = next.take(below: count) {
                slots.set(i, Result { () throws(E) -> T in try body(i) })
            }
        }
        return try slots.values().map { r throws(E) in try r.get() }
    }

    /// `body(i)` for every `i` in `0..<count`, computed on `workers` background threads while the
    /// caller goes on and taken by it in index order, each as soon as it is ready (``value(_:)``):
    /// the caller uses the first results while the later ones are computed. The threads start the
    /// tasks in the order `order` gives (put the heaviest first, so that the last to finish is not
    /// a big one started late); a caller waiting for a result not ready yet computes the tasks not
    /// started yet itself meanwhile, from the other end of `order`, so no result waits for a thread
    /// to start. Dropping it waits for all the work to finish.
    final class Ordered<T: Sendable>: Sendable {
        private let tasks: OrderedTasks<T>
        private let body: @Sendable (Int) -> T
        private let group = DispatchGroup()

        /// - Precondition: `order` is a permutation of `0..<count`.
        init(count: Int, workers: Int, order: [Int], _ body: @escaping @Sendable (Int) -> T) {
            assert(order.count == count && Set(order) == Set(0..<count), "order must be a permutation of 0..<count")
            tasks = OrderedTasks(order: order)
            self.body = body
            for _ in 0..<min(max(workers, 0), count) {
                group.enter()
                DispatchQueue.global().async { [tasks, group] in
                    while let i = tasks.take(first: true) { tasks.set(i, body(i)) }
                    group.leave()
                }
            }
        }

        deinit { group.wait() }

        /// `body(i)`, once done (computing tasks not started yet while it is not).
        func value(_ i: Int) -> T {
            while true {
                if let value = tasks.result(i) { return value }
                guard let j = tasks.take(first: false) else { break }
                tasks.set(j, body(j))
            }
            // Every task is started: the one asked for finishes on another thread.
            return tasks.wait(i)
        }
    }

    /// Work running on a background thread while the caller goes on; `wait()` returns its result.
    /// Dropping it waits for the work to finish.
    final class Background<T: Sendable>: Sendable {
        private let result = SlotArray<T>(count: 1)
        private let group = DispatchGroup()

        init(_ body: @escaping @Sendable () -> T) {
            group.enter()
            DispatchQueue.global().async { [result, group] in
                result.set(0, body())
                group.leave()
            }
        }

        deinit { group.wait() }

        /// Blocks until the work is done; its result.
        func wait() -> T? {
            group.wait()
            return result.values().first
        }
    }
}

/// The next task to hand out, shared by the threads of `Parallel.tasks` (and a unique number for
/// the GeoPackage writer's in-memory files).
final class TaskCounter: @unchecked Sendable {
    // Safety (why unchecked is sound): `value` is read and written only while `lock` is held.
    private var value = 0
    private let lock = NSLock()

    /// The next task index, or nil once `limit` are handed out.
    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// The tasks of a `Parallel.Ordered`: handed out from either end of their order, and their
/// results, which different threads fill while another waits for each in turn.
final class OrderedTasks<T: Sendable>: @unchecked Sendable {
    // Safety (why unchecked is sound): `slots`, `front` and `back` are read and written only while
    // `condition` is held; `order` is a constant.
    private let condition = NSCondition()
    private let order: [Int]
    private var slots: [T?]
    private var front = 0
    private var back: Int

    init(order: [Int]) {
        self.order = order
        slots = Array(repeating: nil, count: order.count)
        back = order.count
    }

    /// The next task not started, from the front of the order (or its back); nil when none is left.
    func take(first: Bool) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard front < back else { return nil }
        if first {
            front += 1
            return order[front - 1]
        }
        back -= 1
        return order[back]
    }

    func set(_ index: Int, _ value: T) {
        condition.lock()
        slots[index] = value
        condition.broadcast()
        condition.unlock()
    }

    /// Task `index`'s result, nil while it is not done.
    func result(_ index: Int) -> T? {
        condition.lock()
        defer { condition.unlock() }
        return slots[index]
    }

    /// Task `index`'s result, once it is done.
    func wait(_ index: Int) -> T {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value = slots[index] { return value }
            condition.wait()
        }
    }
}

/// Fixed slots that different threads fill, each slot written once by one thread.
final class SlotArray<T: Sendable>: @unchecked Sendable {
    // Safety (why unchecked is sound): each index is written by exactly one thread, and all slots are
    // read only after every writer is known to have finished (`concurrentPerform` returned, or the
    // `DispatchGroup` the writer left was waited on), which orders the writes before the reads. The
    // slots are a raw buffer rather than an array property, so writes to different slots from
    // different threads are not accesses to one Swift variable.
    private let buffer: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func set(_ index: Int, _ value: T) { buffer[index] = value }

    /// All values, in slot order (a slot never set is left out; callers set every slot).
    func values() -> [T] { buffer.compactMap { $0 } }
}

import Foundation
import Testing
@testable import LifeCircle

/// `Parallel.Ordered`: tasks started in the order given by background threads and from its other
/// end by a caller waiting, results taken in index order as each is ready.
@Suite struct ParallelOrderedTests {
    /// The task indices in the order they started, and whether each ran on the thread that made the record.
    final class Starts: @unchecked Sendable {
        // Safety: `list` and `onCaller` only under `lock`; `caller` is a constant.
        private var list: [Int] = []
        private var onCaller: Set<Int> = []
        private let lock = NSLock()
        private let caller = pthread_self()
        func add(_ i: Int) {
            let here = pthread_equal(pthread_self(), caller) != 0
            lock.lock()
            defer { lock.unlock() }
            list.append(i)
            if here { onCaller.insert(i) }
        }
        var all: [Int] {
            lock.lock()
            defer { lock.unlock() }
            return list
        }
        var ranOnCaller: Set<Int> {
            lock.lock()
            defer { lock.unlock() }
            return onCaller
        }
    }

    @Test(arguments: [0, 1, 2, 4])
    func resultsComeInIndexOrderEachComputedOnce(workers: Int) {
        let count = 40
        // Heaviest last in index order, so started first: they finish out of index order.
        let order = Array((0..<count).reversed())
        let starts = Starts()
        let work = Parallel.Ordered(count: count, workers: workers, order: order) { i in
            starts.add(i)
            usleep(UInt32(200 * (i % 7)))
            return i * i
        }
        // Taken in index order while the later ones may still run: each the value of its own index.
        let values = (0..<count).map { work.value($0) }
        #expect(values == (0..<count).map { $0 * $0 })
        let started = starts.all
        #expect(started.count == count && Set(started) == Set(0..<count))
        // With no thread of its own, the caller computes every task, from the back of the order.
        if workers == 0 { #expect(started == order.reversed() && starts.ranOnCaller.count == count) }
    }

    @Test func aCallerWaitingComputesTheTasksNotStartedFromTheBackOfTheOrder() {
        let starts = Starts()
        // The background thread takes task 0 first (the front of the order) and cannot finish it
        // before task 1 is done; the caller, waiting for 0, computes 3, 2 and 1 meanwhile (and 0
        // too if the thread starts late).
        let oneDone = DispatchSemaphore(value: 0)
        let work = Parallel.Ordered(count: 4, workers: 1, order: [0, 1, 2, 3]) { i in
            starts.add(i)
            if i == 0 { oneDone.wait() }
            if i == 1 { oneDone.signal() }
            return i
        }
        #expect(work.value(0) == 0)
        #expect((1...3).map { work.value($0) } == [1, 2, 3])
        #expect(starts.ranOnCaller.isSuperset(of: [1, 2, 3]))
        #expect(Array(starts.all.filter { $0 != 0 }) == [3, 2, 1])
    }

    @Test func droppingItWaitsForEveryTask() {
        let starts = Starts()
        do {
            // Task 0 is quick: its result comes while the others still run on the two threads.
            let work = Parallel.Ordered(count: 6, workers: 2, order: Array(0..<6)) { i in
                if i > 0 { usleep(20_000) }
                starts.add(i)
                return i
            }
            #expect(work.value(0) == 0)
        }
        // All six finished before the object went away (nothing still runs behind the caller's back).
        #expect(starts.all.count == 6)
    }
}

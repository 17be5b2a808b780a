import Foundation
import Testing
@testable import LifeCircle

/// `Once`: a value made by whichever thread asks first, the others waiting for that result.
@Suite struct OnceTests {
    /// Counts calls from many threads.
    final class Calls: @unchecked Sendable {
        // Safety: `n` only under `lock`.
        private var n = 0
        private let lock = NSLock()
        func add() -> Int {
            lock.lock()
            defer { lock.unlock() }
            n += 1
            return n
        }
        var count: Int {
            lock.lock()
            defer { lock.unlock() }
            return n
        }
    }

    @Test func manyThreadsAskingGetOneValueMadeOnce() throws {
        let once = Once<Int>()
        let calls = Calls()
        let got = Parallel.tasks(count: 64) { _ in
            (try? once.get {
                // Slow enough that the other threads ask while it is made.
                usleep(20_000)
                return 1000 + calls.add()
            }) ?? -1
        }
        #expect(calls.count == 1)
        #expect(got == [Int](repeating: 1001, count: 64))
    }

    @Test func makeIfWaitingMakesOnlyAnUnstartedValueAndGetReturnsIt() throws {
        let once = Once<String>()
        #expect(!once.isDone)
        #expect(once.makeIfWaiting { "first" })
        #expect(once.isDone)
        #expect(!once.makeIfWaiting { "second" })
        #expect(try once.get { "third" } == "first")
    }

    @Test func anErrorIsKeptForEveryoneAsking() {
        struct Failed: Error {}
        let once = Once<Int>()
        #expect(once.makeIfWaiting { throw Failed() })
        #expect(throws: Failed.self) { try once.get { 1 } }
        #expect(throws: Failed.self) { try once.get { 2 } }
    }
}

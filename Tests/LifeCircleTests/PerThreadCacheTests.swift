import Foundation
import Testing
@testable import LifeCircle

/// Per-thread GEOS contexts and PROJ transformers: listed process-wide while their thread lives
/// (so leak checkers see them as reachable at exit), freed when the thread ends.
@Suite struct PerThreadCacheTests {
    /// What a finished thread leaves: weak references to its objects and whether they were listed.
    final class Observed: @unchecked Sendable {
        // Safety: written by the thread before it signals `done`, read after the wait.
        weak var context: GeosContext?
        weak var transformer: CoordinateTransformer?
        var listedWhileAlive = false
        var sameOnSecondCall = false
        let done = DispatchSemaphore(value: 0)
    }

    @Test func aThreadsObjectsAreListedWhileItLivesAndFreedWhenItEnds() throws {
        let seen = Observed()
        Thread.detachNewThread {
            let context = try? GeosContext.current
            let transformer = try? CoordinateTransformer.forThisThread(from: "EPSG:4326", to: "EPSG:4549")
            seen.context = context
            seen.transformer = transformer
            seen.listedWhileAlive = context.map { PerThreadCache.keeps($0) } == true
                && transformer.map { PerThreadCache.keeps($0) } == true
            seen.sameOnSecondCall = context != nil && (try? GeosContext.current) === context
                && (try? CoordinateTransformer.forThisThread(from: "EPSG:4326", to: "EPSG:4549")) === transformer
            seen.done.signal()
        }
        seen.done.wait()
        #expect(seen.listedWhileAlive)
        #expect(seen.sameOnSecondCall)
        // The thread ends just after it signalled; its dictionary, and with it both objects, go then.
        let deadline = Date().addingTimeInterval(10)
        while (seen.context != nil || seen.transformer != nil) && Date() < deadline { usleep(10_000) }
        #expect(seen.context == nil, "the ended thread's GEOS context was not freed")
        #expect(seen.transformer == nil, "the ended thread's PROJ transformer was not freed")
    }

    @Test func aFailedMakeStoresNothingAndTheNextCallMakesOne() throws {
        struct Failure: Error {}
        let key = "test-\(UUID().uuidString)"
        var calls = 0
        #expect(throws: Failure.self) {
            _ = try PerThreadCache.value(forKey: key) { () throws -> GeosContext in
                calls += 1
                throw Failure()
            }
        }
        let made = try PerThreadCache.value(forKey: key) { calls += 1; return try GeosContext() }
        let again = try PerThreadCache.value(forKey: key) { calls += 1; return try GeosContext() }
        #expect(made === again)
        #expect(calls == 2)
        #expect(PerThreadCache.keeps(made))
        // PROJ's own failure goes through the same path.
        #expect(throws: LibraryError.self) {
            _ = try CoordinateTransformer.forThisThread(from: "EPSG:4326", to: "EPSG:999999")
        }
    }
}

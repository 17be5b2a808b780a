import Dispatch

/// Data-parallel helpers over index ranges (the machine has few cores; chunks keep overhead low).
enum Parallel {
    /// Computes `body(i)` for every `i` in `0..<count`, in parallel chunks, in index order.
    ///
    /// - Complexity: O(count) calls of `body`, spread over the available cores.
    static func map<T: Sendable>(count: Int, minimumChunk: Int = 1024, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let chunks = max(1, min(count / max(minimumChunk, 1), 64))
        if chunks == 1 { return (0..<count).map(body) }
        let parts = SlotArray<[T]>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            parts.set(c, (lo..<hi).map(body))
        }
        var out: [T] = []
        out.reserveCapacity(count)
        for part in parts.values() { out.append(contentsOf: part) }
        return out
    }

    /// Computes `body(i)` for every `i` in `0..<count`, each call a task of its own (for a few big jobs).
    ///
    /// - Complexity: O(count) calls of `body`, spread over the available cores.
    static func tasks<T: Sendable>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        if count == 1 { return [body(0)] }
        let slots = SlotArray<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.set(i, body(i)) }
        return slots.values()
    }
}

/// Fixed slots that different threads fill, each slot written once by one thread.
final class SlotArray<T: Sendable>: @unchecked Sendable {
    // Safety: each index is written by exactly one iteration of concurrentPerform, and read only after
    // concurrentPerform returned (which orders the writes before the reads).
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

    /// All values; every slot must have been set.
    func values() -> [T] { buffer.compactMap { $0 } }
}

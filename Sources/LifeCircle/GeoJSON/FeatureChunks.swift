import Foundation

/// The features array of a large FeatureCollection decoded in pieces on several threads, while
/// the reading thread stays the one authority on the result.
///
/// The array is cut every `chunkBytes` bytes at a place that looks like a feature boundary: a
/// `{` preceded by `,` and `}` (whitespace between them allowed). A worker decodes the features
/// from such a cut up to the next cut. The reader decodes as it always does, and each time it is
/// at the start of a feature whose offset is a cut, it takes that worker's features instead of
/// decoding them itself. A cut that is no boundary (the bytes `},{` inside a string, or between
/// two objects of one feature) is never at a feature start the reader reaches, so its worker's
/// result is ignored; a worker that meets an error gives nothing, and the reader decodes those
/// features itself, failing with the same error, feature index and byte offset as a plain read.
/// So the features and the errors are the same as decoding on one thread, whatever the input.
///
/// At most `lookahead` pieces are decoded ahead of the reader, which bounds the memory a
/// streaming read holds (`GeoJSONReader.forEachFeature`) to about `lookahead × chunkBytes` of text.
/// Used by the reading thread only; the workers touch nothing but their own decoder.
final class FeatureChunks {
    /// How to cut the features array.
    struct Policy: Sendable {
        /// Bytes of text per piece.
        var chunkBytes: Int
        /// Pieces decoded ahead of the reader at most.
        var lookahead: Int

        /// About 4 MB pieces, as many ahead as there are cores; nil on one core.
        static var automatic: Policy? {
            let cores = ProcessInfo.processInfo.activeProcessorCount
            return cores > 1 ? Policy(chunkBytes: 1 << 22, lookahead: cores) : nil
        }
    }

    /// The features a worker decoded from a cut, and where they end.
    struct Run: Sendable {
        var features: [Feature]
        /// The offset the reader continues at: the next cut (a feature's `{`), or just after the `]`
        /// that closes the array when `closesArray`.
        var end: Int
        var closesArray: Bool
    }

    private let text: SharedText
    private let policy: Policy
    /// The cuts found so far, ascending (offsets of a `{`).
    private var cuts: [Int] = []
    /// True once no further cut exists.
    private var cutsComplete = false
    /// Where the search for the next cut goes on.
    private var searchFrom: Int
    /// The workers started, by cut number.
    private var workers: [Int: Parallel.Background<Run?>] = [:]
    /// Workers whose cut the reader passed by: waited for in `finish()`, not before.
    private var retired: [Parallel.Background<Run?>] = []
    /// The next cut the reader can still reach.
    private var nextCut = 0

    /// Pieces for the features array whose first feature starts at or after `arrayStart`.
    init(scanner: JSONScanner, arrayStart: Int, policy: Policy) {
        text = SharedText(base: scanner.base, count: scanner.count, file: scanner.file)
        self.policy = policy
        searchFrom = arrayStart + policy.chunkBytes
        startWorkers()
    }

    deinit { finish() }

    /// Waits for every worker started (they read the caller's bytes, which must outlive them).
    func finish() {
        for (_, w) in workers { _ = w.wait() }
        for w in retired { _ = w.wait() }
        workers = [:]
        retired = []
    }

    /// The features decoded from the cut at `offset` when `offset` (the reader's position, at the
    /// start of a feature) is a cut whose worker succeeded; nil otherwise.
    func run(at offset: Int) -> Run? {
        while nextCut < cuts.count, cuts[nextCut] < offset {
            if let w = workers.removeValue(forKey: nextCut) { retired.append(w) }
            nextCut += 1
        }
        guard nextCut < cuts.count, cuts[nextCut] == offset else { return nil }
        let run = workers[nextCut]?.wait() ?? nil
        workers[nextCut] = nil
        nextCut += 1
        startWorkers()
        return run
    }

    /// Starts workers until `lookahead` are running ahead of the reader.
    private func startWorkers() {
        while true {
            let k = nextCut + workers.count
            guard workers.count < policy.lookahead, let start = cut(k) else { return }
            let stop = cut(k + 1) ?? Int.max
            let text = text
            workers[k] = Parallel.Background { text.decode(from: start, stop: stop) }
        }
    }

    /// Cut number `k`, found on demand; nil when there is none.
    private func cut(_ k: Int) -> Int? {
        while cuts.count <= k && !cutsComplete {
            if let c = text.boundary(from: searchFrom) {
                cuts.append(c)
                searchFrom = max(c + 1, searchFrom + policy.chunkBytes)
            } else {
                cutsComplete = true
            }
        }
        return k < cuts.count ? cuts[k] : nil
    }
}

/// The text a reader's workers decode: a pointer into memory the reader keeps alive (also
/// `NetworkLayerReader`'s).
struct SharedText: @unchecked Sendable {
    // Safety (why unchecked is sound): the bytes are only read, by every thread, and they outlive
    // the workers: `FeatureChunks.finish()` (also run by its deinit, before the reader's
    // `withScanner` closure returns) waits for every worker it started.
    let base: UnsafePointer<UInt8>
    let count: Int
    let file: String

    /// The first offset at or after `from` of a `{` preceded by `,` and `}` (whitespace allowed
    /// between them), or nil.
    ///
    /// - Complexity: O(bytes scanned).
    func boundary(from: Int) -> Int? {
        var i = max(from, 1)
        while i < count {
            guard let comma = index(of: UInt8(ascii: ","), from: i) else { return nil }
            var before = comma - 1
            while before > 0, Self.isSpace(base[before]) { before -= 1 }
            var after = comma + 1
            while after < count, Self.isSpace(base[after]) { after += 1 }
            if base[before] == UInt8(ascii: "}"), after < count, base[after] == UInt8(ascii: "{") { return after }
            i = comma + 1
        }
        return nil
    }

    private func index(of byte: UInt8, from: Int) -> Int? {
        guard from < count else { return nil }
        // memchr(3): a pointer to the first match, or NULL.
        guard let p = memchr(base + from, Int32(byte), count - from) else { return nil }
        return UnsafeRawPointer(p) - UnsafeRawPointer(base)
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// The features from `start` up to the feature starting at `stop`, or to the end of the array;
    /// nil on any error or when no feature starts at `stop` (then the reader decodes them).
    func decode(from start: Int, stop: Int) -> FeatureChunks.Run? {
        var scanner = JSONScanner(base: base, count: count, file: file)
        scanner.index = start
        var decoder = GeoJSONStreamDecoder(scanner: scanner)
        return decoder.featureRun(stop: stop)
    }
}

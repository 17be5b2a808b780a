import CLibDeflate
import Foundation

/// Reads OSM PBF files (<https://wiki.openstreetmap.org/wiki/PBF_Format>): a sequence of
/// BlobHeader/Blob pairs, raw or zlib-compressed, holding one HeaderBlock and PrimitiveBlocks.
///
/// Blobs are read one by one (the file is never held whole), inflated (libdeflate) and decoded in
/// batches on a background thread, largest blob first, and handed to the visitor in file order as
/// each is ready (so visiting overlaps decoding, and the output does not depend on scheduling); a
/// reader waiting for a blob decodes the batch's blobs not started yet itself meanwhile.
/// A `PBFBlobMap` from an earlier read lets a read skip blobs, and reuse the ones it kept inflated.
/// - Complexity: O(file size) time; memory O(batch size × block size).
enum PBFReader {
    /// Features this reader implements; a file requiring any other is rejected.
    static let supportedFeatures: Set<String> = ["OsmSchema-V0.6", "DenseNodes"]
    /// Spec limits: a BlobHeader < 64 KiB, an uncompressed Blob ≤ 32 MiB.
    static let maxHeaderSize = 64 * 1024
    static let maxBlobSize = 32 * 1024 * 1024
    /// Blobs decoded per parallel batch.
    static let batchSize = 8
    /// Background threads decoding each batch (the reader helping with the batch it visits).
    static let workers = 1

    /// One undecoded data blob, where its data starts in the file and where its length prefix does.
    struct RawBlob: Sendable {
        var fileOffset: Int
        var bytes: [UInt8]
        var start: Int
        /// The blob inflated already (kept by an earlier read in the `PBFBlobMap`); `bytes` is then empty.
        var inflated: [UInt8]? = nil
    }

    /// Reads `path`, calling `visitor` for each element of the kinds asked for, in file order.
    ///
    /// A complete `blobs` map of the same file (same size) limits the read to the data blobs that
    /// hold the element types of `kinds` (the counts returned then cover only those blobs); an
    /// incomplete one is filled by this read and marked complete when the read reaches the end.
    static func read<V: OSMVisitor>(
        path: String, kinds: OSMElementKinds, visitor: inout V, blobs: inout PBFBlobMap
    ) throws -> OSMElementCounts {
        let source = try OSMByteSource(path: path, gzip: false)
        let file = try InputFile.requireRegularState(path)
        var counts = OSMElementCounts()
        var batch: [RawBlob] = []
        var pending: PendingBatch?
        var history = RepeatedIDCheck()
        var sawHeader = false
        // The blobs to read when the map of a previous read applies; nil: every blob, recorded.
        var selected: [Int]?
        if blobs.isComplete, blobs.file == file {
            let wanted = UInt8(truncatingIfNeeded: kinds.rawValue) & PBFBlobMap.typeMask
            selected = blobs.entries.filter { $0.types & wanted != 0 }.map(\.start)
            sawHeader = true  // checked by the read that made the map
        } else {
            blobs = PBFBlobMap(file: file, keepingInflated: blobs.inflatedBudget)
        }
        var next = 0
        while !visitor.isDone {
            if let selected {
                guard next < selected.count else { break }
                let start = selected[next]
                next += 1
                if let kept = blobs.inflated(start: start) {
                    // Kept inflated by the read that made the map: nothing to read from the file.
                    batch.append(RawBlob(fileOffset: kept.fileOffset, bytes: [], start: start, inflated: kept.data))
                    if batch.count == batchSize {
                        try flush(
                            &batch, pending: &pending, path: path, kinds: kinds, counts: &counts, history: &history,
                            blobs: &blobs, record: false, visitor: &visitor)
                    }
                    continue
                }
                try source.seek(to: start)
            }
            let start = source.fileOffset
            var lengthBytes = [UInt8](repeating: 0, count: 4)
            let got = try lengthBytes.withUnsafeMutableBytes { try source.readFully($0) }
            if got == 0 { break }
            guard got == 4 else {
                throw InputError(file: path, byteOffset: start, message: "truncated PBF: the file ends inside a blob length")
            }
            let headerLength = Int(lengthBytes[0]) << 24 | Int(lengthBytes[1]) << 16 | Int(lengthBytes[2]) << 8 | Int(lengthBytes[3])
            guard headerLength > 0, headerLength < maxHeaderSize else {
                throw InputError(
                    file: path, byteOffset: start,
                    message: "not a valid PBF blob header length (\(headerLength)); the file is corrupt or not .osm.pbf")
            }
            var header = [UInt8](repeating: 0, count: headerLength)
            let gotHeader = try header.withUnsafeMutableBytes { try source.readFully($0) }
            guard gotHeader == headerLength else {
                throw InputError(file: path, byteOffset: start + 4, message: "truncated PBF: the file ends inside a blob header")
            }
            let (type, dataSize) = try parseBlobHeader(header, path: path, offset: start + 4)
            guard dataSize >= 0, dataSize <= maxBlobSize else {
                throw InputError(file: path, byteOffset: start + 4, message: "blob size \(dataSize) exceeds the PBF limit of 32 MiB")
            }
            let blobOffset = start + 4 + headerLength
            var blob = [UInt8](repeating: 0, count: dataSize)
            let gotBlob = try blob.withUnsafeMutableBytes { try source.readFully($0) }
            guard gotBlob == dataSize else {
                throw InputError(
                    file: path, byteOffset: blobOffset,
                    message: "truncated PBF: the file ends inside the \(type) blob (\(gotBlob) of \(dataSize) bytes)")
            }
            switch type {
            case "OSMHeader":
                let data = try decompress(blob, path: path, offset: blobOffset)
                try checkHeader(data, path: path, offset: blobOffset)
                sawHeader = true
            case "OSMData":
                guard sawHeader else {
                    throw InputError(file: path, byteOffset: start, message: "PBF data blob before the OSMHeader blob")
                }
                batch.append(RawBlob(fileOffset: blobOffset, bytes: blob, start: start))
                if batch.count == batchSize {
                    try flush(
                        &batch, pending: &pending, path: path, kinds: kinds, counts: &counts, history: &history,
                        blobs: &blobs, record: selected == nil, visitor: &visitor)
                }
            default:
                continue  // unknown blob types are skipped, as the format asks
            }
        }
        if visitor.isDone {
            batch.removeAll()
            pending = nil  // waits for the background work
            return counts
        }
        // A read of one blob in all (a later pass needing one blob) has nothing to overlap its
        // decoding with: it decodes it on this thread, sparing the hand-over to a worker thread.
        let inline = pending == nil && batch.count == 1
        for _ in 0..<2 {
            try flush(
                &batch, pending: &pending, path: path, kinds: kinds, counts: &counts, history: &history,
                blobs: &blobs, record: selected == nil, inline: inline, visitor: &visitor)
        }
        guard sawHeader else { throw InputError(file: path, byteOffset: 0, message: "empty PBF file: no OSMHeader blob") }
        if selected == nil { blobs.isComplete = true }
        return counts
    }

    /// Hands the blocks of the batch decoded before to the visitor, each as soon as it is decoded
    /// (decoding the ones not started yet meanwhile), while this batch starts decoding in the
    /// background, so decoding and visiting overlap; with `inline`, this batch is decoded on the
    /// calling thread first. A complete read (`record`) records each blob in `blobs`, and keeps it
    /// inflated there within its budget.
    private static func flush<V: OSMVisitor>(
        _ batch: inout [RawBlob], pending: inout PendingBatch?, path: String, kinds: OSMElementKinds,
        counts: inout OSMElementCounts, history: inout RepeatedIDCheck, blobs: inout PBFBlobMap, record: Bool,
        inline: Bool = false, visitor: inout V
    ) throws {
        // Inflated bytes come back from the decoding only while some of the budget is left.
        let keep = record && blobs.remainingBudget > 0
        let next = batch.isEmpty ? nil : PendingBatch(batch, path: path, kinds: kinds, inline: inline, keepInflated: keep)
        batch.removeAll(keepingCapacity: true)
        defer { pending = next }
        guard let current = pending else { return }
        for i in 0..<current.starts.count {
            let (block, inflated) = try current.block(i)
            let start = current.starts[i]
            if record { blobs.add(start: start, counts: block.counts) }
            // Later passes read the blobs holding nodes (their locations) or ways (member ways).
            if let inflated, block.counts.nodes + block.counts.ways > 0 {
                blobs.keep(start: start, fileOffset: current.fileOffsets[i], inflated: inflated)
            }
            counts.nodes += block.counts.nodes
            counts.ways += block.counts.ways
            counts.relations += block.counts.relations
            for n in block.nodes {
                try history.check(.node, n.id, path: path)
                try visitor.visit(node: n)
            }
            for w in block.ways {
                try history.check(.way, w.id, path: path)
                try visitor.visit(way: w)
            }
            for r in block.relations {
                try history.check(.relation, r.id, path: path)
                try visitor.visit(relation: r)
            }
        }
    }

    /// Refuses a history file whose header does not say so: one id handed over twice in a row
    /// (the versions of an object follow each other in history files).
    struct RepeatedIDCheck {
        private var last: [Int64?] = [nil, nil, nil]

        mutating func check(_ type: OSMElementType, _ id: Int64, path: String) throws {
            let k = type == .node ? 0 : type == .way ? 1 : 2
            if last[k] == id {
                throw InputError(file: path, message: XMLReader.historyFileMessage("\(type.rawValue) \(id) appears twice in a row"))
            }
            last[k] = id
        }
    }

    /// A batch of blobs being decoded in the background (by `workers` threads, the largest blob
    /// first), or decoded on the calling thread already (`inline`); `block(i)` waits for blob `i`
    /// only, decoding the blobs not started yet (smallest first) while it is not ready. Dropping it
    /// waits for the background work to finish.
    struct PendingBatch {
        /// A decoded block, with its blob's inflated bytes when they are to be kept.
        private typealias Decoded = Result<(PBFBlockDecoder.Block, [UInt8]?), any Error>
        private let work: Parallel.Ordered<Decoded>?
        private let decoded: [Decoded]
        /// Where each blob of the batch starts in the file (its length prefix), and its data.
        let starts: [Int]
        let fileOffsets: [Int]

        init(_ batch: [RawBlob], path: String, kinds: OSMElementKinds, inline: Bool, keepInflated: Bool) {
            starts = batch.map(\.start)
            fileOffsets = batch.map(\.fileOffset)
            let decode: @Sendable (Int) -> Decoded = { i in
                Result {
                    let data = try batch[i].inflated ?? decompress(batch[i].bytes, path: path, offset: batch[i].fileOffset)
                    let block = try PBFBlockDecoder.decode(data, kinds: kinds, path: path, blobOffset: batch[i].fileOffset)
                    return (block, keepInflated ? data : nil)
                }
            }
            if inline {
                work = nil
                decoded = batch.indices.map(decode)
            } else {
                // Largest first (ties in file order): a big blob started last would finish last alone.
                let size = batch.map { $0.inflated?.count ?? $0.bytes.count }
                let order = batch.indices.sorted { (size[$0], $1) > (size[$1], $0) }
                work = Parallel.Ordered(count: batch.count, workers: workers, order: order, decode)
                decoded = []
            }
        }

        /// Blob `i`'s block (and its inflated bytes when kept), once decoded.
        func block(_ i: Int) throws -> (PBFBlockDecoder.Block, [UInt8]?) {
            try (work?.value(i) ?? decoded[i]).get()
        }
    }

    /// BlobHeader: type (1), indexdata (2), datasize (3).
    private static func parseBlobHeader(_ bytes: [UInt8], path: String, offset: Int) throws -> (String, Int) {
        try bytes.withUnsafeBytes { raw in
            var r = ProtobufReader(raw)
            var type: String?
            var size: Int?
            do {
                while let (field, wire) = try r.fieldKey() {
                    switch (field, wire) {
                    case (1, 2): type = try r.string()
                    case (3, 0): size = Int(truncatingIfNeeded: try r.varint())
                    default: try r.skip(wire: wire)
                    }
                }
            } catch let error as ProtobufError {
                throw InputError(file: path, byteOffset: offset + error.offset, message: "corrupt blob header: \(error.message)")
            }
            guard let type, let size else {
                throw InputError(file: path, byteOffset: offset, message: "corrupt blob header: missing type or datasize")
            }
            return (type, size)
        }
    }

    /// Blob: raw (1), raw_size (2), zlib_data (3), lzma_data (4), bzip2 (5), lz4 (6), zstd (7).
    static func decompress(_ blob: [UInt8], path: String, offset: Int) throws -> [UInt8] {
        try blob.withUnsafeBytes { raw in
            var r = ProtobufReader(raw)
            var rawSize: Int?
            var zlibRange: Range<Int>?
            do {
                while let (field, wire) = try r.fieldKey() {
                    switch (field, wire) {
                    case (1, 2):
                        return Array(try r.bytes())
                    case (2, 0):
                        rawSize = Int(truncatingIfNeeded: try r.varint())
                    case (3, 2):
                        zlibRange = try r.lengthDelimited()
                    case (4, 2), (5, 2), (6, 2), (7, 2):
                        let name = [4: "lzma", 5: "bzip2", 6: "lz4", 7: "zstd"][field] ?? "unknown"
                        throw InputError(
                            file: path, byteOffset: offset,
                            message: "unsupported compression \(name) in PBF blob (only raw and zlib are supported)")
                    default:
                        try r.skip(wire: wire)
                    }
                }
            } catch let error as ProtobufError {
                throw InputError(file: path, byteOffset: offset + error.offset, message: "corrupt blob: \(error.message)")
            }
            guard let zlibRange else {
                throw InputError(file: path, byteOffset: offset, message: "corrupt blob: no data")
            }
            guard let rawSize, rawSize >= 0, rawSize <= maxBlobSize else {
                throw InputError(file: path, byteOffset: offset, message: "corrupt blob: missing or invalid raw_size")
            }
            let compressed = UnsafeRawBufferPointer(rebasing: raw[zlibRange])
            return try PBFInflater().inflate(compressed, rawSize: rawSize, path: path, offset: offset)
        }
    }

    /// HeaderBlock: bbox (1), required_features (4), optional_features (5), writingprogram (16).
    private static func checkHeader(_ data: [UInt8], path: String, offset: Int) throws {
        try data.withUnsafeBytes { raw in
            var r = ProtobufReader(raw)
            do {
                while let (field, wire) = try r.fieldKey() {
                    if field == 4, wire == 2 {
                        let feature = try r.string()
                        if feature == "HistoricalInformation" {
                            throw InputError(
                                file: path, byteOffset: offset,
                                message: XMLReader.historyFileMessage("its PBF header requires HistoricalInformation"))
                        }
                        guard supportedFeatures.contains(feature) else {
                            throw InputError(
                                file: path, byteOffset: offset,
                                message: "PBF requires feature \"\(feature)\", which this reader does not support")
                        }
                    } else {
                        try r.skip(wire: wire)
                    }
                }
            } catch let error as ProtobufError {
                throw InputError(file: path, byteOffset: offset, message: "corrupt PBF header block: \(error.message) (decompressed offset \(error.offset))")
            }
        }
    }
}

/// One libdeflate decompressor (about 10 KB of tables), freed with the object: whole-buffer zlib
/// inflate, as a PBF blob gives its inflated size up front.
///
/// Not thread-safe: one per thread (each blob decode makes its own).
final class PBFInflater {
    private let decompressor: OpaquePointer?

    init() {
        decompressor = libdeflate_alloc_decompressor()  // NULL only when out of memory
    }

    deinit {
        libdeflate_free_decompressor(decompressor)  // accepts NULL
    }

    /// Inflates the zlib stream `compressed` into exactly `rawSize` bytes.
    /// - Throws: `InputError` at `offset` of `path` when the data is corrupt or its inflated size
    ///   is not `rawSize`; `LibraryError` when the decompressor could not be allocated.
    func inflate(_ compressed: UnsafeRawBufferPointer, rawSize: Int, path: String, offset: Int) throws -> [UInt8] {
        guard let decompressor else {
            throw LibraryError(library: "libdeflate", operation: "libdeflate_alloc_decompressor", message: "out of memory")
        }
        var produced = 0
        var code = LIBDEFLATE_SUCCESS
        let out = [UInt8](unsafeUninitializedCapacity: rawSize) { dst, initialized in
            // A zero-length destination still needs an address: libdeflate then reports the size mismatch.
            guard let src = compressed.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                let dstBase = dst.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)
            else { return }
            code = libdeflate_zlib_decompress(decompressor, src, compressed.count, dstBase, rawSize, &produced)
            initialized = code == LIBDEFLATE_SUCCESS ? min(produced, rawSize) : 0
        }
        // LIBDEFLATE_SUCCESS 0 (with the actual size in `produced`); BAD_DATA: corrupt or truncated;
        // INSUFFICIENT_SPACE: more output than raw_size.
        guard code == LIBDEFLATE_SUCCESS, produced == rawSize else {
            let reason = code == LIBDEFLATE_BAD_DATA ? "corrupt zlib data"
                : code == LIBDEFLATE_SUCCESS || code == LIBDEFLATE_INSUFFICIENT_SPACE ? "zlib data does not match raw_size or is truncated"
                : "libdeflate error \(code.rawValue)"
            throw InputError(file: path, byteOffset: offset, message: "corrupt PBF blob: \(reason)")
        }
        return out
    }
}

/// The data blobs of a PBF file and the element types each holds, recorded by one complete read so
/// that later reads of the same file (the import's second and third passes) seek past the blobs
/// holding none of the types they ask for, instead of inflating and decoding them again. Within a
/// budget of bytes, the complete read also keeps the blobs holding nodes or ways inflated, so that
/// the later reads decode them without reading and inflating them again (a small extract's whole
/// data; the first blobs of a large one).
/// - Complexity: one entry (16 bytes) per blob, about 8,000 elements each, and the blobs kept.
package struct PBFBlobMap: Sendable {
    /// One data blob: where its length prefix starts, and its element types (bit 0 nodes, 1 ways,
    /// 2 relations: the raw values of `OSMElementKinds.nodes`, `.ways`, `.relations`).
    struct Entry: Sendable {
        var start: Int
        var types: UInt8
    }

    static let typeMask: UInt8 = 7
    private(set) var entries: [Entry] = []
    /// The state of the file the map was made from (a map of another file, or of the same file
    /// since written or replaced, is not used: its blobs kept inflated would be stale).
    private(set) var file: FileState?
    /// True once a read went through the whole file.
    var isComplete = false
    /// The most bytes of inflated blobs kept (0: none).
    let inflatedBudget: Int
    /// Blobs kept inflated, by where they start: where their data starts, and the data.
    private var kept: [Int: (fileOffset: Int, data: [UInt8])] = [:]
    private var keptBytes = 0

    /// An empty map, whose complete read keeps up to `keepingInflated` bytes of inflated blobs.
    package init(keepingInflated budget: Int = 0) {
        file = nil
        inflatedBudget = budget
    }

    init(file: FileState, keepingInflated budget: Int) {
        self.file = file
        inflatedBudget = budget
    }

    /// The bytes of inflated blobs that can still be kept.
    var remainingBudget: Int { inflatedBudget - keptBytes }

    /// Keeps the blob starting at `start` inflated, when it fits in the budget.
    mutating func keep(start: Int, fileOffset: Int, inflated: [UInt8]) {
        guard keptBytes + inflated.count <= inflatedBudget else { return }
        kept[start] = (fileOffset, inflated)
        keptBytes += inflated.count
    }

    /// The number of blobs kept inflated.
    var keptCount: Int { kept.count }

    /// The blob starting at `start`, if it was kept inflated.
    func inflated(start: Int) -> (fileOffset: Int, data: [UInt8])? { kept[start] }

    /// Drops the blobs kept inflated (the map still lets reads skip blobs).
    package mutating func dropInflated() {
        kept = [:]
        keptBytes = 0
    }

    mutating func add(start: Int, counts: OSMElementCounts) {
        let types: UInt8 = (counts.nodes > 0 ? 1 : 0) | (counts.ways > 0 ? 2 : 0) | (counts.relations > 0 ? 4 : 0)
        entries.append(Entry(start: start, types: types))
    }

    /// The number of data blobs holding any of the element types of `kinds`.
    func blobCount(holding kinds: OSMElementKinds) -> Int {
        let wanted = UInt8(truncatingIfNeeded: kinds.rawValue) & Self.typeMask
        return entries.count { $0.types & wanted != 0 }
    }
}

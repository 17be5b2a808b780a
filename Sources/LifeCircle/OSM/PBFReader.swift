import CZlib
import Foundation

/// Reads OSM PBF files (<https://wiki.openstreetmap.org/wiki/PBF_Format>): a sequence of
/// BlobHeader/Blob pairs, raw or zlib-compressed, holding one HeaderBlock and PrimitiveBlocks.
///
/// Blobs are read one by one (the file is never held whole), decoded in parallel batches on two
/// threads, and handed to the visitor in file order, so the output does not depend on scheduling.
/// - Complexity: O(file size) time; memory O(batch size × block size).
enum PBFReader {
    /// Features this reader implements; a file requiring any other is rejected.
    static let supportedFeatures: Set<String> = ["OsmSchema-V0.6", "DenseNodes"]
    /// Spec limits: a BlobHeader < 64 KiB, an uncompressed Blob ≤ 32 MiB.
    static let maxHeaderSize = 64 * 1024
    static let maxBlobSize = 32 * 1024 * 1024
    /// Blobs decoded per parallel batch.
    static let batchSize = 8
    static let workers = 2

    /// One undecoded data blob and where it starts in the file.
    struct RawBlob: Sendable {
        var fileOffset: Int
        var bytes: [UInt8]
    }

    /// Reads `path`, calling `visitor` for each element of the kinds asked for, in file order.
    static func read<V: OSMVisitor>(
        path: String, kinds: OSMElementKinds, visitor: inout V
    ) throws -> OSMElementCounts {
        let source = try OSMByteSource(path: path, gzip: false)
        var counts = OSMElementCounts()
        var batch: [RawBlob] = []
        var pending: PendingBatch?
        var history = RepeatedIDCheck()
        var sawHeader = false
        while !visitor.isDone {
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
                batch.append(RawBlob(fileOffset: blobOffset, bytes: blob))
                if batch.count == batchSize {
                    try flush(&batch, pending: &pending, path: path, kinds: kinds, counts: &counts, history: &history, visitor: &visitor)
                }
            default:
                continue  // unknown blob types are skipped, as the format asks
            }
        }
        if visitor.isDone {
            batch.removeAll()
            _ = try? pending?.wait()
            return counts
        }
        try flush(&batch, pending: &pending, path: path, kinds: kinds, counts: &counts, history: &history, visitor: &visitor)
        try flush(&batch, pending: &pending, path: path, kinds: kinds, counts: &counts, history: &history, visitor: &visitor)
        guard sawHeader else { throw InputError(file: path, byteOffset: 0, message: "empty PBF file: no OSMHeader blob") }
        return counts
    }

    /// Hands the blocks of the batch decoded before to the visitor while this batch decodes in
    /// the background (two threads), so decoding and visiting overlap.
    private static func flush<V: OSMVisitor>(
        _ batch: inout [RawBlob], pending: inout PendingBatch?, path: String, kinds: OSMElementKinds,
        counts: inout OSMElementCounts, history: inout RepeatedIDCheck, visitor: inout V
    ) throws {
        let next = batch.isEmpty ? nil : PendingBatch(batch, path: path, kinds: kinds)
        batch.removeAll(keepingCapacity: true)
        defer { pending = next }
        guard let current = pending else { return }
        do {
            for block in try current.wait() {
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
        } catch {
            _ = try? next?.wait()  // let the background work finish before unwinding
            throw error
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

    /// A batch of blobs being decoded in the background (by `workers` threads); `wait()` returns its
    /// blocks in order.
    struct PendingBatch {
        private let work: Parallel.Background<[Result<PBFBlockDecoder.Block, any Error>]>

        init(_ batch: [RawBlob], path: String, kinds: OSMElementKinds) {
            work = Parallel.Background {
                Parallel.tasks(count: batch.count, workers: workers) { i in
                    Result {
                        let data = try decompress(batch[i].bytes, path: path, offset: batch[i].fileOffset)
                        return try PBFBlockDecoder.decode(data, kinds: kinds, path: path, blobOffset: batch[i].fileOffset)
                    }
                }
            }
        }

        func wait() throws -> [PBFBlockDecoder.Block] {
            guard let results = work.wait() else { throw InputError(file: "", message: "internal: a PBF batch was not decoded") }
            return try results.map { try $0.get() }
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
            var out = [UInt8](repeating: 0, count: rawSize)
            var destLength = uLongf(rawSize)
            let code = out.withUnsafeMutableBytes { dst -> Int32 in
                guard let src = raw.baseAddress, let dstBase = dst.baseAddress ?? UnsafeMutableRawPointer(bitPattern: 1) else {
                    return Z_BUF_ERROR
                }
                return uncompress(
                    dstBase.assumingMemoryBound(to: Bytef.self), &destLength,
                    (src + zlibRange.lowerBound).assumingMemoryBound(to: Bytef.self), uLong(zlibRange.count))
            }
            // Z_OK 0; Z_BUF_ERROR: more output than raw_size or input cut short; Z_DATA_ERROR: corrupt.
            guard code == Z_OK, Int(destLength) == rawSize else {
                let reason = code == Z_DATA_ERROR ? "corrupt zlib data" : code == Z_BUF_ERROR ? "zlib data does not match raw_size or is truncated" : "zlib error \(code)"
                throw InputError(file: path, byteOffset: offset, message: "corrupt PBF blob: \(reason)")
            }
            return out
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

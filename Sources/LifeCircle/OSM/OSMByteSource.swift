import CBZip2
import CZlib
import Foundation

/// A sequential source of bytes read in chunks: a plain file, or a gzip or bzip2 stream
/// decompressed on the fly.
final class OSMByteSource {
    /// How the file's bytes are compressed.
    enum Compression: Sendable {
        case none, gzip, bzip2
    }

    private static let inputSize = 1 << 16
    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    private let compression: Compression
    private var stream = z_stream()
    private var bzStream = bz_stream()
    private var streamOpen = false
    /// True after a gzip member (or bzip2 stream) ended and before more input has been seen.
    private var memberEnded = false
    /// Compressed input buffer, owned by this object.
    private let input: UnsafeMutableRawPointer
    /// Bytes of the file consumed so far (compressed bytes for gzip and bzip2).
    private(set) var fileOffset = 0

    /// Opens `path`; `gzip` inflates it (gzip or zlib header, several members allowed).
    convenience init(path: String, gzip: Bool) throws {
        try self.init(path: path, compression: gzip ? .gzip : .none)
    }

    /// Opens `path`, decompressing it as `compression` says (gzip: gzip or zlib header, several
    /// members allowed; bzip2: several concatenated streams allowed, as pbzip2 writes them).
    init(path: String, compression: Compression) throws {
        // A FIFO would block fopen, a device never end: regular files only.
        try InputFile.requireRegular(path)
        guard let f = fopen(path, "rb") else {
            throw FileError(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        self.file = f
        self.path = path
        self.compression = compression
        self.input = UnsafeMutableRawPointer.allocate(byteCount: Self.inputSize, alignment: 16)
        if compression == .bzip2 {
            // verbosity 0, small 0 (the faster, larger-memory decompressor).
            let rc = BZ2_bzDecompressInit(&bzStream, 0, 0)
            guard rc == BZ_OK else {  // BZ_OK 0; BZ_CONFIG_ERROR, BZ_PARAM_ERROR or BZ_MEM_ERROR otherwise
                fclose(f)
                input.deallocate()
                throw LibraryError(library: "libbz2", operation: "BZ2_bzDecompressInit", message: "code \(rc)")
            }
            streamOpen = true
        }
        if compression == .gzip {
            // 15 + 32: maximum window, detect the gzip or zlib header automatically.
            let rc = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else {  // Z_OK 0; Z_MEM_ERROR or Z_VERSION_ERROR otherwise
                fclose(f)
                input.deallocate()
                throw LibraryError(library: "zlib", operation: "inflateInit2", message: "code \(rc)")
            }
            streamOpen = true
        }
    }

    deinit {
        if streamOpen {
            switch compression {
            case .gzip: inflateEnd(&stream)
            case .bzip2: BZ2_bzDecompressEnd(&bzStream)
            case .none: break
            }
        }
        input.deallocate()
        fclose(file)
    }

    /// Reads raw file bytes into `buffer`; returns how many (0 at end of file).
    private func readFile(_ base: UnsafeMutableRawPointer, _ count: Int) throws -> Int {
        guard count > 0 else { return 0 }
        let n = fread(base, 1, count, file)
        if n == 0, ferror(file) != 0 {
            throw FileError(path: path, message: "read error at byte \(fileOffset): \(String(cString: strerror(errno)))")
        }
        fileOffset += n
        return n
    }

    /// Reads exactly `buffer.count` raw file bytes, or fewer only at the end of the file.
    func readFully(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var total = 0
        while total < buffer.count {
            let n = try readFile(base + total, buffer.count - total)
            if n == 0 { break }
            total += n
        }
        return total
    }

    /// Moves to byte `offset` of an uncompressed file (for reads that skip what they do not need).
    func seek(to offset: Int) throws {
        // fseeko: 0 on success, -1 with errno otherwise.
        guard compression == .none, fseeko(file, off_t(offset), SEEK_SET) == 0 else {
            throw FileError(path: path, message: "cannot seek to byte \(offset): \(String(cString: strerror(errno)))")
        }
        fileOffset = offset
    }

    /// Reads up to `buffer.count` (decompressed) bytes; returns 0 only at the end of the data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        switch compression {
        case .none: return try readFully(buffer)
        case .bzip2: return try readBZip2(into: buffer)
        case .gzip: return try readGzip(into: buffer)
        }
    }

    /// Decompresses bzip2 data into `buffer`; returns 0 only at the end of the last stream.
    private func readBZip2(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let outBase = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let capacity = UInt32(clamping: buffer.count)
        bzStream.next_out = outBase.assumingMemoryBound(to: CChar.self)
        bzStream.avail_out = capacity
        while bzStream.avail_out == capacity {
            if bzStream.avail_in == 0 {
                let n = try readFile(input, Self.inputSize)
                if n == 0 {
                    if memberEnded { return 0 }
                    throw InputError(
                        file: path, byteOffset: fileOffset,
                        message: "truncated bzip2 data: the file ends inside the compressed stream (an interrupted download?)")
                }
                bzStream.next_in = input.assumingMemoryBound(to: CChar.self)
                bzStream.avail_in = UInt32(n)
            }
            if memberEnded {
                // More bytes follow a finished stream: another bzip2 stream starts here.
                let pendingIn = bzStream.next_in, pendingCount = bzStream.avail_in
                BZ2_bzDecompressEnd(&bzStream)
                bzStream = bz_stream()
                let rc = BZ2_bzDecompressInit(&bzStream, 0, 0)
                guard rc == BZ_OK else {  // BZ_OK 0
                    streamOpen = false
                    throw LibraryError(library: "libbz2", operation: "BZ2_bzDecompressInit", message: "code \(rc)")
                }
                bzStream.next_in = pendingIn
                bzStream.avail_in = pendingCount
                bzStream.next_out = outBase.assumingMemoryBound(to: CChar.self)
                bzStream.avail_out = capacity
                memberEnded = false
            }
            let code = BZ2_bzDecompress(&bzStream)
            switch code {
            case BZ_OK:  // progress made
                break
            case BZ_STREAM_END:  // one bzip2 stream complete
                memberEnded = true
                if bzStream.avail_out < capacity { return Int(capacity - bzStream.avail_out) }
            default:  // BZ_DATA_ERROR, BZ_DATA_ERROR_MAGIC, BZ_MEM_ERROR, BZ_PARAM_ERROR
                let at = fileOffset - Int(bzStream.avail_in)
                let reason = code == BZ_DATA_ERROR_MAGIC ? "not bzip2 data (bad magic)" : code == BZ_DATA_ERROR ? "corrupt bzip2 data" : "libbz2 error \(code)"
                throw InputError(file: path, byteOffset: at, message: reason)
            }
        }
        return Int(capacity - bzStream.avail_out)
    }

    /// Inflates gzip data into `buffer`; returns 0 only at the end of the last member.
    private func readGzip(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let outBase = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let capacity = UInt32(clamping: buffer.count)
        stream.next_out = outBase.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = capacity
        while stream.avail_out == capacity {
            if stream.avail_in == 0 {
                let n = try readFile(input, Self.inputSize)
                if n == 0 {
                    if memberEnded { return 0 }
                    throw InputError(
                        file: path, byteOffset: fileOffset,
                        message: "truncated gzip data: the file ends inside the compressed stream")
                }
                stream.next_in = input.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = UInt32(n)
            }
            if memberEnded {
                // More bytes follow a finished member: another gzip member starts here.
                inflateReset(&stream)
                memberEnded = false
            }
            let code = inflate(&stream, Z_NO_FLUSH)
            switch code {
            case Z_OK, Z_BUF_ERROR:  // progress made, or none possible until more input arrives
                break
            case Z_STREAM_END:  // one gzip member complete
                memberEnded = true
                if stream.avail_out < capacity { return Int(capacity - stream.avail_out) }
            default:  // Z_DATA_ERROR, Z_STREAM_ERROR, Z_MEM_ERROR, Z_NEED_DICT
                let message = stream.msg.map { String(cString: $0) } ?? "code \(code)"
                let at = fileOffset - Int(stream.avail_in)
                throw InputError(file: path, byteOffset: at, message: "corrupt gzip data: \(message)")
            }
        }
        return Int(capacity - stream.avail_out)
    }
}

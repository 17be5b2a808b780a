import CZlib
import Foundation

/// A sequential source of bytes read in chunks: a plain file, or a gzip stream inflated on the fly.
final class OSMByteSource {
    private static let inputSize = 1 << 16
    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    private let gzip: Bool
    private var stream = z_stream()
    private var streamOpen = false
    /// True after a gzip member ended and before more input has been seen.
    private var memberEnded = false
    /// Compressed input buffer (gzip only), owned by this object.
    private let input: UnsafeMutableRawPointer
    /// Bytes of the file consumed so far (compressed bytes for gzip).
    private(set) var fileOffset = 0

    /// Opens `path`; `gzip` inflates it (gzip or zlib header, several members allowed).
    init(path: String, gzip: Bool) throws {
        // A FIFO would block fopen, a device never end: regular files only.
        try InputFile.requireRegular(path)
        guard let f = fopen(path, "rb") else {
            throw FileError(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        self.file = f
        self.path = path
        self.gzip = gzip
        self.input = UnsafeMutableRawPointer.allocate(byteCount: Self.inputSize, alignment: 16)
        if gzip {
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
        if streamOpen { inflateEnd(&stream) }
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

    /// Reads up to `buffer.count` (decompressed) bytes; returns 0 only at the end of the data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard gzip else { return try readFully(buffer) }
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

import Foundation

/// The bytes of a file for a forward-reading decoder: mapped read-only (`mmap(2)`, `MAP_PRIVATE`)
/// when it is a non-empty regular file, else read into memory (empty files, or when mapping
/// fails). Anything but a regular file (a folder, FIFO or device) is refused before it is opened.
///
/// A mapping costs no copy, and its pages are clean and file-backed: the system may drop them
/// under memory pressure, and `discard(before:)` drops the ones the reader is done with, so only a
/// window of a file of any size stays resident. Mapped pages are read again from the file if
/// touched after a discard. A file truncated by another process while it is mapped can end this
/// process with SIGBUS; layer files are not expected to change while a run reads them.
final class MappedFile {
    /// The path as given, for messages.
    let path: String
    private let mapping: UnsafeMutableRawPointer?
    private let mappedCount: Int
    private let fallback: [UInt8]
    private let pageSize: Int
    /// Bytes `0..<discarded` of the mapping have been handed back to the system.
    private var discarded = 0

    /// Maps the file at `path`, or reads it when it cannot be mapped.
    /// - Throws: `FileError` when it is not a regular file (`InputFile.requireRegular`) or cannot
    ///   be read.
    init(path: String) throws {
        self.path = path
        try InputFile.requireRegular(path)
        pageSize = max(sysconf(Int32(_SC_PAGESIZE)), 4096)
        if let (p, n) = Self.map(path) {
            mapping = p
            mappedCount = n
            fallback = []
        } else {
            mapping = nil
            mappedCount = 0
            fallback = try GeoJSONReader.readBytes(path: path)
        }
    }

    deinit {
        // munmap(2): 0 on success; nothing to do on failure at this point.
        if let mapping { _ = munmap(mapping, mappedCount) }
    }

    /// The whole file mapped, or nil when it is not a non-empty regular file or mapping fails
    /// (then the caller reads it, which also produces the right error message).
    private static func map(_ path: String) -> (UnsafeMutableRawPointer, Int)? {
        var info = stat()
        // stat(2) before opening: opening a FIFO would wait for a writer.
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        // open(2): -1 on failure. O_NONBLOCK: a path that became a FIFO since the stat does not
        // block (fstat below rejects it); no effect on a regular file.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // fstat(2): 0 on success; the file opened is the one to map, whatever happened since.
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0,
            let size = Int(exactly: info.st_size)
        else { return nil }
        // mmap(2): the address, or MAP_FAILED ((void *) -1) on failure. The mapping outlives fd.
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != UnsafeMutableRawPointer(bitPattern: -1) else {
            return nil
        }
        // madvise(2) MADV_SEQUENTIAL: read ahead aggressively; a hint, failure is harmless.
        _ = madvise(p, size, MADV_SEQUENTIAL)
        return (p, size)
    }

    /// Runs `body` with a scanner over the file's bytes (an empty file gets a valid dummy pointer).
    func withScanner<T>(_ body: (inout JSONScanner) throws -> T) throws -> T {
        if let mapping {
            var scanner = JSONScanner(base: UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self)), count: mappedCount, file: path)
            return try body(&scanner)
        }
        return try JSONScanner.with(fallback, file: path, body)
    }

    /// Hands the pages wholly before byte `offset` back to the system (`madvise(MADV_DONTNEED)`);
    /// the reader must not need them again (if it does, they are read from the file again).
    /// - Complexity: O(1) system call per call.
    func discard(before offset: Int) {
        guard let mapping else { return }
        let end = min(offset, mappedCount) / pageSize * pageSize
        guard end > discarded else { return }
        // madvise(2) MADV_DONTNEED on a private read-only file mapping: the pages leave this
        // process and are faulted in from the file if touched again; 0 on success.
        _ = madvise(mapping + discarded, end - discarded, MADV_DONTNEED)
        discarded = end
    }
}

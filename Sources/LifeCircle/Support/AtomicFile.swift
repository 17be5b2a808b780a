import Foundation

/// Writes files atomically: the bytes go to a temporary sibling `.NAME.tmp-<pid>`, are flushed to
/// the disk with `fsync(2)`, and the temporary file is then renamed over the target, so a reader
/// (or the file system after a crash) sees either the old complete file or the new one.
///
/// A write that fails (a full disk, a file-size limit) removes its temporary file and leaves the
/// target as it was. A process killed mid-write cannot remove its own temporary file; the next
/// write of the same target removes such leftovers whose process is no longer running.
package enum AtomicFile {
    /// Writes `bytes` to `path` through a temporary sibling file and a rename.
    /// - Throws: `FileError` naming the path when the folder cannot be written or the disk is full.
    package static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write(raw: $0, to: path) }
    }

    /// Writes `string` as UTF-8 to `path` atomically.
    package static func write(_ string: String, to path: String) throws {
        try write(Array(string.utf8), to: path)
    }

    /// Writes `data` to `path` atomically.
    package static func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write(raw: $0, to: path) }
    }

    /// Writes `raw` to `path` atomically.
    static func write(raw: UnsafeRawBufferPointer, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).tmp-"
        let temp = folder.appendingPathComponent("\(prefix)\(getpid())").path
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: path, message: "could not create its folder: \(error.localizedDescription)")
        }
        removeStaleSiblings(in: folder.path, prefix: prefix)
        do throws(WriteFailure) {
            try writeFile(raw, to: temp, sync: true)
        } catch {
            unlink(temp)
            throw FileError(path: path, message: "could not write: \(error.reason)")
        }
        // rename(2) replaces the target atomically within one file system; 0 is success.
        if rename(temp, path) != 0 {
            let reason = describe(errno)
            unlink(temp)
            throw FileError(path: path, message: "could not replace the file: \(reason)")
        }
    }

    // MARK: - Shared with OutputFolder

    /// A failed system call while writing, with its reason in plain words.
    struct WriteFailure: Error {
        var reason: String
    }

    /// Creates (or truncates) the file at `path` and writes all of `raw`; with `sync`, flushes it
    /// to the disk with `fsync(2)` before closing, so a crash after a later rename cannot expose an
    /// empty file (without, the caller flushes it later, ``sync(_:)``).
    /// - Throws: `WriteFailure` with the reason (e.g. "no space left on the disk").
    static func writeFile(_ raw: UnsafeRawBufferPointer, to path: String, sync: Bool) throws(WriteFailure) {
        // open(2): a descriptor, or -1 with errno set. 0o666 is narrowed by the umask.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw WriteFailure(reason: describe(errno)) }
        var failure: Int32 = 0
        if let base = raw.baseAddress {
            var done = 0
            while done < raw.count {
                // write(2): bytes written (possibly fewer than asked), or -1 with errno set.
                let n = systemWrite(fd, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                done += n
            }
        }
        // fsync(2) and close(2): 0 on success; either can report a delayed write error.
        if failure == 0, sync, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0, errno != EINTR { failure = errno }
        if failure != 0 { throw WriteFailure(reason: describe(failure)) }
    }

    /// Flushes the file or folder at `path` to the disk (`fsync(2)` through a read-only
    /// descriptor: it flushes the file's data and metadata whichever descriptor wrote them).
    /// - Throws: `WriteFailure` with the reason (a delayed write error such as a full disk).
    static func sync(_ path: String) throws(WriteFailure) {
        // open(2): a descriptor, or -1 with errno set.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WriteFailure(reason: describe(errno)) }
        // fsync(2): 0 on success, -1 with errno set.
        let failure = fsync(fd) == 0 ? 0 : errno
        close(fd)
        if failure != 0 { throw WriteFailure(reason: describe(failure)) }
    }

    /// Removes siblings in `folder` named `prefix<pid>` whose process is no longer running: the
    /// temporary files or folders of writes that were killed. Leftovers of a running process
    /// (or one this process may not signal) are kept.
    /// - Complexity: O(entries in the folder).
    static func removeStaleSiblings(in folder: String, prefix: String) {
        guard let names = FolderEntries.names(in: folder, startingWith: prefix) else { return }
        let me = getpid()
        // Byte for byte and as a string: a combining mark after the prefix would otherwise shift
        // the count `dropFirst` skips.
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != me else { continue }
            // kill(2) with signal 0 only checks: -1 with ESRCH means no such process.
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    /// A system error number in plain words, naming the usual causes of a failed write.
    static func describe(_ code: Int32) -> String {
        switch code {
        case ENOSPC: return "no space left on the disk"
        case EFBIG: return "the file is too large (the file-size limit was reached)"
        case EDQUOT: return "the disk quota is exceeded"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case ENOENT: return "the folder does not exist"
        default:
            guard let c = strerror(code) else { return "system error \(code)" }
            return String(cString: c)
        }
    }
}

/// write(2), named apart from `AtomicFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

import Foundation

/// Writes a set of files as one folder, atomically: everything goes into a sibling temporary folder
/// `DIR.tmp-<pid>` (each file flushed with `fsync(2)`), which then takes the place of `DIR` in one
/// step (Linux `renameat2` with `RENAME_EXCHANGE`; elsewhere two renames through `DIR.old-<pid>`),
/// and the old folder is deleted. A run that fails part-way leaves the previous folder as it was
/// and no temporary folder behind; the leftovers of a killed run (whose process is gone) are
/// removed by the next write of the same folder.
public enum OutputFolder {
    /// Writes `files` into the folder `path`, replacing what it held.
    ///
    /// - Parameters:
    ///   - afterEachFile: Called after each file is written with its 1-based count and name (progress,
    ///     or a test's injected failure); an error it throws aborts the write like any other.
    /// - Throws: `FileError` naming the path when a file or folder cannot be written or renamed.
    /// - Complexity: O(total bytes).
    public static func write(_ files: [OutputFile], to path: String,
                             afterEachFile: ((Int, String) throws -> Void)? = nil) throws {
        let staging = try Staging(path: path)
        do {
            for (i, f) in files.enumerated() {
                try staging.add(f)
                try afterEachFile?(i + 1, f.name)
            }
            try staging.commit()
        } catch {
            staging.discard()
            throw error
        }
    }

    /// A folder being written: files go into `DIR.tmp-<pid>` as they are made (from any thread),
    /// so a large output never sits in memory as a whole; ``commit()`` puts the folder in place
    /// atomically, ``discard()`` drops it and leaves `DIR` as it was.
    public final class Staging: @unchecked Sendable {
        let target: URL
        let temp: URL
        let backup: URL
        private let lock = NSLock()
        private var names: Set<String> = []
        private var finished = false

        /// Starts writing the folder `path` (created with its parents when missing).
        /// - Throws: `FileError` when the temporary folder cannot be made.
        public init(path: String) throws {
            let fm = FileManager.default
            target = URL(fileURLWithPath: path).standardizedFileURL
            let parent = target.deletingLastPathComponent()
            let pid = getpid()
            temp = parent.appendingPathComponent("\(target.lastPathComponent).tmp-\(pid)")
            backup = parent.appendingPathComponent("\(target.lastPathComponent).old-\(pid)")
            do {
                try fm.createDirectory(at: parent, withIntermediateDirectories: true)
                try OutputFolder.recoverFromKilledRuns(target: target)
                if fm.fileExists(atPath: temp.path) { try fm.removeItem(at: temp) }
                try fm.createDirectory(at: temp, withIntermediateDirectories: true)
            } catch let error as FileError {
                throw error
            } catch {
                throw FileError(path: temp.path, message: "could not create the output folder: \(error.localizedDescription)")
            }
        }

        /// The number of files added so far.
        public var count: Int {
            lock.lock()
            defer { lock.unlock() }
            return names.count
        }

        /// Writes one file into the folder (flushed with `fsync(2)`). Thread-safe; each name once.
        /// - Throws: `FileError` naming the file when it cannot be written (e.g. the disk is full).
        public func add(_ f: OutputFile) throws {
            lock.lock()
            let fresh = !finished && names.insert(f.name).inserted
            lock.unlock()
            guard fresh else {
                throw FileError(path: target.appendingPathComponent(f.name).path, message: "written twice in one output folder")
            }
            let url = temp.appendingPathComponent(f.name)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw FileError(path: url.deletingLastPathComponent().path, message: "could not create the folder: \(error.localizedDescription)")
            }
            var failure: AtomicFile.WriteFailure?
            f.bytes.withUnsafeBytes { raw in
                do throws(AtomicFile.WriteFailure) { try AtomicFile.writeSynced(raw, to: url.path) } catch { failure = error }
            }
            if let failure {
                let shown = target.appendingPathComponent(f.name).path
                throw FileError(path: shown, message: "could not write: \(failure.reason); the folder \(target.path) is unchanged")
            }
        }

        /// Puts the written folder in the place of `DIR` in one step.
        /// - Throws: `FileError` when the swap fails (the temporary folder is then removed).
        public func commit() throws {
            lock.lock()
            finished = true
            lock.unlock()
            do {
                OutputFolder.syncFolder(temp.path)
                try OutputFolder.swap(temp: temp, target: target, backup: backup)
            } catch {
                discard()
                throw error
            }
        }

        /// Drops what was written; `DIR` stays as it was.
        public func discard() {
            lock.lock()
            finished = true
            lock.unlock()
            try? FileManager.default.removeItem(at: temp)
        }
    }

    /// Removes the temporary folders of killed runs writing `target` (`DIR.tmp-<pid>` of a process
    /// that is gone). A killed run that had moved the old folder aside (`DIR.old-<pid>`, only
    /// where the one-step exchange is missing) gets it moved back when `DIR` is missing.
    fileprivate static func recoverFromKilledRuns(target: URL) throws {
        let parent = target.deletingLastPathComponent().path
        let name = target.lastPathComponent
        AtomicFile.removeStaleSiblings(in: parent, prefix: "\(name).tmp-")
        let fm = FileManager.default
        if !fm.fileExists(atPath: target.path), let names = try? fm.contentsOfDirectory(atPath: parent) {
            let prefix = "\(name).old-"
            for old in names.sorted() where old.hasPrefix(prefix) {
                guard let pid = Int32(old.dropFirst(prefix.count)), pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
                // rename(2): 0 on success, -1 with errno set.
                if rename(parent + "/" + old, target.path) != 0 {
                    throw FileError(path: target.path, message: "could not restore the previous folder from \(old): \(AtomicFile.describe(errno))")
                }
                break
            }
        }
        AtomicFile.removeStaleSiblings(in: parent, prefix: "\(name).old-")
    }

    /// Puts `temp` in the place of `target`, keeping `target` until the new folder is in place.
    fileprivate static func swap(temp: URL, target: URL, backup: URL) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isFolder)
        if exists && !isFolder.boolValue {
            throw FileError(path: target.path, message: "exists and is not a folder")
        }
        if exists, exchange(temp.path, target.path) {
            // The old folder now sits at the temporary path; the caller's cleanup is not reached.
            try? fm.removeItem(at: temp)
            syncFolder(target.deletingLastPathComponent().path)
            return
        }
        if exists {
            if fm.fileExists(atPath: backup.path) { try? fm.removeItem(at: backup) }
            // rename(2): 0 on success, -1 with errno set.
            if rename(target.path, backup.path) != 0 {
                throw FileError(path: target.path, message: "could not move the old folder aside: \(AtomicFile.describe(errno))")
            }
        }
        if rename(temp.path, target.path) != 0 {
            let reason = AtomicFile.describe(errno)
            if exists { _ = rename(backup.path, target.path) }
            throw FileError(path: target.path, message: "could not move the new folder in place: \(reason)")
        }
        syncFolder(target.deletingLastPathComponent().path)
        if exists { try? fm.removeItem(at: backup) }
    }

    /// Swaps two existing paths in one step (Linux `renameat2(2)` with `RENAME_EXCHANGE`); false
    /// when the system or the file system cannot, and the caller falls back to two renames.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        // renameat2 is in glibc ≥ 2.28 but not in the Swift Glibc module; look it up by name.
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE in <linux/fs.h>
        // renameat2(2): 0 on success; -1 with EINVAL or ENOSYS where exchanging is unsupported.
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #else
        return false
        #endif
    }

    /// Flushes a folder's entries to the disk (`fsync(2)` on the folder); failures are ignored,
    /// since the data itself is already flushed and the rename is what makes it visible.
    fileprivate static func syncFolder(_ path: String) {
        // open(2): -1 on failure.
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

import Foundation

/// Writes a set of files as one folder, atomically and without losing a user's files.
///
/// Everything goes into a hidden sibling `.DIR.lifecircle-tmp-<pid>-<random>` (marked by an empty
/// `.lifecircle-incomplete` file while it is written). Each file is flushed with `fsync(2)` on a
/// background thread as soon as it is finished (``BackgroundFlush``; a file a writer streamed in
/// without handing it over, at commit), and the commit waits for every flush, the manifest's and
/// the folder's included, before the folder takes the place of `DIR` in one step (Linux
/// `renameat2` with `RENAME_EXCHANGE`; elsewhere two renames through
/// `.DIR.lifecircle-old-<pid>-<random>`); the old folder is then deleted.
///
/// Every folder written carries `lifecircle-manifest.json` (``OutputFolderManifest``) listing the
/// files written with their sizes and CRC-32s. A folder may be replaced only when it is missing,
/// empty, or carries a manifest whose files are unchanged; entries the manifest does not list (a
/// QGIS project saved beside the layers) are carried into the new folder. Everything else is
/// refused before anything is touched (``OutputFolderCheck``).
///
/// A run that fails part-way leaves the previous folder as it was and no temporary folder behind;
/// the leftovers of a killed run (whose process is gone) are removed by the next write of the same
/// folder, and only folders named and marked as LifeCircle's temporaries are.
package enum OutputFolder {
    /// The marker file in a temporary folder while it is being written.
    static let incompleteMarker = ".lifecircle-incomplete"

    /// Writes `files` into the folder `path`, replacing what LifeCircle wrote there before.
    ///
    /// - Parameters:
    ///   - inputs: The files (or folders) the run read: no output folder may hold or contain them.
    ///   - afterEachFile: Called after each file is written with its 1-based count and name (progress,
    ///     or a test's injected failure); an error it throws aborts the write like any other.
    /// - Throws: `FileError` naming the path when the folder is refused (see ``check(_:inputs:)``)
    ///   or a file or folder cannot be written or renamed.
    /// - Complexity: O(total bytes).
    package static func write(_ files: [OutputFile], to path: String, inputs: [String] = [],
                             afterEachFile: ((Int, String) throws -> Void)? = nil) throws {
        let staging = try Staging(path: path, inputs: inputs)
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

    /// Checks, without touching anything, that a run reading `inputs` may write the folder `path`:
    /// it is missing, empty, or a folder LifeCircle wrote whose files are unchanged; it is not a
    /// symbolic link or a file; it is not (and does not contain) the current folder, the home
    /// folder, `/` or a folder holding one of `inputs`. Commands call it before their slow work.
    ///
    /// - Throws: `FileError` naming the folder (or the changed file) and why it is refused.
    /// - Complexity: O(bytes of the files the folder's manifest lists).
    package static func check(_ path: String, inputs: [String] = []) throws {
        _ = try OutputFolderCheck.run(path: path, inputs: inputs)
    }

    /// A folder being written: files go into a hidden temporary sibling as they are made (from any
    /// thread), so a large output never sits in memory as a whole; ``commit()`` puts the folder in
    /// place atomically, ``discard()`` drops it and leaves `DIR` as it was.
    package final class Staging: @unchecked Sendable {
        // Safety (why unchecked is sound): the `let` properties never change after `init` (the
        // flusher is thread-safe itself); the mutable ones (`names`, `entries`, `finished`,
        // `flushedNames`) are read and written only while `lock` is held; each file's bytes go to
        // their own path, a name being claimed under the lock first.
        let target: URL
        let temp: URL
        let backup: URL
        let inputs: [String]
        /// The check made when the staging began: at the commit, files it found unchanged whose
        /// state (``FileState``) is the same are not read again.
        private let firstCheck: OutputFolderCheck
        /// Flushes each file finished, from when it is finished; the commit waits for it.
        private let flusher: BackgroundFlush
        private let lock = NSLock()
        private var names: Set<String> = []
        /// Size and CRC-32 of each file added (computed from its bytes while they are in memory).
        private var entries: [String: OutputFolderManifest.Entry] = [:]
        private var finished = false

        /// Starts writing the folder `path` (its parents are created when missing) for a run that
        /// reads `inputs`.
        /// - Throws: `FileError` when the folder is refused (``OutputFolder/check(_:inputs:)``) or
        ///   the temporary folder cannot be made.
        package convenience init(path: String, inputs: [String] = []) throws {
            try self.init(path: path, inputs: inputs, sync: nil)
        }

        /// As ``init(path:inputs:)``, each file and the folder flushed to the disk by `sync`
        /// (nil: `fsync(2)`, ``AtomicFile/sync(_:)``; a test records or fails it).
        init(path: String, inputs: [String], sync: BackgroundFlush.Sync?) throws {
            let fm = FileManager.default
            let checked = try OutputFolderCheck.run(path: path, inputs: inputs)
            firstCheck = checked
            self.inputs = inputs
            flusher = sync.map { BackgroundFlush(sync: $0) } ?? BackgroundFlush()
            target = checked.target
            let parent = target.deletingLastPathComponent()
            let pid = getpid()
            let tag = String(UInt32.random(in: 0 ... UInt32.max), radix: 16)
            let random = String(repeating: "0", count: 8 - tag.count) + tag
            temp = parent.appendingPathComponent(".\(target.lastPathComponent).lifecircle-tmp-\(pid)-\(random)")
            backup = parent.appendingPathComponent(".\(target.lastPathComponent).lifecircle-old-\(pid)-\(random)")
            do {
                try fm.createDirectory(at: parent, withIntermediateDirectories: true)
                try OutputFolder.recoverFromKilledRuns(target: target)
                try fm.createDirectory(at: temp, withIntermediateDirectories: false)
            } catch let error as FileError {
                throw error
            } catch {
                throw FileError(path: temp.path, message: "could not create the output folder: \(error.localizedDescription)")
            }
            // Empty, so that it is made even where no byte can be written (the error then names
            // the first output file). Not flushed: it holds no bytes, and its entry is removed
            // before the folder is flushed at commit.
            if let reason = OutputFolder.writeBytes([], to: temp.path + "/" + OutputFolder.incompleteMarker) {
                try? fm.removeItem(at: temp)
                throw FileError(path: temp.path, message: "could not create the output folder: \(reason)")
            }
        }

        /// The number of files added so far.
        package var count: Int {
            lock.lock()
            defer { lock.unlock() }
            return names.count
        }

        /// The temporary folder, for writers that stream a file into it themselves (the file is
        /// listed in the manifest at ``commit()`` like those given to ``add(_:)``; handed over with
        /// ``streamed(name:bytes:crc32:)`` it is not read back then, and is flushed at once).
        var folder: String { temp.path }

        /// Writes one file into the folder and starts flushing it to the disk in the background
        /// (``commit()`` waits for it). Thread-safe; each name once.
        /// - Throws: `FileError` naming the file when it cannot be written (e.g. the disk is full).
        package func add(_ f: OutputFile) throws {
            try f.bytes.withUnsafeBytes { try add(name: f.name, bytes: $0) }
        }

        /// Writes one file from bytes held elsewhere (a GeoPackage in GDAL's memory, not copied),
        /// as ``add(_:)``.
        func add(name: String, bytes raw: UnsafeRawBufferPointer) throws {
            try claim(name)
            let path = temp.path + "/" + name
            // A file in a subfolder (`maps/a.svg`) needs its folder made; the temporary folder
            // itself exists (checking it again cost a `stat` and a URL per file).
            if name.contains("/") {
                let folder = (path as NSString).deletingLastPathComponent
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw FileError(path: folder, message: "could not create the folder: \(error.localizedDescription)")
                }
            }
            var failure: AtomicFile.WriteFailure?
            do throws(AtomicFile.WriteFailure) { try AtomicFile.writeFile(raw, to: path, sync: false) } catch { failure = error }
            let entry = OutputFolderManifest.entry(name: name, bytes: raw)
            if let failure {
                let shown = target.appendingPathComponent(name).path
                throw FileError(path: shown, message: "could not write: \(failure.reason); the folder \(target.path) is unchanged")
            }
            lock.lock()
            entries[name] = entry
            lock.unlock()
            flusher.start(path)
        }

        /// Takes over the file `name` a writer streamed into ``folder`` itself and closed, with its
        /// size and CRC-32 counted while it was written: it is listed with them at ``commit()``
        /// (not read back) and flushed to the disk from now on, in the background. Thread-safe;
        /// each name once.
        /// - Throws: `FileError` naming the file when the name was written before.
        func streamed(name: String, bytes: Int, crc32: UInt32) throws {
            try claim(name)
            lock.lock()
            entries[name] = OutputFolderManifest.Entry(name: name, bytes: bytes, crc32: crc32)
            lock.unlock()
            flusher.start(temp.path + "/" + name)
        }

        /// Claims `name` for one file of the folder.
        /// - Throws: `FileError` when it was claimed before, is the manifest's or the marker's, or
        ///   the folder was committed or discarded.
        private func claim(_ name: String) throws {
            lock.lock()
            let fresh = !finished && name != OutputFolderManifest.fileName && name != OutputFolder.incompleteMarker
                && names.insert(name).inserted
            lock.unlock()
            guard fresh else {
                throw FileError(path: target.appendingPathComponent(name).path, message: "written twice in one output folder")
            }
        }

        private var flushedNames: [String] = []

        /// The files flushed to the disk before ``commit()`` swapped the folder in (relative paths in
        /// byte order, the manifest last).
        package var flushed: [String] {
            lock.lock()
            defer { lock.unlock() }
            return flushedNames
        }

        /// Puts the written folder in the place of `DIR` in one step: checks the folder again
        /// (it may have changed while the files were made; a listed file is read again only when
        /// its `stat(2)` differs from the first check's), writes the manifest, carries the
        /// user's entries over, flushes the files not flushed yet, the manifest and the folder to
        /// the disk together, waits for every flush started before, and swaps.
        /// - Throws: `FileError` when the folder is now refused, a user's entry has the name of a
        ///   file written, a file cannot be flushed, or the swap fails (the temporary folder is
        ///   then removed and `DIR` is as it was).
        package func commit() throws {
            lock.lock()
            finished = true
            let added = entries
            lock.unlock()
            do {
                let written = try OutputFolder.writtenFiles(in: temp.path)
                var listed: [OutputFolderManifest.Entry] = []
                for name in written {
                    if let e = added[name] {
                        listed.append(e)
                    } else {
                        listed.append(try OutputFolderManifest.entry(name: name, fileAt: temp.path + "/" + name))
                    }
                }
                let checked = try OutputFolderCheck.run(path: target.path, inputs: inputs, since: firstCheck)
                try OutputFolder.refuseClashes(kept: checked.kept, written: written, in: target.path)
                let manifest = OutputFolderManifest(listed).encoded()
                if let reason = OutputFolder.writeBytes(manifest, to: temp.path + "/" + OutputFolderManifest.fileName) {
                    throw FileError(path: target.appendingPathComponent(OutputFolderManifest.fileName).path,
                                    message: "could not write: \(reason); the folder \(target.path) is unchanged")
                }
                for k in checked.kept {
                    try OutputFolder.carry(target.path + "/" + k, to: temp.path + "/" + k, folder: target.path)
                }
                // The manifest now marks the folder as LifeCircle's; a kill from here on leaves a
                // temporary folder the next run recognises by it.
                unlink(temp.path + "/" + OutputFolder.incompleteMarker)
                // The user's entries carried over are theirs, flushed or not as they left them. The
                // files handed over are flushing already (starting them again does nothing); a
                // failure to flush the folder itself is ignored, as ``syncFolder(_:)`` does.
                let flush = written + [OutputFolderManifest.fileName]
                for name in flush { flusher.start(temp.path + "/" + name) }
                flusher.start(temp.path)
                let failures = flusher.wait()
                for name in flush {
                    if let reason = failures[temp.path + "/" + name] {
                        throw FileError(path: target.appendingPathComponent(name).path,
                                        message: "could not write: \(reason); the folder \(target.path) is unchanged")
                    }
                }
                lock.lock()
                flushedNames = flush
                lock.unlock()
                try OutputFolder.swap(temp: temp, target: target, backup: backup)
            } catch {
                discard()
                throw error
            }
        }

        /// Drops what was written (after the flushes under way, so no thread touches it after);
        /// `DIR` stays as it was.
        package func discard() {
            lock.lock()
            finished = true
            lock.unlock()
            _ = flusher.wait()
            try? FileManager.default.removeItem(at: temp)
        }
    }

    /// Writes `bytes` to `path` (flushed to the disk at commit); nil, or the reason it failed.
    fileprivate static func writeBytes(_ bytes: [UInt8], to path: String) -> String? {
        var failure: String?
        bytes.withUnsafeBytes { raw in
            do throws(AtomicFile.WriteFailure) { try AtomicFile.writeFile(raw, to: path, sync: false) } catch { failure = error.reason }
        }
        return failure
    }

    /// Calls `body` with 0 ..< `count` on up to 16 threads at once (each thread takes every 16th
    /// index) and returns when all are done. For system calls that wait on the disk, not the CPU
    /// (`fsync(2)`, `unlink(2)`): started together, the file system serves them in one or a few
    /// journal commits instead of one commit each in turn, so more threads than cores help.
    fileprivate static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let threads = min(16, count)
        let done = DispatchGroup()
        for t in 0 ..< threads {
            done.enter()
            Thread.detachNewThread {
                for i in stride(from: t, to: count, by: threads) { body(i) }
                done.leave()
            }
        }
        done.wait()
    }

    /// Removes the folder `path` and everything in it (a symbolic link itself, never what it points
    /// to), as `FileManager.removeItem` does, but with its files unlinked on ``onThreads(_:_:)``:
    /// one after the other, each unlink can wait for the file system's journal (4–8 ms each, seen
    /// on the shared ext4 disk), so replacing a folder of a few files took longer than writing it.
    /// Best effort: what cannot be removed stays, as with `try? removeItem`.
    /// - Complexity: O(entries).
    fileprivate static func removeFolder(_ path: String) {
        var files: [String] = []
        var folders = [path]
        var next = 0
        while next < folders.count {
            let folder = folders[next]
            next += 1
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names {
                let entry = folder + "/" + name
                var s = stat()
                // lstat(2): 0 on success; a link is looked at itself, not followed.
                guard lstat(entry, &s) == 0 else { continue }
                if (s.st_mode & S_IFMT) == S_IFDIR { folders.append(entry) } else { files.append(entry) }
            }
        }
        let unlinked = files
        onThreads(unlinked.count) { i in _ = unlink(unlinked[i]) }
        // Found breadth-first, so in reverse every folder comes after the folders inside it.
        for folder in folders.reversed() { _ = rmdir(folder) }
        if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The regular files under `folder` (relative paths, `/`-separated, in byte order), without the
    /// marker of an incomplete folder.
    fileprivate static func writtenFiles(in folder: String) throws -> [String] {
        var out: [String] = []
        func visit(_ relative: String) throws {
            let names = try OutputFolderCheck.names(in: folder, at: relative)
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                if path == incompleteMarker { continue }
                var s = stat()
                guard lstat(folder + "/" + path, &s) == 0 else { continue }
                if (s.st_mode & S_IFMT) == S_IFDIR { try visit(path) } else { out.append(path) }
            }
        }
        try visit("")
        return out.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Refuses when one of the user's entries has the name of a file written (or of a folder
    /// holding one), or lies inside a path written as a file.
    fileprivate static func refuseClashes(kept: [String], written: [String], in folder: String) throws {
        var taken: Set<String> = [OutputFolderManifest.fileName]
        var folders: Set<String> = []
        for name in written {
            taken.insert(name)
            var parts = name.split(separator: "/").dropLast()
            while !parts.isEmpty {
                folders.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        for k in kept {
            var ancestors = k.split(separator: "/").dropLast()
            var inside = false
            while !ancestors.isEmpty {
                if taken.contains(ancestors.joined(separator: "/")) { inside = true }
                ancestors = ancestors.dropLast()
            }
            if taken.contains(k) || folders.contains(k) || inside {
                throw FileError(
                    path: folder + "/" + k,
                    message: "is yours (not in \(OutputFolderManifest.fileName)) and this run writes a file of that name; "
                        + "lifecircle will not overwrite it: rename or move it, then run again (the folder is unchanged)")
            }
        }
    }

    /// Puts a user's entry `from` (file, folder or symbolic link) at `to` in the new folder: files
    /// as hard links (copied where a link cannot be made), folders rebuilt entry by entry, links
    /// recreated. The original stays where it is until the swap.
    fileprivate static func carry(_ from: String, to: String, folder: String) throws {
        let fm = FileManager.default
        let fail = { (why: String) in
            FileError(path: from, message: "could not be kept in the new output folder: \(why); the folder \(folder) is unchanged")
        }
        do {
            try fm.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw fail(error.localizedDescription)
        }
        var s = stat()
        // lstat(2): 0 on success, -1 with errno set.
        guard lstat(from, &s) == 0 else { throw fail(AtomicFile.describe(errno)) }
        switch s.st_mode & S_IFMT {
        case S_IFDIR:
            // mkdir(2): 0 on success, -1 with errno set.
            guard mkdir(to, s.st_mode & 0o7777) == 0 else { throw fail(AtomicFile.describe(errno)) }
            let names: [String]
            do { names = try fm.contentsOfDirectory(atPath: from) } catch { throw fail(error.localizedDescription) }
            for name in names.sorted() { try carry(from + "/" + name, to: to + "/" + name, folder: folder) }
        default:
            // link(2) (a symbolic link is linked itself, not followed): 0 on success; -1 where hard
            // links are not possible, and then a file is copied and a symbolic link recreated.
            if link(from, to) == 0 { return }
            switch s.st_mode & S_IFMT {
            case S_IFREG:
                do { try fm.copyItem(atPath: from, toPath: to) } catch { throw fail(error.localizedDescription) }
            case S_IFLNK:
                do {
                    try fm.createSymbolicLink(atPath: to, withDestinationPath: try fm.destinationOfSymbolicLink(atPath: from))
                } catch {
                    throw fail(error.localizedDescription)
                }
            default:
                throw fail("it is neither a file, a folder nor a symbolic link, and cannot be linked (\(AtomicFile.describe(errno)))")
            }
        }
    }

    /// Removes what killed runs writing `target` left beside it: the hidden
    /// `.DIR.lifecircle-tmp-<pid>-<random>` and `.DIR.lifecircle-old-<pid>-<random>` folders of a
    /// process that is gone, and only those that carry the marker of an incomplete folder, a
    /// manifest, or nothing. A killed run that had moved the old folder aside (only where the
    /// one-step exchange is missing) gets it moved back when `DIR` is missing. Other names near
    /// `DIR` (a user's `DIR.old-2023`) are never touched.
    fileprivate static func recoverFromKilledRuns(target: URL) throws {
        let parent = target.deletingLastPathComponent().path
        let name = target.lastPathComponent
        let common = ".\(name).lifecircle-"
        guard let names = FolderEntries.names(in: parent, startingWith: common) else { return }
        var leftovers: [(name: String, old: Bool)] = []
        for entry in names.sorted() {
            for (kind, old) in [("tmp", false), ("old", true)] {
                let prefix = common + kind + "-"
                guard entry.hasPrefix(prefix) else { continue }
                let rest = entry.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
                guard rest.count == 2, rest[1].count == 8, UInt32(rest[1], radix: 16) != nil,
                      let pid = Int32(rest[0]), pid > 0, pid != getpid() else { continue }
                // kill(2) with signal 0 only checks: -1 with ESRCH means no such process.
                guard kill(pid, 0) != 0, errno == ESRCH else { continue }
                let path = parent + "/" + entry
                var s = stat()
                guard lstat(path, &s) == 0, (s.st_mode & S_IFMT) == S_IFDIR,
                      let inside = try? FileManager.default.contentsOfDirectory(atPath: path),
                      inside.isEmpty || inside.contains(incompleteMarker) || inside.contains(OutputFolderManifest.fileName)
                else { continue }
                leftovers.append((entry, old))
            }
        }
        var restored: String?
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder), let old = leftovers.first(where: { $0.old }) {
            // rename(2): 0 on success, -1 with errno set.
            if rename(parent + "/" + old.name, target.path) != 0 {
                throw FileError(path: target.path, message: "could not restore the previous folder from \(old.name): \(AtomicFile.describe(errno))")
            }
            restored = old.name
        }
        for l in leftovers where l.name != restored {
            try? FileManager.default.removeItem(atPath: parent + "/" + l.name)
        }
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
            removeFolder(temp.path, whileSyncing: target.deletingLastPathComponent().path)
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
        if exists {
            removeFolder(backup.path, whileSyncing: target.deletingLastPathComponent().path)
        } else {
            syncFolder(target.deletingLastPathComponent().path)
        }
    }

    /// Removes the replaced folder `old` (``removeFolder(_:)``) while the swap is flushed to the
    /// disk (``syncFolder(_:)`` of `parent`, on a background thread), so the two waits for the
    /// disk overlap; returns when both are done.
    private static func removeFolder(_ old: String, whileSyncing parent: String) {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            syncFolder(parent)
            done.signal()
        }
        removeFolder(old)
        done.wait()
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

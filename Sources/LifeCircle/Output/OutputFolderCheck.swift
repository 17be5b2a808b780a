import Foundation

/// Whether a run may replace an output folder, and what of it must be kept.
///
/// A folder may be replaced when it does not exist, is empty, or carries the
/// `lifecircle-manifest.json` of an earlier run whose listed files are unchanged. Entries the
/// manifest does not list are the user's: they are carried into the new folder. Refused, with
/// nothing touched: a path that is a symbolic link or a file; a non-empty folder without a
/// manifest; a folder whose listed files were changed; the current folder, the home folder, `/`,
/// a folder holding one of the run's inputs, and every folder containing one of those; a folder
/// whose parent cannot be written.
struct OutputFolderCheck: Sendable {
    /// The folder, absolute, with `.` and `..` removed (symbolic links in its parents kept).
    let target: URL
    /// Whether the folder exists now.
    let exists: Bool
    /// The user's entries in the folder (relative paths, `/`-separated, in byte order): files and
    /// folders the manifest does not list, to be carried into the new folder.
    let kept: [String]
    /// The listed files this check read to compare their CRC-32 with the manifest (the others were
    /// missing, or unchanged since the `earlier` check by their ``FileState``).
    let read: [String]
    /// What this check found of a folder with a manifest, for a later check of the same folder
    /// (nil when the folder is missing or empty, or its file system's states are not trusted).
    var seen: Seen?

    /// The folder, its manifest and its listed files as a check found them, unchanged.
    struct Seen: Sendable {
        var folder: FileState
        var manifestFile: FileState
        var manifest: OutputFolderManifest
        /// Each listed file found (and found unchanged), by name; a missing file is not here.
        var files: [String: FileState]
        /// The file systems' clock (``FileState/clock()``) just before the check looked at the folder.
        var since: timespec
    }

    /// Checks the folder `path` for a run that reads `inputs` (files, or folders such as the plan's).
    ///
    /// With `earlier`, a check of the same folder made before (the staging's first, at its commit),
    /// a listed file whose ``FileState`` is what `earlier` saw, settled, is not read again: the
    /// folder is refused for the same changes, at the cost of a `stat(2)` per file instead of a
    /// read of all its bytes. Everything else (the folder's place, its parent, the user's entries)
    /// is checked again in full.
    ///
    /// - Throws: `FileError` naming the folder (or the changed file) and why it is refused.
    /// - Complexity: O(bytes of the files the manifest lists), each read once for its CRC-32;
    ///   O(files listed) for the files unchanged since `earlier`.
    static func run(path: String, inputs: [String], since earlier: OutputFolderCheck? = nil) throws -> OutputFolderCheck {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard !trimmed.isEmpty else { throw FileError(path: path, message: "is not a folder name") }
        let target = URL(fileURLWithPath: trimmed).standardizedFileURL
        let shown = trimmed
        func refuse(_ why: String) -> FileError {
            FileError(path: shown, message: "lifecircle will not write its output folder here: \(why)")
        }

        var info = stat()
        let exists: Bool
        // lstat(2): 0 on success (a link itself is described, not followed), -1 with errno set.
        if lstat(target.path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: exists = true
            case S_IFLNK: throw refuse("it is a symbolic link (give the folder it points to, or a new folder)")
            default: throw refuse("it is a file, not a folder")
            }
        } else if errno == ENOENT || errno == ENOTDIR {
            exists = false
        } else {
            throw refuse("it cannot be examined: \(AtomicFile.describe(errno))")
        }

        let real = Self.resolved(target.path)
        for (folder, what) in protectedFolders(inputs: inputs) {
            if real == folder {
                throw refuse("it is \(what)")
            }
            if real == "/" || folder.hasPrefix(real + "/") {
                throw refuse("it contains \(what)")
            }
        }
        // The new folder is made beside the old one: the nearest existing parent must be a
        // writable folder, or the run would fail only at its end.
        var parent = target.deletingLastPathComponent()
        var parentInfo = stat()
        // stat(2): 0 on success, -1 with errno set (ENOENT or ENOTDIR: missing).
        while stat(parent.path, &parentInfo) != 0, errno == ENOENT || errno == ENOTDIR, parent.path != "/" {
            parent = parent.deletingLastPathComponent()
        }
        if stat(parent.path, &parentInfo) != 0 || (parentInfo.st_mode & S_IFMT) != S_IFDIR {
            throw refuse("it cannot be made: \(parent.path) is not a folder")
        }
        // access(2): 0 when this process may create entries in the folder.
        if access(parent.path, W_OK | X_OK) != 0 {
            throw refuse("it cannot be written: \(parent.path): \(AtomicFile.describe(errno))")
        }
        guard exists else { return OutputFolderCheck(target: target, exists: false, kept: [], read: []) }

        let folder = target.path
        // Read before any state is taken, so every change made after it gets a later ctime.
        let since = FileState.clock()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw refuse("it cannot be listed: \(error.localizedDescription)")
        }
        if names.isEmpty { return OutputFolderCheck(target: target, exists: true, kept: [], read: []) }
        let manifestPath = folder + "/" + OutputFolderManifest.fileName
        var manifestInfo = stat()
        guard lstat(manifestPath, &manifestInfo) == 0, (manifestInfo.st_mode & S_IFMT) == S_IFREG else {
            throw refuse("it is not empty and has no \(OutputFolderManifest.fileName), so lifecircle did not write it "
                         + "(lifecircle replaces only folders it wrote; give a new or empty folder, or move the files away)")
        }
        let folderState = FileState(info)
        // A folder on the device of an earlier check's trusted one is on the same file system.
        let trusted = earlier?.seen?.folder.device == folderState.device || FileState.isTrusted(folder: folder)
        let manifestState = FileState(manifestInfo)
        // The earlier check's findings hold only for the same folder with the same manifest file.
        let prior = earlier?.seen.flatMap { seen in
            trusted && seen.folder == folderState && seen.manifestFile == manifestState
                && manifestState.isSettled(before: seen.since) ? seen : nil
        }
        let manifest = try prior?.manifest ?? OutputFolderManifest.read(folder: folder)

        var changed: [String] = []
        var read: [String] = []
        var states: [String: FileState] = [:]
        for e in manifest.entries {
            let file = folder + "/" + e.name
            var s = stat()
            guard lstat(file, &s) == 0 else { continue }  // deleted since: nothing to keep
            let state = FileState(s)
            states[e.name] = state
            if let prior, prior.files[e.name] == state, state.isSettled(before: prior.since) { continue }
            let isFile = (s.st_mode & S_IFMT) == S_IFREG
            if isFile, Int(s.st_size) == e.bytes { read.append(e.name) }
            if !isFile || Int(s.st_size) != e.bytes || (try? OutputFolderManifest.entry(name: e.name, fileAt: file)) != e {
                changed.append(e.name)
            }
        }
        if !changed.isEmpty {
            let list = changed.prefix(10).joined(separator: ", ") + (changed.count > 10 ? " and \(changed.count - 10) more" : "")
            throw FileError(
                path: folder + "/" + changed[0],
                message: "changed since lifecircle wrote it (size or CRC-32 differ from \(OutputFolderManifest.fileName)); "
                    + "lifecircle will not replace \(folder) and lose the change: move the changed file\(changed.count > 1 ? "s" : "") "
                    + "(\(list)) out of the folder, or give another output folder")
        }
        let seen = trusted ? Seen(folder: folderState, manifestFile: manifestState, manifest: manifest, files: states, since: since) : nil
        return OutputFolderCheck(target: target, exists: true, kept: try Self.userEntries(folder, manifest: manifest), read: read, seen: seen)
    }

    /// The folders no output may be or contain, each with what it is in plain words.
    private static func protectedFolders(inputs: [String]) -> [(String, String)] {
        var out: [(String, String)] = [("/", "the root folder")]
        let current = resolved(FileManager.default.currentDirectoryPath)
        out.append((current, "the current folder (\(current))"))
        // getenv(3), not `ProcessInfo.environment`, which copies every variable into a dictionary.
        if let value = getenv("HOME"), case let home = String(cString: value), !home.isEmpty {
            out.append((resolved(home), "the home folder (\(home))"))
        }
        for input in inputs where !input.isEmpty {
            let url = URL(fileURLWithPath: input).standardizedFileURL
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                out.append((resolved(url.path), "the folder \(input), which this run reads"))
            } else {
                out.append((resolved(url.deletingLastPathComponent().path), "the folder holding \(input), which this run reads"))
            }
        }
        return out
    }

    /// The names of the entries of `folder` + `/` + `relative` (of `folder` itself when `relative`
    /// is empty), in the order the file system gives.
    /// - Throws: `FileError` naming the folder when it cannot be listed.
    static func names(in folder: String, at relative: String) throws -> [String] {
        let here = relative.isEmpty ? folder : folder + "/" + relative
        do {
            return try FileManager.default.contentsOfDirectory(atPath: here)
        } catch {
            throw FileError(path: here, message: "cannot be listed: \(error.localizedDescription)")
        }
    }

    /// The entries of `folder` the manifest does not list: whole files and folders, except that a
    /// folder holding listed files is looked into.
    private static func userEntries(_ folder: String, manifest: OutputFolderManifest) throws -> [String] {
        let listed = manifest.names
        var listedFolders: Set<String> = []
        for name in listed {
            var parts = name.split(separator: "/").dropLast()
            while !parts.isEmpty {
                listedFolders.insert(parts.joined(separator: "/"))
                parts = parts.dropLast()
            }
        }
        var kept: [String] = []
        func visit(_ relative: String) throws {
            let names = try Self.names(in: folder, at: relative)
            for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                let path = relative.isEmpty ? name : relative + "/" + name
                if path == OutputFolderManifest.fileName || listed.contains(path) { continue }
                var s = stat()
                if listedFolders.contains(path), lstat(folder + "/" + path, &s) == 0, (s.st_mode & S_IFMT) == S_IFDIR {
                    try visit(path)
                } else {
                    kept.append(path)
                }
            }
        }
        try visit("")
        return kept
    }

    /// `path` made absolute with every symbolic link resolved (`realpath(3)` of the nearest
    /// existing folder, the missing rest appended).
    static func resolved(_ path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while true {
            if let r = realpath(url.path, nil) {
                defer { free(r) }
                var base = String(cString: r)
                for part in rest.reversed() { base = base == "/" ? "/" + part : base + "/" + part }
                return base
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return path }
            rest.append(url.lastPathComponent)
            url = parent
        }
    }
}

import Foundation

/// Writes a set of files as one folder, atomically: everything goes into a sibling temporary folder
/// `DIR.tmp-<pid>`, which then replaces `DIR` by renames (old `DIR` → `DIR.old-<pid>`, temporary →
/// `DIR`, backup deleted). A run that fails part-way leaves the previous folder as it was and no
/// temporary folder behind.
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
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let temp = parent.appendingPathComponent("\(target.lastPathComponent).tmp-\(pid)")
        let backup = parent.appendingPathComponent("\(target.lastPathComponent).old-\(pid)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            if fm.fileExists(atPath: temp.path) { try fm.removeItem(at: temp) }
            try fm.createDirectory(at: temp, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: temp.path, message: "could not create the output folder: \(error.localizedDescription)")
        }
        do {
            for (i, f) in files.enumerated() {
                let url = temp.appendingPathComponent(f.name)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                do {
                    try Data(f.bytes).write(to: url)
                } catch {
                    throw FileError(path: url.path, message: "could not write: \(error.localizedDescription)")
                }
                try afterEachFile?(i + 1, f.name)
            }
            try swap(temp: temp, target: target, backup: backup)
        } catch {
            try? fm.removeItem(at: temp)
            throw error
        }
    }

    /// Puts `temp` in the place of `target`, keeping `target` until the new folder is in place.
    private static func swap(temp: URL, target: URL, backup: URL) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isFolder)
        if exists && !isFolder.boolValue {
            throw FileError(path: target.path, message: "exists and is not a folder")
        }
        if exists {
            if fm.fileExists(atPath: backup.path) { try? fm.removeItem(at: backup) }
            // rename(2): 0 on success, -1 with errno set.
            if rename(target.path, backup.path) != 0 {
                throw FileError(path: target.path, message: "could not move the old folder aside: \(String(cString: strerror(errno)))")
            }
        }
        if rename(temp.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            if exists { _ = rename(backup.path, target.path) }
            throw FileError(path: target.path, message: "could not move the new folder in place: \(reason)")
        }
        if exists { try? fm.removeItem(at: backup) }
    }
}

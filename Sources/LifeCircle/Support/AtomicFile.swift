import Foundation

/// Writes files atomically: the bytes go to a temporary file in the same folder, which is then
/// renamed over the target, so a reader sees either the old complete file or the new one.
public enum AtomicFile {
    /// Writes `bytes` to `path` through a temporary sibling file and a rename.
    /// - Throws: `FileError` naming the path when the folder cannot be written or the disk is full.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(Data(bytes), to: path)
    }

    /// Writes `string` as UTF-8 to `path` atomically.
    public static func write(_ string: String, to path: String) throws {
        try write(Data(string.utf8), to: path)
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temp, options: [])
            // rename(2) replaces the target atomically within one file system; 0 is success.
            if rename(temp.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                throw FileError(path: path, message: "could not replace the file: \(reason)")
            }
        } catch let error as FileError {
            try? FileManager.default.removeItem(at: temp)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw FileError(path: path, message: "could not write: \(error.localizedDescription)")
        }
    }
}

import Foundation

/// The checks made on an input file before it is opened: only regular files are read.
///
/// A folder cannot be read as a file; a FIFO blocks `open(2)` until a writer comes (and then is
/// read until the writer stops); a character device such as `/dev/zero` never ends. So every
/// input path is `stat(2)`ed first (following symbolic links) and anything but a regular file is
/// refused with an error naming it, before it is opened.
package enum InputFile {
    /// The largest plan.json read (a plan is a few kilobytes; anything this large is the wrong file).
    package static let maxPlanBytes = 4 << 20

    /// The size of the regular file at `path`, after checking that it is one.
    /// - Throws: `FileError` naming `path` when it does not exist, cannot be examined, or is a
    ///   folder, FIFO, device or socket.
    /// - Complexity: one `stat(2)`.
    @discardableResult
    package static func requireRegular(_ path: String) throws -> Int {
        Int(clamping: try requireRegularState(path).size)
    }

    /// As ``requireRegular(_:)``, the file's state (which tells this version of it from another).
    static func requireRegularState(_ path: String) throws -> FileState {
        var info = stat()
        // stat(2): 0 on success, -1 with errno set. Follows symbolic links, so a link to
        // /dev/zero is judged by what it points to.
        guard stat(path, &info) == 0 else {
            throw FileError(path: path, message: message(errno, fallback: "could not be examined"))
        }
        if let problem = kindProblem(info.st_mode) { throw FileError(path: path, message: problem) }
        return FileState(info)
    }

    /// What is wrong with a file of mode `mode` as an input, or nil for a regular file.
    static func kindProblem(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a folder, not a file"
        case S_IFIFO: return "is a named pipe (FIFO), not a regular file: copy the data to a file first"
        case S_IFCHR: return "is a character device (such as /dev/zero), not a regular file"
        case S_IFBLK: return "is a block device, not a regular file"
        case S_IFSOCK: return "is a socket, not a regular file"
        default: return "is not a regular file"
        }
    }

    /// The error of a failed system call on an input file, in plain words.
    static func message(_ code: Int32, fallback: String) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        case EISDIR: return "is a folder, not a file"
        case ENOTDIR: return "no such file (a folder on the path is a file)"
        default:
            guard let c = strerror(code) else { return fallback }
            return "\(fallback): \(String(cString: c))"
        }
    }
}

import Foundation

/// The entries of a folder whose names start with a prefix, read with `readdir(3)` and compared
/// as bytes: no string is made for a name that does not match, so a look for a few hidden
/// siblings in a folder of thousands of entries (a shared `/tmp`) costs one pass over the folder,
/// not a sorted array of every name.
enum FolderEntries {
    /// The names in `folder` that start with `prefix` (byte for byte), in the order the file system
    /// gives them; nil when the folder cannot be read. `.` and `..` match no prefix longer than two
    /// bytes.
    /// - Complexity: O(entries in the folder).
    static func names(in folder: String, startingWith prefix: String) -> [String]? {
        // opendir(3): a handle, or nil with errno set.
        guard let dir = opendir(folder) else { return nil }
        defer { closedir(dir) }
        let wanted = Array(prefix.utf8)
        var out: [String] = []
        // readdir(3): the next entry, or nil at the end (or on an error: what was read is kept).
        while let entry = readdir(dir) {
            let name: String? = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                // `d_name` is a fixed array holding a NUL-terminated name: a shorter name differs
                // from the prefix at its NUL, and the bytes compared all lie inside the array.
                guard raw.count > wanted.count, let base = raw.baseAddress,
                      memcmp(base, wanted, wanted.count) == 0 else { return nil }
                return String(cString: base.assumingMemoryBound(to: CChar.self))
            }
            if let name { out.append(name) }
        }
        return out
    }
}

import Foundation

/// A C library opened with `dlopen(3)` when first needed instead of linked, so that commands that
/// never call it start without loading it and the shared libraries it depends on (GDAL, PROJ).
enum SharedLibrary {
    /// Opens the first of the library files `names` that loads and fills a table of its functions.
    ///
    /// - Parameters:
    ///   - library: The library's name in errors ("PROJ").
    ///   - names: The library files to try, in order (`dlopen` searches for each as the loader does).
    ///   - global: Whether its symbols are made available to libraries loaded later (`RTLD_GLOBAL`,
    ///     as a linked library's are: GDAL's driver plugins resolve against libgdal).
    ///   - install: How to install it, ending the error when no file loads.
    ///   - resolve: The shim's resolver: fills the table from the `dlopen` handle and returns NULL,
    ///     or returns the name of the first function the library lacks.
    /// - Returns: The table, or a `LibraryError` naming the files tried and why each failed (or the
    ///   function missing).
    static func load<Functions>(
        _ library: String, names: [String], global: Bool, install: String,
        resolve: (UnsafeMutableRawPointer, UnsafeMutablePointer<Functions>) -> UnsafePointer<CChar>?
    ) -> Result<Functions, LibraryError> {
        var reasons: [String] = []
        for name in names {
            // dlopen(3): a handle, or NULL with the reason in dlerror(). Every symbol bound now, so
            // that a broken library fails here and not in the middle of a run.
            guard let handle = dlopen(name, RTLD_NOW | (global ? RTLD_GLOBAL : RTLD_LOCAL)) else {
                reasons.append(dlerror().map { String(cString: $0) } ?? "\(name): cannot be loaded")
                continue
            }
            let table = UnsafeMutablePointer<Functions>.allocate(capacity: 1)
            defer { table.deallocate() }
            // The resolver returns NULL when every function was found (the table is then complete).
            if let missing = resolve(handle, table) {
                return .failure(LibraryError(library: library, operation: "load \(name)", message: "it has no function \(String(cString: missing))"))
            }
            return .success(table.pointee)
        }
        return .failure(LibraryError(library: library, operation: "load " + names.joined(separator: " or "),
                                     message: reasons.joined(separator: "; ") + " (\(install))"))
    }
}

import Foundation

/// Reads GeoJSON files (RFC 7946, <https://www.rfc-editor.org/rfc/rfc7946>): a FeatureCollection,
/// a Feature or a bare Geometry.
///
/// Decodes straight from the file's bytes to the model (coordinates never become `JSONValue`s).
/// Tolerates a legacy `crs` member (kept in `foreignMembers`), members in any order, unknown
/// foreign members (skipped, or kept on a collection), extra ordinates (ignored) and
/// `"geometry": null`. Errors name the file, the feature index, the key and the byte offset, e.g.
/// `residents.geojson: feature 12, "coordinates", byte 5230: a position needs at least two numbers`.
package enum GeoJSONReader {
    /// Reads and decodes the GeoJSON file at `path` (memory-mapped, see `MappedFile`).
    /// - Throws: `FileError` when the file cannot be read, `InputError` when it is not valid GeoJSON.
    /// A large features array is decoded on all cores (`FeatureChunks`), with the same result.
    package static func read(path: String) throws -> GeoJSONObject {
        try read(path: path, chunking: .automatic)
    }

    /// `read(path:)` with the features array cut as `chunking` says (nil: on this thread only).
    static func read(path: String, chunking: FeatureChunks.Policy?) throws -> GeoJSONObject {
        let file = try MappedFile(path: path)
        return try file.withScanner { scanner in
            var decoder = GeoJSONStreamDecoder(scanner: scanner)
            decoder.consumed = file.discard(before:)
            decoder.chunking = chunking
            return try decoder.decodeDocument()
        }
    }

    /// Calls `body` with each feature of the GeoJSON file at `path` and its index, in file order,
    /// decoding one feature at a time from the memory-mapped file: no collection of features is
    /// built and the bytes already decoded are handed back to the system, so a file of any size is
    /// read in memory for one feature plus a window of the file.
    ///
    /// A lone Feature, or a bare geometry (as a feature without properties), is feature 0, as in
    /// `readFeatureCollection`. The errors are those of `read(path:)`; an error in feature n is
    /// thrown after features 0..<n were handed to `body`. An error thrown by `body` stops the read.
    /// (A collection whose `"type"` follows its `"features"` is first skipped over to find the
    /// type, which touches the whole file once; the pages stay reclaimable.)
    /// - Throws: `FileError` when the file cannot be read, `InputError` when it is not valid GeoJSON.
    /// - Complexity: O(n) in the number of bytes.
    /// Decoded on this thread only: features decoded ahead on other cores would be held until
    /// `body` takes them, and the streamed layer (residents) is the one whose size must not show
    /// in memory (`HugeFileTests`: a 300 MB layer within 75 MB).
    package static func forEachFeature(path: String, _ body: (Int, Feature) throws -> Void) throws {
        try forEachFeature(path: path, chunking: nil, body)
    }

    /// `forEachFeature(path:_:)` with the features array cut as `chunking` says (nil: on this
    /// thread only).
    static func forEachFeature(path: String, chunking: FeatureChunks.Policy?, _ body: (Int, Feature) throws -> Void) throws {
        let file = try MappedFile(path: path)
        try withoutActuallyEscaping(body) { each in
            try file.withScanner { scanner in
                var decoder = GeoJSONStreamDecoder(scanner: scanner)
                decoder.consumed = file.discard(before:)
                decoder.chunking = chunking
                _ = try decoder.decodeDocument(each: each)
            }
        }
    }

    /// Reads the file at `path` as a feature collection (a lone feature or geometry becomes feature 0).
    package static func readFeatureCollection(path: String) throws -> FeatureCollection {
        try read(path: path).asFeatureCollection
    }

    /// Decodes GeoJSON from `bytes`; `file` names the source in errors.
    /// - Throws: `InputError` naming `file`, the feature index, the key and the byte offset.
    /// - Complexity: O(n) in the number of bytes.
    package static func read(bytes: [UInt8], file: String) throws -> GeoJSONObject {
        try read(bytes: bytes, file: file, chunking: .automatic)
    }

    /// `read(bytes:file:)` with the features array cut as `chunking` says (nil: on this thread only).
    static func read(bytes: [UInt8], file: String, chunking: FeatureChunks.Policy?) throws -> GeoJSONObject {
        try JSONScanner.with(bytes, file: file) { scanner in
            var decoder = GeoJSONStreamDecoder(scanner: scanner)
            decoder.chunking = chunking
            return try decoder.decodeDocument()
        }
    }

    /// The whole file as bytes, read with one `read(2)` loop into a buffer of the file's size.
    ///
    /// Only a regular file is read: a folder, FIFO or device is refused before it is opened
    /// (`InputFile.requireRegular`), since a FIFO blocks `open(2)` and `/dev/zero` never ends.
    /// - Parameter limit: the most bytes accepted; a larger file is refused before it is read.
    /// - Throws: `FileError` when it is not a regular file, is larger than `limit`, or cannot be read.
    package static func readBytes(path: String, limit: Int = .max) throws -> [UInt8] {
        let expected = try InputFile.requireRegular(path)
        if expected > limit { throw tooLarge(path, expected, limit) }
        // open(2) returns -1 on failure and sets errno. O_NONBLOCK: should the path have become a
        // FIFO since the stat, open returns at once instead of waiting for a writer (fstat below
        // then refuses it); on a regular file the flag changes nothing.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, message: InputFile.message(errno, fallback: "could not be opened")) }
        defer { close(fd) }
        var info = stat()
        // fstat(2): 0 on success. The file opened is the one read, whatever happened since the stat.
        guard fstat(fd, &info) == 0 else { throw FileError(path: path, message: InputFile.message(errno, fallback: "could not be read")) }
        if let problem = InputFile.kindProblem(info.st_mode) { throw FileError(path: path, message: problem) }
        let size = max(Int(clamping: info.st_size), 0)
        if size > limit { throw tooLarge(path, size, limit) }
        var failure: Int32 = 0
        // One read(2) loop straight into uninitialised array storage of the file's size.
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            guard let start = buffer.baseAddress else { return }
            while initialized < size {
                // read(2): bytes read, 0 at the end of the file, -1 on error.
                let got = systemRead(fd, start + initialized, size - initialized)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                initialized += got
            }
        }
        if failure != 0 { throw FileError(path: path, message: InputFile.message(failure, fallback: "could not be read")) }
        // A file that grew since the fstat: read on, up to the limit.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { raw -> Int in
                guard let p = raw.baseAddress else { return 0 }
                return systemRead(fd, p, raw.count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, message: InputFile.message(errno, fallback: "could not be read"))
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
            if bytes.count > limit { throw tooLarge(path, bytes.count, limit) }
        }
        return bytes
    }

    private static func tooLarge(_ path: String, _ size: Int, _ limit: Int) -> FileError {
        FileError(path: path, message: "is \(Format.integer(Double(size))) bytes, more than the \(Format.integer(Double(limit))) accepted: is it the right file?")
    }
}

/// read(2), named apart from `GeoJSONReader.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

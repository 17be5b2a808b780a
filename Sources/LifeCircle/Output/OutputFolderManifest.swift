import CLibDeflate
import Foundation

/// `lifecircle-manifest.json`: the list of files LifeCircle wrote into an output folder, each with
/// its size and CRC-32, so a later run can tell its own unchanged files from a user's.
///
/// The text has no timestamps and lists the files in byte order of their names, so writing the same
/// files gives the same bytes.
struct OutputFolderManifest: Equatable, Sendable {
    /// The file's name in every output folder.
    static let fileName = "lifecircle-manifest.json"

    /// One file written: its path relative to the folder (`/`-separated), size and CRC-32.
    struct Entry: Equatable, Sendable {
        var name: String
        var bytes: Int
        var crc32: UInt32
    }

    /// In byte order of the names, each name once.
    private(set) var entries: [Entry]

    init(_ entries: [Entry]) {
        self.entries = entries.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    /// The names listed.
    var names: Set<String> { Set(entries.map(\.name)) }

    /// The manifest as written: UTF-8 JSON, one file per line.
    func encoded() -> [UInt8] {
        var lines = [
            "{",
            "  \"writtenBy\": \"lifecircle\",",
            "  \"about\": \"The files lifecircle wrote into this folder. A later run replaces them only while they are unchanged, and keeps every file not listed here.\",",
            "  \"files\": [",
        ]
        for (i, e) in entries.enumerated() {
            let crc = String(e.crc32, radix: 16)
            let hex = String(repeating: "0", count: max(0, 8 - crc.count)) + crc
            lines.append("    {\"name\": \"\(GeoJSONWriter.escape(e.name))\", \"bytes\": \(e.bytes), \"crc32\": \"\(hex)\"}" + (i + 1 < entries.count ? "," : ""))
        }
        lines += ["  ]", "}"]
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// The manifest of the folder `folder` (its `lifecircle-manifest.json`).
    ///
    /// - Throws: `FileError` naming the manifest when it cannot be read, is not JSON of this shape,
    ///   or lists a name that is absolute, holds `.` or `..`, or repeats.
    static func read(folder: String) throws -> OutputFolderManifest {
        let path = folder + "/" + fileName
        let bytes: [UInt8]
        do {
            bytes = try GeoJSONReader.readBytes(path: path)
        } catch let error as FileError {
            throw FileError(path: path, message: "could not read the manifest: \(error.message)")
        }
        let notAManifest = FileError(
            path: path, message: "is not a manifest lifecircle wrote (it needs \"files\": [{\"name\", \"bytes\", \"crc32\"}]); "
                + "lifecircle does not replace the folder")
        // The library's own parser rather than `JSONDecoder`, whose first use in a process (every
        // run that replaces a folder) cost more in Codable's type look-ups than the parse itself.
        guard let root = try? JSONParser.parse(bytes, file: path), let files = root.objectValue?["files"]?.arrayValue else {
            throw notAManifest
        }
        var entries: [Entry] = []
        var seen: Set<String> = []
        for (i, file) in files.enumerated() {
            guard let fields = file.objectValue, let name = fields["name"]?.stringValue,
                  let size = fields["bytes"]?.doubleValue.flatMap({ Int(exactly: $0) }), let crcText = fields["crc32"]?.stringValue
            else { throw notAManifest }
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            guard !name.isEmpty, !name.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
                  name != fileName, size >= 0, crcText.count == 8, let crc = UInt32(crcText, radix: 16), seen.insert(name).inserted
            else {
                throw FileError(path: path, message: "file \(i) (\"\(name)\") is not an entry lifecircle writes; lifecircle does not replace the folder")
            }
            entries.append(Entry(name: name, bytes: size, crc32: crc))
        }
        return OutputFolderManifest(entries)
    }

    /// The entry for `bytes` written as `name`.
    static func entry(name: String, bytes raw: UnsafeRawBufferPointer) -> Entry {
        Entry(name: name, bytes: raw.count, crc32: crc32(0, raw))
    }

    /// The CRC-32 (the zlib and PNG one) of `crc`'s bytes followed by `raw`; `crc` 0 to start.
    static func crc32(_ crc: UInt32, _ raw: UnsafeRawBufferPointer) -> UInt32 {
        // libdeflate_crc32 (several times as fast as zlib's) returns the initial 0 for a NULL
        // buffer, so no bytes leave `crc` as it is here.
        guard let base = raw.baseAddress, raw.count > 0 else { return crc }
        return libdeflate_crc32(crc, base, raw.count)
    }

    /// The entry for the file at `path`, read in chunks of 64 KiB through one uninitialised
    /// buffer (a run checks every file of the folder it replaces, twice: a zeroed buffer the size
    /// of the file, up to 1 MiB, cost more in page faults and clearing than reading the file).
    ///
    /// - Throws: `FileError` naming the file when it cannot be read.
    /// - Complexity: O(bytes).
    static func entry(name: String, fileAt path: String) throws -> Entry {
        // open(2): a descriptor, or -1 with errno set.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, message: "could not read: \(AtomicFile.describe(errno))") }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        var crc: UInt32 = 0
        var total = 0
        while true {
            // read(2): bytes read, 0 at the end, or -1 with errno set.
            let n = systemRead(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, message: "could not read: \(AtomicFile.describe(errno))")
            }
            if n == 0 { break }
            crc = crc32(crc, UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            total += n
        }
        return Entry(name: name, bytes: total, crc32: crc)
    }
}

/// read(2), named apart from `OutputFolderManifest.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

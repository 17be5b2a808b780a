import Foundation

/// Writes a GeoJSON FeatureCollection one feature at a time (each encoded by `GeoJSONWriter`,
/// one per line, the same bytes `GeoJSONWriter.encode` gives for the whole collection), so large
/// layers never sit in memory whole. Written to a temporary file renamed into place by `finish()`.
/// Streamed into an output folder being written, it counts the size and CRC-32 of what it writes
/// and hands the file over to the folder when finished (``OutputFolder/Staging/streamed(name:bytes:crc32:)``:
/// listed without being read back, flushed to the disk from then on).
final class OSMLayerStream {
    private let path: String
    /// The folder being written and the file's name in it, when streamed into one.
    private let staging: (folder: OutputFolder.Staging, name: String)?
    private var bytes = 0
    private var crc32: UInt32 = 0
    private let temp: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private var first = true
    private var finished = false
    private(set) var count = 0
    let precision: Int

    convenience init(path: String, precision: Int = 7) throws {
        try self.init(path: path, precision: precision, staging: nil)
    }

    /// Streams the file `name` into the output folder `staging` is writing.
    convenience init(name: String, in staging: OutputFolder.Staging, precision: Int = 7) throws {
        try self.init(path: staging.folder + "/" + name, precision: precision, staging: (staging, name))
    }

    private init(path: String, precision: Int, staging: (folder: OutputFolder.Staging, name: String)?) throws {
        self.path = path
        self.precision = precision
        self.staging = staging
        self.temp = path + ".tmp-\(getpid())"
        guard let f = fopen(temp, "wb") else {
            throw FileError(path: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        self.file = f
        buffer.reserveCapacity(1 << 20)
        buffer.append(contentsOf: Array("{\"type\":\"FeatureCollection\",\"features\":[".utf8))
    }

    deinit {
        fclose(file)
        if !finished { unlink(temp) }
    }

    /// Appends one feature.
    func append(_ feature: Feature) throws {
        separate()
        let sink = ByteSink()
        GeoJSONWriter.write(feature: feature, precision: precision, to: sink)
        sink.appendBytes(to: &buffer)
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends `features` features already encoded as `append(_:)` encodes them, separated by
    /// a comma and a line break (several such runs can be encoded on different threads and
    /// appended in order).
    func append(encoded: [UInt8], features: Int) throws {
        guard features > 0 else { return }
        separate()
        buffer.append(contentsOf: encoded)
        count += features
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// The line break (and comma) before the next feature.
    private func separate() {
        buffer.append(contentsOf: first ? [0x0A] : [0x2C, 0x0A])
        first = false
    }

    private func flush() throws {
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else {
            throw FileError(path: path, message: "write failed: \(String(cString: strerror(errno)))")
        }
        if staging != nil {
            crc32 = buffer.withUnsafeBytes { OutputFolderManifest.crc32(crc32, $0) }
            bytes += buffer.count
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Closes the collection and moves the file into place (and hands it over to the output
    /// folder it was streamed into).
    func finish() throws {
        buffer.append(contentsOf: Array("\n]}\n".utf8))
        try flush()
        guard fflush(file) == 0, rename(temp, path) == 0 else {
            throw FileError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        finished = true
        if let staging { try staging.folder.streamed(name: staging.name, bytes: bytes, crc32: crc32) }
    }
}

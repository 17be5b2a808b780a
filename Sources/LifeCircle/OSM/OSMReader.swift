import Foundation

/// Reads an OSM file of any supported format (.osm XML, .osm.gz, .osm.bz2, .osm.pbf), streaming its
/// elements to a visitor in file order.
///
/// The format is recognised from the file's first bytes (gzip or bzip2 magic, a PBF blob header,
/// or `<`), falling back on the name's extension. History files (.osh, a PBF header requiring
/// `HistoricalInformation`, several versions of one id) and change files (.osc, `<osmChange>`) are
/// refused with a message saying what to import instead.
package enum OSMReader {
    /// The encodings an OSM file can come in.
    package enum Format: String, Sendable {
        case xml, gzipXML = "xml.gz", bzip2XML = "xml.bz2", pbf
    }

    /// Name endings of history and change files, refused before reading.
    static let historySuffixes = [".osh", ".osh.pbf", ".osh.gz", ".osh.bz2", ".osh.xml"]
    static let changeSuffixes = [".osc", ".osc.gz", ".osc.bz2", ".osc.xml"]

    /// The format of the file at `path`.
    package static func format(of path: String) throws -> Format {
        let lower = path.lowercased()
        if historySuffixes.contains(where: { lower.hasSuffix($0) }) {
            throw InputError(file: path, message: XMLReader.historyFileMessage("named .osh"))
        }
        if changeSuffixes.contains(where: { lower.hasSuffix($0) }) {
            throw InputError(file: path, message: XMLReader.changeFileMessage())
        }
        // A FIFO would block the open below, a device never end: regular files only.
        try InputFile.requireRegular(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileError(path: path, message: "cannot open the file")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 16)) ?? Data())
        if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B { return .gzipXML }
        // "BZh" and a block size digit 1-9.
        if head.count >= 4, head[0] == 0x42, head[1] == 0x5A, head[2] == 0x68, head[3] >= 0x31, head[3] <= 0x39 { return .bzip2XML }
        if head.count >= 6, head[0] == 0, head[1] == 0, head[4] == 0x0A { return .pbf }
        if let first = head.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }),
            first == UInt8(ascii: "<")
        {
            return .xml
        }
        if lower.hasSuffix(".pbf") { return .pbf }
        if lower.hasSuffix(".gz") { return .gzipXML }
        if lower.hasSuffix(".bz2") { return .bzip2XML }
        if lower.hasSuffix(".osm") || lower.hasSuffix(".xml") { return .xml }
        throw InputError(file: path, byteOffset: 0, message: "not an OSM file (expected .osm XML, .osm.gz, .osm.bz2 or .osm.pbf)")
    }

    /// Reads `path`, handing the elements of `kinds` to `visitor`; returns the element counts,
    /// which cover all kinds whatever `kinds` is.
    /// - Complexity: O(file size); memory independent of the file size.
    @discardableResult
    package static func read<V: OSMVisitor>(
        path: String, kinds: OSMElementKinds = .all, visitor: inout V
    ) throws -> OSMElementCounts {
        var blobs = PBFBlobMap()
        return try read(path: path, kinds: kinds, visitor: &visitor, blobs: &blobs)
    }

    /// Reads `path` as `read(path:kinds:visitor:)` does; for a PBF file, `blobs` is filled by a
    /// complete read and, once filled, lets later reads of the same file skip the data blobs that
    /// hold none of the element types of `kinds` (their counts then cover the blobs read only).
    @discardableResult
    package static func read<V: OSMVisitor>(
        path: String, kinds: OSMElementKinds, visitor: inout V, blobs: inout PBFBlobMap
    ) throws -> OSMElementCounts {
        switch try format(of: path) {
        case .pbf:
            return try PBFReader.read(path: path, kinds: kinds, visitor: &visitor, blobs: &blobs)
        case .xml:
            var reader = try XMLReader(path: path, gzip: false)
            return try reader.read(kinds: kinds, visitor: &visitor)
        case .gzipXML:
            var reader = try XMLReader(path: path, compression: .gzip)
            return try reader.read(kinds: kinds, visitor: &visitor)
        case .bzip2XML:
            var reader = try XMLReader(path: path, compression: .bzip2)
            return try reader.read(kinds: kinds, visitor: &visitor)
        }
    }

    /// Counts the nodes, ways and relations of `path` without keeping them.
    package static func count(path: String) throws -> OSMElementCounts {
        var visitor = NullVisitor()
        return try read(path: path, kinds: [], visitor: &visitor)
    }

    private struct NullVisitor: OSMVisitor {}
}

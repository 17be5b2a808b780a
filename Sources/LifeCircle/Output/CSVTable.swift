/// A table written as CSV: UTF-8 with a byte-order mark (so spreadsheet programs show Chinese
/// names correctly), CRLF line ends, RFC 4180 quoting.
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The CSV bytes, BOM first.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        out.reserveCapacity(rows.count * max(header.count, 1) * 8 + 64)
        Self.appendLine(header, to: &out)
        for r in rows { Self.appendLine(r, to: &out) }
        return out
    }

    /// Appends one record: the fields quoted where needed, comma-separated, CRLF.
    static func appendLine(_ fields: [String], to out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(f, to: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// Writes the table to `path` atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(encoded(), to: path)
    }

    /// Appends `field` as `quote` writes it, scanning its UTF-8 bytes (no Character iteration).
    static func appendQuoted(_ field: String, to out: inout [UInt8]) {
        var f = field
        f.withUTF8 { bytes in
            var needs = false
            if let first = bytes.first, let last = bytes.last, first == 0x20 || last == 0x20 { needs = true }
            if !needs { for b in bytes where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { needs = true; break } }
            guard needs else { out.append(contentsOf: bytes); return }
            out.append(0x22)
            for b in bytes {
                out.append(b)
                if b == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        }
    }

    /// A field quoted when it holds a comma, a quote, a line break or leading/trailing spaces.
    static func quote(_ field: String) -> String {
        let needs = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needs else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The type of a CSV column as its `.csvt` sidecar gives it (the convention of GDAL's CSV driver,
/// which spreadsheet and GIS programs follow): fixed by what the column holds, never guessed from its
/// values, so street codes like `310106013000` stay text and do not turn into 3.10106E+11.
package enum CSVColumnType: String, Sendable, Equatable {
    case string = "String"
    case integer = "Integer"
    case real = "Real"
}

/// A table written as CSV, RFC 4180 quoting and CRLF line ends, UTF-8: with a byte-order mark in
/// a file (so spreadsheet programs show Chinese names correctly), without one on stdout (so a script
/// reading it sees `category`, not `\u{FEFF}category`, as the first column). A file comes with its
/// `.csvt` sidecar of column types.
package struct CSVTable: Sendable, Equatable {
    package var header: [String]
    /// One type per header column.
    package var types: [CSVColumnType]
    package var rows: [[String]]

    /// A table with `header` and the column `types` (as many as header columns).
    package init(header: [String], types: [CSVColumnType], rows: [[String]] = []) {
        assert(header.count == types.count, "one type per CSV column")
        self.header = header
        self.types = types
        self.rows = rows
    }

    /// The UTF-8 byte-order mark that starts a CSV file.
    package static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The CSV bytes: `byteOrderMark` true for a file, false for stdout.
    package func encoded(byteOrderMark: Bool) -> [UInt8] {
        var out: [UInt8] = byteOrderMark ? Self.byteOrderMark : []
        out.reserveCapacity(rows.count * max(header.count, 1) * 8 + 64)
        Self.appendLine(header, to: &out)
        for r in rows { Self.appendLine(r, to: &out) }
        return out
    }

    /// The `.csvt` bytes of `types`: one line of quoted, comma-separated types, e.g.
    /// `"String","Integer","Real"` (no byte-order mark: GDAL reads the first type as it stands).
    package static func typesLine(_ types: [CSVColumnType]) -> [UInt8] {
        Array((types.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "\r\n").utf8)
    }

    /// The name of the `.csvt` sidecar of the CSV file `name` (`x.csv` → `x.csvt`).
    package static func typesFileName(_ name: String) -> String {
        (name.hasSuffix(".csv") ? String(name.dropLast(4)) : name) + ".csvt"
    }

    /// The CSV file `name` (BOM first) and its `.csvt` sidecar.
    package func files(name: String) -> [OutputFile] {
        [OutputFile(name: name, bytes: encoded(byteOrderMark: true)),
         OutputFile(name: Self.typesFileName(name), bytes: Self.typesLine(types))]
    }

    /// Appends one record: the fields quoted where needed, comma-separated, CRLF.
    static func appendLine(_ fields: [String], to out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(f, to: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// Writes the table to `path` atomically (BOM first), and its `.csvt` sidecar beside it.
    package func write(to path: String) throws {
        try AtomicFile.write(encoded(byteOrderMark: true), to: path)
        try AtomicFile.write(Self.typesLine(types), to: Self.typesFileName(path))
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

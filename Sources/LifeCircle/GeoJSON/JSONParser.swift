/// Parses JSON text (RFC 8259, <https://www.rfc-editor.org/rfc/rfc8259>) into `JSONValue`s.
///
/// A byte-level parser: objects keep their member order, strings decode every escape (including
/// `\uXXXX` surrogate pairs) and must be UTF-8, numbers follow the strict grammar and are
/// correctly rounded, `NaN`/`Infinity` are rejected, a UTF-8 byte-order mark is allowed at the
/// start, nothing but whitespace may follow the value, and nesting is limited to
/// `JSONParser.maxDepth` levels so hostile input cannot overflow the stack.
package enum JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    package static var maxDepth: Int { JSONScanner.maxDepth }

    /// Parses `bytes` (UTF-8 JSON) from the file named `file`.
    /// - Throws: `InputError` naming `file` and the byte offset of the problem.
    /// - Complexity: O(n) in the number of bytes.
    package static func parse(_ bytes: [UInt8], file: String) throws -> JSONValue {
        try JSONScanner.with(bytes, file: file) { scanner in
            scanner.skipByteOrderMark()
            scanner.skipWhitespace()
            if scanner.atEnd { throw scanner.error("empty file, no JSON value") }
            let value = try scanner.parseValue()
            try scanner.expectEnd()
            return value
        }
    }
}

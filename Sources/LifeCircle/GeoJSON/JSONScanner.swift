/// A byte cursor over UTF-8 JSON text (RFC 8259): whitespace, strings, numbers, literals, skipping
/// and generic values, with errors naming the file, the feature, the key and the byte offset.
///
/// The scanner reads through an unsafe pointer for speed, but every read is guarded by an explicit
/// `index < count` check, so no input can make it read out of bounds. It is only valid inside the
/// closure that created it (`JSONScanner.with`, `MappedFile.withScanner`).
struct JSONScanner {
    /// Deepest nesting of arrays and objects accepted; deeper input is rejected instead of
    /// overflowing the stack.
    static let maxDepth = 512

    let base: UnsafePointer<UInt8>
    let count: Int
    var index = 0
    let file: String
    /// Context for error messages, set by the GeoJSON decoder as it goes.
    var featureIndex: Int?
    var key: String?
    /// Members of the objects being parsed, innermost last (reused across objects).
    private var memberStack: [(String, JSONValue)] = []

    init(base: UnsafePointer<UInt8>, count: Int, file: String) {
        self.base = base
        self.count = count
        self.file = file
    }

    /// Runs `body` with a scanner over `bytes` (an empty buffer gets a valid one-byte dummy pointer).
    static func with<T>(_ bytes: [UInt8], file: String, _ body: (inout JSONScanner) throws -> T) throws -> T {
        try bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 {
                var scanner = JSONScanner(base: base, count: buffer.count, file: file)
                return try body(&scanner)
            }
            let dummy: [UInt8] = [0]
            return try dummy.withUnsafeBufferPointer { d in
                // A one-element array always has a base address; fall back to an error otherwise.
                guard let b = d.baseAddress else { throw InputError(file: file, byteOffset: 0, message: "empty file") }
                var scanner = JSONScanner(base: b, count: 0, file: file)
                return try body(&scanner)
            }
        }
    }

    // MARK: Errors

    /// An `InputError` at `offset` (default: the current position) with the current context.
    func error(_ message: String, at offset: Int? = nil) -> InputError {
        InputError(file: file, featureIndex: featureIndex, key: key, byteOffset: offset ?? index, message: message)
    }

    /// The error for an unexpected byte (or the end of the file) where `expected` was wanted.
    func unexpected(_ expected: String) -> InputError {
        guard index < count else { return error("unexpected end of file, expected \(expected)") }
        let b = base[index]
        if b >= 0x80 {
            if utf8SequenceLength(at: index) == 0 { return error("not UTF-8 (byte 0x\(hex2(b)))") }
            let end = min(count, index + utf8SequenceLength(at: index))
            let text = String(decoding: UnsafeBufferPointer(start: base + index, count: end - index), as: UTF8.self)
            return error("unexpected character \"\(text)\", expected \(expected)")
        }
        if b < 0x20 || b == 0x7F { return error("unexpected control byte 0x\(hex2(b)), expected \(expected)") }
        return error("unexpected character \"\(Character(Unicode.Scalar(b)))\", expected \(expected)")
    }

    /// The error for a byte that cannot start a value; names NaN and Infinity, which JSON lacks.
    func badValue(_ expected: String) -> InputError {
        let b = peek
        if b == UInt8(ascii: "N") || b == UInt8(ascii: "I")
            || (b == UInt8(ascii: "-") && index + 1 < count && base[index + 1] == UInt8(ascii: "I"))
        {
            return error("NaN and Infinity are not valid JSON numbers")
        }
        return unexpected(expected)
    }

    private func hex2(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    // MARK: Bytes and whitespace

    /// The byte at the cursor, or 0 at the end of the input.
    @inline(__always) var peek: UInt8 { index < count ? base[index] : 0 }

    @inline(__always) var atEnd: Bool { index >= count }

    /// Skips JSON whitespace (space, tab, line feed, carriage return).
    @inline(__always) mutating func skipWhitespace() {
        while index < count {
            let b = base[index]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { index += 1 } else { return }
        }
    }

    /// Skips whitespace and consumes `byte`, or throws naming `what` was expected.
    @inline(__always) mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipWhitespace()
        guard index < count, base[index] == byte else { throw unexpected(what) }
        index += 1
    }

    /// Skips a UTF-8 byte-order mark at the very start.
    mutating func skipByteOrderMark() {
        if index == 0, count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { index = 3 }
    }

    /// After a member value or array element: consumes `,` (true: more follow) or `close` (false).
    @inline(__always) mutating func nextElement(_ close: UInt8, _ what: String) throws -> Bool {
        skipWhitespace()
        guard index < count else { throw unexpected(what) }
        let b = base[index]
        index += 1
        if b == UInt8(ascii: ",") { return true }
        if b == close { return false }
        index -= 1
        throw unexpected(what)
    }

    /// Skips whitespace; true when the next value starts with `byte`.
    @inline(__always) mutating func peekValueIs(_ byte: UInt8) -> Bool {
        skipWhitespace()
        return peek == byte
    }

    /// Consumes `[` and whitespace; true when the array is empty (its `]` is consumed too).
    @inline(__always) mutating func beginArray(_ what: String) throws -> Bool {
        try begin(UInt8(ascii: "["), UInt8(ascii: "]"), what)
    }

    /// Consumes `{` and whitespace; true when the object is empty (its `}` is consumed too).
    @inline(__always) mutating func beginObject(_ what: String) throws -> Bool {
        try begin(UInt8(ascii: "{"), UInt8(ascii: "}"), what)
    }

    /// Consumes `open` and whitespace; true when `close` follows at once (it is consumed too).
    @inline(__always) private mutating func begin(_ open: UInt8, _ close: UInt8, _ what: String) throws -> Bool {
        try expect(open, what)
        skipWhitespace()
        if index < count, base[index] == close {
            index += 1
            return true
        }
        return false
    }

    /// A short name of the JSON value starting at the cursor, for "found ..." in messages.
    var valueTypeAhead: String {
        switch peek {
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): "a number"
        default: "something else"
        }
    }

    // MARK: UTF-8

    /// The length of the valid UTF-8 sequence starting at `i` (a lead byte ≥ 0x80), or 0 when the
    /// bytes there are not UTF-8 (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
    func utf8SequenceLength(at i: Int) -> Int {
        guard i < count else { return 0 }
        let b0 = base[i]
        switch b0 {
        case 0xC2...0xDF: return cont(i + 1) ? 2 : 0
        case 0xE0: return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(i + 1) && cont(i + 2) ? 3 : 0
        case 0xED: return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0
        case 0xF0: return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF1...0xF3: return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF4: return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0
        default: return 0
        }
    }

    /// True when the byte at `j` exists and lies in `lo...hi` (a UTF-8 continuation byte by default).
    @inline(__always) private func cont(_ j: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
        j < count && base[j] >= lo && base[j] <= hi
    }

    // MARK: Strings

    /// The raw extent of a scanned string: bytes `start..<end` between the quotes.
    struct StringToken {
        var start: Int
        var end: Int
        /// True when the string holds backslash escapes (so its bytes are not its text).
        var escaped: Bool
    }

    /// Scans and validates a string at the cursor (escapes, surrogate pairs, UTF-8, no raw control
    /// characters), leaving the cursor after its closing quote.
    mutating func scanString() throws -> StringToken {
        skipWhitespace()
        guard index < count, base[index] == UInt8(ascii: "\"") else { throw unexpected("a string") }
        index += 1
        let start = index
        var escaped = false
        while true {
            // Fast path over plain ASCII.
            while index < count {
                let b = base[index]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { break }
                index += 1
            }
            guard index < count else { throw error("unexpected end of file in a string", at: count) }
            let b = base[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return StringToken(start: start, end: index - 1, escaped: escaped)
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                try scanEscape()
            } else if b < 0x20 {
                throw error("control character 0x\(hex2(b)) in a string (it must be escaped)")
            } else {
                let n = utf8SequenceLength(at: index)
                if n == 0 { throw error("not UTF-8 (byte 0x\(hex2(b)) in a string)") }
                index += n
            }
        }
    }

    /// Validates one escape sequence at the cursor (which is on the backslash).
    private mutating func scanEscape() throws {
        let escapeStart = index
        index += 1
        guard index < count else { throw error("unexpected end of file in a string", at: count) }
        let c = base[index]
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 1
        case UInt8(ascii: "u"):
            index += 1
            let unit = try hex4()
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard index + 1 < count, base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired surrogate in a \\u escape", at: escapeStart)
                }
                index += 2
                let low = try hex4()
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw error("unpaired surrogate in a \\u escape", at: escapeStart)
                }
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw error("unpaired surrogate in a \\u escape", at: escapeStart)
            }
        default:
            throw error("invalid escape sequence in a string", at: escapeStart)
        }
    }

    /// Reads four hex digits at the cursor.
    private mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard index < count else { throw error("unexpected end of file in a string", at: count) }
            let c = base[index]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hex digits")
            }
            v = v << 4 | UInt32(d)
            index += 1
        }
        return v
    }

    /// The text of a scanned string.
    @inline(__always) func string(_ t: StringToken) -> String {
        JSONScanner.text(of: t, base: base, count: count)
    }

    /// The text of a scanned string in the buffer at `base` (static, so callers need not copy
    /// the scanner).
    static func text(of t: StringToken, base: UnsafePointer<UInt8>, count: Int) -> String {
        guard t.start <= t.end, t.end <= count else { return "" }
        let raw = UnsafeBufferPointer(start: base + t.start, count: t.end - t.start)
        if !t.escaped { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        @inline(__always) func hexAt(_ j: Int) -> UInt32 {
            var v: UInt32 = 0
            for k in j..<(j + 4) where k < raw.count {
                let c = raw[k]
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
                default: d = 0
                }
                v = v << 4 | d
            }
            return v
        }
        while i < raw.count {
            let b = raw[i]
            if b != UInt8(ascii: "\\") {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < raw.count else { break }
            let c = raw[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hexAt(i)
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF && i + 6 <= raw.count {
                    let low = hexAt(i + 2)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + ((low &- 0xDC00) & 0x3FF)
                    i += 6
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                UTF8.encode(u) { out.append($0) }
            default: out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Scans a string and returns its text.
    mutating func parseString() throws -> String {
        let t = try scanString()
        return JSONScanner.text(of: t, base: base, count: count)
    }

    /// True when the scanned, unescaped string `t` equals the ASCII `literal`.
    @inline(__always) func equals(_ t: StringToken, _ literal: StaticString) -> Bool {
        JSONScanner.equals(t, literal, base: base, count: count)
    }

    /// True when the string `t` in the buffer at `base` equals the ASCII `literal`.
    @inline(__always) static func equals(_ t: StringToken, _ literal: StaticString, base: UnsafePointer<UInt8>, count: Int) -> Bool {
        if t.escaped { return text(of: t, base: base, count: count) == literal.description }
        let n = literal.utf8CodeUnitCount
        guard t.end - t.start == n else { return false }
        let lit = literal.utf8Start
        for k in 0..<n where base[t.start + k] != lit[k] { return false }
        return true
    }

    // MARK: Numbers

    /// Parses a number with the strict JSON grammar, correctly rounded to the nearest double.
    ///
    /// Fast path (Clinger): at most 15 significant digits and a decimal exponent within ±22 give
    /// an exact integer and an exact power of ten, so one IEEE multiplication or division rounds
    /// correctly. Up to 19 digits and ±27 go through `extendedProduct` on x86_64 (the 17-digit
    /// coordinates GIS exports write). Other numbers, and the rare cases those paths cannot decide,
    /// go through the standard library's correctly rounded conversion.
    /// - Complexity: O(number of digits).
    mutating func parseNumber() throws -> Double {
        skipWhitespace()
        let start = index
        let p = base
        let n = count
        var i = index
        var negative = false
        if i < n, p[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var truncated = false
        guard i < n, p[i] &- UInt8(ascii: "0") < 10 else {
            index = i
            if negative { throw badValue("a digit after \"-\"") }
            throw badValue("a number")
        }
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if i < n, p[i] &- UInt8(ascii: "0") < 10 { throw error("leading zeros are not allowed in numbers", at: start) }
        } else {
            while i < n {
                let d = p[i] &- UInt8(ascii: "0")
                if d >= 10 { break }
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    digits += 1
                } else {
                    exponent += 1
                    if d != 0 { truncated = true }
                }
                i += 1
            }
        }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            guard i < n, p[i] &- UInt8(ascii: "0") < 10 else {
                index = i
                throw unexpected("a digit after the decimal point")
            }
            while i < n {
                let d = p[i] &- UInt8(ascii: "0")
                if d >= 10 { break }
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else if d != 0 {
                    truncated = true
                }
                i += 1
            }
        }
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < n, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < n, p[i] &- UInt8(ascii: "0") < 10 else {
                index = i
                throw unexpected("a digit in the exponent")
            }
            var e = 0
            while i < n {
                let d = p[i] &- UInt8(ascii: "0")
                if d >= 10 { break }
                if e < 100_000 { e = e * 10 + Int(d) }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        index = i
        if !truncated && digits <= 15 && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            if exponent < 0 {
                v /= JSONScanner.powerOfTen(-exponent)
            } else if exponent > 0 {
                v *= JSONScanner.powerOfTen(exponent)
            }
            return negative ? -v : v
        }
        #if arch(x86_64) && !(os(Windows) || os(Android))
        if !truncated && exponent >= -27 && exponent <= 27, let v = JSONScanner.extendedProduct(mantissa, exponent) {
            return negative ? -v : v
        }
        #endif
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        guard let v = Double(text) else { throw error("invalid number", at: start) }
        guard v.isFinite else { throw error("number \(text) is out of the range of a double", at: start) }
        return v
    }

    /// 10^k for 0 ≤ k ≤ 22, exactly (every such power is a double).
    @inline(__always) private static func powerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    #if arch(x86_64) && !(os(Windows) || os(Android))
    /// m·10^e correctly rounded to a double, or nil in the rare case (about one in 2,000) where one
    /// rounding in `Float80` cannot decide it.
    ///
    /// m < 2^64 and 10^|e| = 2^|e|·5^|e| with 5^|e| < 2^64 (|e| ≤ 27) are exact in Float80's 64-bit
    /// significand, so q = Float80(m) × or ÷ 10^|e| is the exact value x rounded once. Rounding is
    /// monotonic and every midpoint M between two doubles has 54 significant bits, so is a Float80:
    /// x < M gives q ≤ M, x > M gives q ≥ M. Hence when q is no midpoint (its low 11 significand
    /// bits are not 0b100_0000_0000), x and q lie strictly between the same two midpoints and
    /// Double(q) is the double nearest to x. |x| is 0 or in [10^-27, 10^46], far from subnormals and
    /// overflow. This relies on the x87 unit's default 64-bit precision (Linux, macOS).
    @inline(__always) private static func extendedProduct(_ m: UInt64, _ e: Int) -> Double? {
        let x = Float80(m)
        let k = e < 0 ? -e : e
        // 10^k: Double's exact powers up to 22, then one exact product.
        let p = k <= 22 ? Float80(powerOfTen(k)) : Float80(powerOfTen(22)) * Float80(powerOfTen(k - 22))
        let q = e < 0 ? x / p : x * p
        if q.significandBitPattern & 0x7FF == 0x400 { return nil }
        return Double(q)
    }
    #endif

    // MARK: Literals, skipping and generic values

    /// Consumes the literal `word` (true, false, null) at the cursor.
    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        for k in 0..<n {
            guard index + k < count, base[index + k] == w[k] else {
                if index + k >= count { throw error("unexpected end of file in a literal", at: count) }
                throw error("invalid literal (expected \(word))")
            }
        }
        index += n
    }

    /// Skips one value of any type, validating it, without building anything.
    /// - Complexity: O(length of the value).
    mutating func skipValue(depth: Int = 0) throws {
        skipWhitespace()
        guard index < count else { throw unexpected("a value") }
        switch base[index] {
        case UInt8(ascii: "{"):
            guard depth < JSONScanner.maxDepth else { throw error("nesting deeper than \(JSONScanner.maxDepth) levels") }
            if try beginObject("an object") { return }
            repeat {
                _ = try scanString()
                try expect(UInt8(ascii: ":"), "\":\" after a member name")
                try skipValue(depth: depth + 1)
            } while try nextElement(UInt8(ascii: "}"), "\",\" or \"}\" in an object")
        case UInt8(ascii: "["):
            guard depth < JSONScanner.maxDepth else { throw error("nesting deeper than \(JSONScanner.maxDepth) levels") }
            if try beginArray("an array") { return }
            repeat {
                try skipValue(depth: depth + 1)
            } while try nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in an array")
        case UInt8(ascii: "\""): _ = try scanString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        default: throw badValue("a value")
        }
    }

    /// Parses one value of any type into a `JSONValue`, keeping object member order.
    /// - Complexity: O(length of the value).
    mutating func parseValue(depth: Int = 0) throws -> JSONValue {
        skipWhitespace()
        guard index < count else { throw unexpected("a value") }
        switch base[index] {
        case UInt8(ascii: "{"):
            return .object(try parseObject(depth: depth))
        case UInt8(ascii: "["):
            guard depth < JSONScanner.maxDepth else { throw error("nesting deeper than \(JSONScanner.maxDepth) levels") }
            var items: [JSONValue] = []
            if try beginArray("an array") { return .array(items) }
            repeat {
                items.append(try parseValue(depth: depth + 1))
            } while try nextElement(UInt8(ascii: "]"), "\",\" or \"]\" in an array")
            return .array(items)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw badValue("a value")
        }
    }

    /// Parses an object at the cursor into a `JSONObject` (members in file order; a repeated key
    /// keeps its first place and last value).
    mutating func parseObject(depth: Int = 0) throws -> JSONObject {
        guard depth < JSONScanner.maxDepth else { throw error("nesting deeper than \(JSONScanner.maxDepth) levels") }
        if try beginObject("an object") { return JSONObject() }
        // Members go to a shared stack first, so the object is allocated once at its size.
        let first = memberStack.count
        defer { memberStack.removeSubrange(first...) }
        repeat {
            let name = try parseString()
            try expect(UInt8(ascii: ":"), "\":\" after a member name")
            let value = try parseValue(depth: depth + 1)
            memberStack.append((name, value))
        } while try nextElement(UInt8(ascii: "}"), "\",\" or \"}\" in an object")
        var object = JSONObject(reservingCapacity: memberStack.count - first)
        for k in first..<memberStack.count {
            object[memberStack[k].0] = memberStack[k].1
        }
        return object
    }

    /// After the top-level value: only whitespace may follow.
    mutating func expectEnd() throws {
        skipWhitespace()
        if index < count { throw error("trailing characters after the JSON value") }
    }
}

import Foundation

/// Formats doubles as fixed-point decimals, exactly as `String(format: "%.<p>f")` would (the
/// correctly rounded decimal, ties to even), with trailing zeros trimmed and "-0" printed as "0".
///
/// The fast path is integer arithmetic on the double's exact binary value: with d = m·2^e,
/// d·10^p = m·5^p·2^(e+p), computed exactly in 128 bits and shifted with round-half-even.
/// Values whose scaled magnitude does not fit in 64 bits fall back to `String(format:)`.
enum FixedDecimal {
    /// 5^k for k = 0...27 (5^27 < 2^63).
    private static let powersOfFive: [UInt64] = {
        var table: [UInt64] = [1]
        for _ in 1...27 { table.append(table[table.count - 1] * 5) }
        return table
    }()

    /// 10^k for k = 0...19.
    private static let powersOfTen: [UInt64] = {
        var table: [UInt64] = [1]
        for _ in 1...19 { table.append(table[table.count - 1] * 10) }
        return table
    }()

    /// Appends `d` with at most `precision` decimals (trailing zeros trimmed) to `out`.
    /// Non-finite values are written as `null`.
    static func append(_ d: Double, precision: Int, to out: inout [UInt8]) {
        let sink = ByteSink(capacity: 64)
        append(d, precision: precision, to: sink)
        sink.appendBytes(to: &out)
    }

    /// Appends `d` with at most `precision` decimals (trailing zeros trimmed) to `sink`.
    /// Non-finite values are written as `null`.
    /// - Complexity: O(number of digits).
    static func append(_ d: Double, precision: Int, to sink: ByteSink) {
        guard d.isFinite else {
            sink.append("null")
            return
        }
        guard precision >= 0, precision <= 17, let q = scaledMagnitude(d, precision) else {
            appendSlow(d, precision: precision, to: sink)
            return
        }
        if q == 0 {
            sink.append(UInt8(ascii: "0"))
            return
        }
        sink.reserve(48)  // sign, 20 integer digits, point, 17 decimals
        let p = sink.cursor
        var w = 0
        if d < 0 {
            p[0] = UInt8(ascii: "-")
            w = 1
        }
        let scale = powersOfTen[precision]
        w += writeDigits(q / scale, at: p + w)
        var fraction = q % scale
        if fraction != 0 {
            var digits = precision
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            p[w] = UInt8(ascii: ".")
            var k = w + digits
            while k > w {
                p[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
                fraction /= 10
                k -= 1
            }
            w += digits + 1
        }
        sink.advance(w)
    }

    /// Writes the decimal digits of `v` at `p` (room for 20 bytes); returns how many.
    @inline(__always) private static func writeDigits(_ v: UInt64, at p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 1
        var t = v / 10
        while t > 0 {
            n += 1
            t /= 10
        }
        var x = v
        var k = n
        repeat {
            k -= 1
            p[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: x % 10)
            x /= 10
        } while x > 0
        return n
    }

    /// round-half-even(|d|·10^p) as an integer, or nil when it may not fit in 64 bits.
    @inline(__always) private static func scaledMagnitude(_ d: Double, _ p: Int) -> UInt64? {
        let a = abs(d)
        if a == 0 { return 0 }
        // Keep |d|·10^p well below 2^64 (1.8e19).
        guard a * Double(powersOfTen[p]) < 1e19 else { return nil }
        let bits = a.bitPattern
        let exponentBits = Int((bits >> 52) & 0x7FF)
        let fractionBits = bits & ((1 << 52) - 1)
        let m: UInt64
        let e: Int
        if exponentBits == 0 {
            m = fractionBits
            e = -1074
        } else {
            m = fractionBits | (1 << 52)
            e = exponentBits - 1075
        }
        let product = UInt128(m) * UInt128(powersOfFive[p])  // < 2^53 · 5^17 < 2^93
        let shift = e + p
        if shift >= 0 {
            // An integer; below 1e19 by the guard above, so the shift cannot overflow 2^64.
            guard shift < 64 else { return nil }
            let v = product << shift
            return v <= UInt128(UInt64.max) ? UInt64(v) : nil
        }
        let right = -shift
        if right >= 128 { return 0 }  // value < 2^93 / 2^128 < 1/2: rounds to 0
        let q = product >> right
        let remainder = product - (q << right)
        let half = UInt128(1) << (right - 1)
        var result = q
        if remainder > half || (remainder == half && (q & 1) == 1) { result += 1 }
        return result <= UInt128(UInt64.max) ? UInt64(result) : nil
    }

    /// Appends a signed integer.
    static func appendInteger(_ v: Int64, to sink: ByteSink) {
        sink.reserve(21)
        let p = sink.cursor
        var w = 0
        if v < 0 {
            p[0] = UInt8(ascii: "-")
            w = 1
        }
        w += writeDigits(v.magnitude, at: p + w)
        sink.advance(w)
    }

    /// The reference formatting through `String(format:)`, for values outside the fast path.
    static func appendSlow(_ d: Double, precision: Int, to sink: ByteSink) {
        var text = reference(d, precision: precision)
        text.withUTF8 { sink.append($0) }
    }

    /// `String(format: "%.<p>f")` with trailing zeros (and a bare point) trimmed, "-0" as "0".
    static func reference(_ d: Double, precision: Int) -> String {
        guard d.isFinite else { return "null" }
        var s = String(format: "%.\(max(0, precision))f", d)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s
    }
}

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
    /// - Complexity: O(number of digits).
    static func append(_ d: Double, precision: Int, to out: inout [UInt8]) {
        guard d.isFinite else {
            out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
            return
        }
        guard precision >= 0, precision <= 17, let q = scaledMagnitude(d, precision) else {
            appendSlow(d, precision: precision, to: &out)
            return
        }
        if q == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if d < 0 { out.append(UInt8(ascii: "-")) }
        let scale = powersOfTen[precision]
        let integerPart = q / scale
        var fraction = q % scale
        appendInteger(integerPart, to: &out)
        if fraction == 0 { return }
        var digits = precision
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        out.append(UInt8(ascii: "."))
        // `fraction` has at most `digits` digits; pad with leading zeros.
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var f = fraction
            var k = digits
            while k > 0 {
                k -= 1
                raw[k] = UInt8(ascii: "0") + UInt8(f % 10)
                f /= 10
            }
            out.append(contentsOf: raw[0..<digits])
        }
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

    /// Appends the decimal digits of `v`.
    @inline(__always) static func appendInteger(_ v: UInt64, to out: inout [UInt8]) {
        if v < 10 {
            out.append(UInt8(ascii: "0") + UInt8(v))
            return
        }
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var k = 24
            var x = v
            while x > 0 {
                k -= 1
                raw[k] = UInt8(ascii: "0") + UInt8(x % 10)
                x /= 10
            }
            out.append(contentsOf: raw[k..<24])
        }
    }

    /// Appends a signed integer.
    static func appendInteger(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        appendInteger(v.magnitude, to: &out)
    }

    /// The reference formatting through `String(format:)`, for values outside the fast path.
    static func appendSlow(_ d: Double, precision: Int, to out: inout [UInt8]) {
        out.append(contentsOf: reference(d, precision: precision).utf8)
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

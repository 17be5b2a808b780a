import Foundation
import Testing
@testable import LifeCircle

/// `JSONScanner.parseNumber` against the standard library's correctly rounded `Double(String)`
/// (strtod), bit for bit, on seeded random decimal texts of every length the fast paths take,
/// on texts at and next to midpoints between two doubles, and on every double's `description`.
@Suite struct JSONScannerTests {
    /// The number `text` parses to (nothing may follow it).
    func number(_ text: String) throws -> Double {
        try JSONScanner.with(Array(text.utf8), file: "n.json") { s in
            let v = try s.parseNumber()
            try s.expectEnd()
            return v
        }
    }

    /// Parses each text and compares it with `Double(text)` bit for bit; returns the mismatches.
    func mismatches(_ texts: [String]) throws -> [String] {
        var bad: [String] = []
        for text in texts {
            let expected = try #require(Double(text), "\(text)")
            let v = try number(text)
            if v.bitPattern != expected.bitPattern { bad.append("\(text): \(v) instead of \(expected)") }
        }
        return bad
    }

    /// A random text of 1–19 significant digits scaled by 10^−30…10^30, written in one of the
    /// JSON forms (integer, decimal, "0.000…", exponent), maybe negative, maybe with trailing zeros.
    func randomText(_ rng: inout SplitMix64) -> String {
        let count = 1 + rng.below(19)
        var digits = String(1 + rng.below(9))
        for _ in 1..<count { digits += String(rng.below(10)) }
        if rng.chance(0.2) { digits += String(repeating: "0", count: 1 + rng.below(4)) }
        let scale = rng.below(61) - 30  // value = digits × 10^scale
        let sign = rng.chance(0.3) ? "-" : ""
        switch rng.below(3) {
        case 0:
            let e = scale < 0 ? ["e", "E"][rng.below(2)] : ["e", "E", "e+", "E+"][rng.below(4)]
            return "\(sign)\(digits)\(e)\(scale)"
        case 1:
            // One digit before the point, the exponent adjusted.
            let point = digits.count == 1 ? digits : "\(digits.prefix(1)).\(digits.dropFirst())"
            return "\(sign)\(point)e\(scale + digits.count - 1)"
        default:
            // Positional: trailing zeros for positive scales, the point moved (maybe "0.000…") otherwise.
            if scale >= 0 { return sign + digits + String(repeating: "0", count: scale) }
            let fraction = -scale
            if fraction >= digits.count {
                return "\(sign)0.\(String(repeating: "0", count: fraction - digits.count))\(digits)"
            }
            return "\(sign)\(digits.dropLast(fraction)).\(digits.suffix(fraction))"
        }
    }

    @Test func randomDecimalTextsMatchStrtodBitForBit() throws {
        var rng = SplitMix64(seed: 18)
        var texts: [String] = []
        for _ in 0..<300_000 { texts.append(randomText(&rng)) }
        let bad = try mismatches(texts)
        #expect(bad.isEmpty, "\(bad.count) mismatches, first: \(bad.prefix(5))")
    }

    /// Exact midpoints between two doubles (2^53 + 1, and c·2^j with c odd of 54 bits) written
    /// with at most 19 digits, one unit either side in the last digit, and 19-digit roundings of
    /// midpoints: not on one, but so close that one rounding to 64 bits often lands on it.
    @Test func textsAtAndNextToMidpointsMatchStrtod() throws {
        var rng = SplitMix64(seed: 1_853)
        var texts = [
            "9007199254740993", "9007199254740993.0", "9007199254740995", "9007199254740997",
            "18014398509481989", "18014398509481990", "-9007199254740993", "900719925474099.3e1",
            "9007199254740993e0", "0.9007199254740993e16", "90071992547409930e-1",
            "4.5035996273704965e15", "1.0000000000000001110223024625156540e0", "1.00000000000000011102",
            "0.30000000000000004", "0.1000000000000000055511151231257827", "2.2250738585072011e-308",
        ]
        let ten19 = UInt128(10_000_000_000_000_000_000)
        for _ in 0..<40_000 {
            let c = UInt128((1 << 53) | rng.next() >> 11 | 1)  // odd, 54 bits
            let j = rng.below(60) - 30  // midpoint M = c·2^j
            // The exact decimal of M when it has at most 19 digits, and its neighbours.
            if j >= 0, j <= 10 {
                let m = c << j
                if m < ten19 { texts += ["\(m)", "\(m - 1)", "\(m + 1)"] }
            } else if j < 0, j >= -4 {
                var m = c
                for _ in 0..<(-j) { m *= 5 }  // M = c·5^−j / 10^−j
                if m < ten19 { texts += ["\(m)e\(j)", "\(m - 1)e\(j)", "\(m + 1)e\(j)"] }
            }
            // M rounded to 19 significant digits: m·10^−k below 10^19, m·10^k above.
            if j < 0 {
                let shift = -j  // M = c / 2^shift
                var k = 0
                var scaled = c
                while scaled >> shift < ten19 / 10 {
                    scaled *= 10
                    k += 1
                }
                guard k <= 27 else { continue }
                let m = (scaled + (1 << (shift - 1))) >> shift
                texts += ["\(m)e-\(k)", "\(m - 1)e-\(k)", "\(m + 1)e-\(k)"]
            } else {
                let big = c << j
                var k = 0
                var divisor: UInt128 = 1
                while big / divisor >= ten19 {
                    divisor *= 10
                    k += 1
                }
                let m = (big + divisor / 2) / divisor
                if m < ten19, k <= 27 { texts += ["\(m)e\(k)", "\(m - 1)e\(k)", "-\(m + 1)e\(k)"] }
            }
        }
        let bad = try mismatches(texts)
        #expect(bad.isEmpty, "\(bad.count) mismatches of \(texts.count), first: \(bad.prefix(5))")
    }

    /// The shortest texts of random doubles (the 16–17-digit ones GIS exports write, sums like
    /// 0.1 + 0.2, any finite bit pattern) parse back to the same double.
    @Test func everyDescriptionRoundTrips() throws {
        var rng = SplitMix64(seed: 2_026)
        var bad: [String] = []
        for i in 0..<100_000 {
            let d: Double
            switch i % 5 {
            case 0: d = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (rng.chance(0.5) ? -1 : 1)
            case 1: d = rng.uniform(20, 30)  // longitudes and latitudes of a city
            case 2: d = rng.uniform(59, 61) + rng.uniform(-1e-6, 1e-6)
            case 3: d = Double(rng.below(1000)) / 10 + Double(rng.below(1000)) / 100  // 0.1 + 0.2 style
            default: d = rng.unit() * pow(10, Double(rng.below(61) - 30))
            }
            let text = d.description
            let v = try number(text)
            if v.bitPattern != d.bitPattern { bad.append("\(text): \(v)") }
        }
        #expect(bad.isEmpty, "\(bad.count) mismatches, first: \(bad.prefix(5))")
        #expect(try number("0.30000000000000004") == 0.1 + 0.2)
        #expect(try number("25.431127599999975") == 25.431127599999975)
        #expect(try number("-0.0").sign == .minus)
    }
}

import Foundation

/// A small seeded pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014): the same seed
/// gives the same sequence on every platform, so generated samples are reproducible byte for byte.
///
/// Only the helpers below are used to draw values (never the standard library's `random(in:using:)`,
/// whose algorithm may change between toolchains).
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    package mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform double in [a, b).
    package mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    /// A uniform integer in 0..<n (n > 0); the modulo bias is below 2⁻⁴⁰ for the sizes used here.
    package mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// True with probability `p`.
    package mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A standard normal deviate (Box–Muller).
    package mutating func normal() -> Double {
        let u1 = max(unit(), 0x1p-53)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// An independent generator for a named sub-task, so that changing one part of the sample does
    /// not shift the random numbers of the others.
    package func derived(_ salt: UInt64) -> SplitMix64 {
        var g = SplitMix64(seed: state ^ (salt &* 0xD6E8_FEB8_6659_FD93))
        _ = g.next()
        return SplitMix64(seed: g.next())
    }
}

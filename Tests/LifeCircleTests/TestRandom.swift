@testable import LifeCircle

/// The draws the tests' seeded inputs are written with, on the library's one `SplitMix64` (the same
/// sequence the tests' own copies of the generator gave, so every seeded input is unchanged).
extension SplitMix64 {
    /// A uniform double in `range` (one draw).
    mutating func uniform(_ range: ClosedRange<Double>) -> Double { uniform(range.lowerBound, range.upperBound) }

    /// A uniform integer in `range`: always one draw, also for a range of one value (unlike `below`).
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
}

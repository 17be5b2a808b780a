/// Conversions of `Double`s to integers that never trap: `Int(x)` stops the program on NaN, on
/// infinity and on anything beyond ±2^63, and numbers from files and arguments can be any of those.
extension Int {
    /// `d` rounded towards zero and clamped to `Int.min ... Int.max`; 0 for NaN.
    @inline(__always)
    package init(saturating d: Double) {
        if d.isNaN {
            self = 0
        } else if d >= 9_223_372_036_854_775_808.0 {  // 2^63
            self = .max
        } else if d < -9_223_372_036_854_775_808.0 {
            self = .min
        } else {
            self = Int(d)
        }
    }
}

extension Int64 {
    /// `d` rounded towards zero and clamped to `Int64.min ... Int64.max`; 0 for NaN.
    @inline(__always)
    package init(saturating d: Double) {
        self = Int64(Int(saturating: d))
    }
}

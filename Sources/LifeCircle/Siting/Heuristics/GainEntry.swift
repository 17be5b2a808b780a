/// A lazy-greedy queue entry: gain (possibly stale), candidate index, round it was computed in.
struct GainEntry: Comparable {
    var gain: Double
    var candidate: Int32
    var round: Int32

    /// Larger gain first; among equal gains the lower candidate index first.
    static func < (a: GainEntry, b: GainEntry) -> Bool {
        a.gain < b.gain || (a.gain == b.gain && a.candidate > b.candidate)
    }

    static func == (a: GainEntry, b: GainEntry) -> Bool {
        a.gain == b.gain && a.candidate == b.candidate
    }
}

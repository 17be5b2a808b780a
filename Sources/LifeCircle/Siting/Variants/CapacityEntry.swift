/// A lazy-heap entry of the capacitated greedy: credited gain, then residual demand in reach, then
/// the lower candidate index. Both keys only shrink as sites are chosen, so lazy updates stay exact.
struct CapacityEntry: Comparable {
    var gain: Double
    var reach: Double
    var candidate: Int32
    var round: Int32

    static func < (a: CapacityEntry, b: CapacityEntry) -> Bool {
        if a.gain != b.gain { return a.gain < b.gain }
        if a.reach != b.reach { return a.reach < b.reach }
        return a.candidate > b.candidate
    }

    static func == (a: CapacityEntry, b: CapacityEntry) -> Bool {
        a.gain == b.gain && a.reach == b.reach && a.candidate == b.candidate
    }
}

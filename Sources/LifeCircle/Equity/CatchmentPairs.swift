/// The resident–facility pairs within a catchment and their walk times, grouped by facility (CSR).
///
/// The pairs of facility j are `resident[start[j] ..< start[j + 1]]` with `minutes[...]` beside them
/// (ascending by resident when built from lists; in search order when built from the network). A facility that reaches no one (or is not counted, or not on the network)
/// has no pairs. This is the walk-time matrix of a 2SFCA, kept sparse: it holds only pairs within
/// the catchment. Build it from a network (``network(residents:facilities:boundMeters:speed:)``) or
/// from a given matrix (``init(facilityCount:residentCount:facility:resident:minutes:within:)``).
package struct CatchmentPairs: Hashable, Sendable {
    package let facilityCount: Int
    package let residentCount: Int
    /// CSR offsets, `facilityCount + 1` entries.
    package let start: [Int]
    /// Resident index of each pair.
    package let resident: [Int32]
    /// Walk minutes of each pair.
    package let minutes: [Double]

    /// The number of pairs.
    package var count: Int { resident.count }

    /// The pair range of facility `j`.
    package func pairs(ofFacility j: Int) -> Range<Int> { start[j]..<start[j + 1] }

    /// Pairs from parallel lists (a walk-time matrix in long form), keeping those within `within`
    /// minutes (all when nil; a pair exactly at the limit is kept).
    ///
    /// - Returns: nil when an index is out of range or a time is negative or NaN (infinite times are
    ///   dropped as unreachable), or the lists differ in length.
    /// - Complexity: O(P log P) for P pairs.
    package init?(facilityCount: Int, residentCount: Int, facility: [Int], resident: [Int], minutes: [Double],
                 within limit: Double? = nil) {
        guard facility.count == resident.count, resident.count == minutes.count,
              facilityCount >= 0, residentCount >= 0, residentCount <= Int(Int32.max) else { return nil }
        var order: [Int] = []
        order.reserveCapacity(minutes.count)
        for k in minutes.indices {
            guard facility[k] >= 0, facility[k] < facilityCount, resident[k] >= 0, resident[k] < residentCount,
                  !minutes[k].isNaN, minutes[k] >= 0 else { return nil }
            guard minutes[k].isFinite else { continue }
            if let limit, !(minutes[k] <= limit) { continue }
            order.append(k)
        }
        order.sort { facility[$0] < facility[$1] || (facility[$0] == facility[$1] && resident[$0] < resident[$1]) }
        var start = [Int](repeating: 0, count: facilityCount + 1)
        for k in order { start[facility[k] + 1] += 1 }
        for j in 0..<facilityCount { start[j + 1] += start[j] }
        self.facilityCount = facilityCount
        self.residentCount = residentCount
        self.start = start
        self.resident = order.map { Int32(resident[$0]) }
        self.minutes = order.map { minutes[$0] }
    }

    /// Pairs already grouped by facility.
    init(facilityCount: Int, residentCount: Int, start: [Int], resident: [Int32], minutes: [Double]) {
        self.facilityCount = facilityCount
        self.residentCount = residentCount
        self.start = start
        self.resident = resident
        self.minutes = minutes
    }
}

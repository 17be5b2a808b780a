import Foundation

extension CatchmentPairs {
    /// The pairs within a walk of each facility on the network: one bounded search per facility (in
    /// parallel, one search workspace per chunk of facilities), evaluating only the residents on the
    /// edges each search touched.
    ///
    /// Walk time is the coverage walk time: (resident's access leg + network distance + facility's
    /// access leg) ÷ speed; a pair counts when that distance is within `boundMeters` (with the 1 mm
    /// ``DistanceTolerance``), so a resident is in a facility's catchment exactly when that facility
    /// alone would cover it.
    ///
    /// - Parameters:
    ///   - residents: The snapped residents grouped by edge (their indices are the pairs' residents).
    ///   - facilities: One snap per facility; nil (not counted, or not on the network) gives no pairs.
    ///   - boundMeters: The catchment, minutes × speed.
    ///   - speed: Metres per minute.
    /// - Returns: Each facility's pairs in the order of the edges its search touched (not by resident).
    /// - Complexity: O(R) to lay the residents out by edge, then one bounded search per facility,
    ///   O((n + m) log n + p) for the n nodes and m edges within its bound and the p residents on the
    ///   edges it touched; spread over the cores.
    package static func network(residents: EdgePointIndex, network: WalkNetwork, facilities: [SnapPoint?],
                               boundMeters: Double, speed: Double) -> CatchmentPairs {
        let count = facilities.count
        let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        // Several chunks per core even out facilities whose catchments hold very different numbers.
        let chunks = max(1, min(count, cores * 8))
        // The residents in edge order with their edges' end nodes and costs, so that each search reads
        // the residents of the edges it touched from contiguous memory (positions follow `residents.points`).
        let scan = ResidentScan(network: network, index: residents)
        let edgeStart = residents.start
        let limit = boundMeters
        let parts = Parallel.tasks(count: chunks) { c -> ChunkPairs in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            var part = ChunkPairs()
            part.perFacility.reserveCapacity(hi - lo)
            guard lo < hi else { return part }
            var search = NetworkSearch(network: network)
            for j in lo..<hi {
                guard let snap = facilities[j] else { part.perFacility.append(0); continue }
                search.run(from: snap, bound: limit)
                let before = part.resident.count
                for e in search.touchedEdges() {
                    let edge = Int(e)
                    for k in Int(edgeStart[edge])..<Int(edgeStart[edge + 1]) {
                        let (d, source) = search.nearest(
                            edge: edge, nodeA: Int(scan.nodeA[k]), costA: scan.costA[k],
                            nodeB: Int(scan.nodeB[k]), costB: scan.costB[k], offset: scan.offset[k], access: scan.access[k])
                        guard source >= 0, DistanceTolerance.within(d, limit) else { continue }
                        part.resident.append(scan.resident[k])
                        part.minutes.append(d / speed)
                    }
                }
                part.perFacility.append(part.resident.count - before)
            }
            return part
        }
        var start = [0]
        start.reserveCapacity(count + 1)
        let total = parts.reduce(0) { $0 + $1.resident.count }
        var resident: [Int32] = []
        var minutes: [Double] = []
        resident.reserveCapacity(total)
        minutes.reserveCapacity(total)
        for part in parts {
            for n in part.perFacility { start.append(start[start.count - 1] + n) }
            resident.append(contentsOf: part.resident)
            minutes.append(contentsOf: part.minutes)
        }
        return CatchmentPairs(facilityCount: count, residentCount: residents.snaps.count, start: start,
                              resident: resident, minutes: minutes)
    }
}

/// The pairs of one chunk of facilities, in facility order.
private struct ChunkPairs: Sendable {
    var perFacility: [Int] = []
    var resident: [Int32] = []
    var minutes: [Double] = []
}

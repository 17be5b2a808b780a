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
        let scan = ResidentScan(network: network, index: residents)
        let parts = networkParts(scan: scan, residents: residents, network: network, facilities: facilities,
                                 boundMeters: boundMeters, speed: speed)
        return joined(parts, residentCount: residents.snaps.count)
    }

    /// ``network(residents:network:facilities:boundMeters:speed:)`` in parts of consecutive
    /// facilities (part k holds the facilities after those of parts 0..<k, indexed from 0 within the
    /// part), for a caller that lays the residents out once (`scan`, in `residents`' edge order)
    /// and uses the parts as they are (``FloatingCatchment/run(parts:demand:supply:thresholdMinutes:decays:)``).
    ///
    /// - Complexity: as the whole, without the O(R) layout and without joining the parts.
    static func networkParts(scan: ResidentScan, residents: EdgePointIndex, network: WalkNetwork,
                             facilities: [SnapPoint?], boundMeters limit: Double, speed: Double) -> [CatchmentPairs] {
        let count = facilities.count
        guard count > 0 else { return [] }
        let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        // Several chunks per core even out facilities whose catchments hold very different numbers.
        let chunks = max(1, min(count, cores * 8))
        let edgeStart = residents.start, residentCount = residents.snaps.count
        return Parallel.tasks(count: chunks) { c -> CatchmentPairs in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            var start = [0]
            start.reserveCapacity(hi - lo + 1)
            var resident: [Int32] = [], minutes: [Double] = []
            var used = 0
            var search = NetworkSearch(network: network)
            for j in lo..<hi {
                guard let snap = facilities[j] else { start.append(used); continue }
                search.run(from: snap, bound: limit)
                let edges = search.touchedEdges()
                // Room for every resident on the touched edges, then plain stores.
                var most = 0
                for e in edges { most += Int(edgeStart[Int(e) + 1] - edgeStart[Int(e)]) }
                if resident.count < used + most {
                    let grow = max(used + most, 2 * resident.count) - resident.count
                    resident.append(contentsOf: repeatElement(0, count: grow))
                    minutes.append(contentsOf: repeatElement(0, count: grow))
                }
                resident.withUnsafeMutableBufferPointer { rb in
                    minutes.withUnsafeMutableBufferPointer { mb in
                        for e in edges {
                            let edge = Int(e)
                            let range = Int(edgeStart[edge])..<Int(edgeStart[edge + 1])
                            guard edge != Int(snap.edge) else {
                                // The facility's own edge: the direct way along it too.
                                for k in range {
                                    let (d, source) = search.nearest(
                                        edge: edge, nodeA: Int(scan.nodeA[k]), costA: scan.costA[k],
                                        nodeB: Int(scan.nodeB[k]), costB: scan.costB[k], offset: scan.offset[k],
                                        access: scan.access[k])
                                    guard source >= 0, DistanceTolerance.within(d, limit) else { continue }
                                    rb[used] = scan.resident[k]
                                    mb[used] = d / speed
                                    used += 1
                                }
                                continue
                            }
                            // Any other edge: through either end node (infinity when not settled), the
                            // same sums `nearest` forms, with the end nodes' distances read once per edge.
                            let a = search.distance(toNode: Int(network.edgeFrom[edge]))
                            let b = search.distance(toNode: Int(network.edgeTo[edge]))
                            for k in range {
                                let viaA = a + scan.costA[k], viaB = b + scan.costB[k]
                                let d = viaB < viaA ? viaB : viaA
                                guard DistanceTolerance.within(d, limit) else { continue }
                                rb[used] = scan.resident[k]
                                mb[used] = d / speed
                                used += 1
                            }
                        }
                    }
                }
                start.append(used)
            }
            resident.removeLast(resident.count - used)
            minutes.removeLast(minutes.count - used)
            return CatchmentPairs(facilityCount: hi - lo, residentCount: residentCount, start: start,
                                  resident: resident, minutes: minutes)
        }
    }

    /// Parts of consecutive facilities as one.
    ///
    /// - Complexity: O(P + F).
    static func joined(_ parts: [CatchmentPairs], residentCount: Int) -> CatchmentPairs {
        var start = [0]
        let total = parts.reduce(0) { $0 + $1.count }
        var resident: [Int32] = []
        var minutes: [Double] = []
        resident.reserveCapacity(total)
        minutes.reserveCapacity(total)
        for part in parts {
            let base = resident.count
            for s in part.start.dropFirst() { start.append(base + s) }
            resident.append(contentsOf: part.resident)
            minutes.append(contentsOf: part.minutes)
        }
        return CatchmentPairs(facilityCount: start.count - 1, residentCount: residentCount, start: start,
                              resident: resident, minutes: minutes)
    }
}

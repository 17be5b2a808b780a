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
        struct Part: Sendable {
            var start = [0]
            var resident: [Int32] = []
            var minutes: [Double] = []
        }
        let parts = searchEach(scan: scan, residents: residents, network: network, facilities: facilities,
                               boundMeters: boundMeters, speed: speed, part: { _ in Part() }) { part, rs, ms in
            part.resident.append(contentsOf: rs)
            part.minutes.append(contentsOf: ms)
            part.start.append(part.resident.count)
        }
        let residentCount = residents.snaps.count
        return joined(parts.map { p in
            CatchmentPairs(facilityCount: p.start.count - 1, residentCount: residentCount, start: p.start,
                           resident: p.resident, minutes: p.minutes)
        }, residentCount: residentCount)
    }

    /// One bounded search per facility in parts of consecutive facilities (part c holds facilities
    /// `count · c / chunks ..< count · (c + 1) / chunks`), spread over the cores, one search workspace
    /// per part: `add(&part, residents, minutes)` is called for each facility of the part in order,
    /// with the residents within `boundMeters` of it and their walk minutes (in the order of the
    /// edges its search touched; empty for a facility that is nil).
    ///
    /// - Complexity: one bounded search per facility, O((n + m) log n + p) for the n nodes and m
    ///   edges within its bound and the p residents on the edges it touched; spread over the cores.
    static func searchEach<Part: Sendable>(
        scan: ResidentScan, residents: EdgePointIndex, network: WalkNetwork, facilities: [SnapPoint?],
        boundMeters limit: Double, speed: Double, part makePart: @Sendable (Int) -> Part,
        add: @Sendable (inout Part, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Double>) -> Void
    ) -> [Part] {
        let count = facilities.count
        guard count > 0 else { return [] }
        let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        // Several chunks per core even out facilities whose catchments hold very different numbers.
        let chunks = max(1, min(count, cores * 8))
        let edgeStart = residents.start
        return Parallel.tasks(count: chunks) { c -> Part in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            var part = makePart(hi - lo)
            // One facility's pairs at a time, the buffers reused.
            var resident: [Int32] = [], minutes: [Double] = []
            var search = NetworkSearch(network: network)
            for j in lo..<hi {
                var used = 0
                if let snap = facilities[j] {
                    search.run(from: snap, bound: limit)
                    let edges = search.touchedEdges()
                    // Room for every resident on the touched edges, then plain stores.
                    var most = 0
                    for e in edges { most += Int(edgeStart[Int(e) + 1] - edgeStart[Int(e)]) }
                    if resident.count < most {
                        resident = [Int32](repeating: 0, count: max(most, 2 * resident.count))
                        minutes = [Double](repeating: 0, count: resident.count)
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
                }
                resident.withUnsafeBufferPointer { rb in
                    minutes.withUnsafeBufferPointer { mb in
                        add(&part, UnsafeBufferPointer(rebasing: rb[0..<used]), UnsafeBufferPointer(rebasing: mb[0..<used]))
                    }
                }
            }
            return part
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

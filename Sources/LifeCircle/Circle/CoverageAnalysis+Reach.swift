import Foundation

extension CoverageAnalysis {
    /// Walk distances of every resident to one category's facilities in one scenario, from one
    /// search bounded at `bound` metres (at least the category's threshold).
    ///
    /// The search is the one coverage runs, with a larger bound: the statuses against the category's
    /// threshold equal those of ``networkCoverage(_:scenario:search:)``.
    ///
    /// - Complexity: one bounded search (O((n + m) log n) for the n nodes and m edges within `bound`)
    ///   plus O(R) to evaluate the residents in edge order.
    package func reachDistances(_ request: CoverageRequest, scenario: CoverageScenario, bound requested: Double,
                               search: inout NetworkSearch) -> ReachDistances {
        let count = residentSnaps.count
        let (sources, unsnapped, used) = request.sources(in: scenario)
        let threshold = request.minutes * request.speed
        let bound = max(requested, threshold)
        search.run(sources: sources, bound: bound)
        var meters = [Double](repeating: .infinity, count: count)
        var facility = [Int32](repeating: -1, count: count)
        var status = [CoverageStatus](repeating: .beyondThreshold, count: count)
        for i in 0..<count where residentSnaps[i] == nil { status[i] = .unreachable }
        for k in scan.resident.indices {
            let (d, source) = search.nearest(
                edge: Int(scan.edge[k]), nodeA: Int(scan.nodeA[k]), costA: scan.costA[k],
                nodeB: Int(scan.nodeB[k]), costB: scan.costB[k], offset: scan.offset[k], access: scan.access[k])
            guard source >= 0, DistanceTolerance.within(d, bound) else { continue }
            let r = Int(scan.resident[k])
            meters[r] = d
            facility[r] = source
            if DistanceTolerance.within(d, threshold) { status[r] = .covered }
        }
        return ReachDistances(
            category: request.category, scenario: scenario, thresholdMinutes: request.minutes, speed: request.speed,
            bound: bound, meters: meters, facility: facility, status: status, facilitiesUsed: used,
            unsnappedFacilities: unsnapped)
    }

    /// ``reachDistances(_:scenario:bound:search:)`` for several (request, bound) pairs in one
    /// scenario, spread over the cores; each worker reuses one search workspace.
    ///
    /// - Returns: One result per request, in the order given.
    /// - Complexity: the sum of the single searches, divided among the cores.
    package func reachDistances(_ requests: [CoverageRequest], bounds: [Double], scenario: CoverageScenario) -> [ReachDistances] {
        let jobs = requests.count
        guard jobs > 0 else { return [] }
        let workerCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, jobs))
        let perWorker = Parallel.tasks(count: workerCount) { w -> [ReachDistances] in
            var search = NetworkSearch(network: self.network)
            var out: [ReachDistances] = []
            for j in stride(from: w, to: jobs, by: workerCount) {
                let bound = j < bounds.count ? bounds[j] : 0
                out.append(self.reachDistances(requests[j], scenario: scenario, bound: bound, search: &search))
            }
            return out
        }
        return (0..<jobs).map { perWorker[$0 % workerCount][$0 / workerCount] }
    }
}

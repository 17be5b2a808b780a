import Foundation

/// Per-category coverage of resident points: walk minutes to the nearest facility on the network (one
/// bounded multi-source search per category and scenario), or by straight-line radius for comparison.
///
/// Works on positions already projected to a metric CRS and on snaps from a `SegmentIndex`; it knows
/// nothing about files. Residents are laid out in edge order once, so each category's pass reads memory
/// in order.
///
/// The flow from projected layers (metres) to street gaps:
/// ```swift
/// let network = WalkNetwork.build(lines: projectedLines, lineIDs: lineIDs)
/// let index = SegmentIndex(network: network)
/// let analysis = CoverageAnalysis(index: index, residentPositions: residentXY,
///                                 maxSnapDistance: plan.walking.maxSnapDistanceMeters)
/// let requests = plan.categories.map { category in
///     CoverageRequest(category: category.id, facilityPositions: facilityXY[category.id, default: []],
///                     facilitySnaps: index.snap(facilityXY[category.id, default: []], maxDistance: plan.walking.maxSnapDistanceMeters),
///                     facilityPlanned: planned[category.id, default: []], minutes: category.walkMinutes,
///                     speed: CoverageRequest.speed(for: category.demand, walking: plan.walking),
///                     demand: residents.map { $0.demand(category.demand) })
/// }
/// let results = analysis.run(requests)          // per category: existing, then with-planned
/// let gaps = StreetGaps(result: results[0], demand: requests[0].demand,
///                       residentStreet: streetOfResident, streetCount: streets.count, goal: plan.coverageGoal)
/// ```
package struct CoverageAnalysis: Sendable {
    /// The walk network.
    package let network: WalkNetwork
    /// Resident positions (metres).
    package let residentPositions: [Position]
    /// Resident snaps; nil for a resident farther than the snap distance from every edge (unreachable).
    package let residentSnaps: [SnapPoint?]
    /// The residents grouped by edge.
    package let residentsOnEdges: EdgePointIndex
    /// Snapped residents in edge order, with what a search needs of each (parallel arrays), so that a
    /// coverage pass reads memory in order.
    let scan: ResidentScan

    /// Residents that could not join the network (farther than the snap distance from every edge),
    /// ascending; they count as uncovered in every category.
    package var unreachableResidents: [Int] { residentSnaps.indices.filter { residentSnaps[$0] == nil } }

    /// An analysis of residents already snapped.
    ///
    /// - Complexity: O(R log R + E) to group R residents by edge.
    package init(network: WalkNetwork, residentPositions: [Position], residentSnaps: [SnapPoint?]) {
        self.network = network
        self.residentPositions = residentPositions
        self.residentSnaps = residentSnaps
        residentsOnEdges = EdgePointIndex(snaps: residentSnaps, edgeCount: network.edgeCount)
        scan = ResidentScan(network: network, index: residentsOnEdges)
    }

    /// An analysis that snaps the residents itself (in parallel).
    ///
    /// - Complexity: O(R) snaps plus the grouping by edge.
    package init(index: SegmentIndex, residentPositions: [Position], maxSnapDistance: Double) {
        self.init(network: index.network, residentPositions: residentPositions,
                  residentSnaps: index.snap(residentPositions, maxDistance: maxSnapDistance))
    }

    /// Network coverage of one category in one scenario, reusing a search workspace.
    ///
    /// The threshold in metres is `request.minutes × request.speed`; a resident is covered when
    /// access leg + network distance + the facility's access leg ≤ that (within ``DistanceTolerance``). Unsnapped facilities are
    /// listed in the result and ignored; unsnapped residents are `unreachable`.
    ///
    /// - Complexity: one bounded search (O((n + m) log n) for the n nodes and m edges within the
    ///   threshold) plus O(R) to evaluate the residents (in edge order) and fill the result arrays.
    package func networkCoverage(_ request: CoverageRequest, scenario: CoverageScenario,
                                search: inout NetworkSearch) -> CoverageResult {
        // The reach search bounded at the threshold itself: every point it reaches is covered.
        let reach = reachDistances(request, scenario: scenario, bound: request.minutes * request.speed, search: &search)
        return CoverageResult(
            category: request.category, scenario: scenario, metric: .network, thresholdMinutes: request.minutes,
            speed: request.speed, minutes: reach.meters.map { $0 / request.speed }, facility: reach.facility,
            status: reach.status, totals: Self.totals(reach.status, request.demand),
            facilitiesUsed: reach.facilitiesUsed, unsnappedFacilities: reach.unsnappedFacilities)
    }

    /// Network coverage of one category in one scenario, with a fresh workspace.
    ///
    /// - Complexity: as `networkCoverage(_:scenario:search:)` plus O(N + E) to allocate the workspace.
    package func networkCoverage(_ request: CoverageRequest, scenario: CoverageScenario) -> CoverageResult {
        var search = NetworkSearch(network: network)
        return networkCoverage(request, scenario: scenario, search: &search)
    }

    /// The network within the category's threshold of its facilities (a service area's lines): pieces
    /// of edges, partial where the threshold ends mid-edge. Cut them with `WalkNetwork.geometry(ofEdge:from:to:)`.
    ///
    /// - Complexity: one bounded search plus O(t log t) for the t edges it touched.
    package func serviceArea(_ request: CoverageRequest, scenario: CoverageScenario,
                            search: inout NetworkSearch) -> [EdgePiece] {
        let sources = request.facilitySnaps.indices.map { request.counts($0, in: scenario) ? request.facilitySnaps[$0] : nil }
        search.run(sources: sources, bound: request.minutes * request.speed)
        return search.reachedPieces()
    }

    /// Straight-line coverage: the nearest facility by Euclidean distance within a radius of
    /// `minutes × speed` metres (within ``DistanceTolerance``), ignoring the network (and snapping: no resident is unreachable).
    ///
    /// Shows how much a radius overstates coverage: a walk is never shorter than the straight line.
    ///
    /// - Complexity: O(F + R · k) for F facilities and k facilities in the grid cells searched around a
    ///   resident (rings of cells, nearest first, until none can hold a nearer facility).
    package func straightLineCoverage(_ request: CoverageRequest, scenario: CoverageScenario) -> CoverageResult {
        let radius = request.minutes * request.speed
        let invalid = Position(x: .nan, y: .nan)
        var used = 0
        let positions = request.facilityPositions.indices.map { i -> Position in
            guard request.counts(i, in: scenario) else { return invalid }
            used += 1
            return request.facilityPositions[i]
        }
        let grid = PointGrid(positions: positions)
        let count = residentPositions.count
        var minutes = [Double](repeating: .infinity, count: count)
        var facility = [Int32](repeating: -1, count: count)
        var status = [CoverageStatus](repeating: .beyondThreshold, count: count)
        for i in 0..<count {
            guard let hit = grid.nearest(to: residentPositions[i], within: radius) else { continue }
            minutes[i] = hit.distance / request.speed
            facility[i] = hit.index
            status[i] = .covered
        }
        return CoverageResult(
            category: request.category, scenario: scenario, metric: .straightLine,
            thresholdMinutes: request.minutes, speed: request.speed, minutes: minutes, facility: facility,
            status: status, totals: Self.totals(status, request.demand), facilitiesUsed: used,
            unsnappedFacilities: [])
    }

    /// Coverage for every request × scenario × metric, spread over the available cores; each worker
    /// reuses one search workspace. A request without planned facilities counts the same facilities
    /// in every scenario, so it is computed once per metric and the result repeated under each
    /// scenario's name (the same numbers a separate computation gives).
    ///
    /// - Returns: Results ordered by request, then scenario, then metric (in the orders given).
    /// - Complexity: the sum of the distinct single computations, divided among the cores.
    package func run(_ requests: [CoverageRequest],
                    scenarios: [CoverageScenario] = CoverageScenario.allCases,
                    metrics: [DistanceMetric] = [.network]) -> [CoverageResult] {
        // Every (request, scenario, metric) in output order, each pointing at the job that computes it.
        var jobs: [(Int, CoverageScenario, DistanceMetric)] = []
        var wanted: [(job: Int, scenario: CoverageScenario)] = []
        for r in requests.indices {
            let scenarioFree = !requests[r].facilityPlanned.contains(true)
            var firstJob: [Int] = []
            for (k, s) in scenarios.enumerated() {
                for (n, m) in metrics.enumerated() {
                    if scenarioFree && k > 0 {
                        wanted.append((firstJob[n], s))
                    } else {
                        if k == 0 { firstJob.append(jobs.count) }
                        wanted.append((jobs.count, s))
                        jobs.append((r, s, m))
                    }
                }
            }
        }
        // Jobs go to whichever worker is free (categories differ a lot in size: an empty one is
        // instant); each worker keeps one search workspace. The results do not depend on who ran what.
        let workerCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, jobs.count))
        let jobList = jobs
        let slots = SlotArray<CoverageResult>(count: jobList.count)
        let next = TaskCounter()
        _ = Parallel.tasks(count: workerCount) { _ -> Bool in
            var search = NetworkSearch(network: self.network)
            while let j = next.take(below: jobList.count) {
                let (r, scenario, metric) = jobList[j]
                switch metric {
                case .network:
                    slots.set(j, self.networkCoverage(requests[r], scenario: scenario, search: &search))
                case .straightLine:
                    slots.set(j, self.straightLineCoverage(requests[r], scenario: scenario))
                }
            }
            return true
        }
        let computed = slots.values()
        var results: [CoverageResult] = []
        results.reserveCapacity(wanted.count)
        for w in wanted {
            var result = computed[w.job]
            result.scenario = w.scenario
            results.append(result)
        }
        return results
    }

    private static func totals(_ status: [CoverageStatus], _ demand: [Double]) -> CoverageTotals {
        var t = CoverageTotals()
        for i in status.indices { t.add(status[i], demand: i < demand.count ? demand[i] : 0) }
        return t
    }
}

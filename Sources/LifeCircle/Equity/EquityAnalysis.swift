/// Supply and demand (2SFCA) and the fairness of access, for the categories of a coverage analysis.
///
/// ```swift
/// let analysis = try StudyAnalysis.run(prepared, scenarios: [.existing], metrics: [.network])
/// let equity = EquityAnalysis.run(analysis: analysis, scenario: .existing)
/// let canteens = equity.category("elder-canteen")
/// canteens?.classic.access[i]            // supply per head within reach of resident point i
/// canteens?.access.streets?.gini         // inequality of that score across streets
/// canteens?.coverage?.ageGap.difference  // covered share of residents 60+ minus that of all
/// ```
///
/// The pieces work apart too: ``CatchmentPairs`` (the walk-time pairs, from the network or from a
/// matrix), ``FloatingCatchment`` (the two steps on those pairs), ``EquityMeasure``, ``Fairness`` and
/// ``LorenzCurve`` (generic over any per-resident values and weights, e.g. life-circle minutes).
package enum EquityAnalysis {
    /// Runs every category of `analysis` in `scenario`.
    ///
    /// The residents are laid out by edge once for all categories; each category's searches run in
    /// parallel, then the fairness of every measure of every category (coverage, classic and
    /// Gaussian 2SFCA) in parallel.
    ///
    /// - Parameter coverage: A coverage analysis of the same prepared study (e.g.
    ///   ``CircleStudy/searches``), whose residents laid out by edge are used as they are; nil: laid
    ///   out here.
    /// - Complexity: per category, one bounded network search per facility counted (parallel), then
    ///   O(P + R + S log S) for its P pairs, R residents and S streets; plus O(R log R) to lay the
    ///   residents out by edge when `coverage` is nil.
    package static func run(analysis: StudyAnalysis, scenario: CoverageScenario,
                           coverage: CoverageAnalysis? = nil) -> EquityResult {
        let asked = analysis.categories.map { c in
            Asked(category: c.category, request: c.request, status: c.result(scenario, .network)?.status)
        }
        return run(asked, prepared: analysis.prepared, scenario: scenario, coverage: coverage)
    }

    /// Runs every category of a life-circle study in its scenario, on its searches: each category's
    /// coverage at its own threshold (equal to plain coverage) stands in for a coverage analysis, and
    /// its residents laid out by edge are used as they are; the result equals
    /// ``run(analysis:scenario:coverage:)`` on a coverage analysis of the same study.
    ///
    /// - Complexity: as ``run(analysis:scenario:coverage:)``, without a coverage analysis.
    package static func run(circle: CircleStudy) -> EquityResult {
        let asked = circle.categories.indices.map { k in
            Asked(category: circle.categories[k], request: circle.requests[k], status: circle.reach[k].status)
        }
        return run(asked, prepared: circle.prepared, scenario: circle.scenario, coverage: circle.searches)
    }

    /// A category's question: its coverage request and, when known, each resident's network coverage status.
    struct Asked {
        var category: Category
        var request: CoverageRequest
        var status: [CoverageStatus]?
    }

    private static func run(_ asked: [Asked], prepared: PreparedStudy, scenario: CoverageScenario,
                            coverage: CoverageAnalysis?) -> EquityResult {
        let residents: EdgePointIndex, scan: ResidentScan
        if let coverage, coverage.network.edgeCount == prepared.network.edgeCount,
           coverage.residentsOnEdges.snaps.count == prepared.residentSnaps.count {
            residents = coverage.residentsOnEdges
            scan = coverage.scan
        } else {
            residents = EdgePointIndex(snaps: prepared.residentSnaps, edgeCount: prepared.network.edgeCount)
            scan = ResidentScan(network: prepared.network, index: residents)
        }
        let supplied = asked.map { c in
            SupplyDemand(c, prepared: prepared, residents: residents, scan: scan, scenario: scenario)
        }
        let jobs = supplied.flatMap(\.measures)
        let measured = measure(jobs, prepared: prepared)
        var next = 0
        let out = supplied.map { sd -> CategoryEquity in
            let mine = Array(measured[next..<(next + sd.measures.count)])
            next += sd.measures.count
            return sd.result(mine, streetCount: prepared.study.streets.count)
        }
        return EquityResult(scenario: scenario, categories: out)
    }

    /// The supply S_j of each facility of a category in a scenario: the facility's capacity, else the
    /// category's, else 1; 0 when it does not count in the scenario or is not on the network.
    ///
    /// - Complexity: O(F).
    package static func supply(_ prepared: PreparedStudy, category: Category, scenario: CoverageScenario) -> [Double] {
        let facilities = prepared.study.facilities[category.id] ?? []
        let snaps = prepared.facilitySnaps[category.id] ?? []
        return facilities.indices.map { j in
            let counts = scenario == .withPlanned || facilities[j].status == .existing
            guard counts, j < snaps.count, snaps[j] != nil else { return 0 }
            return facilities[j].capacity ?? category.capacity ?? 1
        }
    }

    /// One category.
    ///
    /// - Parameter residents: The prepared study's resident snaps grouped by edge (shared by categories).
    /// - Complexity: as `run`, for one category.
    package static func category(_ c: StudyAnalysis.CategoryResult, prepared: PreparedStudy,
                                residents: EdgePointIndex, scenario: CoverageScenario) -> CategoryEquity {
        let scan = ResidentScan(network: prepared.network, index: residents)
        let asked = Asked(category: c.category, request: c.request, status: c.result(scenario, .network)?.status)
        let sd = SupplyDemand(asked, prepared: prepared, residents: residents, scan: scan, scenario: scenario)
        return sd.result(measure(sd.measures, prepared: prepared), streetCount: prepared.study.streets.count)
    }

    /// The fairness of each (values, demand) job, in parallel.
    ///
    /// - Complexity: O(R + S log S) each (O(R log R) when the values hold few repeats and R ≤ 4,096).
    static func measure(_ jobs: [(values: [Double], demand: [Double])], prepared: PreparedStudy) -> [EquityMeasure] {
        let study = prepared.study
        let population = study.residents.map(\.population)
        let elderly = study.residents.map(\.age60plus)
        let streetCount = study.streets.count
        let streetIndex = EquityMeasure.streetIndex(prepared.residentStreet, streetCount: streetCount)
        return Parallel.tasks(count: jobs.count) { k in
            EquityMeasure(values: jobs[k].values, demand: jobs[k].demand, population: population, age60plus: elderly,
                          streetIndex: streetIndex, streetCount: streetCount)
        }
    }
}

/// One category's supply, pairs and 2SFCA scores, and the per-resident measures whose fairness it asks.
struct SupplyDemand {
    let category: Category
    let scenario: CoverageScenario
    let request: CoverageRequest
    let supply: [Double]
    let unsnapped: [Int]
    let pairCount: Int
    let classic: FloatingCatchment
    let gaussian: FloatingCatchment
    /// Classic score, Gaussian score, then coverage (1 covered, 0 not) when the analysis has it.
    let measures: [(values: [Double], demand: [Double])]

    /// The supply, the pairs (one bounded search per facility counted) and both 2SFCA.
    ///
    /// - Complexity: as ``EquityAnalysis/run(analysis:scenario:)`` for one category, without the fairness.
    init(_ c: EquityAnalysis.Asked, prepared: PreparedStudy, residents: EdgePointIndex, scan: ResidentScan,
         scenario: CoverageScenario) {
        let request = c.request
        category = c.category
        self.scenario = scenario
        self.request = request
        supply = EquityAnalysis.supply(prepared, category: category, scenario: scenario)
        let snaps = request.facilitySnaps
        var sources = [SnapPoint?](repeating: nil, count: snaps.count)
        var unsnapped: [Int] = []
        for j in snaps.indices where request.counts(j, in: scenario) {
            if let s = snaps[j] { sources[j] = s } else { unsnapped.append(j) }
        }
        self.unsnapped = unsnapped
        // Step 1 of both decays facility by facility as its search ends (its pairs still in cache;
        // the walk times not kept), then step 2.
        let residentCount = residents.snaps.count, t0 = request.minutes
        let decays: [CatchmentDecay] = [.uniform, .gaussian]
        let people = FloatingCatchment.people(request.demand, residentCount: residentCount)
        let parts = CatchmentPairs.searchEach(
            scan: scan, residents: residents, network: prepared.network, facilities: sources,
            boundMeters: request.minutes * request.speed, speed: request.speed,
            part: { FloatingCatchment.WeighedPart(decays: decays, thresholdMinutes: t0, facilityCount: $0) }
        ) { part, rs, ms in
            people.withUnsafeBufferPointer { part.add(residents: rs, minutes: ms, people: $0) }
        }
        pairCount = parts.reduce(0) { $0 + $1.pairCount }
        let both = FloatingCatchment.run(weighed: parts, supply: supply, residentCount: residentCount,
                                         thresholdMinutes: t0, decays: decays)
        classic = both[0]
        gaussian = both[1]
        let covered: [Double]? = c.status.map { status in status.map { $0 == .covered ? 1 : 0 } }
        measures = [(classic.access, request.demand), (gaussian.access, request.demand)]
            + (covered.map { [($0, request.demand)] } ?? [])
    }

    /// The category's result from the fairness of `measures` (in their order).
    ///
    /// - Complexity: O(S).
    func result(_ measured: [EquityMeasure], streetCount: Int) -> CategoryEquity {
        let access = measured[0], gaussianAccess = measured[1]
        let coverage = measured.count > 2 ? measured[2] : nil
        let byA = access.byStreet, byG = gaussianAccess.byStreet, byC = coverage?.byStreet
        let rows = (0..<streetCount).map { s in
            StreetEquityRow(street: s, points: byA.points[s], demand: byA.weight[s], coverageShare: byC?.mean(s),
                            access: byA.mean(s), gaussianAccess: byG.mean(s))
        }
        let outside = byA.outsidePoints > 0
            ? StreetEquityRow(street: nil, points: byA.outsidePoints, demand: byA.outsideWeight,
                              coverageShare: byC?.outsideMean, access: byA.outsideMean, gaussianAccess: byG.outsideMean)
            : nil
        return CategoryEquity(
            category: category, scenario: scenario, thresholdMinutes: request.minutes, speed: request.speed,
            supply: supply, unsnappedFacilities: unsnapped, pairCount: pairCount, classic: classic,
            gaussian: gaussian, coverage: coverage, access: access, gaussianAccess: gaussianAccess,
            streets: rows, outside: outside)
    }
}

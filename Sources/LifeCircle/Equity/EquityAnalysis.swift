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
    /// - Complexity: per category, one bounded network search per facility counted (parallel), then
    ///   O(P + R log R + S log S) for its P pairs, R residents and S streets.
    package static func run(analysis: StudyAnalysis, scenario: CoverageScenario) -> EquityResult {
        let prepared = analysis.prepared
        let residents = EdgePointIndex(snaps: prepared.residentSnaps, edgeCount: prepared.network.edgeCount)
        let out = analysis.categories.map { c in
            category(c, prepared: prepared, residents: residents, scenario: scenario)
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
        let request = c.request
        let category = c.category
        let supply = supply(prepared, category: category, scenario: scenario)
        let snaps = request.facilitySnaps
        var sources = [SnapPoint?](repeating: nil, count: snaps.count)
        var unsnapped: [Int] = []
        for j in snaps.indices where request.counts(j, in: scenario) {
            if let s = snaps[j] { sources[j] = s } else { unsnapped.append(j) }
        }
        let bound = request.minutes * request.speed
        let pairs = CatchmentPairs.network(residents: residents, network: prepared.network, facilities: sources,
                                           boundMeters: bound, speed: request.speed)
        let classic = FloatingCatchment(pairs: pairs, demand: request.demand, supply: supply,
                                        thresholdMinutes: request.minutes, decay: .uniform)
        let gaussian = FloatingCatchment(pairs: pairs, demand: request.demand, supply: supply,
                                         thresholdMinutes: request.minutes, decay: .gaussian)

        let study = prepared.study
        let population = study.residents.map(\.population)
        let elderly = study.residents.map(\.age60plus)
        let streetCount = study.streets.count
        let demand = request.demand, residentStreet = prepared.residentStreet
        // The three measures in parallel (each sorts the residents once).
        let covered: [Double]? = c.result(scenario, .network).map { r in r.status.map { $0 == .covered ? 1 : 0 } }
        let jobs: [[Double]] = [classic.access, gaussian.access] + (covered.map { [$0] } ?? [])
        let measured = Parallel.tasks(count: jobs.count) { k in
            EquityMeasure(values: jobs[k], demand: demand, population: population, age60plus: elderly,
                          residentStreet: residentStreet, streetCount: streetCount)
        }
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
            supply: supply, unsnappedFacilities: unsnapped, pairCount: pairs.count, classic: classic,
            gaussian: gaussian, coverage: coverage, access: access, gaussianAccess: gaussianAccess,
            streets: rows, outside: outside)
    }
}

/// The figures a report states for one category, computed once for the Markdown and HTML writers.
package struct ReportFacts: Sendable {
    /// Coverage of one scenario × metric.
    package struct Figure: Sendable {
        package var demand: Double
        package var covered: Double
        package var uncovered: Double
        package var unreachable: Double
        package var share: Double?
    }

    /// One street's line in the per-street table (existing facilities, network walk).
    package struct StreetLine: Sendable {
        package var rank: Int
        package var street: Int
        package var name: String
        package var code: String
        package var demand: Double
        package var covered: Double
        package var uncovered: Double
        package var uncovered60plus: Double
        package var share: Double?
        package var sharePlanned: Double?
        package var shareRadius: Double?
    }

    package var category: Category
    package var speed: Double
    package var thresholdMeters: Double
    package var existingFacilities: Int
    package var plannedFacilities: Int
    /// Facilities too far from every path to join the network (ids, ascending index).
    package var offNetworkFacilities: [String]
    package var existing: Figure
    package var withPlanned: Figure
    package var radius: Figure
    package var radiusWithPlanned: Figure
    /// Residents (all ages) and residents aged 60+ outside the walk, existing facilities.
    package var uncoveredResidents: Double
    package var uncovered60plus: Double
    /// The same with this year's planned facilities.
    package var uncoveredResidentsPlanned: Double
    package var uncovered60plusPlanned: Double
    package var goal: Double
    /// Street lines, worst (rank 1) first.
    package var streets: [StreetLine]
    /// Residents in no street (points), when any.
    package var outsidePoints: Int

    /// Facts for every category of an analysis, in plan order.
    ///
    /// - Complexity: O(C × (R + S log S)).
    package static func make(_ a: StudyAnalysis) -> [ReportFacts] {
        a.categories.compactMap { make(a, $0) }
    }

    static func make(_ a: StudyAnalysis, _ c: StudyAnalysis.CategoryResult) -> ReportFacts? {
        guard let r = c.result(.existing, .network), let g = c.streetGaps(.existing, .network) else { return nil }
        func figure(_ s: CoverageScenario, _ m: DistanceMetric) -> Figure {
            let t = c.result(s, m)?.totals ?? CoverageTotals()
            return Figure(demand: t.demand, covered: t.covered, uncovered: t.uncovered, unreachable: t.unreachable, share: t.coverageShare)
        }
        let residents = a.study.residents
        var uncoveredAll = 0.0, uncoveredElder = 0.0, plannedAll = 0.0, plannedElder = 0.0
        var streetElder = [Double](repeating: 0, count: a.study.streets.count)
        let planned = c.result(.withPlanned, .network)
        for i in residents.indices {
            if r.status[i] != .covered {
                uncoveredAll += residents[i].population
                uncoveredElder += residents[i].age60plus
                if let s = a.prepared.residentStreet[i], s < streetElder.count { streetElder[s] += residents[i].age60plus }
            }
            if let planned, planned.status[i] != .covered {
                plannedAll += residents[i].population
                plannedElder += residents[i].age60plus
            }
        }
        let plannedGaps = c.streetGaps(.withPlanned, .network)
        let radiusGaps = c.streetGaps(.existing, .straightLine)
        let lines = g.byRank.compactMap { row -> StreetLine? in
            guard let s = row.street, s < a.study.streets.count else { return nil }
            let street = a.study.streets[s]
            return StreetLine(
                rank: row.rank ?? 0, street: s, name: street.name, code: street.code ?? "", demand: row.demand,
                covered: row.covered, uncovered: row.uncovered, uncovered60plus: streetElder[s], share: row.coverageShare,
                sharePlanned: plannedGaps?.streets[s].coverageShare, shareRadius: radiusGaps?.streets[s].coverageShare)
        }
        let facilities = a.study.facilities[c.category.id] ?? []
        return ReportFacts(
            category: c.category, speed: c.request.speed, thresholdMeters: c.request.minutes * c.request.speed,
            existingFacilities: facilities.filter { $0.status == .existing }.count,
            plannedFacilities: facilities.filter { $0.status == .planned }.count,
            offNetworkFacilities: c.request.facilitySnaps.indices.filter { c.request.facilitySnaps[$0] == nil && $0 < facilities.count }.map { facilities[$0].id },
            existing: figure(.existing, .network), withPlanned: figure(.withPlanned, .network),
            radius: figure(.existing, .straightLine), radiusWithPlanned: figure(.withPlanned, .straightLine),
            uncoveredResidents: uncoveredAll, uncovered60plus: uncoveredElder,
            uncoveredResidentsPlanned: plannedAll, uncovered60plusPlanned: plannedElder,
            goal: a.study.plan.coverageGoal, streets: lines, outsidePoints: g.outside?.points ?? 0)
    }

    /// Whether the existing facilities reach the goal.
    package var meetsGoal: Bool { (existing.share ?? 0) >= goal }

    /// The share this year aims at: the category's coverage target when it sets one, else the goal.
    package var targetShare: Double {
        if case .coverage(let p)? = category.target { return p }
        return goal
    }

    /// Demand still needed to reach `targetShare` with the planned facilities (0 when reached).
    package var demandToGoal: Double {
        max(0, targetShare * withPlanned.demand - withPlanned.covered)
    }
}

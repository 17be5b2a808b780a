/// What a category's target for the year asks of siting, and the answer: the question the report
/// puts to ``SitingStudy`` for each category with a target.
///
/// A count target ("4 new health stations") counts this year's planned facilities towards it: the
/// planned sites are fixed (scenario with planned) and the remaining `count − planned` sites are
/// proposed by maximal covering. A coverage target ("85 %") fixes existing and planned facilities and
/// asks for the fewest new sites reaching it (set covering); when the planned sites already reach it,
/// nothing is proposed.
public struct TargetProposal: Sendable {
    /// The category whose target is answered.
    public let category: Category
    /// Facilities of the category with status `planned`.
    public let plannedCount: Int
    /// The siting question, or nil when the target leaves nothing to site.
    public let goal: SitingStudy.Goal?
    /// The answer, when there was a question.
    public let siting: SitingStudy?
    /// One paragraph in plain words: the question, and the answer or why there is none.
    public let summary: String

    /// The question a category's target asks, with planned facilities fixed; nil goal when the
    /// planned facilities already meet a count target, or there is no target.
    public static func question(_ category: Category, plannedCount: Int) -> SitingStudy.Goal? {
        switch category.target {
        case .count(let n)?: return n > plannedCount ? .count(n - plannedCount) : nil
        case .coverage(let p)?: return .coverage(p)
        case nil: return nil
        }
    }

    /// Facilities of the category with status `planned`: fixed, and counted towards a count target.
    public static func plannedCount(_ category: Category, in study: StudyData) -> Int {
        (study.facilities[category.id] ?? []).filter { $0.status == .planned }.count
    }

    /// Sites every category that has a target, on the analysis's prepared network, with the plan's
    /// candidates (generated from the network when the plan has none).
    ///
    /// - Parameters:
    ///   - analysis: coverage of the categories to site (the scenario with planned facilities is
    ///     run here for a category that lacks it).
    ///   - options: solver settings; give a node budget (``SitingOptions/exactNodeBudget``)
    ///     for answers that do not depend on the machine's speed.
    /// - Throws: `LibraryError` from PROJ or GEOS.
    /// - Complexity: per category as ``SitingStudy/run(_:category:scenario:coverage:goal:source:perStreetMax:options:)``.
    public static func run(_ analysis: StudyAnalysis, options: SitingOptions,
                           step: @escaping @Sendable (ProgressStep) -> Void = { _ in }) throws -> [TargetProposal] {
        let study = analysis.study
        var out: [TargetProposal] = []
        let targeted = analysis.categories.filter { $0.category.target != nil }
        let meter = ProgressMeter(phase: "proposing sites", total: targeted.count, report: step)
        // The residents by edge, made once for every category's cover sets.
        var reach: NetworkCoverSets?
        for c in targeted {
            defer { meter.advance(c.category.id) }
            let planned = plannedCount(c.category, in: study)
            let goal = question(c.category, plannedCount: planned)
            // The network coverage with planned facilities, run here when the analysis has none.
            let withPlanned = try c.result(.withPlanned)
                ?? analysis.prepared.analyse(categories: [c.category.id], scenarios: [.withPlanned], metrics: [.network])
                    .category(c.category.id)?.result(.withPlanned)
            guard let goal, let coverage = withPlanned else {
                out.append(TargetProposal(category: c.category, plannedCount: planned, goal: nil, siting: nil,
                                          summary: nothingLeft(c.category, planned: planned)))
                continue
            }
            let source: SitingStudy.CandidateSource = study.plan.layers.candidates == nil ? .generated(spacing: SitingStudy.defaultSpacing) : .plan
            let siting: SitingStudy
            do {
                let residents = reach ?? SitingStudy.residentReach(analysis.prepared)
                reach = residents
                siting = try SitingStudy.run(analysis.prepared, category: c.category, scenario: .withPlanned, coverage: coverage,
                                             goal: goal, source: source, perStreetMax: nil, options: options, reach: residents)
            } catch let error as InputError {
                // E.g. no candidate suits the category: say so in the report instead of failing it.
                out.append(TargetProposal(category: c.category, plannedCount: planned, goal: goal, siting: nil,
                                          summary: "Proposed sites: none — \(error.message)."))
                continue
            }
            out.append(TargetProposal(category: c.category, plannedCount: planned, goal: goal, siting: siting,
                                      summary: answer(siting, planned: planned)))
        }
        return out
    }

    /// The proposed sites as report rows (rank, newly covered demand, street split, nearest facility).
    public func rows(_ study: StudyData) -> [ProposedSiteRow] {
        guard let siting else { return [] }
        return siting.sites.map { s in
            ProposedSiteRow(
                rank: s.rank, id: s.candidate.id, name: s.candidate.name, position: s.candidate.position,
                newlyCoveredDemand: s.marginalGain, newlyCovered60plus: s.newlyCovered60plus,
                byStreet: s.byStreet.map { ProposedSiteRow.StreetShare(street: ProposalOutput.streetName($0.street, study), demand: $0.demand) },
                nearestFacilityID: s.nearestFacility, nearestFacilityMeters: s.nearestFacilityMeters)
        }
    }

    /// The sentence for a count target the planned facilities already meet.
    public static func nothingLeft(_ c: Category, planned: Int) -> String {
        switch c.target {
        case .count(let n)?:
            return "Proposed sites: none needed — the \(planned) planned site\(planned == 1 ? "" : "s") already meet\(planned == 1 ? "s" : "") the target of \(n) new."
        default:
            return "Proposed sites: none — the category has no target."
        }
    }

    static func answer(_ r: SitingStudy, planned: Int) -> String {
        let fixed = planned > 0 ? "with the \(planned) planned site\(planned == 1 ? "" : "s") fixed" : "with the existing facilities fixed"
        var out: String
        switch r.goal {
        case .count(let n):
            out = "Proposed sites: the \(n) new site\(n == 1 ? "" : "s") left of the target \(fixed), chosen to cover the most uncovered demand. "
        case .coverage(let p):
            out = "Proposed sites: the fewest new sites lifting coverage to \(Format.percent(p)) \(fixed). "
        }
        if r.sites.isEmpty, case .coverage = r.goal, r.solution.targetMet == true {
            return out + "None are needed: coverage is already \(Format.percent(r.solution.coverageBefore))."
        }
        out += ProposalOutput.summary(r)
        out += " \(r.candidates.count) candidates (\(r.candidates.first?.generated == true ? "generated from the network" : "from the plan")); method: \(r.solution.method)."
        return out
    }
}

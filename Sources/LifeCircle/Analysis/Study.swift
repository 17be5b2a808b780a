/// The library's entry point: a plan and its layers, loaded once, and every step after it.
///
/// The pipeline is load → prepare → analyse → site → report, each step a method, each telling
/// ``StudyLog`` about its long steps and the warnings it finds:
///
/// ```swift
/// let study = try Study(plan: "GeoData/jingan")
/// let analysis = try study.analyse(scenarios: [.existing], metrics: [.network])
/// for result in analysis.categories {
///     guard let gaps = result.streetGaps(.existing), let worst = gaps.byRank.first else { continue }
///     print(result.category.id, study.data.streetName(worst.street), worst.uncovered)
/// }
/// let proposals = try study.proposeTargets(analysis)
/// ```
///
/// Every `lifecircle` command runs through this type, so its progress lines, warnings and the rule
/// that turns a category's target into a siting question live here and nowhere else.
public struct Study: Sendable {
    /// The plan and its layers (in WGS84).
    public let data: StudyData
    /// The path the plan was read from (a plan.json or a folder holding one).
    public let planPath: String
    /// The output folder checked before the layers were read, when one was asked for.
    public let outputFolder: String?
    /// Where progress lines and warnings go.
    public let log: StudyLog

    /// The plan.
    public var plan: Plan { data.plan }

    /// Reads the plan at `path`, then the layers it names; warnings of both go to `log`.
    ///
    /// - Parameters:
    ///   - path: a plan.json or a folder holding one.
    ///   - outputFolder: the folder the caller will write for this plan; checked
    ///     (`OutputFolder.check`: only a new, empty or LifeCircle-written folder) after the plan is read and before its layers are, so a
    ///     refused folder fails at once instead of after the analysis.
    ///   - log: where progress lines and warnings go (nowhere by default).
    /// - Throws: ``InputError`` or ``InputProblems`` for a bad plan or layer, ``FileError`` for a
    ///   refused output folder.
    public init(plan path: String, outputFolder: ((Plan) -> String)? = nil, log: StudyLog = .silent) throws {
        let (plan, planWarnings) = try PlanReader.read(path: path)
        let out = outputFolder?(plan)
        if let out { try OutputFolder.check(out, inputs: plan.inputPaths) }
        log.progress("reading the plan's layers…")
        let data = try StudyLoader().load(plan)
        for w in planWarnings + data.warnings { log.warning(w.description) }
        self.init(data: data, planPath: path, outputFolder: out, log: log)
    }

    /// A study of layers loaded elsewhere.
    package init(data: StudyData, planPath: String? = nil, outputFolder: String? = nil, log: StudyLog = .silent) {
        self.data = data
        self.planPath = planPath ?? data.plan.folder
        self.outputFolder = outputFolder
        self.log = log
    }

    /// The category with this id.
    ///
    /// - Throws: ``InputError`` naming the plan's categories when the plan has none with this id.
    public func category(_ id: String) throws -> Category {
        try plan.category(id, planFile: PlanReader.planFilePath(for: planPath))
    }

    // MARK: Prepare and analyse

    /// Projects the study, builds the walk network and joins every point to it, logging the
    /// network's size and the warnings found (see ``PreparedStudy``).
    ///
    /// - Throws: ``LibraryError`` when PROJ or GEOS fail; ``InputError`` when the plan's CRS is unusable.
    public func prepare() throws -> PreparedStudy {
        try prepare(naming: .components)
    }

    /// What the network progress line names besides nodes and edges.
    package enum NetworkLine { case components, edgesOnly }

    package func prepare(naming line: NetworkLine) throws -> PreparedStudy {
        log.progress("building the walk network and joining \(data.residents.count) resident points…")
        let prepared = try PreparedStudy.prepare(data)
        for w in prepared.warnings { log.warning(w.description) }
        let n = prepared.network
        switch line {
        case .components:
            log.progress("network: \(n.nodeCount) nodes, \(n.edgeCount) edges, \(n.componentCount) connected components; analysis CRS \(prepared.metricCRS)")
        case .edgesOnly:
            log.progress("network: \(n.nodeCount) nodes, \(n.edgeCount) edges; analysis CRS \(prepared.metricCRS)")
        }
        return prepared
    }

    /// Prepares the study and runs coverage and street gaps for the given categories (all when
    /// nil), scenarios and metrics.
    ///
    /// - Throws: ``InputError`` for an unknown category id, and as ``prepare()``.
    public func analyse(categories ids: [String]? = nil, scenarios: [CoverageScenario] = CoverageScenario.allCases,
                        metrics: [DistanceMetric] = DistanceMetric.allCases) throws -> StudyAnalysis {
        for id in ids ?? [] { _ = try category(id) }
        return try prepare().analyse(categories: ids, scenarios: scenarios, metrics: metrics)
    }

    /// Fairness (Gini, Palma, 60+ gap of coverage and 2SFCA) and 2SFCA supply per category in a
    /// scenario, on the network of a study prepared already.
    public func equity(_ prepared: PreparedStudy, scenario: CoverageScenario = .existing) throws -> EquityResult {
        try equity(prepared, scenario: scenario, reusing: nil)
    }

    /// As ``equity(_:scenario:)``, on a life-circle study of the same prepared study: its coverage
    /// and its residents laid out by edge stand in for a coverage analysis (the same result).
    package func equity(_ prepared: PreparedStudy, scenario: CoverageScenario, reusing circle: CircleStudy?) throws -> EquityResult {
        log.progress("fairness and 2SFCA supply per category…")
        if let circle, circle.scenario == scenario { return EquityAnalysis.run(circle: circle) }
        let analysis = try prepared.analyse(scenarios: [scenario], metrics: [.network])
        return EquityAnalysis.run(analysis: analysis, scenario: scenario, coverage: circle?.searches)
    }

    // MARK: Site

    /// Every essential category's target placed together for the complete life circle, beside the
    /// independent per-category answer (``JointStudy``), in the scenario with this year's planned
    /// facilities; `streetFloor` (a share 0…1) or `maxMin` ask for the fair variants.
    package func proposeJoint(nodeBudget: Int, streetFloor: Double? = nil, maxMin: Bool = false) throws -> JointStudy {
        let analysis = try prepare().analyse(scenarios: [.withPlanned], metrics: [.network])
        log.progress("siting each target on its own, then all essential targets together…")
        let options = SitingOptions(exactTimeBudgetSeconds: 120, exactNodeBudget: nodeBudget)
        return try JointStudy.run(analysis, options: options, streetFloor: streetFloor, maxMin: maxMin)
    }

    /// `count` service complexes, each hosting every essential category it may host (or those of
    /// `hosting`), on top of this year's planned facilities, placed for the complete life circle
    /// (``ComplexStudy``).
    package func proposeComplexes(count: Int, hosting: [String]?, nodeBudget: Int) throws -> ComplexStudy {
        let analysis = try prepare().analyse(scenarios: [.withPlanned], metrics: [.network])
        log.progress("placing \(count) service complexes…")
        let options = SitingOptions(exactTimeBudgetSeconds: 120, exactNodeBudget: nodeBudget)
        return try ComplexStudy.run(analysis, count: count, hosting: hosting, options: options)
    }

    /// The siting question for a category: `goal` when given, else the category's target in the
    /// plan with this year's planned facilities fixed.
    ///
    /// The scenario is `scenario` when given, else `existing` for a given goal and `withPlanned`
    /// for the plan's target, whose planned facilities then count towards a count target
    /// (``TargetProposal/question(_:plannedCount:)``).
    ///
    /// - Throws: ``InputError`` for an unknown category, or when no goal is given and the category
    ///   has no target.
    public func sitingQuestion(category id: String, goal: SitingStudy.Goal? = nil,
                               scenario: CoverageScenario? = nil) throws -> SitingQuestion {
        let c = try category(id)
        if let goal {
            return SitingQuestion(category: c, scenario: scenario ?? .existing, plannedCount: 0, goal: goal, fromTarget: false)
        }
        guard c.target != nil else {
            throw InputError(file: PlanReader.planFilePath(for: planPath), key: "target",
                             message: "category \"\(c.id)\" has no target in the plan: give --count N or --target-coverage P")
        }
        let s = scenario ?? .withPlanned
        let planned = s == .withPlanned ? TargetProposal.plannedCount(c, in: data) : 0
        let asked = TargetProposal.question(c, plannedCount: planned)
        if let asked {
            log.progress("the plan's target for \(c.id): \(asked.phrase)\(planned > 0 ? " with the \(planned) planned facilities fixed" : "")")
        }
        return SitingQuestion(category: c, scenario: s, plannedCount: planned, goal: asked, fromTarget: true)
    }

    /// Where candidate sites come from: the GeoJSON file `file` when given, else the plan's
    /// candidates layer unless `generate` is set or the plan has none, else network nodes near
    /// uncovered residents `spacing` metres apart.
    ///
    /// - Throws: ``InputProblems`` for a bad candidates file.
    public func candidateSource(file: String? = nil, generate: Bool = false,
                                spacing: Double = SitingStudy.defaultSpacing) throws -> SitingStudy.CandidateSource {
        if let file { return .sites(try StudyLoader().loadCandidates(path: file, for: data)) }
        if generate || plan.layers.candidates == nil { return .generated(spacing: spacing) }
        return .plan
    }

    /// Answers a siting question: prepares the study, runs the category's network coverage in the
    /// question's scenario and sites new facilities; warns about candidates too far from the network.
    ///
    /// - Returns: nil when the question has no goal (its planned facilities already meet the target).
    /// - Throws: ``InputError`` for an impossible question (e.g. no candidates), ``LibraryError``
    ///   from PROJ or GEOS.
    public func propose(_ question: SitingQuestion, candidates source: SitingStudy.CandidateSource = .plan,
                        perStreetMax: Int? = nil, options: SitingOptions = SitingOptions()) throws -> SitingStudy? {
        guard let goal = question.goal else { return nil }
        let prepared = try prepare(naming: .components)
        let analysis = try prepared.analyse(categories: [question.category.id], scenarios: [question.scenario], metrics: [.network])
        guard let coverage = analysis.category(question.category.id)?.result(question.scenario) else { return nil }
        log.progress("building cover sets and solving…")
        let siting = try SitingStudy.run(prepared, category: question.category, scenario: question.scenario, coverage: coverage,
                                         goal: goal, source: source, perStreetMax: perStreetMax, options: options)
        if !siting.unsnappedCandidates.isEmpty {
            log.warning("warning: \(siting.unsnappedCandidates.count) candidates are farther than \(GeoJSONWriter.plainNumber(plan.walking.maxSnapDistanceMeters)) m from the network and were left out: \(siting.unsnappedCandidates.prefix(10).joined(separator: ", "))")
        }
        return siting
    }

    /// The solver settings of `report` and `export`: a node budget of 200,000 per proof decides, so
    /// the answers are the same on every machine; the time budget (120 s) is only a safety net for
    /// pathological instances.
    public static let reportSiting = SitingOptions(exactTimeBudgetSeconds: 120, exactNodeBudget: 200_000)

    /// The most resident points `report` and `export` place the essential targets together for by
    /// default: the joint solve takes under a second on a district (Jing'an, 21,371 points) but
    /// minutes at city scale (`sample --scale 25`: about 9 minutes), so above this a report says it
    /// left it out and `--joint` (or `joint: true`) asks for it.
    public static let reportJointPointLimit = 50_000

    /// Sites every category that has a target (``TargetProposal``), on the analysis's network,
    /// with the report's settings unless given others.
    ///
    /// - Throws: ``LibraryError`` from PROJ or GEOS.
    public func proposeTargets(_ analysis: StudyAnalysis, options: SitingOptions = Study.reportSiting) throws -> [TargetProposal] {
        log.progress("proposing sites for each category's target…")
        return try TargetProposal.run(analysis, options: options, step: log.step)
    }

    // MARK: Report

    /// Everything `report` and `export` write: coverage of every category, scenario and metric, the
    /// whole life circle, fairness, the service areas and, with `siting`, proposals for every
    /// category's target.
    ///
    /// - Parameters:
    ///   - proposals: proposed sites computed elsewhere (ignored when `siting` is given).
    ///   - siting: solver settings for proposing sites towards each category's target; nil skips it.
    ///   - joint: with `siting`, also place the essential categories' targets together
    ///     (``JointStudy``, the answer of `propose --joint` with the same settings) when the plan
    ///     has a target for at least two essential categories (``StudyReport/placesTogether(_:answers:)``):
    ///     `true` always, `false` never, nil (the default) when the plan has at most
    ///     `jointPointLimit` resident points (above it the report says it was left out and how to
    ///     ask for it: the joint solve grows much faster than the rest of the report). The joint
    ///     solve is left to the report's first use of it: ``StudyReport/write(to:pages:perCategoryLayers:allGeoJSON:progress:steps:)``
    ///     runs it on the calling thread while the other cores write the layers that do not need it.
    ///   - jointPointLimit: the most resident points a report places together by default.
    /// - Throws: ``LibraryError`` when GEOS or PROJ fail; ``InputError`` when the plan's CRS is unusable.
    public func report(proposals: [String: [ProposedSiteRow]]? = nil, siting: SitingOptions? = nil, joint: Bool? = nil,
                       jointPointLimit: Int = Study.reportJointPointLimit) throws -> StudyReport {
        // The service areas go back to WGS84: PROJ builds that projection on another core meanwhile.
        if let crs = PreparedStudy.analysisCRS(of: data) { CoordinateTransformer.warmUp(from: crs, to: "EPSG:4326") }
        let prepared = try prepare(naming: .edgesOnly)
        log.progress("coverage of \(plan.categories.count) categories (existing and with planned facilities, walk and radius)…")
        let analysis = try prepared.analyse()
        log.progress("the whole life circle: completeness, sensitivity, fairness and 2SFCA supply…")
        let circle = prepared.circle(.existing)
        let equity = analysis.equity(.existing)
        log.progress("service areas…")
        let areas = try ServiceArea.compute(analysis)
        guard let siting else {
            return try StudyReport(analysis: analysis, serviceAreas: areas, proposals: proposals, circle: circle, equity: equity)
        }
        // The polygons do not depend on the proposals: start them now, on the core the solver leaves idle.
        let polygons = ServiceAreaPolygons(areas, metricCRS: prepared.metricCRS)
        polygons.startInBackground()
        do {
            let answers = try proposeTargets(analysis, options: siting)
            var rows: [String: [ProposedSiteRow]] = [:]
            var summaries: [String: String] = [:]
            for a in answers {
                rows[a.category.id] = a.rows(data)
                summaries[a.category.id] = a.summary
            }
            var together: (@Sendable () throws -> JointStudy)?
            var skipped: (points: Int, limit: Int)?
            if joint != false && StudyReport.placesTogether(data.plan, answers: answers) {
                if joint == nil && data.residents.count > jointPointLimit {
                    skipped = (data.residents.count, jointPointLimit)
                    log.progress("not placing the essential targets together: \(data.residents.count) resident points are above the \(jointPointLimit) a report places together by default (--joint asks for it)")
                } else {
                    // Solved on first use: `write` solves it beside the layers that do not need it.
                    let log = self.log
                    together = {
                        log.progress("placing the essential categories' targets together…")
                        return try JointStudy.run(analysis, options: siting, proposals: answers)
                    }
                }
            }
            return try StudyReport(analysis: analysis, serviceAreas: areas, polygons: polygons, proposals: rows,
                                   proposalSummaries: summaries, circle: circle, equity: equity, placeTogether: together,
                                   jointSkipped: skipped)
        } catch {
            // No polygon of the background thread outlives a failed run (the process exits next).
            polygons.stopBackground()
            throw error
        }
    }
}

/// A category's siting question, as ``Study/sitingQuestion(category:goal:scenario:)`` works it out.
public struct SitingQuestion: Sendable {
    /// The category to site.
    public let category: Category
    /// Which facilities are fixed: `existing`, or `withPlanned` for this year's planned ones too.
    public let scenario: CoverageScenario
    /// Planned facilities fixed and counted towards a count target (0 unless from the target).
    public let plannedCount: Int
    /// What to ask the solver; nil when the planned facilities already meet a count target.
    public let goal: SitingStudy.Goal?
    /// Whether the goal comes from the category's target in the plan.
    public let fromTarget: Bool

    /// The sentence for a target the planned facilities already meet (``goal`` is nil).
    public var nothingLeft: String { TargetProposal.nothingLeft(category, planned: plannedCount) }
}

/// Where a ``Study`` sends its progress lines and warnings (a command line prints both to stderr).
public struct StudyLog: Sendable {
    /// Receives one line per long step ("building the walk network…").
    public var progress: @Sendable (String) -> Void
    /// Receives one line per warning found in the plan, its layers or the siting.
    public var warning: @Sendable (String) -> Void
    /// Receives the counted steps of the long phases (category i of n), rate-limited.
    public var step: @Sendable (ProgressStep) -> Void

    /// A log sending progress, warnings and counted steps to the given functions.
    public init(progress: @escaping @Sendable (String) -> Void = { _ in }, warning: @escaping @Sendable (String) -> Void = { _ in },
                step: @escaping @Sendable (ProgressStep) -> Void = { _ in }) {
        self.progress = progress
        self.warning = warning
        self.step = step
    }

    /// A log that drops everything.
    public static let silent = StudyLog()
}

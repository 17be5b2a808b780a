import Foundation

/// Everything the `report` and `export` commands write for a plan: the analysis (both scenarios and
/// metrics), the service areas, optional proposals, and the files made from them.
///
/// Output is deterministic: fixed decimals, plan and street order, no timestamps, and paths relative
/// to the plan's folder.
public struct StudyReport: Sendable {
    /// Coverage of every category, scenario and metric.
    public let analysis: StudyAnalysis
    /// One per category (scenario `existing`), in plan order.
    package let serviceAreas: [ServiceArea]
    /// Their polygons, made once (possibly already being made in the background).
    package let polygons: ServiceAreaPolygons
    /// Proposed sites per category id; nil when siting was not run.
    public let proposals: [String: [ProposedSiteRow]]?
    /// Per category id, the siting question and answer in plain words (shown above the proposals).
    public let proposalSummaries: [String: String]
    package let facts: [ReportFacts]
    /// A point inside each street polygon (WGS84), for labels.
    public let streetLabelPoints: [Position?]
    /// The whole life circle with today's facilities (scenario `existing`): completeness, binding
    /// categories and sensitivity; nil when the report was made without it.
    public let circle: CircleStudy?
    /// Fairness and 2SFCA supply per category (scenario `existing`); nil when made without it.
    public let equity: EquityResult?
    /// This year's essential targets placed together (`propose --joint`), beside the independent
    /// answers; nil when the report was made without it or the plan has no joint problem (or the
    /// solve failed: ``placeTogether()`` throws its error). Solved on first use when the report
    /// was made with the solve left to do (see ``write(to:pages:perCategoryLayers:allGeoJSON:progress:steps:)``).
    package var joint: JointStudy? { try? placeTogether() }
    /// The joint answer given, or its solve left to do (made once, by whichever thread asks first);
    /// nil without one.
    private let jointAnswer: JointAnswer?
    /// The plan's resident points and the limit they exceed when the report left placing together
    /// out for the plan's size (``Study/reportJointPointLimit``); nil otherwise.
    package let jointSkipped: (points: Int, limit: Int)?
    /// Whether the pages list each category's `coverage-` and `uncovered-` layers (set for the pages
    /// of a folder written with them).
    var listsPerCategoryLayers = false
    /// Whether the pages list `residents.geojson` / `.csv` and the `service-area-` line files (set
    /// for the pages of a folder written with them; otherwise they point to the GeoPackage).
    var listsAllGeoJSON = false

    /// The plan and its layers.
    public var study: StudyData { analysis.study }

    /// A report of an analysis already run.
    ///
    /// - Parameters:
    ///   - polygons: the polygons of `serviceAreas` when their making has already started
    ///     (see ``Study/report(proposals:siting:joint:jointPointLimit:)``); nil makes them when the
    ///     files are made.
    ///   - joint: the joint answer, when solved already.
    ///   - placeTogether: the joint solve, left to do when `joint` is nil: run once, on the thread
    ///     that first asks (``write(to:pages:perCategoryLayers:allGeoJSON:progress:steps:)`` runs it
    ///     while the other cores write what does not need it).
    /// - Throws: `LibraryError` when GEOS or PROJ fail.
    package init(analysis: StudyAnalysis, serviceAreas: [ServiceArea], polygons: ServiceAreaPolygons? = nil,
                 proposals: [String: [ProposedSiteRow]]? = nil, proposalSummaries: [String: String] = [:],
                 circle: CircleStudy? = nil, equity: EquityResult? = nil, joint: JointStudy? = nil,
                 placeTogether: (@Sendable () throws -> JointStudy)? = nil,
                 jointSkipped: (points: Int, limit: Int)? = nil) throws {
        self.analysis = analysis
        self.jointAnswer = joint.map { j in JointAnswer { j } } ?? placeTogether.map(JointAnswer.init)
        self.jointSkipped = jointSkipped
        self.circle = circle
        self.equity = equity
        self.serviceAreas = serviceAreas
        self.polygons = polygons ?? ServiceAreaPolygons(serviceAreas, metricCRS: analysis.prepared.metricCRS)
        self.proposals = proposals
        self.proposalSummaries = proposalSummaries
        self.facts = ReportFacts.make(analysis)
        self.streetLabelPoints = analysis.study.streets.map { try? GeosGeometry($0.geometry).pointOnSurface() }
    }

    /// The GIS layers (GeoJSON and CSV); the `coverage-` and `uncovered-` layers of each category
    /// only with `perCategoryLayers`, the residents layer and the service-area lines only with
    /// `allGeoJSON` (otherwise they are in the GeoPackage only).
    ///
    /// - Throws: `LibraryError` when GEOS or PROJ fail on a service-area polygon.
    package func layerFiles(perCategoryLayers: Bool = false, allGeoJSON: Bool = false) throws -> [OutputFile] {
        try outputs(pages: false, layers: LayerChoice(perCategory: perCategoryLayers, allGeoJSON: allGeoJSON))
    }

    /// The joint answer (see ``joint``), solved now on this thread when no thread has started it,
    /// else once the thread solving it is done; nil when the report has none.
    /// - Throws: what the joint solve threw.
    package func placeTogether() throws -> JointStudy? {
        try jointAnswer?.get()
    }

    /// Whether the report has a joint answer, solved or left to do (it then has one unless the
    /// solve fails); never waits for the solve.
    package var hasJoint: Bool { jointAnswer != nil }

    /// A joint answer made once, by whichever thread asks first (``Once``).
    private final class JointAnswer: Sendable {
        private let once = Once<JointStudy>()
        private let solve: @Sendable () throws -> JointStudy

        init(_ solve: @escaping @Sendable () throws -> JointStudy) { self.solve = solve }

        func get() throws -> JointStudy { try once.get(solve) }

        /// Whether it is there (or failed); never waits.
        var isDone: Bool { once.isDone }

        /// Solves it now when no thread has started it (see ``Once/makeIfWaiting(_:)``).
        func solveIfWaiting() { _ = once.makeIfWaiting(solve) }
    }

    /// Whether the plan has a joint problem for the report: a target for at least two essential
    /// categories, and an independent answer that places a site for one of them (`answers`: every
    /// category's ``TargetProposal``).
    package static func placesTogether(_ plan: Plan, answers: [TargetProposal]) -> Bool {
        let essential = plan.lifeCircle.essentialCategories(of: plan)
        guard essential.filter({ $0.target != nil }).count >= 2 else { return false }
        let ids = Set(essential.map(\.id))
        return answers.contains { ids.contains($0.category.id) && $0.siting?.solution.sites.isEmpty == false }
    }

    /// The layers, `report.md` and `report.html`.
    ///
    /// - Throws: `LibraryError` when GEOS or PROJ fail on a service-area polygon.
    package func files(perCategoryLayers: Bool = false, allGeoJSON: Bool = false, progress: (String) -> Void = { _ in }) throws -> [OutputFile] {
        progress("making the layers, service-area polygons, report.md and report.html…")
        return try outputs(pages: true, layers: LayerChoice(perCategory: perCategoryLayers, allGeoJSON: allGeoJSON))
    }

    /// Which optional layer files a folder gets.
    struct LayerChoice {
        /// Each category's `coverage-` and `uncovered-` layers.
        var perCategory = false
        /// `residents.geojson` / `.csv` and each category's `service-area-` lines as files too.
        var allGeoJSON = false
    }

    /// One piece of output work; the pieces are independent and run on all cores.
    private enum Task {
        case geoPackage
        case streetGaps
        case residents
        case category(Int)
        case polygon(Int)
        case joint
        case pages

        /// What the task makes, for progress lines.
        func name(_ cats: [StudyAnalysis.CategoryResult]) -> String {
            switch self {
            case .geoPackage: "the GeoPackage"
            case .streetGaps: "street gaps"
            case .residents: "residents"
            case .category(let i): "\(cats[i].category.id) layers"
            case .polygon(let i): "\(cats[i].category.id) service-area polygon"
            case .joint: "joint proposals"
            case .pages: "report pages"
            }
        }
    }

    /// Writes the layers (and with `pages`, `report.md` and `report.html`) into the folder `path`,
    /// replacing it atomically (only a new, empty or LifeCircle-written folder,
    /// never the plan's folder or one holding a layer; the user's files in it are kept). Each file
    /// goes to disk as soon as it is made, so only the files being made are in memory (a city of
    /// half a million residents writes gigabytes of layers); the GeoPackage is made layer by layer
    /// alongside the other files. A joint answer still to be solved is solved on this thread
    /// meanwhile (the longest chain of a report), the layers that need it written last.
    ///
    /// - Parameters:
    ///   - path: the folder to write.
    ///   - pages: whether to write `report.md` and `report.html` besides the layers.
    ///   - perCategoryLayers: whether to write each category's `coverage-` and `uncovered-` layers.
    ///   - allGeoJSON: whether to write the residents layer (GeoJSON and CSV) and each category's
    ///     service-area lines as files too (they are always in the GeoPackage).
    ///   - progress: told about the long step.
    ///   - steps: told each output task and GeoPackage layer done (i of n, by name), rate-limited.
    /// - Returns: the number of files written (the manifest not counted).
    /// - Throws: `FileError` when the folder is refused or writing fails (the folder is then
    ///   unchanged), `LibraryError` from GEOS, PROJ or GDAL, or what the joint solve throws.
    @discardableResult
    public func write(to path: String, pages: Bool, perCategoryLayers: Bool = false, allGeoJSON: Bool = false,
                      progress: (String) -> Void = { _ in },
                      steps: @escaping @Sendable (ProgressStep) -> Void = { _ in }) throws -> Int {
        progress(pages ? "making and writing the layers, service-area polygons, report.md and report.html…" : "making and writing the layers…")
        do {
            let staging = try OutputFolder.Staging(path: path, inputs: study.plan.inputPaths)
            do {
                _ = try outputs(pages: pages, layers: LayerChoice(perCategory: perCategoryLayers, allGeoJSON: allGeoJSON),
                                geoPackage: true, staging: staging, steps: steps)
                let n = staging.count
                try staging.commit()
                return n
            } catch {
                staging.discard()
                throw error
            }
        } catch {
            // No polygon of the background thread outlives a failed run (the process exits next).
            polygons.stopBackground()
            throw error
        }
    }

    /// Every output file in a fixed order: street gaps, residents, then per category its layers (the
    /// polygon right after the service-area lines), the joint layers, then the pages. With `staging`, each task's files
    /// are written there at once and not kept (the list returned is then empty). With `geoPackage`,
    /// the GeoPackage, its QGIS project and `fields.csv` come last; the GeoPackage is one task that
    /// starts first and takes each category's service-area polygon when it reaches it (made by the
    /// background thread of ``Study/report(proposals:siting:joint:jointPointLimit:)``, the polygon's
    /// own task, or by itself when none has started it; a task waiting for a polygon makes the later
    /// ones meanwhile).
    ///
    /// When the joint answer is still to be solved, this thread solves it first (the longest chain
    /// of the run) while the other cores run the tasks that do not need it, the GeoPackage first
    /// (it needs the answer only for its last two layers, and while it waits for it there it runs
    /// the tasks that do not need it); the pages and the joint layers come last.
    private func outputs(pages: Bool, layers: LayerChoice, geoPackage: Bool = false,
                         staging: OutputFolder.Staging? = nil,
                         steps: @escaping @Sendable (ProgressStep) -> Void = { _ in }) throws -> [OutputFile] {
        let a = analysis
        let cats = a.categories
        let areas = cats.map { c in serviceAreas.first { $0.category == c.category.id } }
        let jointPending = jointAnswer.map { !$0.isDone } ?? false
        // The GeoPackage first (one long chain of layers on one core), then the heaviest (GEOS
        // unions), so the cores stay busy to the end; what needs a joint answer still to be solved
        // last (`independent` tasks do not).
        let heavy: [Task] = (geoPackage ? [.geoPackage] : []) + cats.indices.filter { areas[$0] != nil }.map { Task.polygon($0) }
        let light: [Task] = (layers.allGeoJSON ? [.residents] : []) + cats.indices.map { Task.category($0) }
        let tasks: [Task] = jointPending
            ? heavy + light + [.streetGaps] + (pages ? [.pages] : []) + [.joint]
            : heavy + (pages ? [.pages] : []) + light + (hasJoint ? [.joint] : []) + [.streetGaps]
        let independent = tasks.firstIndex { if case .pages = $0 { jointPending } else if case .joint = $0 { true } else { false } } ?? tasks.count
        let report = { var r = self; r.listsPerCategoryLayers = layers.perCategory; r.listsAllGeoJSON = layers.allGeoJSON; return r }()
        let gpkgLayers = geoPackage ? GeoPackageWriter.studyLayerCount(report) : 0
        let meter = ProgressMeter(phase: "writing the layers", total: tasks.count + gpkgLayers, report: steps)
        let polygons = self.polygons
        let queue = TaskQueue(count: tasks.count)
        /// The service area of category i with its polygon (made once, by whichever thread asks
        /// first); while another thread makes it, the asking task makes the later ones not started.
        let withArea = { @Sendable (i: Int, area: ServiceArea) throws -> ServiceArea in
            try polygons.withArea(of: area, meanwhile: areas[(i + 1)...].compactMap { $0 })
        }
        @Sendable func make(_ k: Int) throws -> [OutputFile] {
            let files: [OutputFile] = try {
                switch tasks[k] {
                case .geoPackage:
                    var gpkg: [OutputFile] = []
                    let files = try GeoPackageWriter.writeStudy(report, polygon: { i in
                        guard let area = areas[i] else { return nil }
                        return StudyLayers.serviceAreaPolygon(try withArea(i, area))
                    }, joint: {
                        // While the answer is being solved, the tasks that do not need it.
                        while report.jointAnswer?.isDone == false, queue.runNext(below: independent, make) {}
                        return try report.placeTogether()
                    }, perCategoryLayers: layers.perCategory, layerDone: { meter.advance("GeoPackage: \($0)") }) { name, bytes in
                        // Into the folder straight from GDAL's memory (no copy); kept only without a folder.
                        if let staging { try staging.add(name: name, bytes: bytes) } else { gpkg = [OutputFile(name: name, bytes: Array(bytes))] }
                    }
                    return gpkg + files
                case .streetGaps:
                    return StudyLayers.streetGapFiles(a)
                case .residents:
                    return StudyLayers.residentFiles(a, circle: report.circle, equity: report.equity)
                case .category(let i):
                    return StudyLayers.files(a, cats[i], serviceArea: areas[i],
                                             proposals: report.proposals.map { $0[cats[i].category.id] ?? [] },
                                             perCategoryLayers: layers.perCategory, serviceAreaLines: layers.allGeoJSON)
                case .joint:
                    return try report.placeTogether().map(StudyLayers.jointFiles) ?? []
                case .polygon(let i):
                    guard let area = areas[i] else { return [] }
                    return [StudyLayers.serviceAreaPolygonFile(try withArea(i, area))]
                case .pages:
                    return [OutputFile(name: "report.md", text: ReportMarkdown(report: report).render()),
                            OutputFile(name: "report.html", text: ReportHTML(report: report).render())]
                }
            }()
            guard let staging else {
                meter.advance(tasks[k].name(cats))
                return files
            }
            for f in files { try staging.add(f) }
            meter.advance(tasks[k].name(cats))
            return []
        }
        // One thread per other core; each first lets the background polygon thread finish the
        // polygon it is making (so the cores are not oversubscribed), then takes tasks.
        let helpers = max(1, min(ProcessInfo.processInfo.activeProcessorCount - 1, tasks.count))
        let group = DispatchGroup()
        for _ in 0..<helpers {
            group.enter()
            DispatchQueue.global().async {
                polygons.stopBackground()
                while queue.runNext(below: tasks.count, make) {}
                group.leave()
            }
        }
        if jointPending { jointAnswer?.solveIfWaiting() }
        while queue.runNext(below: tasks.count, make) {}
        group.wait()
        let results = try queue.results()
        var byTask: [String: [OutputFile]] = [:]
        for (k, t) in tasks.enumerated() {
            switch t {
            case .geoPackage: byTask["gpkg"] = results[k]
            case .streetGaps: byTask["gaps"] = results[k]
            case .residents: byTask["residents"] = results[k]
            case .category(let i): byTask["c\(i)"] = results[k]
            case .polygon(let i): byTask["p\(i)"] = results[k]
            case .joint: byTask["joint"] = results[k]
            case .pages: byTask["pages"] = results[k]
            }
        }
        var out = (byTask["gaps"] ?? []) + (byTask["residents"] ?? [])
        for i in cats.indices {
            var files = byTask["c\(i)"] ?? []
            // Right after the service-area lines, or after the facilities when the lines are not files.
            let at = (files.lastIndex { $0.name.hasPrefix("service-area-") || $0.name.hasPrefix("facilities-") } ?? (files.count - 1)) + 1
            files.insert(contentsOf: byTask["p\(i)"] ?? [], at: min(at, files.count))
            out += files
        }
        out += byTask["joint"] ?? []
        out += byTask["pages"] ?? []
        out += byTask["gpkg"] ?? []
        return out
    }

    /// The output tasks, handed out in index order to the threads that ask, and their results.
    private final class TaskQueue: Sendable {
        private let next = TaskCounter()
        private let slots: SlotArray<Result<[OutputFile], any Error>>
        private let count: Int

        init(count: Int) {
            self.count = count
            slots = SlotArray(count: count)
        }

        /// Runs the next task not handed out when its index is below `limit`; false when there is none.
        func runNext(below limit: Int, _ make: (Int) throws -> [OutputFile]) -> Bool {
            guard let k = next.take(below: min(limit, count)) else { return false }
            slots.set(k, Result { try make(k) })
            return true
        }

        /// Every task's files, in task order, once every task has run.
        /// - Throws: the error of the lowest-numbered task that failed.
        func results() throws -> [[OutputFile]] {
            try slots.values().map { try $0.get() }
        }
    }

    /// The service area of a category.
    package func serviceArea(_ category: String) -> ServiceArea? {
        serviceAreas.first { $0.category == category }
    }

    /// `path` relative to the plan's folder when it lies inside it (no absolute paths in reports).
    public func relativePath(_ path: String) -> String {
        Self.relative(path, to: study.plan.folder)
    }

    static func relative(_ path: String, to folder: String) -> String {
        let f = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        if f.isEmpty || f == "." { return path.hasPrefix("./") ? String(path.dropFirst(2)) : path }
        if path.hasPrefix(f + "/") { return String(path.dropFirst(f.count + 1)) }
        return (path as NSString).lastPathComponent
    }

    /// Every occurrence of the plan's folder in `text` removed (warnings name files by full path).
    public func relativeText(_ text: String) -> String {
        let f = study.plan.folder
        guard !f.isEmpty, f != "." else { return text }
        return text.replacingOccurrences(of: (f.hasSuffix("/") ? f : f + "/"), with: "")
    }

    /// The plan's README (the sample's says what is synthetic), from its start up to a `## Files`
    /// heading, or nil when the plan's folder has none (or it is not a regular file of at most 4 MiB).
    public func planReadme() -> String? {
        let path = (study.plan.folder as NSString).appendingPathComponent("README.md")
        // Only a regular file of a sane size: a FIFO or device named README.md would block or never end.
        guard let data = try? GeoJSONReader.readBytes(path: path, limit: InputFile.maxPlanBytes) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## Files") { break }
            kept.append(line)
        }
        return kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

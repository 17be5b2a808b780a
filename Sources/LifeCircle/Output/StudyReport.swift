import Foundation

/// Everything the `report` and `export` commands write for a plan: the analysis (both scenarios and
/// metrics), the service areas, optional proposals, and the files made from them.
///
/// Output is deterministic: fixed decimals, plan and street order, no timestamps, and paths relative
/// to the plan's folder.
public struct StudyReport: Sendable {
    public let analysis: StudyAnalysis
    /// One per category (scenario `existing`), in plan order.
    public let serviceAreas: [ServiceArea]
    /// Proposed sites per category id; nil when siting was not run.
    public let proposals: [String: [ProposedSiteRow]]?
    public let facts: [ReportFacts]
    /// A point inside each street polygon (WGS84), for labels.
    public let streetLabelPoints: [Position?]

    public var study: StudyData { analysis.study }

    /// A report of an analysis already run.
    ///
    /// - Throws: `LibraryError` when GEOS or PROJ fail.
    public init(analysis: StudyAnalysis, serviceAreas: [ServiceArea], proposals: [String: [ProposedSiteRow]]? = nil) throws {
        self.analysis = analysis
        self.serviceAreas = serviceAreas
        self.proposals = proposals
        self.facts = ReportFacts.make(analysis)
        self.streetLabelPoints = analysis.study.streets.map { try? GeosGeometry($0.geometry).pointOnSurface() }
    }

    /// Loads nothing: prepares the study, runs coverage for every category, scenario and metric, and
    /// computes the service areas, telling `progress` about each long step.
    ///
    /// - Throws: `LibraryError` when GEOS or PROJ fail; `InputError` when the plan's CRS is unusable.
    /// - Complexity: as `PreparedStudy.prepare`, `StudyAnalysis.run` and `ServiceArea.compute`.
    public static func run(_ study: StudyData, proposals: [String: [ProposedSiteRow]]? = nil,
                           progress: (String) -> Void = { _ in }) throws -> StudyReport {
        progress("building the walk network and joining \(study.residents.count) resident points…")
        let prepared = try PreparedStudy.prepare(study)
        progress("network: \(prepared.network.nodeCount) nodes, \(prepared.network.edgeCount) edges; analysis CRS \(prepared.metricCRS)")
        progress("coverage of \(study.plan.categories.count) categories (existing and with planned facilities, walk and radius)…")
        let analysis = StudyAnalysis.run(prepared)
        progress("service areas…")
        let areas = try ServiceArea.compute(analysis)
        return try StudyReport(analysis: analysis, serviceAreas: areas, proposals: proposals)
    }

    /// The GIS layers (GeoJSON and CSV).
    public func layerFiles() -> [OutputFile] {
        StudyLayers.files(analysis, serviceAreas: serviceAreas, proposals: proposals)
    }

    /// The layers, `report.md` and `report.html`.
    public func files(progress: (String) -> Void = { _ in }) -> [OutputFile] {
        progress("writing layers…")
        var out = layerFiles()
        progress("writing report.md and report.html…")
        out.append(OutputFile(name: "report.md", text: ReportMarkdown(report: self).render()))
        out.append(OutputFile(name: "report.html", text: ReportHTML(report: self).render()))
        return out
    }

    /// The service area of a category.
    public func serviceArea(_ category: String) -> ServiceArea? {
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
    /// heading, or nil when the plan's folder has none.
    public func planReadme() -> String? {
        let path = (study.plan.folder as NSString).appendingPathComponent("README.md")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## Files") { break }
            kept.append(line)
        }
        return kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation

/// The outcome of checking a plan or a layer file.
package struct ValidationReport: Sendable {
    /// What was checked (a plan or a file path).
    package var subject: String
    package var problems: [InputError]
    /// One line per layer: what was found ("residents.geojson: 20,000 points, 1,057,700 people").
    package var summary: [String]

    package var errorCount: Int { problems.filter { $0.severity == .error }.count }
    package var warningCount: Int { problems.filter { $0.severity == .warning }.count }
}

/// Checks plans and layer files, collecting every problem rather than stopping at the first.
package enum Validator {
    /// Checks the plan at `path` (a plan.json or a folder holding one) and all its layers.
    package static func validatePlan(path: String) -> ValidationReport {
        let file = PlanReader.planFilePath(for: path)
        let plan: Plan
        var problems: [InputError] = []
        do {
            let (p, warnings) = try PlanReader.read(path: path)
            plan = p
            problems = warnings
        } catch {
            return failed(file, error)
        }
        let study = StudyLoader().load(plan, problems: &problems)
        var summary: [String] = []
        summary.append("plan \(plan.name): \(plan.categories.count) categories (\(plan.categories.map(\.id).joined(separator: ", ")))")
        summary.append("\(plan.layers.streets.label): \(study.streets.count) streets")
        let people = study.residents.reduce(0) { $0 + $1.population }
        let elderly = study.residents.reduce(0) { $0 + $1.age60plus }
        summary.append("\(plan.layers.residents.label): \(study.residents.count) resident points, \(Format.integer(people)) people, \(Format.integer(elderly)) aged 60+")
        summary.append("\(plan.layers.network.label): \(study.network.count) lines")
        for c in plan.categories {
            let fs = study.facilities[c.id] ?? []
            let planned = fs.filter { $0.status == .planned }.count
            summary.append("\(c.id): \(fs.count - planned) existing, \(planned) planned facilities")
        }
        if let cands = plan.layers.candidates {
            summary.append("\(cands.label): \(study.candidates.count) candidate sites")
        }
        // With the layers sound, build the network to check how everything joins it.
        if !problems.contains(where: { $0.severity == .error }) {
            do {
                let prepared = try PreparedStudy.prepare(study)
                let net = prepared.network
                summary.append("walk network: \(net.nodeCount) nodes, \(net.edgeCount) edges, \(net.componentCount) connected components; analysis CRS \(prepared.metricCRS)")
                let unreachable = prepared.residentSnaps.filter { $0 == nil }.count
                if unreachable > 0 {
                    summary.append("\(unreachable) resident points are farther than \(GeoJSONWriter.plainNumber(plan.walking.maxSnapDistanceMeters)) m from the network (unreachable)")
                }
                problems.append(contentsOf: prepared.warnings)
            } catch let e as InputError {
                problems.append(e)
            } catch {
                problems.append(InputError(file: file, message: "the study could not be prepared: \(error)"))
            }
        }
        return ValidationReport(subject: file, problems: problems, summary: summary)
    }

    /// Checks one GeoJSON layer file on its own: syntax, structure and coordinates. The features
    /// are streamed one at a time, so a file of any size is checked in little memory.
    package static func validateLayer(path: String) -> ValidationReport {
        do {
            var problems: [InputError] = []
            var kinds: [String: Int] = [:]
            var featureCount = 0
            try GeoJSONReader.forEachFeature(path: path) { i, f in
                featureCount += 1
                guard let g = f.geometry else {
                    problems.append(InputError(file: path, featureIndex: i, key: "geometry", message: "null geometry", severity: .warning))
                    return
                }
                kinds[g.kind.rawValue, default: 0] += 1
                if let message = StudyLoader.coordinateProblem(g) {
                    problems.append(InputError(file: path, featureIndex: i, key: "coordinates", message: message))
                }
            }
            if featureCount == 0 { problems.append(InputError(file: path, message: "no features", severity: .warning)) }
            let kindText = kinds.keys.sorted().map { "\(kinds[$0] ?? 0) \($0)" }.joined(separator: ", ")
            return ValidationReport(subject: path, problems: problems, summary: ["\(path): \(featureCount) features (\(kindText))"])
        } catch {
            return failed(path, error)
        }
    }

    /// The report on `subject` when reading it threw `error`: the problems it names.
    private static func failed(_ subject: String, _ error: any Error) -> ValidationReport {
        let problems: [InputError]
        switch error {
        case let e as InputProblems: problems = e.problems
        case let e as InputError: problems = [e]
        case let e as FileError: problems = [InputError(file: e.path, message: e.message)]
        default: problems = [InputError(file: subject, message: "\(error)")]
        }
        return ValidationReport(subject: subject, problems: problems, summary: [])
    }

    /// Whether `path` names a plan (a folder, or a JSON file with "layers") rather than a layer.
    package static func looksLikePlan(path: String) -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return true }
        let lower = path.lowercased()
        if lower.hasSuffix(".geojson") { return false }
        if (path as NSString).lastPathComponent == "plan.json" { return true }
        // A plan is a few kilobytes; a large file is a layer (and is not parsed whole here).
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 1 << 24 { return false }
        guard let bytes = try? GeoJSONReader.readBytes(path: path, limit: 1 << 24), let v = try? JSONParser.parse(bytes, file: path),
            case .object(let o) = v
        else { return false }
        return o["layers"] != nil || o["categories"] != nil
    }
}

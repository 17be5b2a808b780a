import Foundation

/// Reads `plan.json` files into `Plan`s, collecting every problem found rather than stopping at
/// the first.
///
/// The format is documented in README.md ("The plan file"). Unknown keys are reported as
/// warnings so typos (`walkMinute`) do not pass silently.
package enum PlanReader {
    /// Walk thresholds accepted, minutes: below a minute nobody walks anywhere.
    package static let walkMinutesRange: ClosedRange<Double> = 1...120
    /// Snap distances accepted, metres.
    package static let maxSnapDistanceRange: ClosedRange<Double> = 1...10_000
    /// Capacities accepted (demand one facility serves), for categories and facilities: at least one
    /// person, at most ten million (no facility serves more than a city), and a whole number.
    package static let capacityRange: ClosedRange<Double> = 1...10_000_000

    /// The plan file inside `path` when `path` is a folder, else `path` itself.
    package static func planFilePath(for path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return (path as NSString).appendingPathComponent("plan.json")
        }
        return path
    }

    /// Reads the plan at `path` (a plan.json or a folder holding one).
    /// - Throws: `InputProblems` listing every error (and the warnings) found; `FileError` when the
    ///   file cannot be read, is not a regular file, or is larger than `InputFile.maxPlanBytes`.
    package static func read(path: String) throws -> (plan: Plan, warnings: [InputError]) {
        let file = planFilePath(for: path)
        if file != path, !FileManager.default.fileExists(atPath: file) {
            throw FileError(path: path, message: "is a folder with no plan.json in it: give a plan folder, a plan.json or GeoJSON files")
        }
        // A regular file of at most 4 MiB: checked before anything is opened or read.
        let bytes = try GeoJSONReader.readBytes(path: file, limit: InputFile.maxPlanBytes)
        let value = try JSONParser.parse(bytes, file: file)
        let folder = (file as NSString).deletingLastPathComponent
        var problems: [InputError] = []
        let plan = decode(value, file: file, folder: folder.isEmpty ? "." : folder, problems: &problems)
        if let plan, !problems.contains(where: { $0.severity == .error }) {
            return (plan, problems)
        }
        throw InputProblems(problems)
    }

    /// Decodes plan bytes (as read from `file`); layer paths resolve against `folder`.
    /// - Throws: `InputError` for malformed JSON, `InputProblems` when the plan has errors.
    package static func decode(bytes: [UInt8], file: String, folder: String) throws -> (plan: Plan, warnings: [InputError]) {
        let value = try JSONParser.parse(bytes, file: file)
        var problems: [InputError] = []
        if let plan = decode(value, file: file, folder: folder, problems: &problems), !problems.contains(where: { $0.severity == .error }) {
            return (plan, problems)
        }
        throw InputProblems(problems)
    }

    /// Decodes a plan from parsed JSON, appending problems; nil when it cannot be built.
    static func decode(_ value: JSONValue, file: String, folder: String, problems: inout [InputError]) -> Plan? {
        func error(_ key: String?, _ message: String) {
            problems.append(InputError(file: file, key: key, message: message))
        }
        func warn(_ key: String?, _ message: String) {
            problems.append(InputError(file: file, key: key, message: message, severity: .warning))
        }
        guard case .object(let root) = value else {
            error(nil, "a plan must be a JSON object, found \(value.typeDescription)")
            return nil
        }
        let knownRoot: Set<String> = ["name", "title", "crs", "coverageGoal", "walking", "layers", "categories", "description", "note", "lifeCircle", "language"]
        for key in root.keys where !knownRoot.contains(key) {
            warn(key, "unknown key (known: \(knownRoot.sorted().joined(separator: ", ")))")
        }

        var name = "plan"
        switch root["name"] {
        case .string(let s)? where isSafeName(s): name = s
        case .string(let s)?: error("name", "\"\(s)\" is not a usable name: use letters, digits, '-' and '_' only")
        case nil: error("name", "missing: the plan needs a short \"name\" (used for the report folder)")
        case let other?: error("name", "must be a string, found \(other.typeDescription)")
        }
        var title = name
        if let t = root["title"] {
            if let s = t.stringValue { title = s } else { error("title", "must be a string, found \(t.typeDescription)") }
        }

        var crs = CRSSetting.auto
        if let c = root["crs"] {
            if let s = c.stringValue {
                let trimmed = s.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { error("crs", "empty CRS: use \"auto\" or an EPSG code") }
                crs = trimmed.lowercased() == "auto" ? .auto : .explicit(trimmed)
            } else {
                error("crs", "must be a string (\"auto\" or e.g. \"EPSG:32651\"), found \(c.typeDescription)")
            }
        }

        var goal = 0.85
        if let g = root["coverageGoal"] {
            if let d = g.doubleValue, d > 0, d <= 1 { goal = d } else { error("coverageGoal", "must be a share between 0 and 1 (e.g. 0.85)") }
        }

        var walking = Walking()
        if let w = root["walking"] {
            if case .object(let wo) = w {
                let known: Set<String> = ["speed", "elderSpeed", "maxSnapDistance"]
                for key in wo.keys where !known.contains(key) { warn("walking.\(key)", "unknown key (known: elderSpeed, maxSnapDistance, speed)") }
                if let s = wo["speed"] {
                    if let d = s.doubleValue, d >= 10, d <= 300 { walking.speedMetersPerMinute = d } else {
                        error("walking.speed", "must be a walking speed in metres per minute between 10 and 300 (peers use 80)")
                    }
                }
                if let s = wo["elderSpeed"], !s.isNull {
                    if let d = s.doubleValue, d >= 10, d <= 300 { walking.elderSpeedMetersPerMinute = d } else {
                        error("walking.elderSpeed", "must be a walking speed in metres per minute between 10 and 300 (e.g. 60)")
                    }
                }
                if let s = wo["maxSnapDistance"] {
                    if let d = s.doubleValue, maxSnapDistanceRange.contains(d) { walking.maxSnapDistanceMeters = d } else {
                        error("walking.maxSnapDistance", "must be a distance in metres between 1 and 10000 (e.g. 500)")
                    }
                }
            } else {
                error("walking", "must be an object, found \(w.typeDescription)")
            }
        }

        var layers: Layers?
        switch root["layers"] {
        case .object(let lo)?:
            let known: Set<String> = ["streets", "residents", "network", "facilities", "candidates"]
            for key in lo.keys where !known.contains(key) { warn("layers.\(key)", "unknown layer (known: candidates, facilities, network, residents, streets)") }
            func layer(_ key: String, required: Bool) -> LayerRef? {
                guard let v = lo[key], !v.isNull else {
                    if required { error("layers.\(key)", "missing: the plan needs a \(key) layer") }
                    return nil
                }
                return layerRef(v, key: "layers.\(key)", folder: folder, error: error)
            }
            let streets = layer("streets", required: true)
            let residents = layer("residents", required: true)
            let network = layer("network", required: true)
            let facilities = layer("facilities", required: false)
            let candidates = layer("candidates", required: false)
            if let streets, let residents, let network {
                layers = Layers(streets: streets, residents: residents, network: network, facilities: facilities, candidates: candidates)
            }
        case nil: error("layers", "missing: the plan needs \"layers\" naming streets, residents and network files")
        case let other?: error("layers", "must be an object, found \(other.typeDescription)")
        }

        var categories: [Category] = []
        switch root["categories"] {
        case .array(let items)?:
            if items.isEmpty { error("categories", "empty: the plan needs at least one facility category") }
            var seen: Set<String> = []
            for (i, item) in items.enumerated() {
                if let c = category(item, index: i, file: file, folder: folder, problems: &problems) {
                    if !seen.insert(c.id).inserted {
                        error("categories[\(i)].id", "duplicate category id \"\(c.id)\"")
                    } else {
                        categories.append(c)
                    }
                }
            }
        case nil: error("categories", "missing: the plan needs a \"categories\" array")
        case let other?: error("categories", "must be an array, found \(other.typeDescription)")
        }
        if let layers, layers.facilities == nil {
            for c in categories where c.facilities == nil {
                error("categories[\(c.id)].facilities", "no facilities layer: set layers.facilities or the category's own \"facilities\"")
            }
        }
        let lifeCircle = lifeCircleSettings(root["lifeCircle"], categories: categories, file: file, problems: &problems)
        var language = ReportLanguage.english
        if let l = root["language"] {
            let allowed = ReportLanguage.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            if let s = l.stringValue, let known = ReportLanguage(rawValue: s) {
                language = known
            } else {
                let found = l.stringValue.map { "\"\($0)\"" } ?? l.typeDescription
                error("language", "must be one of \(allowed) (the report's language), found \(found)")
            }
        }
        guard let layers else { return nil }
        return Plan(
            name: name, title: title, folder: folder, analysisCRS: crs, layers: layers, walking: walking,
            categories: categories, coverageGoal: goal, lifeCircle: lifeCircle, language: language)
    }

    /// The `lifeCircle` object: `essential` names the categories a complete life circle needs
    /// (every category when absent). An unknown or repeated id, or an empty list, is an error.
    private static func lifeCircleSettings(_ value: JSONValue?, categories: [Category], file: String,
                                           problems: inout [InputError]) -> LifeCircleSettings {
        guard let value, !value.isNull else { return LifeCircleSettings() }
        guard case .object(let o) = value else {
            problems.append(InputError(file: file, key: "lifeCircle", message: "must be an object like {\"essential\": [\"health-station\"]}, found \(value.typeDescription)"))
            return LifeCircleSettings()
        }
        for key in o.keys where key != "essential" {
            problems.append(InputError(file: file, key: "lifeCircle.\(key)", message: "unknown key (known: essential)", severity: .warning))
        }
        guard let e = o["essential"], !e.isNull else { return LifeCircleSettings() }
        func error(_ message: String) {
            problems.append(InputError(file: file, key: "lifeCircle.essential", message: message))
        }
        guard case .array(let items) = e else {
            error("must be an array of category ids, found \(e.typeDescription)")
            return LifeCircleSettings()
        }
        if items.isEmpty { error("empty: name at least one category a complete life circle needs (or leave the key out: every category)") }
        let known = categories.map(\.id)
        var seen: Set<String> = []
        for (i, item) in items.enumerated() {
            guard let id = item.stringValue else {
                error("item \(i) must be a category id (a string), found \(item.typeDescription)")
                continue
            }
            if !known.contains(id) {
                error("unknown category \"\(id)\" (the plan has: \(known.joined(separator: ", ")))")
            } else if !seen.insert(id).inserted {
                error("category \"\(id)\" is listed twice")
            }
        }
        return LifeCircleSettings(essential: known.filter { seen.contains($0) })
    }

    private static func category(_ value: JSONValue, index: Int, file: String, folder: String, problems: inout [InputError]) -> Category? {
        var failed = false
        func error(_ key: String, _ message: String) {
            failed = true
            problems.append(InputError(file: file, key: "categories[\(index)].\(key)", message: message))
        }
        guard case .object(let o) = value else {
            problems.append(InputError(file: file, key: "categories[\(index)]", message: "a category must be an object, found \(value.typeDescription)"))
            return nil
        }
        let known: Set<String> = ["id", "name", "demand", "walkMinutes", "target", "facilities", "capacity", "note"]
        for key in o.keys where !known.contains(key) {
            problems.append(InputError(file: file, key: "categories[\(index)].\(key)", message: "unknown key", severity: .warning))
        }
        var id = ""
        if let s = o["id"]?.stringValue, isSafeName(s) { id = s } else {
            error("id", "needs an \"id\" of letters, digits, '-' and '_' (e.g. \"health-station\")")
        }
        var name = id
        if let n = o["name"] {
            if let s = n.stringValue { name = s } else { error("name", "must be a string") }
        }
        var demand = DemandBase.all
        if let d = o["demand"] {
            if let s = d.stringValue, let base = DemandBase(rawValue: s) { demand = base } else {
                error("demand", "must be \"all\" or \"age60plus\"")
            }
        }
        var minutes = 15.0
        if let m = o["walkMinutes"] {
            if let d = m.doubleValue, walkMinutesRange.contains(d) { minutes = d } else { error("walkMinutes", "must be minutes between 1 and 120 (e.g. 15)") }
        }
        var target: Target?
        if let t = o["target"], !t.isNull {
            if case .object(let to) = t {
                if let c = to["count"] {
                    if let d = c.doubleValue, d >= 0, d == d.rounded(), d <= 100_000 { target = .count(Int(d)) } else {
                        error("target.count", "must be a whole number of new facilities ≥ 0")
                    }
                } else if let c = to["coverage"] {
                    if let d = c.doubleValue, d > 0, d <= 1 { target = .coverage(d) } else {
                        error("target.coverage", "must be a share between 0 and 1 (e.g. 0.85)")
                    }
                } else {
                    error("target", "must hold \"count\" (new facilities) or \"coverage\" (share to reach)")
                }
            } else {
                error("target", "must be an object like {\"count\": 4} or {\"coverage\": 0.85}")
            }
        }
        var facilities: LayerRef?
        if let f = o["facilities"], !f.isNull {
            facilities = layerRef(f, key: "categories[\(index)].facilities", folder: folder) { key, message in
                failed = true
                problems.append(InputError(file: file, key: key, message: message))
            }
        }
        var capacity: Double?
        if let c = o["capacity"], !c.isNull {
            if let d = c.doubleValue, capacityRange.contains(d), d.rounded() == d { capacity = d } else {
                error("capacity", "must be a whole number between 1 and 10,000,000 (the demand one facility serves, e.g. 150)")
            }
        }
        let note = o["note"]?.stringValue
        if failed { return nil }
        return Category(id: id, name: name, demand: demand, walkMinutes: minutes, target: target, facilities: facilities, capacity: capacity, note: note)
    }

    private static func layerRef(_ value: JSONValue, key: String, folder: String, error: (String?, String) -> Void) -> LayerRef? {
        func resolve(_ p: String) -> String {
            p.hasPrefix("/") ? p : (folder as NSString).appendingPathComponent(p)
        }
        switch value {
        case .string(let p) where !p.isEmpty:
            return LayerRef(path: resolve(p))
        case .object(let o):
            guard let p = o["path"]?.stringValue, !p.isEmpty else {
                error(key, "a layer object needs a \"path\"")
                return nil
            }
            var crs = "EPSG:4326"
            if let c = o["crs"] {
                guard let s = c.stringValue, !s.isEmpty else {
                    error("\(key).crs", "must be a CRS name such as \"EPSG:4326\", \"GCJ-02\" or \"BD-09\"")
                    return nil
                }
                crs = s
            }
            var layer: String?
            if let l = o["layer"], !l.isNull {
                guard let s = l.stringValue, !s.isEmpty else {
                    error("\(key).layer", "must be the name of a layer in the file (e.g. \"streets\" in a GeoPackage)")
                    return nil
                }
                layer = s
            }
            return LayerRef(path: resolve(p), crs: crs, crsDeclared: o["crs"] != nil, layer: layer)
        default:
            error(key, "must be a file path or {\"path\": ..., \"crs\": ..., \"layer\": ...}, found \(value.typeDescription)")
            return nil
        }
    }

    static func isSafeName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.unicodeScalars.allSatisfy {
            ($0.value < 128) && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
        }
    }
}

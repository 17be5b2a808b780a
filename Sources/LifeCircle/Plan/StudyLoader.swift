import Foundation

/// Loads a plan's layers into `StudyData`: reads each GeoJSON file, checks every feature,
/// converts coordinates to WGS84 and collects every problem found (capped per file).
///
/// - Complexity: O(total features + positions).
package struct StudyLoader {
    /// At most this many problems are listed per file; the rest are counted.
    package var maxProblemsPerFile = 50
    /// A point farther than this from the streets' extent is an error (wrong CRS, swapped axes).
    package var farOutsideKilometres = 20.0
    /// A single residential point with more people than this is an error.
    package var absurdPopulation = 200_000.0
    /// A street office with more people (or people aged 60+) than this is an error.
    package var absurdStreetPopulation = 100_000_000.0
    /// Reads a plain GeoJSON network layer with `NetworkLayerReader` (false: always the general
    /// reader, for tests that compare the two).
    package var fastNetworkReader = true

    package init() {}

    /// Loads the plan's layers.
    /// - Throws: `InputProblems` with every error and warning when any error was found.
    package func load(_ plan: Plan) throws -> StudyData {
        var problems: [InputError] = []
        let study = load(plan, problems: &problems)
        if problems.contains(where: { $0.severity == .error }) { throw InputProblems(problems) }
        return StudyData(
            plan: plan, streets: study.streets, residents: study.residents, facilities: study.facilities,
            candidates: study.candidates, network: study.network, warnings: problems)
    }

    /// Loads what it can, appending every problem to `problems` (used by `validate`).
    package func load(_ plan: Plan, problems: inout [InputError]) -> StudyData {
        var sink = ProblemSink(limit: maxProblemsPerFile)
        defer { problems.append(contentsOf: sink.finish()) }

        // The network layer, usually the largest, needs nothing from the others: a plain one is
        // read on the other cores while the streets and residents are read here.
        let network = plan.layers.network, networkPath = network.path
        let earlyNetwork = plainNetwork(network) ? Parallel.Background { NetworkLayerReader.read(path: networkPath) } : nil
        let streets = loadStreets(plan.layers.streets, sink: &sink)
        let extent = PreparedStudy.streetsArea(streets)
        // The streets place the study: PROJ builds the projection to its analysis CRS on another
        // core while the other layers are read (tens of milliseconds, wanted first thing after).
        if let extent { CoordinateTransformer.warmUp(from: "EPSG:4326", to: PreparedStudy.analysisCRS(plan, area: extent)) }
        let needsElderly = plan.categories.contains { $0.demand == .age60plus }
        let residents = loadResidents(plan.layers.residents, extent: extent, needsElderly: needsElderly, sink: &sink)
        let lines = loadNetwork(network, extent: extent, read: earlyNetwork.map { $0.wait() ?? nil }, sink: &sink)
        var facilities: [String: [Facility]] = [:]
        for c in plan.categories { facilities[c.id] = [] }
        if let shared = plan.layers.facilities, plan.categories.contains(where: { $0.facilities == nil }) {
            let known = Set(plan.categories.filter { $0.facilities == nil }.map(\.id))
            for f in loadFacilities(shared, fixedCategory: nil, knownCategories: known, extent: extent, sink: &sink) {
                facilities[f.category, default: []].append(f)
            }
        }
        for c in plan.categories {
            if let own = c.facilities {
                facilities[c.id] = loadFacilities(own, fixedCategory: c.id, knownCategories: [c.id], extent: extent, sink: &sink)
            }
            if facilities[c.id]?.isEmpty ?? true {
                sink.add(InputError(
                    file: (c.facilities ?? plan.layers.facilities)?.label ?? "plan", message: "no facilities of category \"\(c.id)\": everyone counts as uncovered",
                    severity: .warning))
            }
        }
        var candidates: [CandidateSite] = []
        if let c = plan.layers.candidates {
            candidates = loadCandidates(c, categories: Set(plan.categories.map(\.id)), extent: extent, sink: &sink)
        }
        return StudyData(plan: plan, streets: streets, residents: residents, facilities: facilities, candidates: candidates, network: lines)
    }

    /// Loads a candidates file on its own (e.g. `propose --candidates FILE`) for a loaded study.
    /// - Throws: `InputProblems` when any error was found.
    package func loadCandidates(path: String, crs: String = "EPSG:4326", for study: StudyData) throws -> [CandidateSite] {
        var sink = ProblemSink(limit: maxProblemsPerFile)
        let extent = study.streets.compactMap { $0.geometry.boundingBox }.reduce(nil as BoundingBox?) { $0?.union($1) ?? $1 }
        let sites = loadCandidates(LayerRef(path: path, crs: crs), categories: Set(study.plan.categories.map(\.id)), extent: extent, sink: &sink)
        let problems = sink.finish()
        if problems.contains(where: { $0.severity == .error }) { throw InputProblems(problems) }
        if sites.isEmpty { throw InputError(file: path, message: "no candidate sites in the file") }
        return sites
    }

    // MARK: - Layers

    func loadStreets(_ layer: LayerRef, sink: inout ProblemSink) -> [Street] {
        guard let (features, converter, layer) = read(layer, sink: &sink) else { return [] }
        let file = layer.label
        if features.isEmpty { sink.add(InputError(file: file, message: "the streets layer has no features")) }
        var streets: [Street] = []
        var ids = IDRegistry(file: file)
        for (i, f) in features.enumerated() {
            guard let raw = convertedGeometry(f, index: i, layer: layer, converter: converter, allowed: [.polygon, .multiPolygon], what: "a street area", sink: &sink) else { continue }
            guard let geometry = validPolygon(raw, index: i, file: file, sink: &sink) else { continue }
            guard let name = f.string("name"), !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                sink.add(InputError(file: file, featureIndex: i, key: "name", message: f.properties["name"] == nil ? "missing: every street needs a name" : "must be a non-empty string"))
                continue
            }
            let code = f.properties["code"].flatMap { v -> String? in
                if let s = v.stringValue { return s }
                if let d = v.doubleValue { return FeatureID.number(d).description }
                return nil
            }
            let id = f.id?.description ?? code ?? String(i)
            ids.register(id, index: i, sink: &sink)
            let population = optionalNumber(f, "population", index: i, file: file, sink: &sink)
            let elderly = optionalNumber(f, "population60plus", index: i, file: file, sink: &sink)
            var implausible = false
            for (key, value) in [("population", population), ("population60plus", elderly)] {
                if let value, value > absurdStreetPopulation {
                    sink.add(InputError(file: file, featureIndex: i, key: key, message: "\(GeoJSONWriter.plainNumber(value)) people in one street is implausible (limit \(Format.integer(absurdStreetPopulation)))"))
                    implausible = true
                }
            }
            if implausible { continue }
            streets.append(Street(index: streets.count, id: id, name: name, code: code, geometry: geometry, population: population, population60plus: elderly))
        }
        return streets
    }

    /// Loads the residents layer, the largest one, streaming it feature by feature
    /// (`GeoJSONReader.forEachFeature`) so only the compact `Resident`s are kept in memory.
    ///
    /// Problems go to a copy of `sink` that replaces it only when the whole file reads: a file
    /// with a syntax error reports just that error and no residents, as the other layers do.
    func loadResidents(_ layer: LayerRef, extent: BoundingBox?, needsElderly: Bool, sink: inout ProblemSink) -> [Resident] {
        let source: LayerSource
        do {
            source = try LayerSource(layer)
        } catch {
            record(error, layer: layer, sink: &sink)
            return []
        }
        let layer = source.ref
        guard let converter = converter(for: layer, sink: &sink) else { return [] }
        let file = layer.label
        var local = sink
        if let note = converter.conversionNote {
            local.add(InputError(file: file, message: note, severity: .warning))
        }
        // Residents are gathered in fixed-size chunks and joined once at the exact size, so the
        // array never doubles (a doubling briefly holds the old and the new copy).
        var chunks: [[Resident]] = []
        var chunk: [Resident] = []
        var total = 0
        var ids = IDRegistry(file: file)
        var featureCount = 0
        var missing = MissingPopulation(limit: maxProblemsPerFile)
        do {
            try source.forEachFeature { i, f in
                featureCount += 1
                if let r = resident(f, index: i, layer: layer, converter: converter, extent: extent, needsElderly: needsElderly, ids: &ids, missing: &missing, sink: &local) {
                    if chunk.isEmpty { chunk.reserveCapacity(Self.residentChunk) }
                    chunk.append(r)
                    total += 1
                    if chunk.count == Self.residentChunk {
                        chunks.append(chunk)
                        chunk = []
                    }
                }
            }
        } catch {
            record(error, layer: layer, sink: &sink)
            return []
        }
        if featureCount == 0 { local.add(InputError(file: file, message: "the residents layer has no features")) }
        if missing.count > 0, !missing.anyPresent {
            // Not one error per feature: the whole layer lacks people (floor area only, as
            // `import-osm` writes it without a population source).
            local.add(InputError(
                file: file, key: "population",
                message: "no resident has a population (all \(missing.count) features lack it): the layer holds no people. "
                    + "If it came from `lifecircle import-osm`, import again with --population FILE, --population-total N or a "
                    + "--boundary whose streets carry `population`; otherwise add a `population` number to every feature"))
        }
        sink = local
        if chunks.isEmpty { return chunk }
        chunks.append(chunk)
        var residents: [Resident] = []
        residents.reserveCapacity(total)
        for k in chunks.indices {
            residents.append(contentsOf: chunks[k])
            chunks[k] = []
        }
        return residents
    }

    /// Residents per chunk while the layer is read.
    static let residentChunk = 1 << 16

    /// One resident point from feature `i`, or nil after reporting what is wrong with it.
    private func resident(_ f: Feature, index i: Int, layer: LayerRef, converter: CRSConverter, extent: BoundingBox?, needsElderly: Bool,
                          ids: inout IDRegistry, missing: inout MissingPopulation, sink: inout ProblemSink) -> Resident? {
        let file = layer.label
        guard let p = convertedPoint(f, index: i, layer: layer, converter: converter, extent: extent, sink: &sink) else { return nil }
        let id = featureID(f, index: i)
        ids.register(id, index: i, sink: &sink)
        if !missing.note(hasPopulation: !(f.properties["population"]?.isNull ?? true), index: i, file: file, sink: &sink) { return nil }
        guard let population = requiredNumber(f, "population", index: i, file: file, sink: &sink) else { return nil }
        /// Reports the feature's `key` as wrong; no resident.
        func reject(_ key: String, _ message: String) -> Resident? {
            sink.add(InputError(file: file, featureIndex: i, key: key, message: message))
            return nil
        }
        let people = GeoJSONWriter.plainNumber(population)
        if population < 0 { return reject("population", "negative population \(people)") }
        if population > absurdPopulation {
            return reject("population", "\(people) people on one point is implausible (limit \(Format.integer(absurdPopulation)))")
        }
        var elderly = 0.0
        if f.properties["age60plus"] != nil || needsElderly {
            guard let e = requiredNumber(f, "age60plus", index: i, file: file, sink: &sink) else { return nil }
            if e < 0 { return reject("age60plus", "negative value \(GeoJSONWriter.plainNumber(e))") }
            if e > population {
                return reject("age60plus", "\(GeoJSONWriter.plainNumber(e)) aged 60+ is more than the population \(people)")
            }
            elderly = e
        }
        return Resident(index: i, id: id, position: p, population: population, age60plus: elderly)
    }

    /// True when `layer` may be read by `NetworkLayerReader` (when `fastNetworkReader`): a GeoJSON
    /// file in WGS84.
    private func plainNetwork(_ layer: LayerRef) -> Bool {
        fastNetworkReader && LayerSource.isGeoJSON(layer.path) && layer.layer == nil && CRSConverter.isWGS84(layer.crs)
    }

    /// Loads the network layer's walkable lines. A plain GeoJSON layer in WGS84 is read by
    /// `NetworkLayerReader` on all cores (or `read`, its result when already read); anything it
    /// does not take (another format or CRS, any bad feature) by the general reader, which reports
    /// each problem.
    func loadNetwork(_ layer: LayerRef, extent: BoundingBox?, read early: NetworkLines?? = nil, sink: inout ProblemSink) -> NetworkLines {
        if plainNetwork(layer), let lines = early ?? NetworkLayerReader.read(path: layer.path) {
            return lines
        }
        guard let (features, converter, layer) = read(layer, sink: &sink) else { return NetworkLines() }
        let file = layer.label
        var lines = NetworkLines()
        for (i, f) in features.enumerated() {
            guard let g = convertedGeometry(f, index: i, layer: layer, converter: converter, allowed: [.lineString, .multiLineString], what: "a walkable line", sink: &sink) else { continue }
            let id = featureID(f, index: i)
            switch g {
            case .lineString(let ps): lines.append(id: id, coordinates: ps)
            case .multiLineString(let ls):
                for (k, ps) in ls.enumerated() where ps.count >= 2 {
                    lines.append(id: ls.count == 1 ? id : "\(id)#\(k)", coordinates: ps)
                }
            default: break
            }
        }
        if lines.count == 0 {
            sink.add(InputError(file: file, message: "the network layer has no walkable lines (edges): nothing to walk on"))
        }
        return lines
    }

    func loadFacilities(_ layer: LayerRef, fixedCategory: String?, knownCategories: Set<String>, extent: BoundingBox?, sink: inout ProblemSink) -> [Facility] {
        let file = layer.label
        return pointFeatures(layer, extent: extent, sink: &sink) { i, f, p, id, sink in
            var category: String
            if let fixedCategory {
                category = fixedCategory
            } else {
                guard let c = f.string("category") else {
                    sink.add(InputError(file: file, featureIndex: i, key: "category", message: "missing: a shared facilities layer needs each feature's category"))
                    return nil
                }
                category = c
            }
            if fixedCategory == nil, !knownCategories.contains(category) {
                sink.add(InputError(file: file, featureIndex: i, key: "category", message: "unknown category \"\(category)\" (the plan has: \(knownCategories.sorted().joined(separator: ", ")))"))
                return nil
            }
            var status = FacilityStatus.existing
            if let s = f.properties["status"], !s.isNull {
                guard let text = s.stringValue, let st = FacilityStatus(rawValue: text.lowercased()) else {
                    sink.add(InputError(file: file, featureIndex: i, key: "status", message: "must be \"existing\" or \"planned\""))
                    return nil
                }
                status = st
            }
            let capacity = optionalNumber(f, "capacity", index: i, file: file, sink: &sink)
            if let capacity, !PlanReader.capacityRange.contains(capacity) {
                sink.add(InputError(file: file, featureIndex: i, key: "capacity", message: capacity <= 0 ? "must be positive" : "\(GeoJSONWriter.plainNumber(capacity)) must be between 1 and 10,000,000 (the demand one facility serves)"))
                return nil
            }
            if let capacity, capacity.rounded() != capacity {
                sink.add(InputError(file: file, featureIndex: i, key: "capacity", message: "\(GeoJSONWriter.plainNumber(capacity)) must be a whole number (seats, meals, beds: the demand one facility serves)"))
                return nil
            }
            let name = f.string("name") ?? id
            return Facility(index: i, id: id, name: name, category: category, status: status, position: p, capacity: capacity)
        }
    }

    func loadCandidates(_ layer: LayerRef, categories: Set<String>, extent: BoundingBox?, sink: inout ProblemSink) -> [CandidateSite] {
        let file = layer.label
        return pointFeatures(layer, extent: extent, sink: &sink) { i, f, p, id, sink in
            var suits: [String] = []
            switch f.properties["categories"] {
            case nil, .null?: break
            case .array(let a)?:
                suits = a.compactMap(\.stringValue)
                if suits.count != a.count {
                    sink.add(InputError(file: file, featureIndex: i, key: "categories", message: "must be an array of category ids"))
                    return nil
                }
            case .string(let s)?:
                suits = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            default:
                sink.add(InputError(file: file, featureIndex: i, key: "categories", message: "must be an array of category ids"))
                return nil
            }
            for c in suits where !categories.contains(c) {
                sink.add(InputError(file: file, featureIndex: i, key: "categories", message: "unknown category \"\(c)\"", severity: .warning))
            }
            return CandidateSite(index: i, id: id, name: f.string("name"), position: p, categories: suits.filter { categories.contains($0) })
        }
    }

    /// What `make` builds of each point feature of a layer that has a usable point (converted to
    /// WGS84, inside `extent`), its id registered first (a repeated id is reported); a nil from
    /// `make` leaves the feature out. Nothing when the layer cannot be read.
    ///
    /// - Complexity: O(n) calls of `make` for n features.
    private func pointFeatures<T>(
        _ layer: LayerRef, extent: BoundingBox?, sink: inout ProblemSink,
        _ make: (_ index: Int, _ feature: Feature, _ point: Position, _ id: String, _ sink: inout ProblemSink) -> T?
    ) -> [T] {
        guard let (features, converter, layer) = read(layer, sink: &sink) else { return [] }
        var out: [T] = []
        var ids = IDRegistry(file: layer.label)
        for (i, f) in features.enumerated() {
            guard let p = convertedPoint(f, index: i, layer: layer, converter: converter, extent: extent, sink: &sink) else { continue }
            let id = featureID(f, index: i)
            ids.register(id, index: i, sink: &sink)
            if let item = make(i, f, p, id, &sink) { out.append(item) }
        }
        return out
    }

    // MARK: - Helpers

    /// The polygon itself when valid; else repaired with GEOS make-valid (keeping only the areal
    /// parts) and a warning naming what was wrong; nil (with an error) when nothing areal is left.
    private func validPolygon(_ g: Geometry, index: Int, file: String, sink: inout ProblemSink) -> Geometry? {
        do {
            let geos = try GeosGeometry(g)
            if try geos.isValid { return g }
            let reason = (try? geos.validityReason) ?? "invalid"
            let repaired = try geos.makeValid().toGeometry()
            var polygons: [[[Position]]] = []
            func collect(_ x: Geometry) {
                switch x {
                case .polygon(let rings): polygons.append(rings)
                case .multiPolygon(let ps): polygons.append(contentsOf: ps)
                case .geometryCollection(let gs): gs.forEach(collect)
                default: break
                }
            }
            collect(repaired)
            guard !polygons.isEmpty else {
                sink.add(InputError(file: file, featureIndex: index, key: "geometry", message: "invalid polygon (\(reason)) with no area left after repair"))
                return nil
            }
            sink.add(InputError(file: file, featureIndex: index, key: "geometry", message: "invalid polygon (\(reason)) repaired with make-valid", severity: .warning))
            return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
        } catch {
            sink.add(InputError(file: file, featureIndex: index, key: "geometry", message: "polygon could not be checked: \(error)"))
            return nil
        }
    }

    /// The layer's features, the converter from its CRS and the layer with that CRS (the plan's,
    /// else the file's: see `LayerSource`), or nil after reporting what is wrong.
    private func read(_ layer: LayerRef, sink: inout ProblemSink) -> ([Feature], CRSConverter, LayerRef)? {
        do {
            let source = try LayerSource(layer)
            guard let converter = converter(for: source.ref, sink: &sink) else { return nil }
            let features = try source.readFeatures()
            if let note = converter.conversionNote {
                sink.add(InputError(file: layer.label, message: note, severity: .warning))
            }
            return (features, converter, source.ref)
        } catch {
            record(error, layer: layer, sink: &sink)
        }
        return nil
    }

    /// The converter from the layer's CRS to WGS84, or nil after reporting an unknown CRS.
    private func converter(for layer: LayerRef, sink: inout ProblemSink) -> CRSConverter? {
        do {
            return try CRSConverter(crs: layer.crs)
        } catch {
            sink.add(InputError(file: layer.label, key: "crs", message: "unknown CRS \"\(layer.crs)\": \(error)"))
            return nil
        }
    }

    /// Reports an error reading the layer's file.
    private func record(_ error: any Error, layer: LayerRef, sink: inout ProblemSink) {
        switch error {
        case let e as InputError: sink.add(e)
        case let e as FileError: sink.add(InputError(file: e.path, message: e.message))
        default: sink.add(InputError(file: layer.label, message: "\(error)"))
        }
    }

    private func featureID(_ f: Feature, index: Int) -> String {
        if let id = f.id { return id.description }
        if let s = f.string("id") { return s }
        if let d = f.number("id") { return FeatureID.number(d).description }
        return String(index)
    }

    private func requiredNumber(_ f: Feature, _ key: String, index: Int, file: String, sink: inout ProblemSink) -> Double? {
        switch f.properties[key] {
        case nil, .null?:
            sink.add(InputError(file: file, featureIndex: index, key: key, message: "missing: a number is required"))
            return nil
        case .number(let d)?:
            return d
        case let other?:
            sink.add(InputError(file: file, featureIndex: index, key: key, message: "must be a number, found \(other.typeDescription)\(other.stringValue.map { " \"\($0)\"" } ?? "")"))
            return nil
        }
    }

    private func optionalNumber(_ f: Feature, _ key: String, index: Int, file: String, sink: inout ProblemSink) -> Double? {
        switch f.properties[key] {
        case nil, .null?: return nil
        case .number(let d)?:
            if d < 0 {
                sink.add(InputError(file: file, featureIndex: index, key: key, message: "negative value \(GeoJSONWriter.plainNumber(d))"))
                return nil
            }
            return d
        case let other?:
            sink.add(InputError(file: file, featureIndex: index, key: key, message: "must be a number, found \(other.typeDescription)"))
            return nil
        }
    }

    /// The feature's geometry converted to WGS84 and checked, or nil after reporting the problem.
    private func convertedGeometry(_ f: Feature, index: Int, layer: LayerRef, converter: CRSConverter, allowed: Set<Geometry.Kind>, what: String, sink: inout ProblemSink) -> Geometry? {
        let file = layer.label
        guard let g = f.geometry else {
            sink.add(InputError(file: file, featureIndex: index, key: "geometry", message: "null geometry: \(what) needs a location"))
            return nil
        }
        guard allowed.contains(g.kind) else {
            let names = allowed.map(\.rawValue).sorted().joined(separator: " or ")
            sink.add(InputError(file: file, featureIndex: index, key: "geometry", message: "\(g.kind.rawValue) cannot be \(what): expected \(names)"))
            return nil
        }
        if g.isEmpty {
            sink.add(InputError(file: file, featureIndex: index, key: "geometry", message: "empty geometry"))
            return nil
        }
        do {
            let converted = try converter.toWGS84(g)
            if let problem = Self.coordinateProblem(converted) {
                sink.add(InputError(file: file, featureIndex: index, key: "coordinates", message: problem))
                return nil
            }
            return converted
        } catch {
            sink.add(InputError(file: file, featureIndex: index, key: "coordinates", message: "cannot convert from \(layer.crs): \(error)"))
            return nil
        }
    }

    /// A point geometry (or a polygon at its representative point), converted and checked.
    private func convertedPoint(_ f: Feature, index: Int, layer: LayerRef, converter: CRSConverter, extent: BoundingBox?, sink: inout ProblemSink) -> Position? {
        guard let g = convertedGeometry(f, index: index, layer: layer, converter: converter, allowed: [.point, .polygon, .multiPolygon], what: "a point location", sink: &sink) else { return nil }
        let p: Position
        switch g {
        case .point(let q): p = q
        default:
            guard let q = RepresentativePoint.of(g) else {
                sink.add(InputError(file: layer.label, featureIndex: index, key: "geometry", message: "no representative point could be found for this polygon"))
                return nil
            }
            p = q
        }
        if let extent {
            let km = Self.kilometresOutside(p, extent)
            if km > farOutsideKilometres {
                sink.add(InputError(file: layer.label, featureIndex: index, key: "coordinates", message: String(format: "lies %.0f km outside the streets' extent: check the layer's CRS (%@) and the axis order", km, layer.crs)))
                return nil
            }
        }
        return p
    }

    /// A message when any position is not a plausible lon/lat, else nil.
    static func coordinateProblem(_ g: Geometry) -> String? {
        var problem: String?
        g.forEachPosition { p in
            guard problem == nil else { return }
            if !p.x.isFinite || !p.y.isFinite {
                problem = "coordinate is not a finite number"
            } else if abs(p.y) > 90 && abs(p.x) <= 90 && abs(p.y) <= 180 {
                problem = "latitude \(p.y) is out of range; longitude and latitude look swapped (GeoJSON order is [lon, lat])"
            } else if abs(p.x) > 180 || abs(p.y) > 90 {
                problem = "position (\(p.x), \(p.y)) is out of range for longitude/latitude: is the layer in a projected CRS? Declare it with {\"path\": ..., \"crs\": ...}"
            }
        }
        return problem
    }

    static func kilometresOutside(_ p: Position, _ box: BoundingBox) -> Double {
        let dx = max(box.minX - p.x, 0, p.x - box.maxX) * 111.32 * cos(p.y * .pi / 180)
        let dy = max(box.minY - p.y, 0, p.y - box.maxY) * 110.57
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// Collects problems, keeping at most `limit` per file and counting the rest.
struct ProblemSink {
    let limit: Int
    private var kept: [InputError] = []
    private var counts: [String: Int] = [:]
    private var order: [String] = []

    init(limit: Int) { self.limit = limit }

    mutating func add(_ e: InputError) {
        let n = counts[e.file, default: 0]
        if n == 0 { order.append(e.file) }
        counts[e.file] = n + 1
        if n < limit || e.featureIndex == nil { kept.append(e) }
    }

    func finish() -> [InputError] {
        var out = kept
        for file in order {
            let n = counts[file, default: 0]
            if n > limit {
                let worst: InputError.Severity = kept.contains { $0.file == file && $0.severity == .error } ? .error : .warning
                out.append(InputError(file: file, message: "… and \(n - limit) more problems in this file", severity: worst))
            }
        }
        return out
    }
}

/// Residents without a `population`, held back while no feature of the layer has one: a layer
/// with no population at all gets one error, not one per feature.
struct MissingPopulation {
    let limit: Int
    /// Features without a population so far.
    private(set) var count = 0
    /// True once a feature with a population was seen (from then on each missing one is reported).
    private(set) var anyPresent = false
    /// The first `limit` features held back.
    private var held: [Int] = []

    init(limit: Int) { self.limit = limit }

    static func error(file: String, index: Int) -> InputError {
        InputError(file: file, featureIndex: index, key: "population", message: "missing: a number is required")
    }

    /// Notes feature `index`; returns false when it has no population (reported now, or held).
    mutating func note(hasPopulation: Bool, index: Int, file: String, sink: inout ProblemSink) -> Bool {
        if hasPopulation {
            if !anyPresent {
                anyPresent = true
                // Report the features held back; past the first `limit` the sink only counts them.
                if let last = held.last {
                    for k in 0..<count { sink.add(Self.error(file: file, index: k < held.count ? held[k] : last)) }
                }
                held = []
            }
            return true
        }
        count += 1
        if anyPresent {
            sink.add(Self.error(file: file, index: index))
        } else if held.count < limit {
            held.append(index)
        }
        return false
    }
}

/// Tracks ids within one layer and reports duplicates.
struct IDRegistry {
    let file: String
    private var seen: [String: Int] = [:]

    init(file: String) { self.file = file }

    mutating func register(_ id: String, index: Int, sink: inout ProblemSink) {
        if let first = seen[id] {
            sink.add(InputError(file: file, featureIndex: index, key: "id", message: "duplicate id \"\(id)\" (first used by feature \(first))"))
        } else {
            seen[id] = index
        }
    }
}

import Foundation

/// Builds the GeoJSON layers of an import from the collected features and node coordinates.
struct OSMLayerBuilder {
    let options: OSMImportOptions
    let locator: OSMNodeLocator
    let boundary: OSMBoundary?
    let extractBox: BoundingBox?
    private(set) var missingNodeRefs = 0

    init(options: OSMImportOptions, locator: OSMNodeLocator, boundary: OSMBoundary?, extractBox: BoundingBox?) {
        self.options = options
        self.locator = locator
        self.boundary = boundary
        self.extractBox = extractBox
    }

    private static func typeRank(_ t: OSMElementType) -> Int {
        switch t {
        case .node: 0
        case .way: 1
        case .relation: 2
        }
    }

    private static func prefix(_ t: OSMElementType) -> String {
        switch t {
        case .node: "n"
        case .way: "w"
        case .relation: "r"
        }
    }

    private func inside(_ p: Position) -> Bool { boundary?.contains(p) ?? true }

    /// Positions of `refs`, skipping nodes the file does not hold.
    private mutating func positions(_ refs: [Int64]) -> [Position] {
        var out: [Position] = []
        out.reserveCapacity(refs.count)
        for r in refs {
            if let p = locator.position(r) { out.append(p) } else { missingNodeRefs += 1 }
        }
        return out
    }

    // MARK: Network

    /// One piece of a walkable way between junctions: `resolved[way][start...end]`.
    private struct Segment: Sendable {
        var way: Int
        /// The piece's number along its way (counting pieces outside the boundary too).
        var number: Int
        var start: Int
        var end: Int
    }

    /// Segments encoded per parallel round (bounds the encoded bytes held at once).
    static let segmentsPerRound = 1 << 15

    /// Walkable ways split at nodes shared with other walkable ways, as LineStrings.
    ///
    /// Node references are resolved and the features encoded on all cores (in rounds of
    /// `segmentsPerRound` segments, appended in order, so the bytes do not depend on scheduling);
    /// the junctions, the boundary test and the components are worked out on the calling thread.
    /// - Complexity: O(refs · log(needed nodes)).
    mutating func network(_ ways: [OSMImportCollector.WalkWay], to stream: OSMLayerStream, summary: inout OSMImportSummary) throws {
        let sorted = ways.sorted { $0.id < $1.id }
        let locator = self.locator
        // Node indices per way (missing nodes dropped, repeated consecutive nodes merged).
        let resolvedWays = Parallel.map(count: sorted.count, minimumChunk: 4096) { w -> (indices: [Int], missing: Int) in
            var idx: [Int] = []
            idx.reserveCapacity(sorted[w].refs.count)
            var missing = 0
            for r in sorted[w].refs {
                guard let k = locator.index(of: r), locator.found[k] else { missing += 1; continue }
                if idx.last != k { idx.append(k) }
            }
            return (idx, missing)
        }
        var resolved: [[Int]] = []
        resolved.reserveCapacity(sorted.count)
        var usage = [UInt8](repeating: 0, count: locator.ids.count)
        for (idx, missing) in resolvedWays {
            missingNodeRefs += missing
            for k in idx where usage[k] < 255 { usage[k] += 1 }
            resolved.append(idx)
        }
        let moved = Self.separateCoincidentNodes(usage: usage, latE7: locator.latE7, lonE7: locator.lonE7)
        if !moved.isEmpty {
            summary.notes.append(
                "\(moved.count) walkable OSM nodes lie at exactly the coordinates of another node they are not joined to "
                    + "(a bridge over a road, a tunnel, layers): written 1e-7° (about 1 cm) apart so the analysis keeps them apart too")
        }
        @Sendable func position(_ k: Int) -> Position {
            if let m = moved[k] { return Position(lon: Double(m.lon) / 1e7, lat: Double(m.lat) / 1e7) }
            return Position(lon: Double(locator.lonE7[k]) / 1e7, lat: Double(locator.latE7[k]) / 1e7)
        }
        var parent = Array(0..<locator.ids.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        // The segments written, in way order, and their components.
        var segments: [Segment] = []
        var wayCount = 0
        for (w, idx) in resolved.enumerated() where idx.count >= 2 {
            var start = 0
            var number = 0
            var wroteAny = false
            for k in 1..<idx.count where k == idx.count - 1 || usage[idx[k]] >= 2 {
                defer { start = k; number += 1 }
                if boundary != nil, !idx[start...k].contains(where: { inside(position($0)) }) { continue }
                for j in (start + 1)...k {
                    let a = find(idx[j - 1]), b = find(idx[j])
                    if a != b { parent[max(a, b)] = min(a, b) }
                }
                segments.append(Segment(way: w, number: number, start: start, end: k))
                wroteAny = true
            }
            if wroteAny { wayCount += 1 }
        }
        let finalResolved = resolved
        let precision = stream.precision
        /// Appends segment `s` as a feature, the bytes `GeoJSONWriter` gives for a Feature with
        /// id `w<osm id>-<number>`, properties id, osm_id, highway and name (when present) in that
        /// order, and a LineString (the network's features are many: no Feature value is built).
        @Sendable func write(_ s: Segment, to sink: ByteSink) {
            let way = sorted[s.way]
            let id = "w\(way.id)-\(s.number)"
            sink.append("{\"type\":\"Feature\",\"id\":")
            GeoJSONWriter.writeString(id, to: sink)
            sink.append(",\"properties\":{\"id\":")
            GeoJSONWriter.writeString(id, to: sink)
            sink.append(",\"osm_id\":")
            GeoJSONWriter.writePlainNumber(Double(way.id), to: sink)
            sink.append(",\"highway\":")
            GeoJSONWriter.writeString(way.highway, to: sink)
            if let name = way.name {
                sink.append(",\"name\":")
                GeoJSONWriter.writeString(name, to: sink)
            }
            sink.append("},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[")
            for j in s.start...s.end {
                let p = position(finalResolved[s.way][j])
                sink.append(j == s.start ? "[" : ",[")
                FixedDecimal.append(p.x, precision: precision, to: sink)
                sink.append(UInt8(ascii: ","))
                FixedDecimal.append(p.y, precision: precision, to: sink)
                sink.append(UInt8(ascii: "]"))
            }
            sink.append("]}}")
        }
        var roundStart = 0
        while roundStart < segments.count {
            let round = segments[roundStart..<min(roundStart + Self.segmentsPerRound, segments.count)]
            let chunks = max(1, min(8, round.count / 1024))
            let encoded = Parallel.tasks(count: chunks) { c -> ([UInt8], Int) in
                let lo = round.startIndex + round.count * c / chunks, hi = round.startIndex + round.count * (c + 1) / chunks
                let sink = ByteSink(capacity: 1 << 16)
                for i in lo..<hi {
                    if i > lo { sink.append(GeoJSONWriter.featureSeparator(first: false)) }
                    write(round[i], to: sink)
                }
                var bytes: [UInt8] = []
                bytes.reserveCapacity(sink.count)
                sink.appendBytes(to: &bytes)
                return (bytes, hi - lo)
            }
            for (bytes, count) in encoded { try stream.append(encoded: bytes, features: count) }
            roundStart = round.endIndex
        }
        var sizes: [Int: Int] = [:]
        for s in segments { sizes[find(resolved[s.way][s.start]), default: 0] += 1 }
        summary.networkWays = wayCount
        summary.networkSegments = stream.count
        summary.componentSizes = sizes.values.sorted(by: >)
    }

    /// New locations for the walkable nodes that share their exact coordinates with another,
    /// distinct node (the import joins ways only at shared node ids, the analysis at equal
    /// coordinates): each such node after the first (by id) moves east by the fewest 1e-7° steps
    /// that reach a free location (west at the antimeridian), so the written network has the
    /// topology the import reports. Deterministic: nodes are taken in id order.
    /// - Complexity: O(used nodes) expected.
    static func separateCoincidentNodes(usage: [UInt8], latE7: [Int32], lonE7: [Int32]) -> [Int: (lat: Int32, lon: Int32)] {
        func key(_ lat: Int32, _ lon: Int32) -> UInt64 { UInt64(UInt32(bitPattern: lat)) << 32 | UInt64(UInt32(bitPattern: lon)) }
        var occupied = Set<UInt64>()
        var coincident: [Int] = []
        for k in usage.indices where usage[k] > 0 {
            if !occupied.insert(key(latE7[k], lonE7[k])).inserted { coincident.append(k) }
        }
        var moved: [Int: (lat: Int32, lon: Int32)] = [:]
        for k in coincident {
            let lat = latE7[k], lon = Int64(lonE7[k])
            var step: Int64 = 1
            while true {
                var candidate = lon + step
                if candidate > 1_800_000_000 { candidate = lon - step }
                let c = Int32(clamping: candidate)
                if occupied.insert(key(lat, c)).inserted {
                    moved[k] = (lat, c)
                    break
                }
                step += 1
            }
        }
        return moved
    }

    // MARK: Facilities

    /// A representative point of a way or multipolygon's rings (the largest closed ring), or the
    /// middle vertex of an open way.
    private mutating func representativePoint(_ rings: [[Int64]]) -> Position? {
        var best: [Position] = []
        var bestArea = -1.0
        for r in rings {
            let ps = positions(r)
            guard !ps.isEmpty else { continue }
            let closed = ps.count >= 4 && ps.first == ps.last
            let area = closed ? OSMGeometry.areaSquareMetres(ps) : 0
            if area > bestArea { best = ps; bestArea = area }
        }
        guard !best.isEmpty else { return nil }
        if best.count >= 4, best.first == best.last { return OSMGeometry.representativePoint(best) }
        return best[best.count / 2]
    }

    /// The facilities of one category as points, ordered by element type then id.
    mutating func facilities(_ all: [OSMImportCollector.Facility], category: String) -> FeatureCollection {
        let chosen = all.filter { f in f.matches.contains { $0.category == category } }
            .sorted { (Self.typeRank($0.type), $0.id) < (Self.typeRank($1.type), $1.id) }
        var features: [Feature] = []
        for f in chosen {
            guard let p = f.position ?? representativePoint(f.outers), inside(p) else { continue }
            let id = Self.prefix(f.type) + String(f.id)
            var props = JSONObject()
            props["id"] = .string(id)
            props["name"] = f.name.map { .string($0) } ?? .null
            props["category"] = .string(category)
            props["status"] = .string("existing")
            props["osm_type"] = .string(f.type.rawValue)
            props["osm_id"] = .number(Double(f.id))
            props["osm_rule"] = .string(f.matches.first { $0.category == category }?.rule ?? "")
            features.append(Feature(id: .string(id), geometry: .point(p), properties: props))
        }
        return FeatureCollection(features: features)
    }

    // MARK: Residents

    /// The levels from a `building:levels` value (its leading number, 1…200), else the default.
    static func levels(_ tag: String?, default d: Double) -> Double {
        guard let tag else { return d }
        let number = tag.prefix { $0.isNumber || $0 == "." }
        guard let v = Double(number), v >= 1, v <= 200 else { return d }
        return v
    }

    /// A residential building as the residents layer writes it.
    struct ResidentRow {
        var id: String
        var osmID: Int64
        var building: String
        var point: Position
        var area: Double
        var levels: Double
        var unit: Int?
    }

    /// Residential buildings as points with footprint area and levels, and the population unit
    /// each lies in.
    /// - Complexity: O(buildings · (ring size + units per cell)).
    mutating func residentRows(
        _ buildings: [OSMImportCollector.Building], landuse: [[Int64]], population: OSMPopulationUnits?
    ) -> [ResidentRow] {
        let landuseIndex = OSMPolygonIndex(polygons: landuse.compactMap { ring in
            let ps = positions(ring)
            return ps.count >= 4 && ps.first == ps.last ? [ps] : nil
        })
        var rows: [ResidentRow] = []
        let sorted = buildings.sorted { (Self.typeRank($0.type), $0.id) < (Self.typeRank($1.type), $1.id) }
        for b in sorted {
            var outerRings: [[Position]] = []
            for r in b.outers {
                let ps = positions(r)
                if ps.count >= 4, ps.first == ps.last { outerRings.append(ps) }
            }
            guard let largest = outerRings.max(by: { OSMGeometry.areaSquareMetres($0) < OSMGeometry.areaSquareMetres($1) }),
                let point = OSMGeometry.representativePoint(largest)
            else { continue }
            if b.building == "yes", !options.residentialBuildings.contains("yes"), landuseIndex.first(containing: point) == nil { continue }
            guard inside(point) else { continue }
            var area = outerRings.reduce(0) { $0 + OSMGeometry.areaSquareMetres($1) }
            for r in b.inners {
                let ps = positions(r)
                if ps.count >= 4, ps.first == ps.last { area -= OSMGeometry.areaSquareMetres(ps) }
            }
            area = max(area, 0)
            rows.append(ResidentRow(
                id: Self.prefix(b.type) + String(b.id), osmID: b.id, building: b.building, point: point, area: area,
                levels: Self.levels(b.levels, default: options.defaultLevels), unit: population?.unit(containing: point)))
        }
        return rows
    }

    /// Writes the residents (`rows`, with population spread over floor area when units are given)
    /// and returns the streets layer: the units' polygons when `streetsFromUnits`, else the
    /// boundary's features, else the extract's bounding box.
    /// - Complexity: O(rows + units).
    mutating func residents(
        _ rows: [ResidentRow], population: OSMPopulationUnits?, streetsFromUnits: Bool,
        to stream: OSMLayerStream, summary: inout OSMImportSummary
    ) throws -> FeatureCollection {
        summary.residentialBuildings = rows.count
        summary.floorArea = rows.reduce(0) { $0 + $1.area * $1.levels }

        var unitFloor = [Double](repeating: 0, count: population?.units.count ?? 0)
        for r in rows { if let u = r.unit { unitFloor[u] += r.area * r.levels } }
        let namesUnits = !(population?.coversEverything ?? true)

        var written = 0.0
        for r in rows {
            var props = JSONObject()
            props["id"] = .string(r.id)
            props["osm_id"] = .number(Double(r.osmID))
            props["building"] = .string(r.building)
            props["area"] = .number((r.area * 10).rounded() / 10)
            props["levels"] = .number(r.levels)
            props["floor_area"] = .number((r.area * r.levels * 10).rounded() / 10)
            if let population {
                if let u = r.unit, unitFloor[u] > 0 {
                    let unit = population.units[u]
                    let share = r.area * r.levels / unitFloor[u]
                    props["population"] = .number(unit.population * share)
                    if let e = unit.age60plus { props["age60plus"] = .number(e * share) }
                    if namesUnits { props["unit"] = .string(unit.id) }
                    written += unit.population * share
                } else {
                    props["population"] = .number(0)
                    if population.hasAge60plus { props["age60plus"] = .number(0) }
                    if namesUnits { props["unit"] = .null }
                }
            }
            try stream.append(Feature(id: .string(r.id), geometry: .point(r.point), properties: props))
        }

        var streets: [Feature] = []
        if let population, namesUnits {
            for (u, unit) in population.units.enumerated() {
                if unitFloor[u] == 0 && !inside(unit.point) {
                    // Outside the study boundary: not part of the study.
                    summary.populationUnitsOutsideBoundary.append(unit.id)
                    summary.populationOutsideBoundary += unit.population
                    continue
                }
                if unitFloor[u] == 0 && !(extractBox?.contains(unit.point) ?? false) {
                    // Outside the extract, inside the study: kept at its point, where coverage finds
                    // it unreachable when it is far from the extract's network, so its people count.
                    summary.populationUnitsOutside.append(unit.id)
                    summary.populationOutside += unit.population
                } else if unitFloor[u] == 0 {
                    summary.populationUnitsWithoutBuildings += 1
                }
                if unitFloor[u] == 0 {
                    var props = JSONObject()
                    props["id"] = .string("unit-\(unit.id)")
                    props["building"] = .null
                    props["area"] = .number(0)
                    props["levels"] = .number(0)
                    props["floor_area"] = .number(0)
                    props["population"] = .number(unit.population)
                    if let e = unit.age60plus { props["age60plus"] = .number(e) }
                    props["unit"] = .string(unit.id)
                    try stream.append(Feature(id: .string("unit-\(unit.id)"), geometry: .point(unit.point), properties: props))
                    written += unit.population
                }
                if streetsFromUnits, let polygon = unit.polygon {
                    var props = JSONObject()
                    props["name"] = .string(unit.id)
                    props["code"] = .string(unit.id)
                    props["population"] = .number(unit.population)
                    if let e = unit.age60plus { props["population60plus"] = .number(e) }
                    streets.append(Feature(id: .string(unit.id), geometry: .polygon(polygon), properties: props))
                }
            }
        }
        if population != nil { summary.population = written }
        if streetsFromUnits {
            // The units' polygons, written above.
        } else if let boundary {
            for (i, var f) in boundary.features.enumerated() {
                if f.properties["name"]?.stringValue == nil { f.properties["name"] = .string("boundary \(i + 1)") }
                streets.append(f)
            }
        } else if let box = extractBox {
            let ring = [
                Position(x: box.minX, y: box.minY), Position(x: box.maxX, y: box.minY), Position(x: box.maxX, y: box.maxY),
                Position(x: box.minX, y: box.maxY), Position(x: box.minX, y: box.minY),
            ]
            var props = JSONObject()
            props["name"] = .string("extract")
            props["note"] = .string("bounding box of the OSM extract; replace with street-office polygons")
            streets.append(Feature(id: .string("extract"), geometry: .polygon([ring]), properties: props))
        }
        return FeatureCollection(features: streets)
    }
}

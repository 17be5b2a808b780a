import Foundation

/// The GIS layers of an analysis (DESIGN.md "Outputs"): RFC 7946 GeoJSON in WGS84 with flat
/// properties (ASCII snake_case keys; Chinese names in `name` and `street`), and a CSV (UTF-8 with a
/// byte-order mark) for each layer that is a table, with a `.csvt` sidecar giving each column's type
/// as the layer defines it (codes and ids `String`, counts and flags `Integer`, amounts, shares,
/// minutes and metres `Real`).
///
/// Figures are for the `existing` scenario on the network, the scenario of the street gaps; columns
/// ending in `_planned` count this year's planned facilities too, `_radius` uses the straight line.
/// Files come in a fixed order: `street-gaps`, `residents` (only with `allGeoJSON`: by default the
/// residents are in the GeoPackage only), then per category (plan order) `coverage-` and
/// `uncovered-` (only with `perCategoryLayers`), `facilities-`, `service-area-` (lines, only with
/// `allGeoJSON`), `service-area-polygon-` and, when given, `proposals-` (``StudyReport`` puts them
/// together).
package enum StudyLayers {
    /// The scenario the layers describe.
    package static let scenario = CoverageScenario.existing

    /// `street-gaps.geojson`, `.csv` and `.csvt`.
    package static func streetGapFiles(_ a: StudyAnalysis) -> [OutputFile] {
        let gaps = streetGaps(a)
        return [OutputFile(name: "street-gaps.geojson", bytes: GeoJSONWriter.encode(gaps))]
            + LayerTable.csv(gaps, types: streetGapTypes(a)).files(name: "street-gaps.csv")
    }

    /// `service-area-polygon-<category>.geojson` of a service area (empty when it has no `area`).
    package static func serviceAreaPolygonFile(_ area: ServiceArea) -> OutputFile {
        OutputFile(name: "service-area-polygon-\(area.category).geojson", bytes: GeoJSONWriter.encode(serviceAreaPolygon(area)))
    }

    /// The files of one category (its service-area lines only with `serviceAreaLines`).
    static func files(_ a: StudyAnalysis, _ c: StudyAnalysis.CategoryResult, serviceArea: ServiceArea?,
                      proposals: [ProposedSiteRow]?, perCategoryLayers: Bool, serviceAreaLines: Bool) -> [OutputFile] {
        var out: [OutputFile] = []
        let id = c.category.id
        if perCategoryLayers { out += coverageFiles(a, c) }
        let facilities = facilities(a, c)
        out.append(OutputFile(name: "facilities-\(id).geojson", bytes: GeoJSONWriter.encode(facilities)))
        out += LayerTable.csv(facilities, types: facilityTypes).files(name: "facilities-\(id).csv")
        if serviceAreaLines, let area = serviceArea {
            out.append(OutputFile(name: "service-area-\(id).geojson", bytes: GeoJSONWriter.encode(Self.serviceAreaLines(area))))
        }
        if let proposals {
            let layer = Self.proposals(proposals, category: id)
            out.append(OutputFile(name: "proposals-\(id).geojson", bytes: GeoJSONWriter.encode(layer)))
            out += LayerTable.csv(layer, header: proposalColumns, types: proposalTypes).files(name: "proposals-\(id).csv")
        }
        return out
    }

    /// The columns of a proposals layer (for the header of an empty one).
    static let proposalColumns = LayerSchema.proposals(category: "").fieldNames

    // MARK: Column types (the `.csvt` sidecars), from the layers' schemas (``LayerSchema``)

    /// The category ids of an analysis, in plan order.
    static func categoryIDs(_ a: StudyAnalysis) -> [String] { a.categories.map(\.category.id) }

    /// The columns of `streetGaps(_:)`.
    static func streetGapTypes(_ a: StudyAnalysis) -> [String: CSVColumnType] {
        LayerSchema.streetGaps(categories: categoryIDs(a)).types
    }

    /// The columns of `coverage(_:_:)` and its uncovered residents.
    static let coverageTypes = LayerSchema.coverage(category: "", uncovered: false).types

    /// The columns of `facilities(_:_:)`.
    static let facilityTypes = LayerSchema.facilities(category: "").types

    /// The columns of `proposals(_:category:)`.
    static let proposalTypes = LayerSchema.proposals(category: "").types

    /// The column prefix of a category: its id with `-` replaced by `_` (`health-station` → `health_station`).
    package static func key(_ category: String) -> String {
        String(category.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    // MARK: Values

    /// An object from pairs, allocated once at its size (no rehashing while filling it).
    static func object(_ pairs: [(String, JSONValue)]) -> JSONObject {
        var o = JSONObject(reservingCapacity: pairs.count)
        for (k, v) in pairs { o[k] = v }
        return o
    }

    /// An amount of people: 3 decimals at most.
    static func amount(_ d: Double) -> JSONValue { .number((d * 1000).rounded() / 1000) }
    /// A share: 4 decimals, null when undefined.
    static func share(_ d: Double?) -> JSONValue { d.map { .number(($0 * 10_000).rounded() / 10_000) } ?? .null }
    /// Minutes or metres: 2 decimals, null when infinite.
    static func fixed2(_ d: Double) -> JSONValue { d.isFinite ? .number((d * 100).rounded() / 100) : .null }
    static func flag(_ b: Bool) -> JSONValue { .number(b ? 1 : 0) }
    static func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    // MARK: Layers

    /// Street polygons with, per category, demand, covered, uncovered, unreachable, coverage, rank,
    /// and the coverage with planned facilities and by radius.
    package static func streetGaps(_ a: StudyAnalysis) -> FeatureCollection {
        let streets = a.study.streets
        var population = [Double](repeating: 0, count: streets.count)
        var elder = [Double](repeating: 0, count: streets.count)
        for (i, r) in a.study.residents.enumerated() {
            if let s = a.prepared.residentStreet[i], s < streets.count {
                population[s] += r.population
                elder[s] += r.age60plus
            }
        }
        var features: [Feature] = []
        for (s, street) in streets.enumerated() {
            var p: [(String, JSONValue)] = [
                ("name", .string(street.name)), ("code", text(street.code)),
                ("population", amount(population[s])), ("age60plus", amount(elder[s])),
            ]
            for c in a.categories {
                let k = key(c.category.id)
                guard let g = c.streetGaps(scenario, .network) else { continue }
                let row = g.streets[s]
                p += [
                    ("\(k)_demand", amount(row.demand)), ("\(k)_covered", amount(row.covered)),
                    ("\(k)_uncovered", amount(row.uncovered)), ("\(k)_unreachable", amount(row.unreachable)),
                    ("\(k)_coverage", share(row.coverageShare)), ("\(k)_rank", row.rank.map { .number(Double($0)) } ?? .null),
                    ("\(k)_coverage_planned", share(c.streetGaps(.withPlanned, .network)?.streets[s].coverageShare)),
                    ("\(k)_coverage_radius", share(c.streetGaps(scenario, .straightLine)?.streets[s].coverageShare)),
                ]
            }
            features.append(Feature(geometry: street.geometry, properties: object(p)))
        }
        return FeatureCollection(features: features)
    }

    /// Resident points of one category with walk minutes, the nearest facility and status.
    package static func coverage(_ a: StudyAnalysis, _ c: StudyAnalysis.CategoryResult) -> FeatureCollection {
        guard let feature = CoverageFeatures(a, c) else { return FeatureCollection() }
        return FeatureCollection(features: a.study.residents.indices.map(feature.make))
    }

    /// `coverage-<id>` and `uncovered-<id>` (GeoJSON and CSV), the same bytes as encoding
    /// ``coverage(_:_:)`` and its uncovered features, made a slice of residents at a time: a city of
    /// half a million residents never holds half a million feature objects, only the files' bytes.
    ///
    /// - Complexity: O(R) for R residents; memory O(output + slice).
    static func coverageFiles(_ a: StudyAnalysis, _ c: StudyAnalysis.CategoryResult) -> [OutputFile] {
        let id = c.category.id
        let count = a.study.residents.count
        var all = LayerBytes(), uncovered = LayerBytes()
        var keys: [String]?
        if let feature = CoverageFeatures(a, c) {
            let slice = 8192
            var lo = 0
            while lo < count {
                let hi = min(count, lo + slice)
                let features = (lo ..< hi).map(feature.make)
                if keys == nil, let first = features.first { keys = Array(first.properties.keys) }
                for f in features {
                    all.append(f, keys: keys ?? [])
                    if f.properties["covered"] == .number(0) { uncovered.append(f, keys: keys ?? []) }
                }
                lo = hi
            }
        }
        return [OutputFile(name: "coverage-\(id).geojson", bytes: all.geoJSON())]
            + all.csvFiles(name: "coverage-\(id).csv", keys: keys ?? [], types: coverageTypes)
            + [OutputFile(name: "uncovered-\(id).geojson", bytes: uncovered.geoJSON())]
            + uncovered.csvFiles(name: "uncovered-\(id).csv", keys: keys ?? [], types: coverageTypes)
    }

    /// A point layer's GeoJSON features and CSV rows, appended one feature at a time, laid out as
    /// `GeoJSONWriter.encode` and `LayerTable.csv` lay out the whole collection.
    struct LayerBytes {
        private var features: [UInt8] = []
        private var rows: [UInt8] = []
        private(set) var count = 0

        mutating func append(_ f: Feature, keys: [String]) {
            Self.append(GeoJSONWriter.featureSeparator(first: count == 0), to: &features)
            GeoJSONWriter.append(feature: f, to: &features)
            CSVTable.appendLine(LayerTable.row(f, keys: keys, withPosition: true), to: &rows)
            count += 1
        }

        func geoJSON() -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(features.count + 64)
            Self.append(GeoJSONWriter.plainCollectionStart, to: &out)
            out += features
            Self.append(GeoJSONWriter.collectionEnd, to: &out)
            return out
        }

        /// The CSV file `name` (BOM, header: `keys`, with `lon` and `lat` when there are features,
        /// rows) and its `.csvt` sidecar of the columns' `types`.
        func csvFiles(name: String, keys: [String], types: [String: CSVColumnType]) -> [OutputFile] {
            let header = keys + (count > 0 ? ["lon", "lat"] : [])
            var out = CSVTable.byteOrderMark
            out.reserveCapacity(rows.count + 256)
            CSVTable.appendLine(header, to: &out)
            out += rows
            return [OutputFile(name: name, bytes: out),
                    OutputFile(name: CSVTable.typesFileName(name), bytes: CSVTable.typesLine(LayerTable.columnTypes(header, types)))]
        }

        private static func append(_ text: StaticString, to out: inout [UInt8]) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
    }

    /// The coverage layer's feature for a resident, from the category's network results.
    struct CoverageFeatures {
        let make: (Int) -> Feature

        init?(_ a: StudyAnalysis, _ c: StudyAnalysis.CategoryResult) {
            guard let r = c.result(scenario, .network) else { return nil }
            let planned = c.result(.withPlanned, .network)
            let radius = c.result(scenario, .straightLine)
            let facilities = a.study.facilities[c.category.id] ?? []
            let streets = a.study.streets
            let residents = a.study.residents
            let residentStreet = a.prepared.residentStreet
            let demand = c.request.demand
            func facilityID(_ f: Int32) -> JSONValue {
                f >= 0 && Int(f) < facilities.count ? .string(facilities[Int(f)].id) : .null
            }
            make = { i in
                let res = residents[i]
                let street = residentStreet[i].flatMap { $0 < streets.count ? streets[$0] : nil }
                return Feature(geometry: .point(res.position), properties: object([
                    ("id", .string(res.id)),
                    ("street", text(street?.name)),
                    ("street_code", text(street?.code)),
                    ("population", amount(res.population)),
                    ("age60plus", amount(res.age60plus)),
                    ("demand", amount(demand[i])),
                    ("minutes", fixed2(r.minutes[i])),
                    ("facility_id", facilityID(r.facility[i])),
                    ("status", .string(r.status[i].rawValue)),
                    ("covered", flag(r.status[i] == .covered)),
                    ("minutes_planned", planned.map { fixed2($0.minutes[i]) } ?? .null),
                    ("covered_planned", planned.map { flag($0.status[i] == .covered) } ?? .null),
                    ("minutes_radius", radius.map { fixed2($0.minutes[i]) } ?? .null),
                ]))
            }
        }
    }

    /// Facility points of one category: status, capacity, how they join the network, and the demand
    /// they serve (covered residents nearest to them, in the scenario that counts them).
    package static func facilities(_ a: StudyAnalysis, _ c: StudyAnalysis.CategoryResult) -> FeatureCollection {
        let facilities = a.study.facilities[c.category.id] ?? []
        var served = [Double](repeating: 0, count: facilities.count)
        var points = [Int](repeating: 0, count: facilities.count)
        for s in CoverageScenario.allCases {
            guard let r = c.result(s, .network) else { continue }
            for i in r.status.indices where r.status[i] == .covered {
                let f = Int(r.facility[i])
                guard f >= 0, f < facilities.count else { continue }
                // Existing facilities are credited in `existing`, planned ones in `with-planned`.
                guard (facilities[f].status == .planned) == (s == .withPlanned) else { continue }
                served[f] += c.request.demand[i]
                points[f] += 1
            }
        }
        var features: [Feature] = []
        for (f, fac) in facilities.enumerated() {
            let snap = f < c.request.facilitySnaps.count ? c.request.facilitySnaps[f] : nil
            features.append(Feature(geometry: .point(fac.position), properties: object([
                ("id", .string(fac.id)),
                ("name", .string(fac.name)),
                ("category", .string(fac.category)),
                ("status", .string(fac.status.rawValue)),
                ("capacity", fac.capacity.map(amount) ?? .null),
                ("on_network", flag(snap != nil)),
                ("access_m", snap.map { fixed2($0.access) } ?? .null),
                ("served_demand", amount(served[f])),
                ("served_points", .number(Double(points[f]))),
            ])))
        }
        return FeatureCollection(features: features)
    }

    /// The reached network of a service area as lines, partial edges cut at the threshold.
    package static func serviceAreaLines(_ area: ServiceArea) -> FeatureCollection {
        FeatureCollection(features: area.pieces.map { p in
            Feature(geometry: .lineString(p.line), properties: object([
                ("category", .string(area.category)),
                ("scenario", .string(area.scenario.rawValue)),
                ("edge", .number(Double(p.edge))),
                ("line_id", .string(p.lineID)),
                ("from_m", fixed2(p.fromMeters)),
                ("to_m", fixed2(p.toMeters)),
                ("length_m", fixed2(p.lengthMeters)),
                ("minutes_at_start", fixed2(p.startDistance / area.speed)),
                ("minutes_at_end", fixed2(p.endDistance / area.speed)),
                ("full_edge", flag(p.full)),
            ]))
        })
    }

    /// The area a service area's lines span (one feature; none when nothing is reached).
    package static func serviceAreaPolygon(_ area: ServiceArea) -> FeatureCollection {
        guard let g = area.area else { return FeatureCollection() }
        return FeatureCollection(features: [Feature(geometry: g, properties: object([
            ("category", .string(area.category)),
            ("scenario", .string(area.scenario.rawValue)),
            ("minutes", .number(area.minutes)),
            ("speed_m_per_min", .number(area.speed)),
            ("threshold_m", fixed2(area.boundMeters)),
            ("buffer_m", .number(area.bufferMeters)),
            ("length_m", fixed2(area.lengthMeters)),
            ("area_m2", .number(area.areaSquareMeters.rounded())),
        ]))])
    }

    /// Proposed sites with their rank and newly covered demand.
    package static func proposals(_ rows: [ProposedSiteRow], category: String) -> FeatureCollection {
        FeatureCollection(features: rows.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }.map { p in
            Feature(geometry: .point(p.position), properties: object([
                ("rank", .number(Double(p.rank))),
                ("id", .string(p.id)),
                ("name", text(p.name)),
                ("category", .string(category)),
                ("newly_covered", amount(p.newlyCoveredDemand)),
                ("newly_covered_60plus", amount(p.newlyCovered60plus)),
                ("top_street", text(p.byStreet.first?.street)),
                ("by_street", .string(p.byStreetText)),
                ("nearest_facility_id", text(p.nearestFacilityID)),
                ("nearest_facility_m", p.nearestFacilityMeters.map(fixed2) ?? .null),
            ]))
        })
    }
}

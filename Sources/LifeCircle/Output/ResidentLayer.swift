import Foundation

extension StudyLayers {
    /// `residents.geojson`, `.csv` and `.csvt`: one feature per resident point with every category's
    /// figures side by side (scenario `existing`, walk network) and the point's life circle.
    ///
    /// Per category, with the prefix ``key(_:)`` (`health_station_`): `_minutes` and `_facility`
    /// (walk minutes to the nearest facility and its id, null unless the point is covered),
    /// `_status` (`covered`, `beyond-threshold` or `unreachable`), `_minutes_planned` (the same
    /// minutes with this year's planned facilities), `_2sfca` and `_2sfca_gaussian` (supply per head
    /// within reach, classic and Gaussian 2SFCA, 6 decimals). Then `reached` (essential categories
    /// reached), `complete` (1 when every essential category is reached) and `lifecircle_minutes`
    /// (null when infinite). Figures missing from the report (no circle, no equity) are null.
    ///
    /// Made a slice of residents at a time, as ``coverageFiles(_:_:)``.
    /// - Complexity: O(R × C) for R residents and C categories; memory O(output + slice).
    package static func residentFiles(_ a: StudyAnalysis, circle: CircleStudy?, equity: EquityResult?) -> [OutputFile] {
        let feature = ResidentFeatures(a, circle: circle, equity: equity)
        let count = a.study.residents.count
        var layer = LayerBytes()
        let keys = feature.keys
        var lo = 0
        while lo < count {
            let hi = min(count, lo + 8192)
            for i in lo ..< hi { layer.append(feature.make(i), keys: keys) }
            lo = hi
        }
        return [OutputFile(name: "residents.geojson", bytes: layer.geoJSON())]
            + layer.csvFiles(name: "residents.csv", keys: keys, types: residentTypes(a))
    }

    /// The resident layer as one collection (the same features ``residentFiles(_:circle:equity:)`` writes).
    package static func residents(_ a: StudyAnalysis, circle: CircleStudy?, equity: EquityResult?) -> FeatureCollection {
        let feature = ResidentFeatures(a, circle: circle, equity: equity)
        return FeatureCollection(features: a.study.residents.indices.map(feature.make))
    }

    /// The column types of the resident layer.
    static func residentTypes(_ a: StudyAnalysis) -> [String: CSVColumnType] {
        LayerSchema.residents(categories: categoryIDs(a)).types
    }

    /// A 2SFCA score (supply per head): 6 decimals (as the writers print numbers), null when not computed.
    static func score(_ d: Double?) -> JSONValue {
        guard let d, d.isFinite else { return .null }
        return .number((d * 1_000_000).rounded() / 1_000_000)
    }

    /// The resident layer's feature for a point.
    struct ResidentFeatures {
        let keys: [String]
        let make: (Int) -> Feature

        init(_ a: StudyAnalysis, circle: CircleStudy?, equity: EquityResult?) {
            struct Column {
                let key: String
                let existing: CoverageResult?
                let planned: CoverageResult?
                let facilities: [Facility]
                let classic: [Double]?
                let gaussian: [Double]?
            }
            let columns = a.categories.map { c in
                let e = equity?.category(c.category.id)
                return Column(key: key(c.category.id), existing: c.result(scenario, .network),
                              planned: c.result(.withPlanned, .network),
                              facilities: a.study.facilities[c.category.id] ?? [],
                              classic: e?.classic.access, gaussian: e?.gaussian.access)
            }
            var keys = ["id", "street", "street_code", "population", "age60plus"]
            for col in columns {
                keys += ["minutes", "facility", "status", "minutes_planned", "2sfca", "2sfca_gaussian"].map { "\(col.key)_\($0)" }
            }
            keys += ["reached", "complete", "lifecircle_minutes"]
            self.keys = keys
            let streets = a.study.streets
            let residents = a.study.residents
            let residentStreet = a.prepared.residentStreet
            let completeness = circle?.completeness
            func at(_ xs: [Double]?, _ i: Int) -> Double? {
                guard let xs, i < xs.count else { return nil }
                return xs[i]
            }
            make = { i in
                let res = residents[i]
                let street = residentStreet[i].flatMap { $0 < streets.count ? streets[$0] : nil }
                var p: [(String, JSONValue)] = [
                    ("id", .string(res.id)),
                    ("street", text(street?.name)),
                    ("street_code", text(street?.code)),
                    ("population", amount(res.population)),
                    ("age60plus", amount(res.age60plus)),
                ]
                p.reserveCapacity(keys.count)
                for col in columns {
                    let covered = col.existing.map { i < $0.status.count && $0.status[i] == .covered } ?? false
                    var facility = JSONValue.null
                    if covered, let r = col.existing {
                        let f = Int(r.facility[i])
                        if f >= 0, f < col.facilities.count { facility = .string(col.facilities[f].id) }
                    }
                    let plannedCovered = col.planned.map { i < $0.status.count && $0.status[i] == .covered } ?? false
                    p += [
                        ("\(col.key)_minutes", covered ? (col.existing.map { fixed2($0.minutes[i]) } ?? .null) : .null),
                        ("\(col.key)_facility", facility),
                        ("\(col.key)_status", col.existing.map { i < $0.status.count ? .string($0.status[i].rawValue) : .null } ?? .null),
                        ("\(col.key)_minutes_planned", plannedCovered ? (col.planned.map { fixed2($0.minutes[i]) } ?? .null) : .null),
                        ("\(col.key)_2sfca", score(at(col.classic, i))),
                        ("\(col.key)_2sfca_gaussian", score(at(col.gaussian, i))),
                    ]
                }
                if let c = completeness, i < c.complete.count {
                    let reached = c.essential.filter { c.reaches(i, $0) }.count
                    p += [("reached", .number(Double(reached))), ("complete", flag(c.complete[i])),
                          ("lifecircle_minutes", fixed2(c.minutes[i]))]
                } else {
                    p += [("reached", .null), ("complete", .null), ("lifecircle_minutes", .null)]
                }
                return Feature(geometry: .point(res.position), properties: object(p))
            }
        }
    }
}

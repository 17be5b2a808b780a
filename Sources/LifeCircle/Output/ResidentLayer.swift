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

    /// The resident layer's values for a point, and its feature.
    struct ResidentFeatures {
        /// The property keys, in the order of ``LayerSchema/residents(categories:)``'s fields.
        let keys: [String]
        /// Fills `out` (emptied first) with point `i`'s values, aligned with `keys`, and returns its position.
        let values: (Int, inout [JSONValue]) -> Position

        /// The feature of point `i`.
        func make(_ i: Int) -> Feature {
            var row: [JSONValue] = []
            let position = values(i, &row)
            var p = JSONObject(reservingCapacity: keys.count)
            for (k, v) in zip(keys, row) { p[k] = v }
            return Feature(geometry: .point(position), properties: p)
        }

        init(_ a: StudyAnalysis, circle: CircleStudy?, equity: EquityResult?) {
            /// A category's figures as plain arrays (read per point without copying the results).
            struct Column {
                let key: String
                /// Scenario `existing`: minutes, facility index and status per point (empty when not computed).
                let minutes: [Double]
                let facility: [Int32]
                let status: [CoverageStatus]
                /// With this year's planned facilities.
                let plannedMinutes: [Double]
                let plannedStatus: [CoverageStatus]
                let facilityIDs: [String]
                let classic: [Double]?
                let gaussian: [Double]?
            }
            let columns = a.categories.map { c in
                let e = equity?.category(c.category.id)
                let existing = c.result(scenario, .network), planned = c.result(.withPlanned, .network)
                return Column(key: key(c.category.id), minutes: existing?.minutes ?? [], facility: existing?.facility ?? [],
                              status: existing?.status ?? [],
                              plannedMinutes: planned?.minutes ?? [], plannedStatus: planned?.status ?? [],
                              facilityIDs: (a.study.facilities[c.category.id] ?? []).map(\.id),
                              classic: e?.classic.access, gaussian: e?.gaussian.access)
            }
            var keys = ["id", "street", "street_code", "population", "age60plus"]
            for col in columns {
                keys += ["minutes", "facility", "status", "minutes_planned", "2sfca", "2sfca_gaussian"].map { "\(col.key)_\($0)" }
            }
            keys += ["reached", "complete", "lifecircle_minutes"]
            self.keys = keys
            let width = keys.count
            let streets = a.study.streets
            let residents = a.study.residents
            let residentStreet = a.prepared.residentStreet
            let completeness = circle?.completeness
            func at(_ xs: [Double]?, _ i: Int) -> Double? {
                guard let xs, i < xs.count else { return nil }
                return xs[i]
            }
            values = { i, p in
                let res = residents[i]
                let street = residentStreet[i].flatMap { $0 < streets.count ? streets[$0] : nil }
                p.removeAll(keepingCapacity: true)
                p.reserveCapacity(width)
                p.append(.string(res.id))
                p.append(text(street?.name))
                p.append(text(street?.code))
                p.append(amount(res.population))
                p.append(amount(res.age60plus))
                for col in columns {
                    let covered = i < col.status.count && col.status[i] == .covered
                    var facility = JSONValue.null
                    if covered {
                        let f = Int(col.facility[i])
                        if f >= 0, f < col.facilityIDs.count { facility = .string(col.facilityIDs[f]) }
                    }
                    let plannedCovered = i < col.plannedStatus.count && col.plannedStatus[i] == .covered
                    p.append(covered ? fixed2(col.minutes[i]) : .null)
                    p.append(facility)
                    p.append(i < col.status.count ? .string(col.status[i].rawValue) : .null)
                    p.append(plannedCovered ? fixed2(col.plannedMinutes[i]) : .null)
                    p.append(score(at(col.classic, i)))
                    p.append(score(at(col.gaussian, i)))
                }
                if let c = completeness, i < c.complete.count {
                    var reached = 0
                    for k in c.essential where c.reaches(i, k) { reached += 1 }
                    p.append(.number(Double(reached)))
                    p.append(flag(c.complete[i]))
                    p.append(fixed2(c.minutes[i]))
                } else {
                    p.append(.null)
                    p.append(.null)
                    p.append(.null)
                }
                return res.position
            }
        }
    }
}

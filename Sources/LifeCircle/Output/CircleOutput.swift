/// Tables, CSV and JSON for the `circle` command: the whole life circle of a study.
///
/// JSON schema `lifecircle-circle/1` (stable; scripts rely on it) is documented in README.md ("The
/// whole life circle"). Areas (the district, each street, the points outside) share one object
/// layout built by ``area(_:_:)``, so later figures join every area at once.
package enum CircleOutput {
    static func jnum(_ d: Double) -> JSONValue { CoverageOutput.jnum(d) }
    static func jshare(_ d: Double?) -> JSONValue { CoverageOutput.jshare(d) }
    static func jminutes(_ d: Double?) -> JSONValue {
        guard let d, d.isFinite else { return .null }
        return .number((d * 100).rounded() / 100)
    }

    static func share(_ part: Double, _ whole: Double) -> Double? { whole > 0 ? part / whole : nil }

    /// The label of time class `k`: "≤ 5 min", "5–10 min", …, "> 30 min or unreachable".
    static func classLabel(_ limits: [Double], _ k: Int) -> String {
        if k >= limits.count { return "> \(Format.fixed(limits.last ?? 0, 0)) min or unreachable" }
        if k == 0 { return "≤ \(Format.fixed(limits[0], 0)) min" }
        return "\(Format.fixed(limits[k - 1], 0))–\(Format.fixed(limits[k], 0)) min"
    }

    /// Street name and code of a row ("(outside all streets)" and "(district)" for the others).
    static func label(_ c: CircleStudy, _ row: CircleRow, district: Bool = false) -> (name: String, code: String) {
        if let s = row.street, s < c.study.streets.count { return (c.study.streets[s].name, c.study.streets[s].code ?? "") }
        return (district ? "(district)" : "(outside all streets)", "")
    }

    /// The rows in table order: streets by rank, then outside, then the district.
    static func rows(_ c: CircleStudy) -> [(row: CircleRow, district: Bool)] {
        var out = c.completeness.byRank.map { ($0, false) }
        if let o = c.completeness.outside { out.append((o, false)) }
        out.append((c.completeness.district, true))
        return out
    }

    // MARK: JSON

    /// The JSON object of one area: who is complete, reach counts, life-circle time, binding category.
    package static func area(_ c: CircleStudy, _ row: CircleRow) -> JSONObject {
        let comp = c.completeness
        var o = CoverageOutput.streetMembers(street: row.street, rank: row.rank, of: c.study)
        o["points"] = .number(Double(row.points))
        o["population"] = jnum(row.population)
        o["population_60plus"] = jnum(row.population60plus)
        o["complete"] = jnum(row.complete)
        o["complete_share"] = jshare(row.completeShare)
        o["complete_60plus"] = jnum(row.complete60plus)
        o["complete_share_60plus"] = jshare(row.completeShare60plus)
        o["reach_at_least"] = .array(row.reachAtLeast.indices.map { k in
            .object(JSONObject([
                ("k", .number(Double(k + 1))),
                ("share", jshare(share(row.reachAtLeast[k], row.population))),
                ("share_60plus", jshare(share(row.reachAtLeast60plus[k], row.population60plus))),
            ]))
        })
        var cumulative = 0.0, cumulative60 = 0.0
        let classes: [JSONValue] = row.timeClasses.indices.map { k in
            cumulative += row.timeClasses[k]
            cumulative60 += row.timeClasses60plus[k]
            return .object(JSONObject([
                ("up_to_minutes", k < comp.timeLimits.count ? .number(comp.timeLimits[k]) : .null),
                ("label", .string(classLabel(comp.timeLimits, k))),
                ("share", jshare(share(row.timeClasses[k], row.population))),
                ("share_60plus", jshare(share(row.timeClasses60plus[k], row.population60plus))),
                ("cumulative_share", jshare(share(cumulative, row.population))),
                ("cumulative_share_60plus", jshare(share(cumulative60, row.population60plus))),
            ]))
        }
        o["life_circle_time"] = .object(JSONObject([
            ("median_minutes", jminutes(row.medianMinutes)),
            ("median_minutes_60plus", jminutes(row.medianMinutes60plus)),
            ("classes", .array(classes)),
        ]))
        func binding(_ j: Int?) -> JSONValue {
            guard let j else { return .null }
            return .string(c.categories[comp.essential[j]].id)
        }
        o["binding_category"] = binding(row.binding)
        o["binding_gain"] = jnum(row.binding.map { row.gain[$0] } ?? 0)
        o["binding_category_60plus"] = binding(row.binding60plus)
        o["binding_gain_60plus"] = jnum(row.binding60plus.map { row.gain60plus[$0] } ?? 0)
        o["gains"] = .array(comp.essential.indices.map { j in
            .object(JSONObject([
                ("category", .string(c.categories[comp.essential[j]].id)),
                ("gain", jnum(row.gain[j])),
                ("gain_60plus", jnum(row.gain60plus[j])),
            ]))
        })
        return o
    }

    /// The JSON object of one category: coverage at its threshold and its sensitivity curves.
    package static func category(_ c: CircleStudy, _ k: Int) -> JSONObject {
        let cat = c.categories[k], r = c.reach[k], s = c.sensitivity[k]
        func points(_ xs: [CategorySensitivity.Point], minutes: Bool) -> JSONValue {
            .array(xs.map { p in
                .object(JSONObject([
                    minutes ? ("minutes", .number(p.minutes)) : ("speed_m_per_min", .number(p.speed)),
                    ("covered", jnum(p.covered)),
                    ("coverage", jshare(p.share)),
                ]))
            })
        }
        return JSONObject([
            ("id", .string(cat.id)),
            ("name", .string(cat.name)),
            ("demand_base", .string(cat.demand.rawValue)),
            ("essential", .bool(c.essential.contains(cat.id))),
            ("walk_minutes", .number(cat.walkMinutes)),
            ("speed_m_per_min", .number(r.speed)),
            ("threshold_m", jnum(r.thresholdMeters)),
            ("facilities_used", .number(Double(r.facilitiesUsed))),
            ("demand", jnum(s.demand)),
            ("covered", jnum(s.covered)),
            ("coverage", jshare(s.share)),
            ("sensitivity", .object(JSONObject([
                ("search_bound_m", jnum(r.bound)),
                ("by_minutes", points(s.byMinutes, minutes: true)),
                ("by_speed", points(s.bySpeed, minutes: false)),
                ("tiers", points(s.tiers, minutes: true)),
                ("fragile", .object(JSONObject([
                    ("margin_minutes", .number(s.fragileMinutes)),
                    ("covered_demand", jnum(s.fragileCovered)),
                    ("covered_points", .number(Double(s.fragileCoveredPoints))),
                    ("uncovered_demand", jnum(s.fragileUncovered)),
                    ("uncovered_points", .number(Double(s.fragileUncoveredPoints))),
                ]))),
            ]))),
        ])
    }

    /// The cap of infinite (or longer) life-circle minutes in their Gini: the 30-minute search bound.
    package static let lifeCircleMinutesCap = 30.0

    /// The fairness of one category in the district: Gini and Palma of coverage, of the classic and of
    /// the Gaussian 2SFCA score, each over streets and over resident points, and the 60+ gaps (60+
    /// mean minus all-ages mean) of each.
    static func fairness(_ e: CategoryEquity) -> JSONObject {
        func g(_ f: Fairness?) -> JSONValue { jshare(f?.gini) }
        func p(_ f: Fairness?) -> JSONValue { palma(f) }
        func score(_ d: Double?) -> JSONValue { d.map { .number(($0 * 1_000_000).rounded() / 1_000_000) } ?? .null }
        return JSONObject([
            ("coverage_gini_streets", g(e.coverage?.streets)),
            ("coverage_palma_streets", p(e.coverage?.streets)),
            ("coverage_gini_residents", g(e.coverage?.residents)),
            ("coverage_palma_residents", p(e.coverage?.residents)),
            ("coverage_gap_60plus", jshare(e.coverage?.ageGap.difference)),
            ("access_gini_residents", g(e.access.residents)),
            ("access_palma_residents", p(e.access.residents)),
            ("access_gap_60plus", score(e.access.ageGap.difference)),
            ("access_gini_streets", g(e.access.streets)),
            ("access_palma_streets", p(e.access.streets)),
            ("gaussian_access_gini_residents", g(e.gaussianAccess.residents)),
            ("gaussian_access_palma_residents", p(e.gaussianAccess.residents)),
            ("gaussian_access_gini_streets", g(e.gaussianAccess.streets)),
            ("gaussian_access_palma_streets", p(e.gaussianAccess.streets)),
            ("gaussian_access_gap_60plus", score(e.gaussianAccess.ageGap.difference)),
        ])
    }

    /// Supply and demand in an area, per category id: the demand-weighted mean classic and Gaussian
    /// 2SFCA score of its residents (supply per head within reach, 6 decimals) and their inverses,
    /// the people per unit of supply (3 decimals; null when no supply is within reach).
    ///
    /// - Parameters:
    ///   - street: The street's index; nil with `district` false: the residents in no street.
    ///   - district: The whole district (every resident point).
    static func supply(_ equity: EquityResult, street: Int?, district: Bool) -> JSONObject {
        func score(_ d: Double?) -> JSONValue { d.map { .number(($0 * 1_000_000).rounded() / 1_000_000) } ?? .null }
        func people(_ d: Double?) -> JSONValue {
            guard let d, d > 0 else { return .null }
            return jnum(1 / d)
        }
        var out = JSONObject()
        for e in equity.categories {
            let classic: Double?, gaussian: Double?
            if district {
                classic = e.access.residents?.mean
                gaussian = e.gaussianAccess.residents?.mean
            } else if let street {
                let row = street >= 0 && street < e.streets.count ? e.streets[street] : nil
                (classic, gaussian) = (row?.access, row?.gaussianAccess)
            } else {
                (classic, gaussian) = (e.outside?.access, e.outside?.gaussianAccess)
            }
            out[e.category.id] = .object(JSONObject([
                ("access", score(classic)), ("people_per_supply", people(classic)),
                ("gaussian_access", score(gaussian)), ("gaussian_people_per_supply", people(gaussian)),
            ]))
        }
        return out
    }

    /// A Palma ratio to 4 decimals; null when undefined.
    static func palma(_ f: Fairness?) -> JSONValue {
        guard let d = f?.palma, d.isFinite else { return .null }
        return jshare(d)
    }

    /// The fairness of the life-circle time: each point's minutes capped at ``lifeCircleMinutesCap``,
    /// over resident points (weighted by population) and over streets (each street's mean capped
    /// minutes, weighted by its population), and the 60+ gap (the 60+-weighted mean minus the
    /// population-weighted mean: positive when the elderly walk longer).
    ///
    /// - Complexity: O(R + S log S) (O(R log R) for few points).
    public static func lifeCircleMinutesFairness(_ c: CircleStudy) -> EquityMeasure {
        let population = c.study.residents.map(\.population)
        return EquityMeasure(values: c.completeness.minutes.map { min($0, lifeCircleMinutesCap) }, demand: population,
                             population: population, age60plus: c.study.residents.map(\.age60plus),
                             residentStreet: c.prepared.residentStreet, streetCount: c.study.streets.count)
    }

    /// ``lifeCircleMinutesFairness(_:)`` as JSON: Gini, Palma and the Lorenz curve (21 points, weight
    /// share and value share) over residents and over streets, the means and the 60+ gap (minutes).
    static func minutesFairness(_ m: EquityMeasure) -> JSONObject {
        func lorenz(_ f: Fairness?) -> JSONValue {
            guard let f else { return .null }
            return .array(f.lorenz.map { .array([jshare($0.weightShare), jshare($0.valueShare)]) })
        }
        return JSONObject([
            ("gini_residents", jshare(m.residents?.gini)),
            ("palma_residents", palma(m.residents)),
            ("lorenz_residents", lorenz(m.residents)),
            ("gini_streets", jshare(m.streets?.gini)),
            ("palma_streets", palma(m.streets)),
            ("lorenz_streets", lorenz(m.streets)),
            ("mean_minutes", jminutes(m.ageGap.all)),
            ("mean_minutes_60plus", jminutes(m.ageGap.age60plus)),
            ("gap_60plus_minutes", jminutes(m.ageGap.difference)),
        ])
    }

    /// The Gini of the life-circle minutes over resident points weighted by population, each time
    /// capped at ``lifeCircleMinutesCap`` (an infinite time counts as the cap); nil without population.
    package static func lifeCircleMinutesGini(_ c: CircleStudy) -> Double? {
        cappedMinutesGini(c.completeness.minutes, population: c.study.residents.map(\.population))
    }

    /// The Gini of `minutes` (per point, weighted by `population`), each capped at ``lifeCircleMinutesCap``.
    static func cappedMinutesGini(_ minutes: [Double], population: [Double]) -> Double? {
        Fairness(values: minutes.map { min($0, lifeCircleMinutesCap) }, weights: population)?.gini
    }

    /// The whole life circle as JSON (schema `lifecircle-circle/1`). With `equity` (for the same
    /// scenario), the district gets a `fairness` object per category id.
    package static func json(_ c: CircleStudy, equity: EquityResult? = nil) -> JSONValue {
        let net = c.prepared.network
        var root = JSONObject([
            ("schema", "lifecircle-circle/1"),
            ("plan", .string(c.study.plan.name)),
            ("analysis_crs", .string(c.prepared.metricCRS)),
            ("scenario", .string(c.scenario.rawValue)),
            ("network", .object(JSONObject([
                ("nodes", .number(Double(net.nodeCount))), ("edges", .number(Double(net.edgeCount))),
                ("components", .number(Double(net.componentCount))),
            ]))),
            ("essential", .array(c.essential.map { .string($0) })),
            ("time_limits_minutes", .array(c.completeness.timeLimits.map { .number($0) })),
        ])
        root["categories"] = .array(c.categories.indices.map { .object(category(c, $0)) })
        var district = area(c, c.completeness.district)
        if let equity {
            var byCategory = JSONObject()
            for cat in c.categories {
                if let e = equity.category(cat.id) { byCategory[cat.id] = .object(fairness(e)) }
            }
            district["fairness"] = .object(byCategory)
        }
        if let equity { district["supply"] = .object(supply(equity, street: nil, district: true)) }
        district["lifecircle_minutes_gini"] = jshare(lifeCircleMinutesGini(c))
        district["lifecircle_minutes_cap"] = .number(lifeCircleMinutesCap)
        district["lifecircle_minutes_fairness"] = .object(minutesFairness(lifeCircleMinutesFairness(c)))
        root["district"] = .object(district)
        func withSupply(_ row: CircleRow) -> JSONValue {
            var o = area(c, row)
            if let equity { o["supply"] = .object(supply(equity, street: row.street, district: false)) }
            return .object(o)
        }
        root["streets"] = .array(c.completeness.byRank.map(withSupply))
        root["outside"] = c.completeness.outside.map(withSupply) ?? .null
        return .object(root)
    }

    // MARK: table and CSV

    /// The terminal tables: district summary, streets, life-circle time, and per-category sensitivity.
    package static func table(_ c: CircleStudy) -> String {
        let comp = c.completeness, d = comp.district
        let ids = comp.essential.map { c.categories[$0].id }
        var out = "\(c.study.plan.title) — the whole life circle, \(c.scenario.rawValue) facilities\n"
        out += "essential: \(ids.joined(separator: ", "))\n"
        out += "district: \(Format.integer(d.population)) residents, \(d.completeShare.map(Format.percent) ?? "–") in a complete life circle"
        out += " (60+: \(d.completeShare60plus.map(Format.percent) ?? "–"))"
        if let b = d.binding { out += "; binding: \(ids[b]) (+\(Format.integer(d.gain[b])) residents)" }
        out += "\n\n"

        var header = ["rank", "street", "residents", "complete", "complete 60+"]
        header += ids.indices.map { "≥\($0 + 1)" }
        header += ["median min", "binding", "gain"]
        var t = TextTable(header: header, rightAligned: Set([0, 2, 3, 4] + ids.indices.map { 5 + $0 } + [5 + ids.count, 7 + ids.count]))
        for (row, isDistrict) in rows(c) {
            var line = [row.rank.map(String.init) ?? "", label(c, row, district: isDistrict).name, Format.integer(row.population),
                        row.completeShare.map(Format.percent) ?? "–", row.completeShare60plus.map(Format.percent) ?? "–"]
            line += row.reachAtLeast.map { share($0, row.population).map(Format.percent) ?? "–" }
            line += [row.medianMinutes.map { $0.isFinite ? Format.fixed($0, 1) : "beyond" } ?? "–",
                     row.binding.map { ids[$0] } ?? "", row.binding.map { Format.integer(row.gain[$0]) } ?? ""]
            t.rows.append(line)
        }
        out += t.render() + "\n"

        out += "life-circle time (district): the longest walk to an essential category\n"
        var times = TextTable(header: ["class", "residents", "share", "60+", "share 60+"], rightAligned: [1, 2, 3, 4])
        for k in d.timeClasses.indices {
            times.rows.append([classLabel(comp.timeLimits, k), Format.integer(d.timeClasses[k]),
                               share(d.timeClasses[k], d.population).map(Format.percent) ?? "–",
                               Format.integer(d.timeClasses60plus[k]),
                               share(d.timeClasses60plus[k], d.population60plus).map(Format.percent) ?? "–"])
        }
        out += times.render() + "\n"

        out += "sensitivity: coverage at other walk minutes and speeds (one search per category)\n"
        var sens = TextTable(header: ["category", "coverage", "5 min", "10 min", "15 min", "20 min", "30 min", "slowest", "fastest",
                                      "fragile covered", "almost covered"],
                             rightAligned: Set(1...10))
        for k in c.categories.indices {
            let s = c.sensitivity[k]
            func at(_ m: Double) -> String {
                s.byMinutes.first { $0.minutes == m }.flatMap(\.share).map(Format.percent) ?? "–"
            }
            func speed(_ p: CategorySensitivity.Point?) -> String {
                guard let p else { return "–" }
                return "\(p.share.map(Format.percent) ?? "–") @\(Format.fixed(p.speed, 0))"
            }
            sens.rows.append([c.categories[k].id, s.share.map(Format.percent) ?? "–", at(5), at(10), at(15), at(20), at(30),
                              speed(s.bySpeed.first), speed(s.bySpeed.last),
                              Format.integer(s.fragileCovered), Format.integer(s.fragileUncovered)])
        }
        out += sens.render()
        return out
    }

    /// One CSV row per street (by rank), then outside and the district.
    package static func csv(_ c: CircleStudy) -> CSVTable {
        let comp = c.completeness
        let ids = comp.essential.map { c.categories[$0].id }
        var header = ["scenario", "rank", "street", "code", "points", "population", "population_60plus", "complete", "complete_share",
                      "complete_60plus", "complete_share_60plus", "median_minutes", "median_minutes_60plus"]
        var types: [CSVColumnType] = [.string, .integer, .string, .string, .integer, .real, .real, .real, .real, .real, .real, .real, .real]
        header += ids.indices.map { "reach_at_least_\($0 + 1)_share" }
        types += ids.map { _ in .real }
        header += comp.timeLimits.map { "time_le_\(Format.fixed($0, 0))_share" } + ["time_beyond_share"]
        types += comp.timeLimits.map { _ in .real } + [.real]
        header += ["binding_category", "binding_gain", "binding_gain_60plus"]
        types += [.string, .real, .real]
        header += ids.flatMap { ["gain_\($0)", "gain_60plus_\($0)"] }
        types += ids.flatMap { _ in [CSVColumnType.real, .real] }
        var t = CSVTable(header: header, types: types)
        for (row, isDistrict) in rows(c) {
            let (name, code) = label(c, row, district: isDistrict)
            var line = [c.scenario.rawValue, row.rank.map(String.init) ?? "", name, code, String(row.points),
                        CoverageOutput.num(row.population), CoverageOutput.num(row.population60plus),
                        CoverageOutput.num(row.complete), CoverageOutput.share(row.completeShare),
                        CoverageOutput.num(row.complete60plus), CoverageOutput.share(row.completeShare60plus),
                        row.medianMinutes.map(CoverageOutput.minutes) ?? "", row.medianMinutes60plus.map(CoverageOutput.minutes) ?? ""]
            line += row.reachAtLeast.map { CoverageOutput.share(share($0, row.population)) }
            line += row.timeClasses.map { CoverageOutput.share(share($0, row.population)) }
            line += [row.binding.map { ids[$0] } ?? "", CoverageOutput.num(row.binding.map { row.gain[$0] } ?? 0),
                     CoverageOutput.num(row.binding.map { row.gain60plus[$0] } ?? 0)]
            line += ids.indices.flatMap { [CoverageOutput.num(row.gain[$0]), CoverageOutput.num(row.gain60plus[$0])] }
            t.rows.append(line)
        }
        return t
    }
}

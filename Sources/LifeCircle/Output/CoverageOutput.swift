/// Tables and JSON for the `coverage` and `gaps` commands.
///
/// JSON schema (stable; scripts rely on it) is documented in README.md ("JSON output").
package enum CoverageOutput {
    static func num(_ d: Double) -> String { GeoJSONWriter.plainNumber((d * 1000).rounded() / 1000) }
    static func share(_ d: Double?) -> String { d.map { Format.fixed($0, 4) } ?? "" }
    static func minutes(_ d: Double) -> String { d.isFinite ? Format.fixed(d, 2) : "" }
    static func jnum(_ d: Double) -> JSONValue { .number((d * 1000).rounded() / 1000) }
    static func jshare(_ d: Double?) -> JSONValue { d.map { .number(($0 * 10_000).rounded() / 10_000) } ?? .null }

    /// The first members of a street's row: its rank, name and code (none for the row of the points
    /// outside every street).
    static func streetMembers(street: Int?, rank: Int?, of study: StudyData) -> JSONObject {
        var o = JSONObject()
        if let s = street, s < study.streets.count {
            o["rank"] = .number(Double(rank ?? 0))
            o["street"] = .string(study.streets[s].name)
            o["code"] = study.streets[s].code.map { .string($0) } ?? .null
        }
        return o
    }

    // MARK: coverage

    /// One line per category: demand, covered, uncovered, unreachable, coverage against the goal.
    package static func summaryTable(_ a: StudyAnalysis, scenario: CoverageScenario, metric: DistanceMetric) -> TextTable {
        var t = TextTable(
            header: ["category", "demand base", "minutes", "facilities", "demand", "covered", "uncovered", "unreachable", "coverage", "goal"],
            rightAligned: [2, 3, 4, 5, 6, 7, 8])
        for c in a.categories {
            guard let r = c.result(scenario, metric) else { continue }
            let share = r.totals.coverageShare
            let goal = a.study.plan.coverageGoal
            t.rows.append([
                c.category.id, c.category.demand.rawValue, Format.fixed(c.category.walkMinutes, 0), String(r.facilitiesUsed),
                Format.integer(r.totals.demand), Format.integer(r.totals.covered), Format.integer(r.totals.uncovered),
                Format.integer(r.totals.unreachable), share.map(Format.percent) ?? "–",
                (share ?? 0) >= goal ? "met (\(Format.percent(goal)))" : "below \(Format.percent(goal))",
            ])
        }
        return t
    }

    /// One row per resident point and category: walk minutes and the nearest facility.
    package static func residentsCSV(_ a: StudyAnalysis, scenario: CoverageScenario, metric: DistanceMetric) -> CSVTable {
        var t = CSVTable(header: ["category", "scenario", "metric", "resident_id", "street", "demand", "minutes", "facility_id", "status"],
                         types: [.string, .string, .string, .string, .string, .real, .real, .string, .string])
        let residents = a.study.residents
        let streets = a.study.streets
        for c in a.categories {
            guard let r = c.result(scenario, metric) else { continue }
            let facilities = a.study.facilities[c.category.id] ?? []
            for i in residents.indices {
                let street = a.prepared.residentStreet[i].map { streets[$0].name } ?? ""
                let f = Int(r.facility[i])
                t.rows.append([
                    c.category.id, scenario.rawValue, metric.rawValue, residents[i].id, street,
                    num(c.request.demand[i]), minutes(r.minutes[i]), f >= 0 && f < facilities.count ? facilities[f].id : "",
                    r.status[i].rawValue,
                ])
            }
        }
        return t
    }

    /// The coverage of every category as JSON, with each resident's minutes when asked.
    package static func json(_ a: StudyAnalysis, scenario: CoverageScenario, metric: DistanceMetric, residents includeResidents: Bool) -> JSONValue {
        var root = header(a, scenario: scenario, metric: metric)
        var cats: [JSONValue] = []
        for c in a.categories {
            guard let r = c.result(scenario, metric) else { continue }
            let facilities = a.study.facilities[c.category.id] ?? []
            var o = categoryHeader(c, r, goal: a.study.plan.coverageGoal)
            o["unsnapped_facilities"] = .array(r.unsnappedFacilities.map { .string(facilities[$0].id) })
            var unreachable: [JSONValue] = []
            for i in r.status.indices where r.status[i] == .unreachable { unreachable.append(.string(a.study.residents[i].id)) }
            o["unreachable_residents"] = .array(unreachable)
            if includeResidents {
                var rows: [JSONValue] = []
                rows.reserveCapacity(r.status.count)
                for i in r.status.indices {
                    let f = Int(r.facility[i])
                    rows.append(.object(JSONObject([
                        ("id", .string(a.study.residents[i].id)),
                        ("street", a.prepared.residentStreet[i].map { .string(a.study.streets[$0].name) } ?? .null),
                        ("demand", jnum(c.request.demand[i])),
                        ("minutes", r.minutes[i].isFinite ? .number((r.minutes[i] * 100).rounded() / 100) : .null),
                        ("facility", f >= 0 && f < facilities.count ? .string(facilities[f].id) : .null),
                        ("status", .string(r.status[i].rawValue)),
                    ])))
                }
                o["residents"] = .array(rows)
            }
            cats.append(.object(o))
        }
        root["categories"] = .array(cats)
        return .object(root)
    }

    static func header(_ a: StudyAnalysis, scenario: CoverageScenario, metric: DistanceMetric) -> JSONObject {
        let net = a.prepared.network
        return JSONObject([
            ("schema", "lifecircle-coverage/1"),
            ("plan", .string(a.study.plan.name)),
            ("analysis_crs", .string(a.prepared.metricCRS)),
            ("scenario", .string(scenario.rawValue)),
            ("metric", .string(metric.rawValue)),
            ("goal", .number(a.study.plan.coverageGoal)),
            ("network", .object(JSONObject([
                ("nodes", .number(Double(net.nodeCount))), ("edges", .number(Double(net.edgeCount))),
                ("components", .number(Double(net.componentCount))),
            ]))),
        ])
    }

    static func categoryHeader(_ c: StudyAnalysis.CategoryResult, _ r: CoverageResult, goal: Double) -> JSONObject {
        JSONObject([
            ("id", .string(c.category.id)),
            ("name", .string(c.category.name)),
            ("demand_base", .string(c.category.demand.rawValue)),
            ("walk_minutes", .number(c.category.walkMinutes)),
            ("speed_m_per_min", .number(r.speed)),
            ("threshold_m", jnum(r.thresholdMeters)),
            ("facilities_used", .number(Double(r.facilitiesUsed))),
            ("demand", jnum(r.totals.demand)),
            ("covered", jnum(r.totals.covered)),
            ("uncovered", jnum(r.totals.uncovered)),
            ("unreachable", jnum(r.totals.unreachable)),
            ("coverage", jshare(r.totals.coverageShare)),
            ("meets_goal", .bool((r.totals.coverageShare ?? 0) >= goal)),
        ])
    }

    // MARK: gaps

    /// The rows of a category's street gaps: streets by rank, then outside, then the district.
    static func gapRows(_ a: StudyAnalysis, _ g: StreetGaps) -> [(label: String, code: String, row: StreetGapRow)] {
        var rows: [(String, String, StreetGapRow)] = g.byRank.map { r in
            let s = a.study.streets[r.street ?? 0]
            return (s.name, s.code ?? "", r)
        }
        if let o = g.outside { rows.append(("(outside all streets)", "", o)) }
        rows.append(("(district)", "", g.district))
        return rows
    }

    /// Street gaps as a terminal table, per category.
    package static func gapsTable(_ a: StudyAnalysis, scenario: CoverageScenario, metric: DistanceMetric) -> String {
        var out = ""
        for c in a.categories {
            guard let g = c.streetGaps(scenario, metric) else { continue }
            out += "\(c.category.id) — \(c.category.name) (\(c.category.demand.rawValue), \(Format.fixed(c.category.walkMinutes, 0)) min, \(scenario.rawValue), \(metric.rawValue))\n"
            var t = TextTable(header: ["rank", "street", "demand", "covered", "uncovered", "unreachable", "coverage"], rightAligned: [0, 2, 3, 4, 5, 6])
            for (label, _, r) in gapRows(a, g) {
                t.rows.append([r.rank.map(String.init) ?? "", label, Format.integer(r.demand), Format.integer(r.covered),
                               Format.integer(r.uncovered), Format.integer(r.unreachable), r.coverageShare.map(Format.percent) ?? "–"])
            }
            out += t.render()
            out += g.meetsGoal ? "district meets the \(Format.percent(g.goal)) goal\n\n" : "district is below the \(Format.percent(g.goal)) goal\n\n"
        }
        return out
    }

    /// Street gaps as CSV: one row per street × category (plus outside and district rows).
    package static func gapsCSV(_ a: StudyAnalysis, scenario: CoverageScenario, metric: DistanceMetric) -> CSVTable {
        var t = CSVTable(header: ["category", "scenario", "metric", "rank", "street", "code", "demand", "covered", "uncovered", "unreachable", "coverage"],
                         types: [.string, .string, .string, .integer, .string, .string, .real, .real, .real, .real, .real])
        for c in a.categories {
            guard let g = c.streetGaps(scenario, metric) else { continue }
            for (label, code, r) in gapRows(a, g) {
                t.rows.append([c.category.id, scenario.rawValue, metric.rawValue, r.rank.map(String.init) ?? "", label, code,
                               num(r.demand), num(r.covered), num(r.uncovered), num(r.unreachable), share(r.coverageShare)])
            }
        }
        return t
    }

    /// Street gaps as JSON.
    package static func gapsJSON(_ a: StudyAnalysis, scenario: CoverageScenario, metric: DistanceMetric) -> JSONValue {
        var root = header(a, scenario: scenario, metric: metric)
        root["schema"] = "lifecircle-gaps/1"
        var cats: [JSONValue] = []
        for c in a.categories {
            guard let g = c.streetGaps(scenario, metric), let r = c.result(scenario, metric) else { continue }
            var o = categoryHeader(c, r, goal: g.goal)
            func row(_ r: StreetGapRow) -> JSONObject {
                var x = streetMembers(street: r.street, rank: r.rank, of: a.study)
                x["points"] = .number(Double(r.points))
                x["demand"] = jnum(r.demand)
                x["covered"] = jnum(r.covered)
                x["uncovered"] = jnum(r.uncovered)
                x["unreachable"] = jnum(r.unreachable)
                x["coverage"] = jshare(r.coverageShare)
                return x
            }
            o["streets"] = .array(g.byRank.map { .object(row($0)) })
            o["outside"] = g.outside.map { .object(row($0)) } ?? .null
            cats.append(.object(o))
        }
        root["categories"] = .array(cats)
        return .object(root)
    }
}

/// Text, JSON and GeoJSON of the service complexes (`propose --complexes N`).
package enum ComplexOutput {
    static func optimality(_ s: ComplexSolution) -> String {
        switch s.optimality {
        case .provenOptimal: return "proven optimal"
        case .heuristic(let gap): return "heuristic, within \(Format.percent(gap)) of the optimum (upper bound)"
        }
    }

    /// "street population" pairs, e.g. `byStreet(e, study, pair: ": ", join: "; ")`.
    static func byStreet(_ e: ComplexStudy.SiteExplanation, _ study: StudyData, pair: String, join: String) -> String {
        e.byStreet.map { "\(study.streetName($0.street))\(pair)\(Format.integer($0.population))" }.joined(separator: join)
    }

    /// The terminal text.
    package static func text(_ r: ComplexStudy) -> String {
        let study = r.study
        var out = "\(r.problem.count) service complexes (planned facilities fixed), each hosting what it may of: \(r.hosted.joined(separator: ", "))\n"
        if r.hosted.count < r.essential.count {
            out += "Essential but not hosted (kept as they are): \(r.essential.filter { !r.hosted.contains($0) }.joined(separator: ", "))\n"
        }
        out += "Complete life circle: before \(Format.percent(r.before)), with the complexes \(Format.percent(r.complexes)) (upper bound \(Format.percent(r.upperBound)); \(optimality(r.solution)))\n"
        out += "Complete population: \(Format.integer(r.solution.fixedWeight)) → \(Format.integer(r.solution.completeWeight)) of \(Format.integer(r.totalPopulation))\n"
        out += "method: \(r.solution.method)\n\n"
        var s = TextTable(header: ["#", "site", "street", "categories", "newly complete", "by street"], rightAligned: [0, 4])
        for e in r.sites {
            s.rows.append([String(e.order), e.candidate.id, study.streetName(e.street), e.categories.joined(separator: ", "),
                           Format.integer(e.newlyComplete), byStreet(e, study, pair: " ", join: ", ")])
        }
        out += s.render()
        var t = TextTable(header: ["street", "population", "complete before", "with complexes"], rightAligned: [1, 2, 3])
        for row in r.streets {
            let f = { (x: Double) in row.population > 0 ? Format.percent(x / row.population) : "–" }
            t.rows.append([study.streetName(row.street), Format.integer(row.population), f(row.before), f(row.complexes)])
        }
        out += "\n" + t.render()
        return out
    }

    /// JSON (schema lifecircle-proposals-complexes/1): the complete shares under `before` and
    /// `complexes` (0…1), per site and per street.
    package static func json(_ r: ComplexStudy) -> JSONValue {
        let study = r.study
        let r4 = JointOutput.r4, r3 = JointOutput.r3
        var root = JSONObject()
        root["schema"] = "lifecircle-proposals-complexes/1"
        root["plan"] = .string(study.plan.name)
        root["scenario"] = .string(CoverageScenario.withPlanned.rawValue)
        root["complexes"] = .number(Double(r.problem.count))
        root["essential"] = .array(r.essential.map { .string($0) })
        root["hosted"] = .array(r.hosted.map { .string($0) })
        root["complete_share"] = .object(JSONObject([
            ("before", .number(r4(r.before))), ("complexes", .number(r4(r.complexes))), ("upper_bound", .number(r4(r.upperBound)))]))
        root["complete_population"] = .object(JSONObject([
            ("before", .number(r3(r.solution.fixedWeight))), ("complexes", .number(r3(r.solution.completeWeight))),
            ("upper_bound", .number(r3(r.solution.upperBound))), ("total", .number(r3(r.totalPopulation)))]))
        switch r.solution.optimality {
        case .provenOptimal: root["optimality"] = "proven-optimal"; root["gap"] = .number(0)
        case .heuristic(let gap): root["optimality"] = "heuristic"; root["gap"] = .number(r4(gap))
        }
        root["nodes"] = .number(Double(r.solution.nodes))
        root["method"] = .string(r.solution.method)
        root["sites"] = .array(r.sites.map { e in
            .object(JSONObject([
                ("order", .number(Double(e.order))), ("id", .string(e.candidate.id)),
                ("name", e.candidate.name.map { .string($0) } ?? .null),
                ("lon", .number((e.candidate.position.x * 1e7).rounded() / 1e7)), ("lat", .number((e.candidate.position.y * 1e7).rounded() / 1e7)),
                ("street", e.street.map { .string(study.streets[$0].name) } ?? .null),
                ("categories", .array(e.categories.map { .string($0) })),
                ("newly_complete", .number(r3(e.newlyComplete))),
                ("by_street", .array(e.byStreet.map { b in
                    .object(JSONObject([("street", b.street.map { .string(study.streets[$0].name) } ?? .null), ("population", .number(r3(b.population)))]))
                })),
            ]))
        })
        root["streets"] = .array(r.streets.map { s in
            .object(JSONObject([
                ("street", s.street.map { .string(study.streets[$0].name) } ?? .null), ("population", .number(r3(s.population))),
                ("before", .number(r3(s.before))), ("complexes", .number(r3(s.complexes))),
            ]))
        })
        return .object(root)
    }

    /// The complexes as GeoJSON points, with `categories` (comma-separated) and what each adds.
    package static func featureCollection(_ r: ComplexStudy) -> FeatureCollection {
        var fc = FeatureCollection()
        for e in r.sites {
            var p = JSONObject()
            p["order"] = .number(Double(e.order))
            p["site_id"] = .string(e.candidate.id)
            p["name"] = e.candidate.name.map { .string($0) } ?? .null
            p["categories"] = .string(e.categories.joined(separator: ","))
            p["street"] = e.street.map { .string(r.study.streets[$0].name) } ?? .null
            p["newly_complete"] = .number(JointOutput.r3(e.newlyComplete))
            p["by_street"] = .string(byStreet(e, r.study, pair: ": ", join: "; "))
            fc.features.append(Feature(id: .string(e.candidate.id), geometry: .point(e.candidate.position), properties: p))
        }
        return fc
    }
}

/// Text, JSON and GeoJSON of the joint siting (`propose --joint`).
package enum JointOutput {
    static func r4(_ d: Double) -> Double { (d * 10_000).rounded() / 10_000 }
    static func r3(_ d: Double) -> Double { (d * 1000).rounded() / 1000 }

    static func optimality(_ s: JointSolution) -> String {
        switch s.optimality {
        case .provenOptimal: return "proven optimal"
        case .heuristic(let gap): return "heuristic, within \(Format.percent(gap)) of the optimum (upper bound)"
        }
    }

    /// The terminal text.
    package static func text(_ j: JointStudy) -> String {
        let study = j.study
        var out = "Joint siting of this year's targets (planned facilities fixed), \(j.categories.count) essential categories\n"
        out += "Complete life circle: before \(Format.percent(j.before)), independent placement \(Format.percent(j.independent)), joint placement \(Format.percent(j.joint)) (upper bound \(Format.percent(j.upperBound)); \(optimality(j.solution)))\n"
        out += "Complete population: \(Format.integer(j.beforePopulation)) → \(Format.integer(j.independentPopulation)) (independent) → \(Format.integer(j.jointPopulation)) (joint) of \(Format.integer(j.totalPopulation))\n"
        out += "method: \(j.solution.method)\n\n"
        var t = TextTable(header: ["category", "sites", "same as independent", "coverage before", "independent", "joint"], rightAligned: [1, 2, 3, 4, 5])
        for c in j.categories {
            let same = Set(c.jointSites).intersection(c.independentSites).count
            t.rows.append([c.category.id, "\(c.jointSites.count)/\(c.maxSites)", String(same), Format.percent(c.coverage.before),
                           Format.percent(c.coverage.independent), Format.percent(c.coverage.joint)])
        }
        out += t.render() + "\n"
        for p in j.notEssential { out += "\(p.category.id): not essential, its independent answer stands.\n" }
        var s = TextTable(header: ["#", "category", "site", "street", "newly complete", "by street"], rightAligned: [0, 4])
        for e in j.sites {
            s.rows.append([String(e.order), e.category, e.candidate.id, ProposalOutput.streetName(e.street, study),
                           Format.integer(e.newlyComplete),
                           e.byStreet.map { "\(ProposalOutput.streetName($0.street, study)) \(Format.integer($0.population))" }.joined(separator: ", ")])
        }
        out += "\n" + s.render()
        var r = TextTable(header: ["street", "population", "complete before", "independent", "joint"], rightAligned: [1, 2, 3, 4])
        for row in j.streets {
            let f = { (x: Double) in row.population > 0 ? Format.percent(x / row.population) : "–" }
            r.rows.append([ProposalOutput.streetName(row.street, study), Format.integer(row.population), f(row.before), f(row.independent), f(row.joint)])
        }
        out += "\n" + r.render()
        if let fair = j.fair {
            out += "\nStreet floor \(Format.percent(fair.floor))\(j.maxMin ? " (max-min: the highest floor every street met)" : ""): complete share \(Format.percent(j.share(fair.solution.completeWeight))) (efficient \(Format.percent(j.joint))); \(optimality(fair.solution))\n"
            out += "Gini of street complete shares: efficient \(fair.efficientFairness.map { Format.fixed($0.gini, 3) } ?? "–"), with the floor \(fair.fairFairness.map { Format.fixed($0.gini, 3) } ?? "–"); Palma: \(fair.efficientFairness?.palma.map { Format.fixed($0, 2) } ?? "–") → \(fair.fairFairness?.palma.map { Format.fixed($0, 2) } ?? "–")\n"
            var f = TextTable(header: ["street", "efficient", "with floor", "best possible", "floor"], rightAligned: [1, 2, 3])
            for s in fair.streets {
                f.rows.append([study.streets[s.street].name, Format.percent(s.efficient), Format.percent(s.fair), Format.percent(s.bestPossible), s.why ?? "met"])
            }
            out += f.render()
        }
        return out
    }

    /// JSON (schema lifecircle-proposals-joint/1): the complete shares under `before`,
    /// `independent` and `joint` (0…1), per category, per site and per street.
    package static func json(_ j: JointStudy) -> JSONValue {
        let study = j.study
        var root = JSONObject()
        root["schema"] = "lifecircle-proposals-joint/1"
        root["plan"] = .string(study.plan.name)
        root["scenario"] = .string(CoverageScenario.withPlanned.rawValue)
        root["essential"] = .array(j.categories.map { .string($0.category.id) })
        root["complete_share"] = .object(JSONObject([
            ("before", .number(r4(j.before))), ("independent", .number(r4(j.independent))),
            ("joint", .number(r4(j.joint))), ("upper_bound", .number(r4(j.upperBound)))]))
        root["complete_population"] = .object(JSONObject([
            ("before", .number(r3(j.beforePopulation))), ("independent", .number(r3(j.independentPopulation))),
            ("joint", .number(r3(j.jointPopulation))), ("upper_bound", .number(r3(j.solution.upperBound))),
            ("total", .number(r3(j.totalPopulation)))]))
        switch j.solution.optimality {
        case .provenOptimal: root["optimality"] = "proven-optimal"; root["gap"] = .number(0)
        case .heuristic(let gap): root["optimality"] = "heuristic"; root["gap"] = .number(r4(gap))
        }
        root["nodes"] = .number(Double(j.solution.nodes))
        root["method"] = .string(j.solution.method)
        root["categories"] = .array(j.categories.map { c in
            var goal: JSONValue = .null
            switch c.independent?.goal {
            case .count(let n)?: goal = .object(JSONObject([("count", .number(Double(n)))]))
            case .coverage(let p)?: goal = .object(JSONObject([("coverage", .number(p))]))
            case nil: break
            }
            return .object(JSONObject([
                ("category", .string(c.category.id)), ("goal", goal), ("max_sites", .number(Double(c.maxSites))),
                ("independent", .array(c.independentSites.map { .string(c.candidates[$0].id) })),
                ("joint", .array(c.jointSites.map { .string(c.candidates[$0].id) })),
                ("coverage", .object(JSONObject([("before", .number(r4(c.coverage.before))),
                                                 ("independent", .number(r4(c.coverage.independent))),
                                                 ("joint", .number(r4(c.coverage.joint)))]))),
            ]))
        })
        root["not_essential"] = .array(j.notEssential.map { .string($0.category.id) })
        root["sites"] = .array(j.sites.map { e in
            .object(JSONObject([
                ("order", .number(Double(e.order))), ("category", .string(e.category)), ("id", .string(e.candidate.id)),
                ("name", e.candidate.name.map { .string($0) } ?? .null),
                ("lon", .number((e.candidate.position.x * 1e7).rounded() / 1e7)), ("lat", .number((e.candidate.position.y * 1e7).rounded() / 1e7)),
                ("street", e.street.map { .string(study.streets[$0].name) } ?? .null),
                ("also_independent", .bool(e.alsoIndependent)),
                ("newly_complete", .number(r3(e.newlyComplete))),
                ("by_street", .array(e.byStreet.map { b in
                    .object(JSONObject([("street", b.street.map { .string(study.streets[$0].name) } ?? .null), ("population", .number(r3(b.population)))]))
                })),
            ]))
        })
        root["streets"] = .array(j.streets.map { s in
            .object(JSONObject([
                ("street", s.street.map { .string(study.streets[$0].name) } ?? .null), ("population", .number(r3(s.population))),
                ("before", .number(r3(s.before))), ("independent", .number(r3(s.independent))), ("joint", .number(r3(s.joint))),
            ]))
        })
        if let fair = j.fair {
            func ineq(_ f: Fairness?) -> JSONValue {
                guard let f else { return .null }
                return .object(JSONObject([("gini", .number(r4(f.gini))), ("palma", f.palma.map { .number(r4($0)) } ?? .null)]))
            }
            var o = JSONObject()
            o["floor"] = .number(r4(fair.floor))
            o["max_min"] = .bool(j.maxMin)
            o["complete_share"] = .number(r4(j.share(fair.solution.completeWeight)))
            o["complete_population"] = .number(r3(fair.solution.completeWeight))
            o["chosen"] = .array(j.categories.indices.map { k in
                .object(JSONObject([("category", .string(j.categories[k].category.id)),
                                    ("sites", .array(fair.solution.chosen[k].map { .string(j.categories[k].candidates[$0].id) }))]))
            })
            o["efficient_fairness"] = ineq(fair.efficientFairness)
            o["fair_fairness"] = ineq(fair.fairFairness)
            o["streets"] = .array(fair.streets.map { s in
                .object(JSONObject([("street", .string(study.streets[s.street].name)), ("efficient", .number(r4(s.efficient))),
                                    ("fair", .number(r4(s.fair))), ("best_possible", .number(r4(s.bestPossible))),
                                    ("floor_met", .bool(s.floorMet)), ("why", s.why.map { .string($0) } ?? .null)]))
            })
            root["street_floor"] = .object(o)
        }
        return .object(root)
    }

    /// The joint sites as GeoJSON points, one per (site, category), with `category`.
    package static func featureCollection(_ j: JointStudy) -> FeatureCollection {
        var fc = FeatureCollection()
        for e in j.sites {
            var p = ProposalOutput.siteMembers("order", e.order, id: e.candidate.id, name: e.candidate.name, category: e.category,
                                               street: e.street, study: j.study)
            p["newly_complete"] = .number(r3(e.newlyComplete))
            p["also_independent"] = .bool(e.alsoIndependent)
            p["by_street"] = .string(e.byStreet.map { "\(ProposalOutput.streetName($0.street, j.study)): \(Format.integer($0.population))" }.joined(separator: "; "))
            fc.features.append(Feature(id: .string("\(e.category):\(e.candidate.id)"), geometry: .point(e.candidate.position), properties: p))
        }
        return fc
    }
}

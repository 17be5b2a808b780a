/// Text, GeoJSON, JSON and CSV for siting results (`propose`, the proposals layer).
package enum ProposalOutput {
    static func streetName(_ s: Int?, _ study: StudyData) -> String {
        study.streetName(s)
    }

    static func optimalityText(_ s: SitingSolution) -> String {
        switch s.optimality {
        case .provenOptimal: return "proven optimal"
        case .heuristic(let gap):
            if case .coverage = s.goal { return "heuristic (up to \(Format.integer(gap)) sites might be saved)" }
            return "heuristic, within \(Format.percent(gap)) of the optimum"
        }
    }

    /// A one-paragraph summary of the solution.
    package static func summary(_ r: SitingStudy) -> String {
        let s = r.solution
        var out: String
        switch r.goal {
        case .count(let n):
            out = "Maximal covering with \(n) new site\(n == 1 ? "" : "s"): \(s.sites.count) chosen, newly covering \(Format.integer(s.coveredDemand)) (\(r.category.demand.rawValue)); coverage \(Format.percent(s.coverageBefore)) → \(Format.percent(s.coverageAfter)). Upper bound on the best possible: \(Format.integer(s.upperBound)); \(optimalityText(s))."
        case .coverage(let p):
            let met = s.targetMet ?? false
            out = "Fewest sites to reach \(Format.percent(p)): \(s.sites.count) site\(s.sites.count == 1 ? "" : "s"), coverage \(Format.percent(s.coverageBefore)) → \(Format.percent(s.coverageAfter)); \(optimalityText(s))."
            if let lb = s.siteCountLowerBound { out += " At least \(lb) needed." }
            if !met {
                out += " The goal cannot be met with these candidates: the best reachable coverage is \(Format.percent(s.bestReachableCoverage))."
            }
        }
        if r.category.capacity != nil {
            out += " Capacity \(Format.integer(r.category.capacity ?? 0)) per site: each site is credited with at most that much demand (capacitated greedy; residents beyond a site's capacity stay uncovered)."
        }
        return out
    }

    /// The terminal text of `propose`.
    package static func text(_ r: SitingStudy, study: StudyData) -> String {
        var out = "\(r.category.id) — \(r.category.name) (\(r.category.demand.rawValue), \(Format.fixed(r.category.walkMinutes, 0)) min at \(Format.fixed(r.speed, 0)) m/min, fixed facilities: \(r.scenario.rawValue))\n"
        out += summary(r) + "\n"
        out += "\(r.candidates.count) candidates (\(r.candidates.first?.generated == true ? "generated from the network" : "given")); method: \(r.solution.method)\n\n"
        var t = TextTable(header: ["rank", "site", "street", "gain", "people", "60+", "coverage after", "nearest facility", "m"], rightAligned: [0, 3, 4, 5, 6, 8])
        for s in r.sites {
            t.rows.append([String(s.rank), s.candidate.id, streetName(s.street, study), Format.integer(s.marginalGain),
                           Format.integer(s.newlyCoveredPopulation), Format.integer(s.newlyCovered60plus), Format.percent(s.coverageAfter),
                           s.nearestFacility ?? "–", s.nearestFacilityMeters.map { Format.integer($0) } ?? "–"])
        }
        out += t.render()
        out += "\nNewly covered by street (in the order chosen):\n"
        for s in r.sites {
            let parts = s.byStreet.map { "\(streetName($0.street, study)) \(Format.integer($0.demand))" }
            out += "  \(s.rank). \(s.candidate.id): " + parts.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// The properties every proposed-site point starts with: its number (`key`: its rank, or its
    /// order in a joint answer), id, name, category and street (nulls when unknown).
    package static func siteMembers(_ key: String, _ number: Int, id: String, name: String?, category: String,
                                    street: Int?, study: StudyData) -> JSONObject {
        var p = JSONObject()
        p[key] = .number(Double(number))
        p["site_id"] = .string(id)
        p["name"] = name.map { .string($0) } ?? .null
        p["category"] = .string(category)
        p["street"] = street.map { .string(study.streets[$0].name) } ?? .null
        return p
    }

    /// Proposed sites as GeoJSON points with flat properties.
    package static func featureCollection(_ r: SitingStudy, study: StudyData) -> FeatureCollection {
        var fc = FeatureCollection()
        for s in r.sites {
            var p = siteMembers("rank", s.rank, id: s.candidate.id, name: s.candidate.name, category: r.category.id, street: s.street, study: study)
            p["gain"] = .number(round3(s.marginalGain))
            p["newly_covered_people"] = .number(round3(s.newlyCoveredPopulation))
            p["newly_covered_60plus"] = .number(round3(s.newlyCovered60plus))
            p["newly_covered_points"] = .number(Double(s.newlyCoveredPoints))
            p["coverage_after"] = .number((s.coverageAfter * 10_000).rounded() / 10_000)
            p["by_street"] = .string(s.byStreet.map { "\(streetName($0.street, study)): \(Format.integer($0.demand))" }.joined(separator: "; "))
            p["nearest_facility"] = s.nearestFacility.map { .string($0) } ?? .null
            p["nearest_facility_m"] = s.nearestFacilityMeters.map { .number(($0).rounded()) } ?? .null
            p["generated"] = .bool(s.candidate.generated)
            fc.features.append(Feature(id: .string(s.candidate.id), geometry: .point(s.candidate.position), properties: p))
        }
        return fc
    }

    /// Proposed sites as a CSV table.
    package static func csv(_ r: SitingStudy, study: StudyData) -> CSVTable {
        var t = CSVTable(header: ["category", "rank", "site_id", "name", "street", "lon", "lat", "gain", "newly_covered_people", "newly_covered_60plus", "coverage_after", "by_street", "nearest_facility", "nearest_facility_m"],
                         types: [.string, .integer, .string, .string, .string, .real, .real, .real, .real, .real, .real, .string, .string, .real])
        for s in r.sites {
            t.rows.append([r.category.id, String(s.rank), s.candidate.id, s.candidate.name ?? "", s.street.map { study.streets[$0].name } ?? "",
                           Format.fixed(s.candidate.position.x, 7), Format.fixed(s.candidate.position.y, 7),
                           GeoJSONWriter.plainNumber(round3(s.marginalGain)), GeoJSONWriter.plainNumber(round3(s.newlyCoveredPopulation)),
                           GeoJSONWriter.plainNumber(round3(s.newlyCovered60plus)), Format.fixed(s.coverageAfter, 4),
                           s.byStreet.map { "\(streetName($0.street, study)): \(Format.integer($0.demand))" }.joined(separator: "; "),
                           s.nearestFacility ?? "", s.nearestFacilityMeters.map { Format.fixed($0, 0) } ?? ""])
        }
        return t
    }

    /// The siting result as JSON (schema lifecircle-proposals/1).
    package static func json(_ r: SitingStudy, study: StudyData) -> JSONValue {
        let s = r.solution
        var root = JSONObject()
        root["schema"] = "lifecircle-proposals/1"
        root["plan"] = .string(study.plan.name)
        root["category"] = .string(r.category.id)
        root["scenario"] = .string(r.scenario.rawValue)
        switch r.goal {
        case .count(let n): root["goal"] = .object(JSONObject([("count", .number(Double(n)))]))
        case .coverage(let p): root["goal"] = .object(JSONObject([("coverage", .number(p))]))
        }
        root["threshold_m"] = .number(round3(r.thresholdMeters))
        root["candidates"] = .number(Double(r.candidates.count))
        root["unsnapped_candidates"] = .array(r.unsnappedCandidates.map { .string($0) })
        root["total_demand"] = .number(round3(s.totalDemand))
        root["already_covered"] = .number(round3(s.alreadyCoveredDemand))
        root["newly_covered"] = .number(round3(s.coveredDemand))
        root["coverage_before"] = .number((s.coverageBefore * 10_000).rounded() / 10_000)
        root["coverage_after"] = .number((s.coverageAfter * 10_000).rounded() / 10_000)
        root["upper_bound"] = .number(round3(s.upperBound))
        root["site_count_lower_bound"] = s.siteCountLowerBound.map { .number(Double($0)) } ?? .null
        root["target_met"] = s.targetMet.map { .bool($0) } ?? .null
        root["best_reachable_coverage"] = .number((s.bestReachableCoverage * 10_000).rounded() / 10_000)
        switch s.optimality {
        case .provenOptimal: root["optimality"] = "proven-optimal"; root["gap"] = .number(0)
        case .heuristic(let gap): root["optimality"] = "heuristic"; root["gap"] = .number((gap * 10_000).rounded() / 10_000)
        }
        root["method"] = .string(s.method)
        root["sites"] = .array(r.sites.map { site in
            .object(JSONObject([
                ("rank", .number(Double(site.rank))), ("id", .string(site.candidate.id)),
                ("name", site.candidate.name.map { .string($0) } ?? .null),
                ("lon", .number((site.candidate.position.x * 1e7).rounded() / 1e7)), ("lat", .number((site.candidate.position.y * 1e7).rounded() / 1e7)),
                ("street", site.street.map { .string(study.streets[$0].name) } ?? .null),
                ("gain", .number(round3(site.marginalGain))),
                ("newly_covered_people", .number(round3(site.newlyCoveredPopulation))),
                ("newly_covered_60plus", .number(round3(site.newlyCovered60plus))),
                ("coverage_after", .number((site.coverageAfter * 10_000).rounded() / 10_000)),
                ("by_street", .array(site.byStreet.map { b in
                    .object(JSONObject([("street", b.street.map { .string(study.streets[$0].name) } ?? .null), ("demand", .number(round3(b.demand))),
                                        ("age60plus", .number(round3(b.age60plus))), ("points", .number(Double(b.points)))]))
                })),
                ("nearest_facility", site.nearestFacility.map { .string($0) } ?? .null),
                ("nearest_facility_m", site.nearestFacilityMeters.map { .number($0.rounded()) } ?? .null),
            ]))
        })
        return .object(root)
    }

    static func round3(_ d: Double) -> Double { (d * 1000).rounded() / 1000 }
}

/// The starter plan.json of an import, naming the layers it wrote.
enum OSMStarterPlan {
    /// Default names of the five standard categories (STANDARDS.md).
    static let names: [String: String] = [
        "health-station": "社区卫生服务站 Health station",
        "elder-canteen": "社区长者食堂 Elder canteen",
        "fitness-point": "益智健身苑点 Fitness point",
        "ev-charger": "电动汽车充电设施 EV charging",
        "aed-school": "中小学 AED School with AED",
    ]

    static func json(options: OSMImportOptions, extract: String, summary: OSMImportSummary) -> String {
        func q(_ s: String) -> String { "\"" + GeoJSONWriter.escape(s) + "\"" }
        let file = extract.split(separator: "/").last.map(String.init) ?? extract
        var lines: [String] = []
        lines.append("{")
        lines.append("  \"name\": \(q(options.planName)),")
        lines.append("  \"title\": \(q("Imported from OpenStreetMap (\(file))")),")
        lines.append("  \"crs\": \"auto\",")
        lines.append("  \"coverageGoal\": 0.85,")
        lines.append("  \"walking\": {\"speed\": 80, \"elderSpeed\": 60, \"maxSnapDistance\": 500},")
        let notes = summary.warnings.map { "warning: " + $0 } + summary.notes
        if !notes.isEmpty {
            lines.append("  \"note\": \(q(notes.joined(separator: "; "))),")
        }
        lines.append("  \"layers\": {")
        lines.append("    \"streets\": \"streets.geojson\",")
        lines.append("    \"residents\": \"residents.geojson\",")
        lines.append("    \"network\": \"network.geojson\"")
        lines.append("  },")
        lines.append("  \"categories\": [")
        let cats = options.facilityTable.categories
        for (i, c) in cats.enumerated() {
            // OpenStreetMap carries no ages, so every category starts with all residents as demand
            // (the note says how to switch elder canteens to residents aged 60+), unless the
            // boundary's streets gave population60plus.
            let elderDemand = c.id == "elder-canteen" && summary.age60plus
            var item = "    {\"id\": \(q(c.id)), \"name\": \(q(names[c.id] ?? c.id)), \"demand\": \(elderDemand ? "\"age60plus\"" : "\"all\""), \"walkMinutes\": 15"
            if elderDemand {
                item += ", \"capacity\": 150"
            } else if c.id == "elder-canteen" {
                item += ", \"capacity\": 150, \"note\": \"OpenStreetMap has no ages: demand is all residents. Add age60plus to residents.geojson and set demand to age60plus.\""
            }
            item += ", \"facilities\": \(q("facilities-\(c.id).geojson"))}"
            lines.append(item + (i + 1 < cats.count ? "," : ""))
        }
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}

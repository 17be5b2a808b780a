/// The layers of the essential targets placed together (``JointStudy``): `proposals-joint` (the
/// joint sites) and `joint-streets` (the complete life circle per street before, with the
/// independent and with the joint proposals), as GeoJSON and CSV; written only when the report has
/// a joint answer.
extension StudyLayers {
    /// `proposals-joint` and `joint-streets`: GeoJSON, CSV and `.csvt`.
    package static func jointFiles(_ joint: JointStudy) -> [OutputFile] {
        let sites = jointProposals(joint), streets = jointStreets(joint)
        let siteSchema = LayerSchema.proposalsJoint, streetSchema = LayerSchema.jointStreets
        return [OutputFile(name: siteSchema.name + ".geojson", bytes: GeoJSONWriter.encode(sites))]
            + LayerTable.csv(sites, header: siteSchema.fieldNames, types: siteSchema.types).files(name: siteSchema.name + ".csv")
            + [OutputFile(name: streetSchema.name + ".geojson", bytes: GeoJSONWriter.encode(streets))]
            + LayerTable.csv(streets, header: streetSchema.fieldNames, types: streetSchema.types).files(name: streetSchema.name + ".csv")
    }

    /// The joint sites in the order credited (``JointStudy/sites``), one point per site and category.
    package static func jointProposals(_ joint: JointStudy) -> FeatureCollection {
        let study = joint.study
        func streetText(_ s: Int?) -> String { ProposalOutput.streetName(s, study) }
        return FeatureCollection(features: joint.sites.map { e in
            Feature(geometry: .point(e.candidate.position), properties: object([
                ("rank", .number(Double(e.order))),
                ("id", .string(e.candidate.id)),
                ("name", text(e.candidate.name)),
                ("category", .string(e.category)),
                ("street", text(e.street.map(streetText))),
                ("also_independent", flag(e.alsoIndependent)),
                ("newly_complete", amount(e.newlyComplete)),
                ("top_street", text(e.byStreet.first.map { streetText($0.street) })),
                ("by_street", .string(e.byStreet.map { "\(streetText($0.street)): \(Format.integer($0.population))" }.joined(separator: "; "))),
            ]))
        })
    }

    /// The street polygons with their complete population before, independent and joint (street
    /// order; the residents outside every street count only in the district figures).
    package static func jointStreets(_ joint: JointStudy) -> FeatureCollection {
        let streets = joint.study.streets
        return FeatureCollection(features: joint.streets.compactMap { row in
            guard let s = row.street, s < streets.count else { return nil }
            func part(_ d: Double) -> Double? { row.population > 0 ? d / row.population : nil }
            return Feature(geometry: streets[s].geometry, properties: object([
                ("name", .string(streets[s].name)),
                ("code", text(streets[s].code)),
                ("population", amount(row.population)),
                ("complete_before", amount(row.before)),
                ("complete_independent", amount(row.independent)),
                ("complete_joint", amount(row.joint)),
                ("share_before", share(part(row.before))),
                ("share_independent", share(part(row.independent))),
                ("share_joint", share(part(row.joint))),
                ("gain_joint", amount(row.joint - row.independent)),
            ]))
        })
    }
}

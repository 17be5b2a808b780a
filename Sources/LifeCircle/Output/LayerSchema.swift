/// The fixed schema of an output layer: its fields in the order the features carry them, each typed
/// from its definition (never from the values: a column of nulls keeps its type, an empty layer its
/// fields and geometry type). It drives the CSV `.csvt` sidecars, the GeoPackage's tables and
/// `gpkg_data_columns`, and `fields.csv` in every output folder.
package struct LayerSchema: Sendable, Equatable {
    /// The geometry type of a layer (polygons are written as multipolygons in the GeoPackage).
    package enum GeometryType: String, Sendable {
        case point = "Point"
        case lineString = "LineString"
        case multiPolygon = "MultiPolygon"
    }

    /// One field: name, type, width in characters (0: unbounded) and what it means.
    package struct Field: Sendable, Equatable {
        package var name: String
        package var type: CSVColumnType
        package var width: Int
        package var description: String

        package init(_ name: String, _ type: CSVColumnType, _ description: String, width: Int = 0) {
            self.name = name
            self.type = type
            self.width = width
            self.description = description
        }
    }

    /// The layer's name: its file name without extension, and its table in the GeoPackage.
    package var name: String
    /// The layer-tree group of the QGIS project (`Streets`, `Residents`, `Facilities`, `Service areas`, `Proposals`).
    package var group: String
    package var geometry: GeometryType
    package var fields: [Field]
    /// One sentence on what a feature is.
    package var description: String

    /// Field types by name, as `LayerTable` takes them for the `.csvt` sidecars.
    package var types: [String: CSVColumnType] {
        Dictionary(fields.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
    }

    package var fieldNames: [String] { fields.map(\.name) }

    // MARK: The layers

    /// `street-gaps`: per category (prefix ``StudyLayers/key(_:)``) the street's coverage.
    package static func streetGaps(categories: [String]) -> LayerSchema {
        var f: [Field] = [
            Field("name", .string, "street office (jiedao) name"),
            Field("code", .string, "street office code, as the plan gives it"),
            Field("population", .real, "residents in the street (people)"),
            Field("age60plus", .real, "residents aged 60 and over (people)"),
        ]
        for c in categories {
            let k = StudyLayers.key(c)
            f += [
                Field("\(k)_demand", .real, "\(c): demand of the street's residents"),
                Field("\(k)_covered", .real, "\(c): demand within the walk threshold of an existing facility"),
                Field("\(k)_uncovered", .real, "\(c): demand beyond the threshold (reachable on the network)"),
                Field("\(k)_unreachable", .real, "\(c): demand that cannot reach any facility on the network"),
                Field("\(k)_coverage", .real, "\(c): covered / demand, 0 to 1 (null without demand)"),
                Field("\(k)_rank", .integer, "\(c): rank of the street by uncovered demand, 1 = largest gap"),
                Field("\(k)_coverage_planned", .real, "\(c): coverage counting this year's planned facilities too"),
                Field("\(k)_coverage_radius", .real, "\(c): coverage by straight-line distance instead of walking"),
            ]
        }
        return LayerSchema(name: "street-gaps", group: "Streets", geometry: .multiPolygon, fields: f,
                           description: "Street office polygons with their coverage per category (scenario existing, walk network).")
    }

    /// `residents`: every category's minutes, facility and status per resident point, and its life circle.
    package static func residents(categories: [String]) -> LayerSchema {
        var f: [Field] = [
            Field("id", .string, "resident point id"),
            Field("street", .string, "street office the point lies in"),
            Field("street_code", .string, "that street office's code"),
            Field("population", .real, "people at the point"),
            Field("age60plus", .real, "people aged 60 and over at the point"),
        ]
        for c in categories {
            let k = StudyLayers.key(c)
            f += [
                Field("\(k)_minutes", .real, "\(c): walk minutes to the nearest existing facility (null unless covered)"),
                Field("\(k)_facility", .string, "\(c): id of that facility (null unless covered)"),
                Field("\(k)_status", .string, "\(c): covered, beyond-threshold or unreachable", width: 16),
                Field("\(k)_minutes_planned", .real, "\(c): walk minutes counting planned facilities (null unless covered)"),
                Field("\(k)_2sfca", .real, "\(c): supply per head within reach, classic 2SFCA"),
                Field("\(k)_2sfca_gaussian", .real, "\(c): supply per head within reach, Gaussian 2SFCA"),
            ]
        }
        f += [
            Field("reached", .integer, "essential categories reached within their thresholds"),
            Field("complete", .integer, "1 when every essential category is reached, else 0"),
            Field("lifecircle_minutes", .real, "minutes to reach every essential category (null when never)"),
        ]
        return LayerSchema(name: "residents", group: "Residents", geometry: .point, fields: f,
                           description: "Resident points with every category's walk minutes, facility and status, and their life circle.")
    }

    /// `coverage-<category>` and `uncovered-<category>` (written with `--per-category-layers`).
    package static func coverage(category: String, uncovered: Bool) -> LayerSchema {
        LayerSchema(name: (uncovered ? "uncovered-" : "coverage-") + category, group: "Residents", geometry: .point, fields: [
            Field("id", .string, "resident point id"),
            Field("street", .string, "street office the point lies in"),
            Field("street_code", .string, "that street office's code"),
            Field("population", .real, "people at the point"),
            Field("age60plus", .real, "people aged 60 and over at the point"),
            Field("demand", .real, "the point's demand for the category"),
            Field("minutes", .real, "walk minutes to the nearest existing facility (null when unreachable)"),
            Field("facility_id", .string, "id of that facility"),
            Field("status", .string, "covered, beyond-threshold or unreachable", width: 16),
            Field("covered", .integer, "1 when within the walk threshold, else 0"),
            Field("minutes_planned", .real, "walk minutes counting planned facilities"),
            Field("covered_planned", .integer, "1 when covered counting planned facilities"),
            Field("minutes_radius", .real, "straight-line minutes to the nearest existing facility"),
        ], description: "Resident points of \(category)\(uncovered ? " beyond reach" : "") with walk minutes and status.")
    }

    /// `facilities-<category>`.
    package static func facilities(category: String) -> LayerSchema {
        LayerSchema(name: "facilities-\(category)", group: "Facilities", geometry: .point, fields: [
            Field("id", .string, "facility id"),
            Field("name", .string, "facility name"),
            Field("category", .string, "category id"),
            Field("status", .string, "existing or planned", width: 16),
            Field("capacity", .integer, "demand one facility serves, a whole number (null when the plan gives none)"),
            Field("on_network", .integer, "1 when the facility joins the walk network, else 0"),
            Field("access_m", .real, "metres from the facility to the network (null when off it)"),
            Field("served_demand", .real, "covered demand nearest to this facility"),
            Field("served_points", .integer, "covered resident points nearest to this facility"),
        ], description: "Facilities of \(category) and the demand they serve.")
    }

    /// `service-area-<category>`: the reached network as lines.
    package static func serviceAreaLines(category: String) -> LayerSchema {
        LayerSchema(name: "service-area-\(category)", group: "Service areas", geometry: .lineString, fields: [
            Field("category", .string, "category id"),
            Field("scenario", .string, "existing or with-planned", width: 16),
            Field("edge", .integer, "network edge index"),
            Field("line_id", .string, "id of the street line the edge comes from"),
            Field("from_m", .real, "start of the piece along the edge (metres)"),
            Field("to_m", .real, "end of the piece along the edge (metres)"),
            Field("length_m", .real, "length of the piece (metres)"),
            Field("minutes_at_start", .real, "walk minutes from the nearest facility at the piece's start"),
            Field("minutes_at_end", .real, "walk minutes from the nearest facility at the piece's end"),
            Field("full_edge", .integer, "1 when the whole edge is reached, else 0"),
        ], description: "The walk network reached from \(category) facilities within the threshold.")
    }

    /// `service-area-polygon-<category>`: the area the service area's lines span.
    package static func serviceAreaPolygon(category: String) -> LayerSchema {
        LayerSchema(name: "service-area-polygon-\(category)", group: "Service areas", geometry: .multiPolygon, fields: [
            Field("category", .string, "category id"),
            Field("scenario", .string, "existing or with-planned", width: 16),
            Field("minutes", .real, "walk threshold (minutes)"),
            Field("speed_m_per_min", .real, "walking speed (metres per minute)"),
            Field("threshold_m", .real, "walk threshold (metres)"),
            Field("buffer_m", .real, "buffer around the reached lines (metres)"),
            Field("length_m", .real, "length of the reached lines (metres)"),
            Field("area_m2", .real, "area of the polygon (square metres)"),
        ], description: "The area the \(category) service area's lines span.")
    }

    /// `proposals-<category>`: proposed sites by rank.
    package static func proposals(category: String) -> LayerSchema {
        LayerSchema(name: "proposals-\(category)", group: "Proposals", geometry: .point, fields: [
            Field("rank", .integer, "order the site was chosen in, 1 = first"),
            Field("id", .string, "candidate site id"),
            Field("name", .string, "candidate site name"),
            Field("category", .string, "category id"),
            Field("newly_covered", .real, "demand the site newly covers"),
            Field("newly_covered_60plus", .real, "people aged 60 and over it newly covers"),
            Field("top_street", .string, "street office gaining the most"),
            Field("by_street", .string, "newly covered demand per street office"),
            Field("nearest_facility_id", .string, "id of the nearest existing facility"),
            Field("nearest_facility_m", .real, "walk metres to that facility"),
        ], description: "Proposed \(category) sites in the order chosen, with the demand each newly covers.")
    }

    /// `proposals-joint`: this year's essential targets placed together (`propose --joint`), one
    /// point per site and category.
    package static let proposalsJoint = LayerSchema(name: "proposals-joint", group: "Proposals", geometry: .point, fields: [
        Field("rank", .integer, "order the site is credited in (each in turn the one completing the most residents), 1 = first"),
        Field("id", .string, "candidate site id"),
        Field("name", .string, "candidate site name"),
        Field("category", .string, "category id the site hosts (a candidate hosting several is one point per category)"),
        Field("street", .string, "street office the site lies in"),
        Field("also_independent", .integer, "1 when the category placed on its own chose the same candidate, else 0"),
        Field("newly_complete", .real, "residents it brings into a complete life circle, after the sites before it (people)"),
        Field("top_street", .string, "street office gaining the most of them"),
        Field("by_street", .string, "those residents per street office"),
    ], description: "This year's targets of the essential categories placed together for the complete life circle, in the order credited.")

    /// `joint-streets`: per street, the residents in a complete life circle before, with the
    /// independent proposals and with the joint ones.
    package static let jointStreets = LayerSchema(name: "joint-streets", group: "Streets", geometry: .multiPolygon, fields: [
        Field("name", .string, "street office (jiedao) name"),
        Field("code", .string, "street office code, as the plan gives it"),
        Field("population", .real, "residents in the street (people)"),
        Field("complete_before", .real, "residents in a complete life circle with today's and this year's planned facilities"),
        Field("complete_independent", .real, "the same with each category's target placed on its own"),
        Field("complete_joint", .real, "the same with the essential targets placed together"),
        Field("share_before", .real, "complete_before / population, 0 to 1 (null without residents)"),
        Field("share_independent", .real, "complete_independent / population"),
        Field("share_joint", .real, "complete_joint / population"),
        Field("gain_joint", .real, "complete_joint − complete_independent (people)"),
    ], description: "Street office polygons with the complete life circle before, with the independent and with the joint proposals.")

    // MARK: fields.csv

    /// `fields.csv`: layer, field, type, width and description of every field of `schemas`.
    package static func fieldsFile(_ schemas: [LayerSchema]) -> [OutputFile] {
        var t = CSVTable(header: ["layer", "geometry", "field", "type", "width", "description"],
                         types: [.string, .string, .string, .string, .integer, .string])
        for s in schemas {
            t.rows.append([s.name, s.geometry.rawValue, "", "", "", s.description])
            for f in s.fields { t.rows.append([s.name, s.geometry.rawValue, f.name, f.type.rawValue, String(f.width), f.description]) }
        }
        return t.files(name: fieldsFileName)
    }

    package static let fieldsFileName = "fields.csv"
}

/// A planning study: the layers, the analysis CRS, walking speeds and the facility categories.
///
/// Read from `plan.json` by `PlanReader`; the format is documented in README.md ("The plan file").
public struct Plan: Hashable, Sendable {
    /// Short machine name (used for the default report folder `Reports/<name>`).
    public var name: String
    /// Human title for reports.
    public var title: String
    /// The folder that relative layer paths are resolved against (the plan file's folder).
    public var folder: String
    /// The analysis CRS: `auto` chooses a metric CRS for the study area.
    package var analysisCRS: CRSSetting = .auto
    package var layers: Layers
    package var walking: Walking = Walking()
    /// The facility categories, in the plan's order.
    public var categories: [Category]
    /// Share of residents a category should cover (the city's goal: 0.85).
    public var coverageGoal: Double = 0.85
    /// Which categories a complete life circle needs (`lifeCircle.essential`).
    package var lifeCircle: LifeCircleSettings = LifeCircleSettings()
    /// The language of the report's prose (`language`: `en` by default, or `zh-CN`).
    public var language: ReportLanguage = .english

    /// The category with this id, or nil (``category(_:planFile:)`` throws instead).
    public func category(id: String) -> Category? { categories.first { $0.id == id } }

    /// The category with this id.
    ///
    /// - Parameters:
    ///   - id: the category's id.
    ///   - planFile: the plan file the error names (the plan's own by default).
    /// - Throws: ``InputError`` listing the plan's categories when none has this id.
    public func category(_ id: String, planFile: String? = nil) throws -> Category {
        guard let c = category(id: id) else {
            throw InputError(file: planFile ?? PlanReader.planFilePath(for: folder), key: "categories",
                             message: "no category \"\(id)\" in the plan (it has: \(categories.map(\.id).joined(separator: ", ")))")
        }
        return c
    }
}

/// How the analysis CRS is chosen.
package enum CRSSetting: Hashable, Sendable {
    /// A UTM zone, or a CGCS2000 3° Gauss–Krüger zone for areas in China.
    case auto
    /// An explicit CRS: an EPSG code (`EPSG:32651`), WKT or a PROJ string.
    case explicit(String)
}

/// A layer file and the CRS its coordinates are in.
package struct LayerRef: Hashable, Sendable {
    /// The path as resolved against the plan's folder.
    package var path: String
    /// The coordinates' CRS: `EPSG:4326` (RFC 7946 default), `GCJ-02`, `BD-09`, `EPSG:4490`, or any
    /// CRS PROJ understands.
    package var crs: String
    /// True when the plan declared `crs`: it then overrides a CRS the file states (`.prj`,
    /// GeoPackage srs); otherwise the file's CRS is used and `crs` is the fallback.
    package var crsDeclared: Bool
    /// The layer to read in a multi-layer source (GeoPackage, File Geodatabase, …); nil reads
    /// the only layer.
    package var layer: String?

    package init(path: String, crs: String = "EPSG:4326", crsDeclared: Bool = false, layer: String? = nil) {
        self.path = path
        self.crs = crs
        self.crsDeclared = crsDeclared
        self.layer = layer
    }

    /// How problems name the layer: its path, and the layer name when the plan gives one.
    package var label: String {
        guard let layer else { return path }
        return "\(path) (layer \"\(layer)\")"
    }
}

/// The plan's layers.
package struct Layers: Hashable, Sendable {
    /// Street-office areas: Polygon/MultiPolygon with `name`.
    package var streets: LayerRef
    /// Residents: Points (or Polygons used at a representative point) with `population`.
    package var residents: LayerRef
    /// Walkable ways: LineString/MultiLineString.
    package var network: LayerRef
    /// Facilities of all categories with a `category` property (a category may name its own layer instead).
    package var facilities: LayerRef?
    /// Possible new sites (Points); optional.
    package var candidates: LayerRef?
}

/// Walking assumptions.
package struct Walking: Hashable, Sendable {
    /// Walking speed in metres per minute (peers use 80 m/min = 4.8 km/h).
    package var speedMetersPerMinute: Double
    /// Walking speed for residents aged 60+, used for `age60plus` demand when set.
    package var elderSpeedMetersPerMinute: Double?
    /// A point farther than this from every network edge is unreachable.
    package var maxSnapDistanceMeters: Double

    package init(speedMetersPerMinute: Double = 80, elderSpeedMetersPerMinute: Double? = nil, maxSnapDistanceMeters: Double = 500) {
        self.speedMetersPerMinute = speedMetersPerMinute
        self.elderSpeedMetersPerMinute = elderSpeedMetersPerMinute
        self.maxSnapDistanceMeters = maxSnapDistanceMeters
    }
}

/// Whose access a category is measured for.
public enum DemandBase: String, Hashable, Sendable, CaseIterable {
    /// All residents (`population`).
    case all
    /// Residents aged 60 and over (`age60plus`).
    case age60plus
}

/// This year's target for a category, and the question a siting answers (``SitingStudy/Goal``,
/// ``SitingSolution/Goal``): a count of new sites or a coverage share to reach.
public enum Target: Hashable, Sendable {
    /// Build this many new facilities.
    case count(Int)
    /// Reach this share of the demand covered (0...1).
    case coverage(Double)
}

/// A facility category (health station, elder canteen, ...).
public struct Category: Hashable, Sendable, Identifiable {
    /// Stable id, e.g. `health-station`; used in file names and on the command line.
    public var id: String
    /// The name shown in reports ("Community health station").
    public var name: String
    /// Who needs the category: all residents, or those aged 60+.
    public var demand: DemandBase = .all
    /// The walk threshold in minutes (15 unless the plan sets another tier).
    public var walkMinutes: Double = 15
    /// This year's target: a number of new sites or a coverage share; nil for none.
    public var target: Target?
    /// The category's own facilities layer; when nil, the plan's `facilities` layer filtered by
    /// `category == id`.
    package var facilities: LayerRef?
    /// Demand one facility can serve (e.g. 150 meals a sitting), when the category sets one.
    public var capacity: Double?
    /// Free text from the plan (the target's source, e.g. "2024 work plan item 21").
    public var note: String?
}

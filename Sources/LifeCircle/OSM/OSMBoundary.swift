/// A clipping boundary: the union of the Polygon/MultiPolygon geometries of a GeoJSON file.
struct OSMBoundary {
    let index: OSMPolygonIndex
    /// Names of the boundary's features (for the streets layer), with their polygons.
    private(set) var features: [Feature] = []
    /// The index in the file of each of `features` (features without geometry are left out).
    private(set) var featureIndices: [Int] = []

    /// The side of the index's cells in degrees (a boundary has few, large polygons).
    static let cellDegrees = 0.05

    /// CRS names taken as WGS84 lon/lat.
    static let wgs84Names: Set<String> = ["WGS84", "WGS 84", "EPSG:4326", "CRS84", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"]

    init(path: String, crs: String?) throws {
        let collection = try GeoJSONReader.read(path: path).asFeatureCollection
        var parts: [[[Position]]] = []
        for (i, var f) in collection.features.enumerated() {
            guard var g = f.geometry else { continue }
            g = try Self.toWGS84(g, crs: crs, file: path)
            f.geometry = g
            switch g {
            case .polygon(let rings): parts.append(rings)
            case .multiPolygon(let polys): parts += polys
            default:
                throw InputError(file: path, featureIndex: i, message: "the boundary must be Polygon or MultiPolygon, found \(g.kind.rawValue)")
            }
            features.append(f)
            featureIndices.append(i)
        }
        index = OSMPolygonIndex(polygons: parts, cellSize: Self.cellDegrees)
        guard !index.isEmpty else { throw InputError(file: path, message: "the boundary file holds no polygon") }
    }

    /// Converts a boundary geometry to WGS84 with `CRSConverter` (GCJ-02 and BD-09 by the
    /// published formulas, other CRSs through PROJ); nil or a WGS84 name leaves it unchanged.
    static func toWGS84(_ geometry: Geometry, crs: String?, file: String) throws -> Geometry {
        guard let crs, !wgs84Names.contains(crs.uppercased()), !wgs84Names.contains(crs) else { return geometry }
        do {
            return try CRSConverter(crs: crs).toWGS84(geometry)
        } catch let error as LibraryError {
            throw InputError(file: file, key: "crs", message: "cannot convert the boundary from \"\(crs)\": \(error.message)")
        }
    }

    /// The sentence for the summary when the boundary was converted by formula (GCJ-02, BD-09).
    static func conversionNote(crs: String?) -> String? {
        guard let crs else { return nil }
        return (try? CRSConverter(crs: crs))?.conversionNote.map { "boundary " + $0 }
    }

    func contains(_ p: Position) -> Bool { index.first(containing: p) != nil }

    /// Whether any boundary feature carries a `population` (then every one must: per-street totals).
    var hasPopulation: Bool { features.contains { $0.properties["population"].map { !$0.isNull } ?? false } }
}

/// Population units (polygons such as census areas, grid cells or street offices, or points)
/// whose people are spread over the residential floor area inside each; or one total spread over
/// every residential building.
struct OSMPopulationUnits {
    struct Unit {
        var id: String
        var population: Double
        /// People aged 60+ (a street's `population60plus`), spread like the population; nil when not given.
        var age60plus: Double?
        var polygon: [[Position]]?
        var point: Position
    }

    var units: [Unit] = []
    /// Polygon parts → unit index.
    var index = OSMPolygonIndex(polygons: [])
    var partUnit: [Int] = []
    /// True for one total over all residential buildings (`--population-total`): every building is
    /// in unit 0.
    private(set) var coversEverything = false

    /// Units from a GeoJSON file (`--population`).
    init(path: String) throws {
        let collection = try GeoJSONReader.read(path: path).asFeatureCollection
        try self.init(features: collection.features, indices: Array(collection.features.indices), file: path, streetIDs: false)
    }

    /// One total (`--population-total`) spread over every residential building by floor area.
    init(total: Double) {
        units = [Unit(id: "total", population: total, age60plus: nil, polygon: nil, point: Position(x: 0, y: 0))]
        coversEverything = true
    }

    /// Units from already-read features; `streetIDs` takes a street's `code` or `name` as its id
    /// when it has no `id` (the `--boundary` streets).
    init(features: [Feature], indices: [Int], file: String, streetIDs: Bool) throws {
        var parts: [[[Position]]] = []
        for (k, f) in features.enumerated() {
            let i = k < indices.count ? indices[k] : k
            guard let g = f.geometry else { continue }
            guard let value = f.properties["population"], !value.isNull else {
                throw InputError(file: file, featureIndex: i, key: "population", message: "missing population")
            }
            guard let population = value.doubleValue, population >= 0, population.isFinite else {
                throw InputError(file: file, featureIndex: i, key: "population", message: "population must be a number ≥ 0")
            }
            var elderly: Double?
            if let e = f.properties["population60plus"], !e.isNull {
                guard let v = e.doubleValue, v >= 0, v.isFinite, v <= population else {
                    throw InputError(file: file, featureIndex: i, key: "population60plus", message: "population60plus must be a number between 0 and the population")
                }
                elderly = v
            }
            let id: String
            if let v = f.properties["id"], !v.isNull {
                id = v.stringValue ?? v.doubleValue.map { FeatureID.number($0).description } ?? "\(i)"
            } else if let fid = f.id {
                id = fid.description
            } else if streetIDs, let code = f.properties["code"].flatMap({ $0.stringValue ?? $0.doubleValue.map { FeatureID.number($0).description } }) {
                id = code
            } else if streetIDs, let name = f.string("name") {
                id = name
            } else {
                id = "\(i)"
            }
            let unitIndex = units.count
            switch g {
            case .point(let p):
                units.append(Unit(id: id, population: population, age60plus: elderly, polygon: nil, point: p))
            case .polygon(let rings):
                let p = OSMGeometry.representativePoint(rings.first ?? []) ?? Position(x: 0, y: 0)
                units.append(Unit(id: id, population: population, age60plus: elderly, polygon: rings, point: p))
                parts.append(rings); partUnit.append(unitIndex)
            case .multiPolygon(let polys):
                let largest = polys.max { OSMGeometry.areaSquareMetres($0.first ?? []) < OSMGeometry.areaSquareMetres($1.first ?? []) }
                let p = OSMGeometry.representativePoint(largest?.first ?? []) ?? Position(x: 0, y: 0)
                units.append(Unit(id: id, population: population, age60plus: elderly, polygon: largest, point: p))
                for poly in polys { parts.append(poly); partUnit.append(unitIndex) }
            default:
                throw InputError(file: file, featureIndex: i, message: "population units must be Point, Polygon or MultiPolygon, found \(g.kind.rawValue)")
            }
        }
        index = OSMPolygonIndex(polygons: parts)
    }

    /// True when every unit gives its people aged 60+.
    var hasAge60plus: Bool { !units.isEmpty && units.allSatisfy { $0.age60plus != nil } }

    /// The unit whose polygon contains `p` (the first in file order), or nil.
    func unit(containing p: Position) -> Int? {
        if coversEverything { return 0 }
        return index.first(containing: p).map { partUnit[$0] }
    }
}

/// A clipping boundary: the union of the Polygon/MultiPolygon geometries of a GeoJSON file.
struct OSMBoundary {
    private(set) var index = OSMPolygonIndex(cellSize: 0.05)
    /// Names of the boundary's features (for the streets layer), with their polygons.
    private(set) var features: [Feature] = []

    /// CRS names taken as WGS84 lon/lat.
    static let wgs84Names: Set<String> = ["WGS84", "WGS 84", "EPSG:4326", "CRS84", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"]

    init(path: String, crs: String?) throws {
        let collection = try GeoJSONReader.read(path: path).asFeatureCollection
        for (i, var f) in collection.features.enumerated() {
            guard var g = f.geometry else { continue }
            g = try Self.toWGS84(g, crs: crs, file: path)
            f.geometry = g
            switch g {
            case .polygon(let rings): index.add(rings)
            case .multiPolygon(let polys): for p in polys { index.add(p) }
            default:
                throw InputError(file: path, featureIndex: i, message: "the boundary must be Polygon or MultiPolygon, found \(g.kind.rawValue)")
            }
            features.append(f)
        }
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
}

/// Population units (polygons such as census areas or grid cells, or points) read from GeoJSON.
struct OSMPopulationUnits {
    struct Unit {
        var id: String
        var population: Double
        var polygon: [[Position]]?
        var point: Position
    }

    var units: [Unit] = []
    /// Polygon parts → unit index.
    var index = OSMPolygonIndex()
    var partUnit: [Int] = []

    init(path: String) throws {
        let collection = try GeoJSONReader.read(path: path).asFeatureCollection
        for (i, f) in collection.features.enumerated() {
            guard let g = f.geometry else { continue }
            guard let value = f.properties["population"] else {
                throw InputError(file: path, featureIndex: i, key: "population", message: "missing population")
            }
            guard let population = value.doubleValue, population >= 0, population.isFinite else {
                throw InputError(file: path, featureIndex: i, key: "population", message: "population must be a number ≥ 0")
            }
            let id: String
            if let v = f.properties["id"], !v.isNull {
                id = v.stringValue ?? v.doubleValue.map { FeatureID.number($0).description } ?? "\(i)"
            } else {
                id = f.id?.description ?? "\(i)"
            }
            let unitIndex = units.count
            switch g {
            case .point(let p):
                units.append(Unit(id: id, population: population, polygon: nil, point: p))
            case .polygon(let rings):
                let p = OSMGeometry.representativePoint(rings.first ?? []) ?? Position(x: 0, y: 0)
                units.append(Unit(id: id, population: population, polygon: rings, point: p))
                index.add(rings); partUnit.append(unitIndex)
            case .multiPolygon(let polys):
                let largest = polys.max { OSMGeometry.areaSquareMetres($0.first ?? []) < OSMGeometry.areaSquareMetres($1.first ?? []) }
                let p = OSMGeometry.representativePoint(largest?.first ?? []) ?? Position(x: 0, y: 0)
                units.append(Unit(id: id, population: population, polygon: largest, point: p))
                for poly in polys { index.add(poly); partUnit.append(unitIndex) }
            default:
                throw InputError(file: path, featureIndex: i, message: "population units must be Point, Polygon or MultiPolygon, found \(g.kind.rawValue)")
            }
        }
    }

    /// The unit whose polygon contains `p` (the first in file order), or nil.
    func unit(containing p: Position) -> Int? {
        index.first(containing: p).map { partUnit[$0] }
    }
}

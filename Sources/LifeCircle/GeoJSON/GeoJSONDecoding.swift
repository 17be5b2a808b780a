/// Decoding of GeoJSON from already-parsed `JSONValue`s (the slow path; also used by tests).
package enum GeoJSONDecoding {
    package static func object(from value: JSONValue, file: String) throws -> GeoJSONObject {
        guard case .object(let o) = value else {
            throw InputError(file: file, message: "expected a GeoJSON object, found \(value.typeDescription)")
        }
        guard let type = o["type"]?.stringValue else {
            throw InputError(file: file, key: "type", message: "missing or non-string \"type\" member")
        }
        switch type {
        case "FeatureCollection":
            guard case .array(let items)? = o["features"] else {
                throw InputError(file: file, key: "features", message: "a FeatureCollection needs a \"features\" array")
            }
            var features: [Feature] = []
            features.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                features.append(try feature(from: item, file: file, index: i))
            }
            var foreign = JSONObject()
            for (k, v) in o where k != "type" && k != "features" && k != "bbox" { foreign[k] = v }
            return .featureCollection(
                FeatureCollection(features: features, bbox: try bbox(o["bbox"], file: file, index: nil), foreignMembers: foreign))
        case "Feature":
            return .feature(try feature(from: value, file: file, index: 0))
        default:
            return .geometry(try geometry(from: value, file: file, index: nil))
        }
    }

    package static func feature(from value: JSONValue, file: String, index: Int) throws -> Feature {
        guard case .object(let o) = value else {
            throw InputError(file: file, featureIndex: index, message: "expected a Feature object, found \(value.typeDescription)")
        }
        guard o["type"]?.stringValue == "Feature" else {
            throw InputError(file: file, featureIndex: index, key: "type", message: "expected \"type\": \"Feature\"")
        }
        var id: FeatureID?
        switch o["id"] {
        case nil, .null?: id = nil
        case .string(let s)?: id = .string(s)
        case .number(let d)?: id = .number(d)
        case let other?:
            throw InputError(file: file, featureIndex: index, key: "id", message: "id must be a string or a number, found \(other.typeDescription)")
        }
        var geom: Geometry?
        switch o["geometry"] {
        case nil:
            throw InputError(file: file, featureIndex: index, key: "geometry", message: "missing \"geometry\" member")
        case .null?: geom = nil
        case let g?: geom = try geometry(from: g, file: file, index: index)
        }
        var props = JSONObject()
        switch o["properties"] {
        case nil, .null?: break
        case .object(let p)?: props = p
        case let other?:
            throw InputError(file: file, featureIndex: index, key: "properties", message: "properties must be an object or null, found \(other.typeDescription)")
        }
        return Feature(id: id, geometry: geom, properties: props, bbox: try bbox(o["bbox"], file: file, index: index))
    }

    package static func geometry(from value: JSONValue, file: String, index: Int?) throws -> Geometry {
        func fail(_ msg: String, key: String? = nil) -> InputError {
            InputError(file: file, featureIndex: index, key: key, message: msg)
        }
        guard case .object(let o) = value else { throw fail("expected a geometry object, found \(value.typeDescription)", key: "geometry") }
        guard let type = o["type"]?.stringValue else { throw fail("geometry has no \"type\"", key: "type") }
        guard let kind = Geometry.Kind(rawValue: type) else { throw fail("unknown geometry type \"\(type)\"", key: "type") }
        if kind == .geometryCollection {
            guard case .array(let gs)? = o["geometries"] else { throw fail("a GeometryCollection needs a \"geometries\" array", key: "geometries") }
            return .geometryCollection(try gs.map { try geometry(from: $0, file: file, index: index) })
        }
        guard let coords = o["coordinates"] else { throw fail("\(type) has no \"coordinates\"", key: "coordinates") }
        func pos(_ v: JSONValue) throws -> Position {
            guard case .array(let a) = v, a.count >= 2, let x = a[0].doubleValue, let y = a[1].doubleValue else {
                throw fail("a position must be an array of at least two numbers", key: "coordinates")
            }
            guard x.isFinite, y.isFinite else { throw fail("coordinate is not a finite number", key: "coordinates") }
            return Position(x: x, y: y)
        }
        func list(_ v: JSONValue) throws -> [JSONValue] {
            guard case .array(let a) = v else { throw fail("coordinates of a \(type) must be nested arrays", key: "coordinates") }
            return a
        }
        switch kind {
        case .point: return .point(try pos(coords))
        case .multiPoint: return .multiPoint(try list(coords).map(pos))
        case .lineString:
            let ps = try list(coords).map(pos)
            if ps.count < 2 { throw fail("a LineString needs at least two positions", key: "coordinates") }
            return .lineString(ps)
        case .multiLineString: return .multiLineString(try list(coords).map { try list($0).map(pos) })
        case .polygon: return .polygon(try list(coords).map { try ring(try list($0).map(pos)) })
        case .multiPolygon: return .multiPolygon(try list(coords).map { try list($0).map { try ring(try list($0).map(pos)) } })
        case .geometryCollection: return .geometryCollection([])
        }
        func ring(_ ps: [Position]) throws -> [Position] {
            if ps.count < 4 { throw fail("a polygon ring needs at least four positions", key: "coordinates") }
            if ps.first != ps.last { throw fail("a polygon ring is not closed (first and last positions differ)", key: "coordinates") }
            return ps
        }
    }

    static func bbox(_ v: JSONValue?, file: String, index: Int?) throws -> [Double]? {
        guard let v, !v.isNull else { return nil }
        guard case .array(let a) = v, a.count >= 4, a.count % 2 == 0 else {
            throw InputError(file: file, featureIndex: index, key: "bbox", message: "bbox must be an array of 2×n numbers")
        }
        return try a.map {
            guard let d = $0.doubleValue else {
                throw InputError(file: file, featureIndex: index, key: "bbox", message: "bbox must hold numbers only")
            }
            return d
        }
    }
}

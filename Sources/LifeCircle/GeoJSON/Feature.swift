/// A feature id: RFC 7946 §3.2 allows a string or a number.
package enum FeatureID: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case number(Double)

    package var description: String {
        switch self {
        case .string(let s): return s
        case .number(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        }
    }
}

/// A GeoJSON Feature, RFC 7946 §3.2 (<https://www.rfc-editor.org/rfc/rfc7946#section-3.2>).
package struct Feature: Hashable, Sendable {
    package var id: FeatureID?
    /// nil for a feature whose `geometry` is JSON null (unlocated).
    package var geometry: Geometry?
    package var properties: JSONObject
    package var bbox: [Double]?

    package init(id: FeatureID? = nil, geometry: Geometry?, properties: JSONObject = JSONObject(), bbox: [Double]? = nil) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.bbox = bbox
    }

    /// The property `key` as a string, or nil when absent or not a string.
    package func string(_ key: String) -> String? { properties[key]?.stringValue }

    /// The property `key` as a number, or nil when absent or not a number.
    package func number(_ key: String) -> Double? { properties[key]?.doubleValue }
}

/// A GeoJSON FeatureCollection, RFC 7946 §3.3 (<https://www.rfc-editor.org/rfc/rfc7946#section-3.3>).
package struct FeatureCollection: Hashable, Sendable {
    package var features: [Feature] = []
    package var bbox: [Double]?
    /// Members other than `type`, `features` and `bbox` (e.g. a legacy `crs`, a `name`), in file order.
    package var foreignMembers: JSONObject = JSONObject()
}

/// Any GeoJSON text: a bare geometry, one feature, or a feature collection (RFC 7946 §2).
package enum GeoJSONObject: Hashable, Sendable {
    case geometry(Geometry)
    case feature(Feature)
    case featureCollection(FeatureCollection)

    /// The object as a collection: a feature becomes feature 0, a bare geometry a feature without
    /// properties.
    package var asFeatureCollection: FeatureCollection {
        switch self {
        case .geometry(let g): return FeatureCollection(features: [Feature(geometry: g)])
        case .feature(let f): return FeatureCollection(features: [f])
        case .featureCollection(let fc): return fc
        }
    }
}

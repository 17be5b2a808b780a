/// A point or polygon layer as a table: its properties as columns (the first feature's keys, in
/// order), with `lon` and `lat` appended for point layers.
package enum LayerTable {
    /// The CSV of a layer; an empty layer gives a header-only table when `header` is given.
    ///
    /// - Parameter types: The type of every property column the layer defines, by key (`lon` and
    ///   `lat` are `Real`); a key missing here is a programming error (String in release builds).
    package static func csv(_ layer: FeatureCollection, header: [String]? = nil, types: [String: CSVColumnType]) -> CSVTable {
        let keys = layer.features.first.map { Array($0.properties.keys) } ?? header ?? []
        let points = layer.features.contains { if case .point = $0.geometry { return true }; return false }
        let columns = keys + (points ? ["lon", "lat"] : [])
        var t = CSVTable(header: columns, types: columnTypes(columns, types))
        t.rows.reserveCapacity(layer.features.count)
        for f in layer.features { t.rows.append(row(f, keys: keys, withPosition: points)) }
        return t
    }

    /// The declared type of each of `columns`: from `types`, `Real` for `lon` and `lat`.
    static func columnTypes(_ columns: [String], _ types: [String: CSVColumnType]) -> [CSVColumnType] {
        columns.map { key in
            if let t = types[key] { return t }
            if key == "lon" || key == "lat" { return .real }
            assertionFailure("no CSV type declared for the column \(key)")
            return .string
        }
    }

    /// One feature's row: its properties under `keys`, then `lon` and `lat` (empty for a feature
    /// that is not a point) when `withPosition`.
    static func row(_ f: Feature, keys: [String], withPosition: Bool) -> [String] {
        var row = keys.map { cell(f.properties[$0]) }
        if withPosition {
            if case .point(let p)? = f.geometry {
                row += [GeoJSONWriter.number(p.x, 7), GeoJSONWriter.number(p.y, 7)]
            } else {
                row += ["", ""]
            }
        }
        return row
    }

    /// A property value as CSV text: numbers as GeoJSON writes them, null as an empty field.
    static func cell(_ v: JSONValue?) -> String {
        switch v {
        case nil, .null?: return ""
        case .string(let s)?: return s
        case .number(let d)?: return GeoJSONWriter.plainNumber(d)
        case .bool(let b)?: return b ? "1" : "0"
        case let other?: return GeoJSONWriter.encode(value: other)
        }
    }
}

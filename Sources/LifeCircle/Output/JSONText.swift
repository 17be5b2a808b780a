/// Pretty-printed JSON text for command output (two-space indent, members in their order,
/// numbers as `GeoJSONWriter.plainNumber` writes them), so scripts and diffs both read it.
package enum JSONText {
    package static func pretty(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        out += "\n"
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch value {
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            if a.allSatisfy({ if case .object = $0 { return false }; if case .array = $0 { return false }; return true }) {
                out += "[" + a.map { GeoJSONWriter.encode(value: $0) }.joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            for (i, v) in a.enumerated() {
                out += pad
                write(v, indent: indent + 1, into: &out)
                out += i + 1 < a.count ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{\n"
            var i = 0
            for (k, v) in o {
                out += pad + "\"" + GeoJSONWriter.escape(k) + "\": "
                write(v, indent: indent + 1, into: &out)
                i += 1
                out += i < o.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        default:
            out += GeoJSONWriter.encode(value: value)
        }
    }
}

import Foundation

/// Parses JSON text into `JSONValue`s.
///
/// PLACEHOLDER implementation over Foundation's JSONSerialization (loses member order); the fast
/// byte-level parser replaces it. The public API stays.
public enum JSONParser {
    /// Parses `bytes` (UTF-8 JSON) from the file named `file`.
    /// - Throws: `InputError` naming `file` and, where known, the byte offset.
    public static func parse(_ bytes: [UInt8], file: String) throws -> JSONValue {
        let any: Any
        do {
            any = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw InputError(file: file, message: "malformed JSON: \(error.localizedDescription)")
        }
        return convert(any)
    }

    private static func convert(_ any: Any) -> JSONValue {
        switch any {
        case let s as String: return .string(s)
        case let n as NSNumber:
            if n.objCType.pointee == 0x63 { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        case let a as [Any]: return .array(a.map(convert))
        case let d as [String: Any]:
            var o = JSONObject()
            for k in d.keys.sorted() { o[k] = convert(d[k] ?? NSNull()) }
            return .object(o)
        default: return .null
        }
    }
}

import Foundation

/// Maps OSM tags to facility categories: one table, overridable from a JSON file.
///
/// Each category has a list of rules; a rule is a conjunction of conditions written
/// `key=value1|value2` (or `key=*` for any value), joined by `+`, e.g.
/// `"amenity=social_facility+social_facility:for=senior|elderly"`. An element matching any rule of
/// a category becomes a facility of that category (it may belong to several categories).
/// JSON form: `{"health-station": ["amenity=clinic|doctors|hospital", "healthcare=*"], ...}`.
package struct OSMFacilityTable: Sendable, Equatable {
    /// One condition: the key, and the accepted values (nil = any value).
    package struct Condition: Sendable, Equatable {
        package var key: String
        package var values: Set<String>?
    }

    /// All conditions must hold; `text` is the rule as written, kept for the output's `osm_rule`.
    package struct Rule: Sendable, Equatable {
        package var text: String
        package var conditions: [Condition]

        /// Parses `key=v1|v2+key2=*`.
        package init(_ text: String) throws {
            self.text = text
            var conditions: [Condition] = []
            for part in text.split(separator: "+") {
                let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                    throw InputError(file: "facility tag table", key: text, message: "a condition must read key=value, key=v1|v2 or key=*")
                }
                conditions.append(Condition(key: kv[0], values: kv[1] == "*" ? nil : Set(kv[1].split(separator: "|").map(String.init))))
            }
            guard !conditions.isEmpty else { throw InputError(file: "facility tag table", key: text, message: "empty rule") }
            self.conditions = conditions
        }

        package func matches(_ tags: [OSMTag]) -> Bool {
            conditions.allSatisfy { c in
                guard let v = tags[osmKey: c.key] else { return false }
                return c.values?.contains(v) ?? true
            }
        }
    }

    /// Categories in output order, each with its rules.
    package private(set) var categories: [(id: String, rules: [Rule])]
    /// Every key some rule tests: an element with none of them matches nothing.
    private var keys: Set<String> = []
    /// Bit `n` set when some key has `n` UTF-8 bytes (bit 63: 63 or more): most tag keys are
    /// ruled out by their length before they are hashed. Strings compare by canonical
    /// equivalence, under which only ASCII strings keep their length: every bit is set when a key
    /// is not ASCII, and a tag key that is not ASCII is never ruled out by its length.
    private var keyLengths: UInt64 = 0

    package static func == (a: OSMFacilityTable, b: OSMFacilityTable) -> Bool {
        a.categories.map(\.id) == b.categories.map(\.id) && a.categories.map(\.rules) == b.categories.map(\.rules)
    }

    package init(_ categories: [(id: String, rules: [String])]) throws {
        self.categories = try categories.map { ($0.id, try $0.rules.map(Rule.init)) }
        indexKeys()
    }

    /// The default table for the five categories of STANDARDS.md.
    package static let standard: OSMFacilityTable = {
        let table: [(id: String, rules: [String])] = [
            ("health-station", ["amenity=clinic|doctors|hospital", "healthcare=*"]),
            ("elder-canteen", [
                "amenity=social_facility+social_facility:for=senior|seniors|elderly",
                "amenity=community_centre+community_centre:for=senior|seniors|elderly",
                "amenity=canteen|food_court|restaurant+social_facility:for=senior|seniors|elderly",
            ]),
            ("fitness-point", ["leisure=fitness_station|fitness_centre|sports_centre"]),
            ("ev-charger", ["amenity=charging_station"]),
            ("aed-school", ["amenity=school", "emergency=defibrillator"]),
        ]
        // The literal rules above are well formed; an empty table is the fallback if one is not.
        return (try? OSMFacilityTable(table)) ?? OSMFacilityTable(uncheckedCategories: [])
    }()

    private init(uncheckedCategories: [(id: String, rules: [Rule])]) {
        self.categories = uncheckedCategories
        indexKeys()
    }

    private static func lengthBit(_ key: String) -> UInt64 { 1 << min(key.utf8.count, 63) }

    private static func isASCII(_ key: String) -> Bool { key.utf8.allSatisfy { $0 < 0x80 } }

    /// Fills `keys` and `keyLengths` from the rules.
    private mutating func indexKeys() {
        keys = Set(categories.flatMap { $0.rules.flatMap { $0.conditions.map(\.key) } })
        keyLengths = keys.allSatisfy(Self.isASCII) ? keys.reduce(0) { $0 | Self.lengthBit($1) } : ~0
    }

    /// Reads a table from JSON (`{"category-id": ["rule", ...], ...}`, categories in file order).
    package static func read(path: String) throws -> OSMFacilityTable {
        let bytes = try GeoJSONReader.readBytes(path: path)
        guard case .object(let object) = try JSONParser.parse(bytes, file: path) else {
            throw InputError(file: path, message: "expected an object of category id → list of tag rules")
        }
        var categories: [(id: String, rules: [String])] = []
        for (key, value) in object {
            guard let list = value.arrayValue else {
                throw InputError(file: path, key: key, message: "expected a list of rules such as \"amenity=clinic|doctors\"")
            }
            var rules: [String] = []
            for item in list {
                guard let s = item.stringValue else { throw InputError(file: path, key: key, message: "a rule must be a string") }
                rules.append(s)
            }
            categories.append((key, rules))
        }
        do {
            return try OSMFacilityTable(categories)
        } catch var e as InputError {
            e.file = path
            throw e
        }
    }

    /// The categories `tags` belong to, with the first matching rule of each.
    package func match(_ tags: [OSMTag]) -> [(category: String, rule: String)] {
        guard tags.contains(where: { t in
            (keyLengths & Self.lengthBit(t.key) != 0 || !Self.isASCII(t.key)) && keys.contains(t.key)
        }) else { return [] }
        var out: [(String, String)] = []
        for c in categories {
            if let r = c.rules.first(where: { $0.matches(tags) }) { out.append((c.id, r.text)) }
        }
        return out
    }
}

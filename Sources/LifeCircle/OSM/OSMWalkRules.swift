/// Which OSM ways are walkable: the whole rule set of the import in one table.
///
/// A way is walkable when, in this order:
/// 1. it has a `highway` value listed below (other highways, and ways without one, are not);
/// 2. it is not an area (`area=yes`), unless it is a pedestrian area (`highway=pedestrian`);
/// 3. `foot` is not `no`, `private` (nor `use_sidepath`): a private path is closed to the public;
/// 4. `access` is not `private`/`no` unless `foot` allows it (`yes`, `designated`, `permissive`);
/// 5. the row's condition holds: `always`, or `footAllowed` (motorways, trunks: only with a
///    sidewalk tag or `foot` permission), or `footNotForbidden` (cycleways: walkable unless
///    `foot=no`, already handled by rule 3);
/// any highway with a sidewalk tag (`sidewalk`/`sidewalk:both|left|right` = yes, both, left, right,
/// separate) passes rule 5.
package enum OSMWalkRules {
    /// When a listed highway type is walkable.
    package enum Condition: Sendable {
        case always
        case footNotForbidden
        case footAllowed
    }

    /// `highway` value → condition.
    package static let highways: [String: Condition] = [
        "footway": .always, "path": .always, "pedestrian": .always, "steps": .always,
        "living_street": .always, "residential": .always, "service": .always, "unclassified": .always,
        "road": .always, "track": .always, "corridor": .always, "bridleway": .footNotForbidden,
        "tertiary": .always, "tertiary_link": .always,
        "secondary": .always, "secondary_link": .always,
        "primary": .always, "primary_link": .always,
        "cycleway": .footNotForbidden,
        "motorway": .footAllowed, "motorway_link": .footAllowed,
        "trunk": .footAllowed, "trunk_link": .footAllowed,
    ]
    /// `foot` values that allow walking even where `access` forbids it.
    package static let footPermissions: Set<String> = ["yes", "designated", "permissive"]
    /// `foot` values that forbid walking.
    package static let footForbidden: Set<String> = ["no", "private", "use_sidepath"]
    /// `access` values that close a way to walkers without a `foot` permission.
    package static let accessForbidden: Set<String> = ["private", "no"]
    /// Sidewalk keys and the values that mean a sidewalk exists.
    package static let sidewalkKeys = ["sidewalk", "sidewalk:both", "sidewalk:left", "sidewalk:right"]
    package static let sidewalkValues: Set<String> = ["yes", "both", "left", "right", "separate"]

    /// Whether a way with `tags` is walkable.
    package static func isWalkable(_ tags: [OSMTag]) -> Bool {
        guard let highway = tags[osmKey: "highway"], let condition = highways[highway] else { return false }
        if tags[osmKey: "area"] == "yes", highway != "pedestrian" { return false }
        let foot = tags[osmKey: "foot"]
        if let foot, footForbidden.contains(foot) { return false }
        let footPermitted = foot.map { footPermissions.contains($0) } ?? false
        if let access = tags[osmKey: "access"], accessForbidden.contains(access), !footPermitted { return false }
        switch condition {
        case .always, .footNotForbidden: return true
        case .footAllowed: return footPermitted || hasSidewalk(tags)
        }
    }

    /// True when a sidewalk tag says the road has a sidewalk.
    package static func hasSidewalk(_ tags: [OSMTag]) -> Bool {
        for key in sidewalkKeys {
            if let v = tags[osmKey: key], sidewalkValues.contains(v) { return true }
        }
        return false
    }
}

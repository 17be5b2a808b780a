/// Finds facilities farther than the plan's `maxSnapDistance` from every path: they cannot join
/// the walk network, so they serve nobody in the network analysis. Residents that far away count
/// as unreachable; a facility that far away would otherwise just drop out, so it gets a warning.
package enum FacilitySnapCheck {
    /// At most this many facility ids are named per category; the rest are counted.
    package static let listedIDs = 10

    /// One warning per category with facilities that did not join the network: how many, and
    /// their ids (the first `listedIDs`, in layer order).
    /// - Complexity: O(F) for F facilities.
    package static func warnings(_ prepared: PreparedStudy) -> [InputError] {
        let study = prepared.study
        let plan = study.plan
        var out: [InputError] = []
        for c in plan.categories {
            let facilities = study.facilities[c.id] ?? []
            let snaps = prepared.facilitySnaps[c.id] ?? []
            let off = facilities.indices.filter { $0 < snaps.count && snaps[$0] == nil }
            guard !off.isEmpty else { continue }
            let file = (c.facilities ?? plan.layers.facilities)?.path ?? PlanReader.planFilePath(for: plan.folder)
            let (what, serve) = off.count == 1 ? ("1 \"\(c.id)\" facility is", "serves") : ("\(off.count) \"\(c.id)\" facilities are", "serve")
            out.append(InputError(
                file: file, key: "categories[\(c.id)]",
                message: "\(what) farther than \(GeoJSONWriter.plainNumber(plan.walking.maxSnapDistanceMeters)) m (walking.maxSnapDistance) from every path and \(serve) nobody in the walk analysis: \(listing(off.map { facilities[$0].id }))",
                severity: .warning))
        }
        return out
    }

    /// `ids` joined with commas, the first `listedIDs` of them, then "… and N more".
    static func listing(_ ids: [String]) -> String {
        let shown = ids.prefix(listedIDs).joined(separator: ", ")
        return ids.count > listedIDs ? "\(shown) … and \(ids.count - listedIDs) more" : shown
    }
}

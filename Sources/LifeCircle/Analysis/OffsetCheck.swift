/// Detects layers whose coordinates carry the GCJ-02 (or BD-09) offset while the plan declares them
/// WGS84: their points sit hundreds of metres off the walk network, and converting them brings them
/// onto it.
///
/// Checks the residents, facility and candidate layers declared as WGS84 against the network,
/// in China only (the offset is zero elsewhere).
package enum OffsetCheck {
    /// A point layer is suspect when its points' median distance to the network exceeds this…
    package static let suspiciousMedianMeters = 80.0
    /// …and converting from GCJ-02 (or BD-09) at least halves it.
    package static let improvementFactor = 0.5

    /// Warnings for layers that look like GCJ-02 or BD-09 declared as WGS84.
    ///
    /// - Complexity: O(k) snaps for a sample of at most 400 points per layer.
    package static func warnings(_ prepared: PreparedStudy) -> [InputError] {
        let study = prepared.study
        guard let transformer = try? CoordinateTransformer.forThisThread(from: "EPSG:4326", to: prepared.metricCRS) else { return [] }
        var layers: [(LayerRef, [Position])] = [(study.plan.layers.residents, study.residents.map(\.position))]
        var seen = Set<String>()
        for c in study.plan.categories {
            guard let ref = c.facilities ?? study.plan.layers.facilities, seen.insert(ref.label).inserted else { continue }
            let ps = study.plan.categories.filter { ($0.facilities ?? study.plan.layers.facilities) == ref }
                .flatMap { (study.facilities[$0.id] ?? []).map(\.position) }
            layers.append((ref, ps))
        }
        if let ref = study.plan.layers.candidates { layers.append((ref, study.candidates.map(\.position))) }
        var out: [InputError] = []
        for (ref, all) in layers where CRSConverter.isWGS84(ref.crs) && !all.isEmpty {
            let step = max(1, all.count / 400)
            let sample = stride(from: 0, to: all.count, by: step).map { all[$0] }
            guard let first = sample.first, !ChinaCoordinates.isOutOfChina(first) else { continue }
            let asIs = median(sample, transformer: transformer, prepared: prepared)
            guard asIs > suspiciousMedianMeters else { continue }
            let gcj = median(sample.map(ChinaCoordinates.gcj02ToWGS84), transformer: transformer, prepared: prepared)
            let bd = median(sample.map(ChinaCoordinates.bd09ToWGS84), transformer: transformer, prepared: prepared)
            let (name, best) = gcj <= bd ? ("GCJ-02", gcj) : ("BD-09", bd)
            if best < asIs * improvementFactor {
                out.append(InputError(
                    file: ref.label, key: "crs",
                    message: "points sit a median \(Format.integer(asIs)) m from the walk network, but \(Format.integer(best)) m if read as \(name): the layer looks like \(name) (Amap/Tencent/Baidu coordinates) declared as WGS84; declare it with {\"path\": ..., \"crs\": \"\(name)\"}",
                    severity: .warning))
            }
        }
        return out
    }

    static func median(_ points: [Position], transformer: CoordinateTransformer, prepared: PreparedStudy) -> Double {
        guard let metric = try? transformer.transform(points) else { return 0 }
        var d = metric.map { p in prepared.segmentIndex.snap(p, maxDistance: 5_000)?.access ?? 5_000 }
        d.sort()
        return d.isEmpty ? 0 : d[d.count / 2]
    }
}

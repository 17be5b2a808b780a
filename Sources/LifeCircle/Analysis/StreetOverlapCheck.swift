import Foundation

/// Finds street polygons that overlap. A resident point in the overlap of two streets belongs to
/// the first of them in the streets layer (``StreetAssignment``), so the second street's figures
/// leave those residents out: each overlapping pair gets a warning with its area.
package enum StreetOverlapCheck {
    /// Overlaps smaller than this (m²) are digitising slivers along shared boundaries, not reported.
    package static let minimumArea = 1.0
    /// At most this many pairs get a warning of their own; the rest are counted in one more.
    package static let listedPairs = 20

    /// Two streets that overlap, by index in the streets layer (`first < second`), and the area
    /// they share in m² (nil when GEOS could not intersect them, even on a 1 mm grid).
    package struct Overlap: Sendable, Equatable {
        package var first: Int
        package var second: Int
        package var area: Double?
    }

    /// The pairs of `streets` (WGS84) whose overlap measures at least `minimumArea` in the metric
    /// CRS `metricCRS`, ordered by first then second index.
    ///
    /// An STRtree on the streets' envelopes proposes the pairs; only pairs whose envelopes meet are
    /// intersected with GEOS.
    /// - Throws: `LibraryError` when PROJ or GEOS fail.
    /// - Complexity: O(S log S + k) for S streets and k pairs with meeting envelopes, each pair
    ///   costing one GEOS intersection.
    package static func overlaps(_ streets: [Street], metricCRS: String) throws -> [Overlap] {
        guard streets.count > 1 else { return [] }
        let transformer = try CoordinateTransformer.forThisThread(from: "EPSG:4326", to: metricCRS)
        let context = GeosContext.current
        let tree = try GeosSTRtree(context: context)
        var shapes: [GeosGeometry?] = []
        var boxes: [BoundingBox?] = []
        for (i, street) in streets.enumerated() {
            let g = try GeosGeometry(transformer.transform(street.geometry), context: context)
            let box = try g.envelope
            shapes.append(box == nil ? nil : g)
            boxes.append(box)
            if box != nil { try tree.insert(i, geometry: g) }
        }
        var out: [Overlap] = []
        for i in streets.indices {
            guard let a = shapes[i], let box = boxes[i] else { continue }
            for j in try tree.query(box) where j > i {
                guard let b = shapes[j] else { continue }
                guard try a.intersects(b) else { continue }
                // A robustness failure of the overlay is retried on a 1 mm grid; if that fails
                // too, the pair is reported as not measured rather than dropped.
                let area = (try? a.intersection(b).area)
                    ?? (try? a.snapped(toGrid: 0.001).intersection(b.snapped(toGrid: 0.001)).area)
                if let area, area < minimumArea { continue }
                out.append(Overlap(first: i, second: j, area: area))
            }
        }
        return out
    }

    /// A warning per overlapping pair (the first `listedPairs`), naming both streets, the area and
    /// which street the residents in the overlap count for.
    /// - Throws: `LibraryError` when PROJ or GEOS fail.
    package static func warnings(_ prepared: PreparedStudy) throws -> [InputError] {
        try warnings(prepared.study.streets, file: prepared.study.plan.layers.streets.path, metricCRS: prepared.metricCRS)
    }

    /// The warnings of `warnings(_:)` for `streets` (WGS84) of the layer `file`, measured in
    /// `metricCRS`: what `PreparedStudy.prepare` starts on another core while it builds the network.
    /// - Throws: `LibraryError` when PROJ or GEOS fail.
    static func warnings(_ streets: [Street], file: String, metricCRS: String) throws -> [InputError] {
        let found = try overlaps(streets, metricCRS: metricCRS)
        var out = found.prefix(listedPairs).map { o in
            let a = streets[o.first], b = streets[o.second]
            let size = o.area.map { "by \(Format.integer($0)) m²" } ?? "(GEOS could not measure the overlap)"
            return InputError(
                file: file, featureIndex: b.index,
                message: "street \"\(b.name)\" overlaps street \"\(a.name)\" (feature \(a.index)) \(size): residents in the overlap count for \"\(a.name)\" only, the first in the layer",
                severity: .warning)
        }
        if found.count > listedPairs {
            out.append(InputError(file: file, message: "… and \(found.count - listedPairs) more pairs of overlapping streets", severity: .warning))
        }
        return out
    }
}

import Foundation

extension MetricCRS {
    /// Above this relative scale error (1%) a CRS is refused as the analysis CRS.
    package static let refusedScaleError = 0.01
    /// Above this relative scale error (0.1%) the analysis CRS is used with a warning.
    package static let warnedScaleError = 0.001

    /// How far a CRS's distances are off over a study area: the largest relative scale error, east-
    /// or northward, at the area's centre and corners, and where it was found.
    package struct ScaleError: Hashable, Sendable {
        /// |projected length ÷ ground length − 1|, e.g. 0.17 for 17%.
        package var error: Double
        /// "centre", "north-east corner", …
        package var place: String
    }

    /// Checks `crs` as the analysis CRS of a study whose area (WGS84 lon/lat) is `box`: it must be a
    /// projected CRS in metres (asked of PROJ, ``CRSDescription``) whose scale error over the area
    /// (``scaleError(of:over:)``) is at most 1%.
    ///
    /// - Parameters:
    ///   - automatic: whether `crs` was chosen by `auto` (the messages then suggest splitting the study).
    ///   - planFile: the plan file named in the problems (key `crs`).
    /// - Returns: a warning when the scale error is above 0.1%.
    /// - Throws: `InputError` (plan file, key `crs`) saying which CRSs to use and which zone `auto`
    ///   picks for this area.
    package static func checkAnalysisCRS(_ crs: String, automatic: Bool, area box: BoundingBox, planFile: String) throws -> [InputError] {
        func refuse(_ message: String) -> InputError {
            InputError(file: planFile, key: "crs", message: message + "; " + advice(for: box, automatic: automatic))
        }
        let description: CRSDescription
        do {
            description = try CRSDescription.describe(crs)
        } catch {
            throw refuse("cannot use \"\(crs)\" as the analysis CRS: \(error)")
        }
        let named = description.name == crs ? "\"\(crs)\"" : "\"\(crs)\" (\(description.name))"
        switch description.kind {
        case .geographic:
            throw refuse("\(named) is a geographic CRS in \(description.unitName)s, not a projected CRS in metres: distances would be measured in degrees")
        case .geocentric:
            throw refuse("\(named) is a geocentric (earth-centred X/Y/Z) CRS, not a projected CRS in metres")
        case .other:
            throw refuse("\(named) is not a projected CRS in metres")
        case .projected where !description.isProjectedInMetres:
            throw refuse("\(named) measures in \(description.unitName) (\(GeoJSONWriter.plainNumber(description.unitFactor)) m), not metres: walking speeds and distances are in metres")
        case .projected:
            break
        }
        let scale: ScaleError
        do {
            let transformer = try CoordinateTransformer.forThisThread(from: "EPSG:4326", to: crs)
            scale = try scaleError(of: transformer, over: box)
        } catch {
            throw refuse("cannot project the study area to \(named): \(error)")
        }
        let size = percent(scale.error)
        if !(scale.error <= refusedScaleError) {
            if automatic {
                throw refuse("the study area is too wide for one projected zone: \(named) distorts distances by \(size) at the \(scale.place)")
            }
            throw refuse("\(named) distorts distances by \(size) at the study area's \(scale.place) (at most \(percent(refusedScaleError)) is accepted)")
        }
        if scale.error > warnedScaleError {
            let message = automatic
                ? "the analysis CRS \(named) distorts distances by \(size) at the study area's \(scale.place): a study this wide would be more exact split in parts"
                : "the analysis CRS \(named) distorts distances by \(size) at the study area's \(scale.place); \(advice(for: box, automatic: false))"
            return [InputError(file: planFile, key: "crs", message: message, severity: .warning)]
        }
        return []
    }

    /// The largest relative scale error of `transformer` (from EPSG:4326) at the centre and the four
    /// corners of `box`: two points 100 m from each place, east and north along the WGS84 ellipsoid
    /// (meridian and prime-vertical radii of curvature), are projected and their projected distance
    /// compared with 100 m.
    /// - Throws: `LibraryError` when PROJ cannot project a place.
    /// - Complexity: O(1): 15 projected points.
    package static func scaleError(of transformer: CoordinateTransformer, over box: BoundingBox) throws -> ScaleError {
        let places: [(String, Position)] = [
            ("centre", box.center),
            ("south-west corner", Position(lon: box.minX, lat: box.minY)),
            ("south-east corner", Position(lon: box.maxX, lat: box.minY)),
            ("north-west corner", Position(lon: box.minX, lat: box.maxY)),
            ("north-east corner", Position(lon: box.maxX, lat: box.maxY)),
        ]
        var worst = ScaleError(error: 0, place: "centre")
        for (name, p) in places {
            let e = try scaleError(of: transformer, at: p)
            if !(e <= worst.error) { worst = ScaleError(error: e, place: name) }
        }
        return worst
    }

    /// The relative scale error at one place (see ``scaleError(of:over:)``).
    static func scaleError(of transformer: CoordinateTransformer, at p: Position) throws -> Double {
        let a = 6_378_137.0, f = 1 / 298.257_223_563
        let e2 = f * (2 - f)
        let lat = min(max(p.lat, -89), 89)
        let phi = lat * .pi / 180
        let w = (1 - e2 * sin(phi) * sin(phi)).squareRoot()
        let meridian = a * (1 - e2) / (w * w * w), primeVertical = a / w
        let step = 100.0
        let dLat = step / meridian * 180 / .pi
        let dLon = step / (primeVertical * cos(phi)) * 180 / .pi
        let q = try transformer.transform([
            Position(lon: p.lon, lat: lat), Position(lon: p.lon + dLon, lat: lat), Position(lon: p.lon, lat: lat + dLat),
        ])
        let east = q[0].distance(to: q[1]) / step, north = q[0].distance(to: q[2]) / step
        return max(abs(east - 1), abs(north - 1))
    }

    /// Which CRSs to use, with the zone `auto` picks for `box`.
    static func advice(for box: BoundingBox, automatic: Bool) -> String {
        if automatic { return "split the study into parts a few hundred kilometres wide" }
        let code = choose(forLonLat: box)
        let name = (try? CRSDescription.describe(code).name).map { " (\($0))" } ?? ""
        return "use \"auto\" (for this study area: \(code)\(name)), a WGS 84 UTM zone (EPSG:326zz north, 327zz south) or a CGCS2000 3° Gauss–Krüger zone (EPSG:4534–4554)"
    }

    private static func percent(_ share: Double) -> String {
        guard share.isFinite else { return "an unbounded amount" }
        return share >= 0.01 ? String(format: "%.1f%%", share * 100) : String(format: "%.2f%%", share * 100)
    }
}

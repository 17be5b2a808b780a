import Foundation

/// A study projected to its metric analysis CRS, with the walk network built and every resident,
/// facility and candidate joined to it, and each resident assigned to its street.
///
/// This is the one place where layers meet the network core: positions are projected once, ids
/// map to dense indices once.
public struct PreparedStudy: Sendable {
    /// The plan and its layers (WGS84).
    public let study: StudyData
    /// The analysis CRS (EPSG code or the plan's explicit CRS).
    public let metricCRS: String
    package let network: WalkNetwork
    package let segmentIndex: SegmentIndex
    /// Resident positions in metres (parallel to `study.residents`).
    public let residentPositions: [Position]
    package let residentSnaps: [SnapPoint?]
    /// Each resident's street index, or nil when it lies in no street.
    public let residentStreet: [Int?]
    /// Facilities per category id, in metres, with their snaps.
    public let facilityPositions: [String: [Position]]
    package let facilitySnaps: [String: [SnapPoint?]]
    /// Candidate sites in metres, with their snaps.
    public let candidatePositions: [Position]
    package let candidateSnaps: [SnapPoint?]
    /// Warnings found while preparing: a layer that looks like GCJ-02 declared as WGS84, facilities
    /// too far from every path to join the network, streets that overlap.
    public private(set) var warnings: [InputError] = []

    /// Projects the study, builds the network and snaps every point.
    ///
    /// - Throws: `LibraryError` when PROJ or GEOS fail; `InputError` when the plan's CRS is unusable:
    ///   not a projected CRS in metres, or off by more than 1% over the study area
    ///   (above 0.1% it is a warning).
    /// - Complexity: O(V + R + F) projections (V distinct network vertices), O(E) to build the
    ///   network, O(R) snaps and point-in-polygon tests (parallel).
    public static func prepare(_ study: StudyData) throws -> PreparedStudy {
        let plan = study.plan
        let planFile = PlanReader.planFilePath(for: plan.folder)
        guard let box = area(of: study) else { throw InputError(file: plan.layers.streets.path, message: "no streets or residents to place the study") }
        let crs = analysisCRS(plan, area: box)
        // A projected CRS in metres whose scale is right within 1% over the study area.
        let crsWarnings = try MetricCRS.checkAnalysisCRS(crs, automatic: plan.analysisCRS == .auto, area: box, planFile: planFile)
        let transformer: CoordinateTransformer
        do {
            transformer = try CoordinateTransformer.forThisThread(from: "EPSG:4326", to: crs)
        } catch {
            throw InputError(file: planFile, key: "crs", message: "cannot use \"\(crs)\" as the analysis CRS: \(error)")
        }

        // The streets' overlap check (GEOS overlays, on this thread it would wait for the network)
        // runs on another core meanwhile; its warnings keep their place at the end.
        let streets = study.streets, streetsFile = plan.layers.streets.path
        let overlapCheck = Parallel.Background { () -> Result<[InputError], any Error> in
            Result { try StreetOverlapCheck.warnings(streets, file: streetsFile, metricCRS: crs) }
        }

        // Residents to streets (GEOS, on the WGS84 positions: nothing to wait for) likewise; its
        // errors keep their place after the projections' and snaps. It gathers its own copy of the
        // positions and drops it when done (one copy shared with the projection below, held through
        // the network build, raised `validate`'s peak on 2 M residents by 30 MB).
        let residents = study.residents, streetShapes = study.streets.map(\.geometry)
        let streetAssignment = Parallel.Background { () -> Result<[Int?], any Error> in
            Result { try StreetAssignment.assign(residents.map(\.position), to: streetShapes) }
        }

        // Network: its distinct vertices (shared ones once) in bulk transforms, in slices on all
        // cores (each thread with its own copy of the transformer: the same operation, so the same
        // results).
        let network = try WalkNetwork.build(
            sourcePositions: study.network.positions, lineEnds: study.network.lineEnds, lineIDs: study.network.ids,
            project: { try projectInSlices($0, with: transformer) })
        let index = SegmentIndex(network: network)
        let snapDistance = plan.walking.maxSnapDistanceMeters

        let residentPositions = try transformer.transform(study.residents.map(\.position))
        let residentSnaps = index.snap(residentPositions, maxDistance: snapDistance)

        var facilityPositions: [String: [Position]] = [:]
        var facilitySnaps: [String: [SnapPoint?]] = [:]
        for c in plan.categories {
            let ps = try transformer.transform((study.facilities[c.id] ?? []).map(\.position))
            facilityPositions[c.id] = ps
            facilitySnaps[c.id] = index.snap(ps, maxDistance: snapDistance)
        }
        let candidatePositions = try transformer.transform(study.candidates.map(\.position))
        let candidateSnaps = index.snap(candidatePositions, maxDistance: snapDistance)

        let residentStreet = try (streetAssignment.wait() ?? .success([])).get()

        var prepared = PreparedStudy(
            study: study, metricCRS: crs, network: network, segmentIndex: index,
            residentPositions: residentPositions, residentSnaps: residentSnaps, residentStreet: residentStreet,
            facilityPositions: facilityPositions, facilitySnaps: facilitySnaps,
            candidatePositions: candidatePositions, candidateSnaps: candidateSnaps)
        prepared.warnings = try crsWarnings + OffsetCheck.warnings(prepared) + FacilitySnapCheck.warnings(prepared)
            + (overlapCheck.wait() ?? .success([])).get()
        return prepared
    }

    /// `positions` (WGS84) through `transformer`, in slices on all cores, each slice with its
    /// thread's copy of it (`CoordinateTransformer.forThisThread`: the same operation, so the same
    /// results). Should a slice fail, all of them are projected again on this thread, which
    /// throws the error a single bulk transform throws.
    ///
    /// - Throws: `LibraryError` when PROJ fails.
    /// - Complexity: O(n), spread over the cores.
    static func projectInSlices(_ positions: [Position], with transformer: CoordinateTransformer) throws -> [Position] {
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, positions.count / 65_536))
        if slices == 1 { return try transformer.transform(positions) }
        let (source, target) = (transformer.source, transformer.target)
        let parts = Parallel.tasks(count: slices) { k -> [Position]? in
            let lo = positions.count * k / slices, hi = positions.count * (k + 1) / slices
            return try? CoordinateTransformer.forThisThread(from: source, to: target).transform(Array(positions[lo..<hi]))
        }
        var out: [Position] = []
        out.reserveCapacity(positions.count)
        for part in parts {
            guard let part else { return try transformer.transform(positions) }
            out.append(contentsOf: part)
        }
        return out
    }

    /// The area a study covers, for choosing its analysis CRS: the streets' bounding box, else the
    /// residents' (nil when it has neither).
    static func area(of study: StudyData) -> BoundingBox? {
        streetsArea(study.streets) ?? BoundingBox(positions: study.residents.map(\.position))
    }

    /// The bounding box of the streets (nil when there are none).
    static func streetsArea(_ streets: [Street]) -> BoundingBox? {
        streets.compactMap { $0.geometry.boundingBox }.reduce(nil as BoundingBox?) { $0?.union($1) ?? $1 }
    }

    /// The analysis CRS of a plan whose study covers `box`: the plan's own, or the metric CRS
    /// chosen for the area.
    static func analysisCRS(_ plan: Plan, area box: BoundingBox) -> String {
        switch plan.analysisCRS {
        case .explicit(let code): code
        case .auto: MetricCRS.choose(forLonLat: box)
        }
    }

    /// The analysis CRS ``prepare(_:)`` will use for `study` (nil when it has no streets or residents).
    static func analysisCRS(of study: StudyData) -> String? {
        area(of: study).map { analysisCRS(study.plan, area: $0) }
    }

    /// Coverage and street gaps for the given categories (all when nil), scenarios and metrics.
    ///
    /// - Throws: ``InputError`` when an id names no category of the plan.
    public func analyse(categories ids: [String]? = nil, scenarios: [CoverageScenario] = CoverageScenario.allCases,
                        metrics: [DistanceMetric] = DistanceMetric.allCases) throws -> StudyAnalysis {
        try StudyAnalysis.run(self, categories: ids, scenarios: scenarios, metrics: metrics)
    }

    /// The whole life circle in a scenario: completeness, binding categories and sensitivity.
    public func circle(_ scenario: CoverageScenario = .existing) -> CircleStudy {
        CircleStudy.run(self, scenario: scenario)
    }

    /// The demand weight of every resident for a demand base.
    public func demand(_ base: DemandBase) -> [Double] {
        study.residents.map { $0.demand(base) }
    }

    /// The coverage question of a category.
    package func request(for category: Category) -> CoverageRequest {
        let facilities = study.facilities[category.id] ?? []
        return CoverageRequest(
            category: category.id,
            facilityPositions: facilityPositions[category.id] ?? [],
            facilitySnaps: facilitySnaps[category.id] ?? [],
            facilityPlanned: facilities.map { $0.status == .planned },
            minutes: category.walkMinutes,
            speed: CoverageRequest.speed(for: category.demand, walking: study.plan.walking),
            demand: demand(category.demand))
    }
}

/// Assigns points to the polygons (streets) that contain them, in parallel, with one GEOS
/// context and prepared-geometry index per worker thread.
package enum StreetAssignment {
    /// Fewer points than this per worker, or than polygons, are not worth another thread: each
    /// builds its own index and prepares every polygon its points fall in (with about one point
    /// per polygon, a second worker doubles the preparing and halves little else).
    static let pointsPerWorker = 2000

    /// For each point (WGS84), the lowest index of a polygon covering it, or nil.
    ///
    /// - Complexity: O(n log s) for n points and s polygons (STRtree, prepared geometries).
    package static func assign(_ points: [Position], to polygons: [Geometry]) throws -> [Int?] {
        guard !points.isEmpty else { return [] }
        let workers = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), max(points.count / max(pointsPerWorker, polygons.count), 1))
        let parts = try Parallel.tasks(count: workers) { w throws(LibraryError) -> [Int?] in
            let lo = points.count * w / workers, hi = points.count * (w + 1) / workers
            do {
                let index = try PolygonIndex(polygons: polygons, context: GeosContext.current)
                return try (lo..<hi).map { try index.locate(points[$0]) }
            } catch {
                throw LibraryError(library: "GEOS", operation: "point in street", message: "\(error)")
            }
        }
        return Array(parts.joined())
    }
}

import Foundation

/// Options of an OSM import.
package struct OSMImportOptions: Sendable {
    /// A WGS84 GeoJSON boundary (Polygon/MultiPolygon, bare or in features) to clip to.
    package var boundaryPath: String?
    /// The boundary's CRS when not WGS84 (e.g. "GCJ-02", "BD-09", "EPSG:4490"), converted with
    /// `CRSConverter`.
    package var boundaryCRS: String?
    /// Polygons or points with a `population` property, spread over residential floor area.
    package var populationPath: String?
    /// One total spread over all residential buildings by floor area (`--population-total`).
    package var populationTotal: Double?
    /// OSM tags → facility categories.
    package var facilityTable: OSMFacilityTable = .standard
    /// Levels of a building without `building:levels`.
    package var defaultLevels: Double = 2
    /// `building=` values counted as residential everywhere (`yes` only inside residential land use).
    package var residentialBuildings: Set<String> = [
        "residential", "apartments", "house", "detached", "semidetached_house", "terrace", "dormitory",
        "bungalow", "farm", "cabin", "static_caravan", "houseboat",
    ]
    /// The plan's `name`.
    package var planName = "osm-import"
    /// The most way references the first pass keeps (every way's, for the member ways of
    /// multipolygons) before it gives up and lets them be read again: 2 M, about 16 MB.
    package var keptWayReferences = 2_000_000

    package init() {}
}

/// How many facilities of one category an import wrote.
package struct OSMFacilityCount: Hashable, Sendable {
    package var category: String
    package var count: Int
}

/// What an import read and wrote.
package struct OSMImportSummary: Sendable {
    package var counts = OSMElementCounts()
    /// Way references to nodes the file does not hold (normal at extract edges).
    package var missingNodeRefs = 0
    package var networkWays = 0
    package var networkSegments = 0
    /// Connected components of the written network (lines joined at shared nodes), largest first
    /// as segment counts.
    package var componentSizes: [Int] = []
    /// Facilities written per category id, in table order.
    package var facilities: [OSMFacilityCount] = []
    package var residentialBuildings = 0
    package var floorArea = 0.0
    /// Population written to residents (with --population), and the units outside the extract
    /// (written too, at their own point, where coverage finds them unreachable when far from the network).
    package var population: Double?
    package var populationUnitsOutside: [String] = []
    package var populationOutside = 0.0
    /// Population units outside the `--boundary` (and holding no building inside it): not written.
    package var populationUnitsOutsideBoundary: [String] = []
    package var populationOutsideBoundary = 0.0
    /// Population units inside the extract with no residential building inside, kept at their own point.
    package var populationUnitsWithoutBuildings = 0
    /// Where the residents' population came from (nil: nowhere, the residents carry floor area only).
    package var populationSource: String?
    /// True when every resident carries `age60plus` (from the streets' `population60plus`).
    package var age60plus = false
    /// Problems the user must act on before the plan can run (printed as warnings).
    package var warnings: [String] = []
    /// The files written, relative to the output folder.
    package var files: [String] = []
    /// Notes for the user (what was assumed).
    package var notes: [String] = []
}

/// Imports an OSM extract into GeoJSON layers and a starter plan.
///
/// Reads the file in two or three streaming passes (ways and relations; member ways of
/// multipolygons when there are any; node coordinates of the needed nodes only), so memory grows
/// with the kept features, not the file. A PBF file's later passes inflate and decode only the
/// blobs holding the element types they need (`PBFBlobMap`).
/// - Complexity: O(file size + kept features · log(needed nodes)).
package struct OSMImporter: Sendable {
    package var options: OSMImportOptions

    package init(options: OSMImportOptions = OSMImportOptions()) {
        self.options = options
    }

    /// Imports `extract` into the folder `outDir`, written as one folder atomically
    /// (``OutputFolder``: a new, empty or LifeCircle-written folder, never one holding the extract,
    /// the boundary, the population units or the tag table; the user's files in it are kept). The
    /// folder is checked before the extract is read.
    /// - Throws: `FileError` when the folder is refused or cannot be written (it is then unchanged),
    ///   `InputError` for a bad extract, boundary or population file.
    package func run(extract: String, outDir: String, tagTable: String? = nil) throws -> OSMImportSummary {
        let inputs = [extract, options.boundaryPath, options.populationPath, tagTable].compactMap { $0 }
        let staging = try OutputFolder.Staging(path: outDir, inputs: inputs)
        do {
            let summary = try write(extract: extract, into: staging)
            try staging.commit()
            return summary
        } catch {
            staging.discard()
            throw error
        }
    }

    /// Imports `extract` into the staged folder (each file flushed to the disk in the background
    /// from when it is finished; the commit waits for them).
    private func write(extract: String, into staging: OutputFolder.Staging) throws -> OSMImportSummary {
        var summary = OSMImportSummary()
        let boundary = try options.boundaryPath.map { try OSMBoundary(path: $0, crs: options.boundaryCRS) }
        if boundary != nil, let note = OSMBoundary.conversionNote(crs: options.boundaryCRS) { summary.notes.append(note) }

        // Pass 1: ways, relations and tagged nodes.
        var collector = OSMImportCollector(
            table: options.facilityTable, residentialBuildings: options.residentialBuildings, keptWayReferences: options.keptWayReferences)
        // The PBF blobs and their element types, so that the later passes inflate only the blobs they
        // need, and the first 64 MiB of them kept inflated (a small extract's whole data), so that
        // those are not read and inflated again.
        var blobs = PBFBlobMap(keepingInflated: 64 << 20)
        summary.counts = try OSMReader.read(path: extract, kinds: [.all, .onlyTaggedNodes, .multipolygonMembersOnly], visitor: &collector, blobs: &blobs)

        // Pass 1b: node lists of multipolygon member ways, from the ways the first pass kept when
        // it could keep them all (a small extract), else from a second read of the ways.
        var memberRefs: [Int64: [Int64]] = [:]
        let wantedWays = Set(collector.multipolygons.flatMap { $0.outerWays + $0.innerWays })
        if !wantedWays.isEmpty {
            var members = OSMMemberWayCollector(wanted: wantedWays, waysInFile: summary.counts.ways)
            if let ways = collector.everyWay {
                for way in ways { members.visit(way: way) }
            } else {
                try OSMReader.read(path: extract, kinds: [.ways, .skipTags], visitor: &members, blobs: &blobs)
            }
            memberRefs = members.refs
            collector.wayLocations.merge(members.wayLocations)
        }
        collector.everyWay = nil
        resolveMultipolygons(&collector, memberRefs: memberRefs)

        // Pass 2: coordinates of the needed nodes.
        var needed: [Int64] = []
        for w in collector.walkWays { needed.append(contentsOf: w.refs) }
        for b in collector.buildings { for r in b.outers + b.inners { needed.append(contentsOf: r) } }
        for f in collector.facilities { for r in f.outers { needed.append(contentsOf: r) } }
        for r in collector.landuse { needed.append(contentsOf: r) }
        needed.sort()
        var unique: [Int64] = []
        unique.reserveCapacity(needed.count)
        for id in needed where unique.last != id { unique.append(id) }
        needed = []
        var locator = OSMNodeLocator(ids: unique, nodesInFile: summary.counts.nodes)
        try OSMReader.read(path: extract, kinds: [.nodes, .skipTags], visitor: &locator, blobs: &blobs)
        blobs.dropInflated()
        locator.fill(from: collector.wayLocations)
        collector.wayLocations = OSMWayLocations()
        let extractBox: BoundingBox? = locator.minLat <= locator.maxLat
            ? BoundingBox(minX: Double(locator.minLon) / 1e7, minY: Double(locator.minLat) / 1e7,
                          maxX: Double(locator.maxLon) / 1e7, maxY: Double(locator.maxLat) / 1e7)
            : nil

        var builder = OSMLayerBuilder(options: options, locator: locator, boundary: boundary, extractBox: extractBox)
        // Residents before anything is written, so that a population that cannot be placed stops
        // the import with no output.
        let (population, streetsFromUnits) = try populationUnits(boundary: boundary, summary: &summary)
        let residentRows = builder.residentRows(collector.buildings, landuse: collector.landuse, population: population)
        if let total = options.populationTotal, residentRows.isEmpty {
            throw InputError(
                file: extract,
                message: "--population-total \(GeoJSONWriter.plainNumber(total)): the extract has no residential buildings"
                    + (boundary == nil ? "" : " inside the boundary") + " to spread the population over")
        }

        let network = try OSMLayerStream(name: "network.geojson", in: staging)
        try builder.network(collector.walkWays, to: network, summary: &summary)
        try network.finish()
        collector.walkWays = []
        summary.files.append("network.geojson")

        for category in options.facilityTable.categories {
            let layer = builder.facilities(collector.facilities, category: category.id)
            let name = "facilities-\(category.id).geojson"
            try staging.add(OutputFile(name: name, bytes: GeoJSONWriter.encode(layer)))
            summary.files.append(name)
            summary.facilities.append(OSMFacilityCount(category: category.id, count: layer.features.count))
        }

        let residents = try OSMLayerStream(name: "residents.geojson", in: staging)
        let streets = try builder.residents(
            residentRows, population: population, streetsFromUnits: streetsFromUnits, to: residents, summary: &summary)
        try residents.finish()
        summary.files.append("residents.geojson")
        try staging.add(OutputFile(name: "streets.geojson", bytes: GeoJSONWriter.encode(streets)))
        summary.files.append("streets.geojson")
        if let source = summary.populationSource {
            summary.notes.append("population: " + source)
        } else {
            let warning = "no population source: residents.geojson carries floor area only, and validate and every analysis "
                + "will refuse it until each resident has a population. Import again with --population FILE (census areas or "
                + "a grid with `population`), --population-total N (spread over residential floor area), or a --boundary "
                + "whose streets carry `population`"
            summary.warnings.append(warning)
        }
        if options.populationPath == nil, boundary == nil {
            summary.notes.append("streets.geojson is the extract's bounding box: replace it with the street-office polygons")
        }
        summary.missingNodeRefs = builder.missingNodeRefs
        try staging.add(OutputFile(name: "plan.json", text: OSMStarterPlan.json(options: options, extract: extract, summary: summary)))
        summary.files.append("plan.json")
        return summary
    }

    /// The population units of the import and whether they also make the streets layer: the
    /// `--population` file (its polygons become the streets), else `--population-total`, else the
    /// `--boundary` streets' own `population` (and `population60plus`); nil when none is given.
    private func populationUnits(boundary: OSMBoundary?, summary: inout OSMImportSummary) throws -> (OSMPopulationUnits?, Bool) {
        func name(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
        if let path = options.populationPath {
            summary.populationSource = "the units of \(name(path)) spread over the residential floor area inside each "
                + "(footprint × building:levels, else \(GeoJSONWriter.plainNumber(options.defaultLevels)) levels)"
            if boundary?.hasPopulation ?? false {
                summary.notes.append("the boundary's own population properties were not used: --population was given")
            }
            let units = try OSMPopulationUnits(path: path)
            summary.age60plus = units.hasAge60plus
            return (units, true)
        }
        if let total = options.populationTotal {
            summary.populationSource = "--population-total \(GeoJSONWriter.plainNumber(total)) spread over all residential "
                + "buildings by floor area (footprint × building:levels, else \(GeoJSONWriter.plainNumber(options.defaultLevels)) levels)"
            if boundary?.hasPopulation ?? false {
                summary.notes.append("the boundary's own population properties were not used: --population-total was given")
            }
            return (OSMPopulationUnits(total: total), false)
        }
        if let boundary, boundary.hasPopulation, let path = options.boundaryPath {
            let units = try OSMPopulationUnits(features: boundary.features, indices: boundary.featureIndices, file: path, streetIDs: true)
            summary.age60plus = units.hasAge60plus
            let elderly = summary.age60plus ? " (and population60plus)" : ""
            summary.populationSource = "each street's population\(elderly) from \(name(path)) spread over the residential "
                + "floor area inside it (footprint × building:levels, else \(GeoJSONWriter.plainNumber(options.defaultLevels)) levels)"
            return (units, false)
        }
        return (nil, false)
    }

    /// Turns multipolygons into building / land-use / facility candidates from their member ways'
    /// closed rings (rings split over several ways are not joined; they are skipped).
    private func resolveMultipolygons(_ c: inout OSMImportCollector, memberRefs: [Int64: [Int64]]) {
        for mp in c.multipolygons.sorted(by: { $0.id < $1.id }) {
            let outers = mp.outerWays.compactMap { memberRefs[$0] }.filter { $0.count >= 4 && $0.first == $0.last }
            let inners = mp.innerWays.compactMap { memberRefs[$0] }.filter { $0.count >= 4 && $0.first == $0.last }
            guard !outers.isEmpty else { continue }
            if let b = mp.tags[osmKey: "building"], c.isBuildingCandidate(b) {
                c.buildings.append(.init(
                    type: .relation, id: mp.id, outers: outers, inners: inners, building: b, levels: mp.tags[osmKey: "building:levels"]))
            }
            if mp.tags[osmKey: "landuse"] == "residential" { c.landuse.append(contentsOf: outers) }
            let matches = c.table.match(mp.tags)
            if !matches.isEmpty {
                c.facilities.append(.init(type: .relation, id: mp.id, position: nil, outers: outers, name: mp.tags[osmKey: "name"], matches: matches))
            }
        }
    }
}

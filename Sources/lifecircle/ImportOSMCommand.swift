import ArgumentParser
import Foundation
import LifeCircle

/// `lifecircle import-osm`: OSM extract → network, facilities, residents layers and a starter plan.
struct ImportOSMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-osm",
        abstract: "Import an OpenStreetMap extract (.osm, .osm.gz, .osm.bz2, .osm.pbf) into GeoJSON layers and a starter plan.",
        discussion: """
            Writes network.geojson (walkable ways split at shared nodes), facilities-<category>.geojson \
            (POIs by tag), residents.geojson (residential buildings with floor area), streets.geojson and \
            plan.json into DIR, as one folder: only a new, empty or lifecircle-written folder is \
            replaced (never one holding the extract or another input), and files its \
            lifecircle-manifest.json does not list are kept. The folder is checked before the extract is read.

            Population (dasymetric, by floor area = footprint × building:levels, else --default-levels): \
            --population FILE spreads each unit's people over the buildings inside it; --population-total N \
            spreads one total over all residential buildings; without either, a --boundary whose streets carry \
            `population` (and `population60plus`) spreads each street's people over the buildings inside it. \
            With none of these the import warns and exits 0, and validate then refuses residents.geojson.
            """
    )

    @Argument(help: "The OSM extract: .osm (XML), .osm.gz, .osm.bz2 or .osm.pbf (also with locations on ways).")
    var extract: String

    @Option(name: .long, help: "Output folder (created, or replaced when lifecircle wrote it).")
    var out: String

    @Option(name: .long, help: "Clip to this boundary (GeoJSON Polygon/MultiPolygon).")
    var boundary: String?

    @Option(name: .long, help: "The boundary's CRS when not WGS84 (e.g. GCJ-02, BD-09, EPSG:4490).")
    var boundaryCRS: String?

    @Option(name: .long, help: "Population units (polygons or points with a `population` property) spread over residential floor area.")
    var population: String?

    @Option(name: .long, help: "A total population spread over all residential buildings by floor area.")
    var populationTotal: Double?

    @Option(name: .long, help: "A JSON facility tag table overriding the default ({\"category\": [\"key=v1|v2+key2=*\", ...]}).")
    var tagTable: String?

    @Option(name: .long, help: "Levels of a building without building:levels.")
    var defaultLevels: Double = 2

    @Option(name: .long, help: "The plan's name.")
    var name: String = "osm-import"

    func validate() throws {
        guard defaultLevels >= 1, defaultLevels <= 200 else {
            throw ValidationError("--default-levels must be between 1 and 200")
        }
        if let populationTotal {
            guard populationTotal.isFinite, populationTotal > 0, populationTotal <= 1e9 else {
                throw ValidationError("--population-total must be a number of people above 0 (and at most 1e9)")
            }
            guard population == nil else {
                throw ValidationError("give --population FILE or --population-total N, not both")
            }
        }
    }

    func run() throws {
        var options = OSMImportOptions()
        options.boundaryPath = boundary
        options.boundaryCRS = boundaryCRS
        options.populationPath = population
        options.populationTotal = populationTotal
        options.defaultLevels = defaultLevels
        options.planName = name
        if let tagTable { options.facilityTable = try OSMFacilityTable.read(path: tagTable) }
        let s = try OSMImporter(options: options).run(extract: extract, outDir: out, tagTable: tagTable)
        Console.progress("read \(s.counts)")
        let islands = s.componentSizes.count > 1 ? s.componentSizes.count - 1 : 0
        Console.progress(
            "network: \(s.networkSegments) segments from \(s.networkWays) ways; largest component \(s.componentSizes.first ?? 0) segments, \(islands) islands")
        Console.progress("facilities: " + s.facilities.map { "\($0.category) \($0.count)" }.joined(separator: ", "))
        Console.progress("residents: \(s.residentialBuildings) residential buildings, floor area \(Format.integer(s.floorArea)) m²")
        if let p = s.population {
            Console.progress(
                "population: \(String(format: "%.1f", p)) written"
                    + (populationTotal != nil ? "" : "; \(s.populationUnitsWithoutBuildings) units in the extract without buildings kept at their point"))
            if !s.populationUnitsOutsideBoundary.isEmpty {
                Console.progress(
                    "population units outside the boundary (not written): \(s.populationUnitsOutsideBoundary.count) with \(String(format: "%.1f", s.populationOutsideBoundary)) people: \(s.populationUnitsOutsideBoundary.joined(separator: ", "))")
            }
            if !s.populationUnitsOutside.isEmpty {
                Console.progress(
                    "population units outside the extract (written at their point; coverage counts those farther than maxSnapDistance from the network as unreachable): \(s.populationUnitsOutside.count) with \(String(format: "%.1f", s.populationOutside)) people: \(s.populationUnitsOutside.joined(separator: ", "))")
            }
        }
        if s.missingNodeRefs > 0 { Console.progress("note: \(s.missingNodeRefs) node references not in the extract were skipped") }
        for n in s.notes { Console.progress("note: \(n)") }
        for w in s.warnings { Console.progress("warning: \(w)") }
        Console.progress("wrote " + s.files.joined(separator: ", ") + " to \(out)")
    }
}

import ArgumentParser
import Foundation
import LifeCircle

/// `lifecircle import-osm`: OSM extract → network, facilities, residents layers and a starter plan.
struct ImportOSMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-osm",
        abstract: "Import an OpenStreetMap extract (.osm, .osm.gz, .osm.pbf) into GeoJSON layers and a starter plan.",
        discussion: """
            Writes network.geojson (walkable ways split at shared nodes), facilities-<category>.geojson \
            (POIs by tag), residents.geojson (residential buildings with floor area), streets.geojson and \
            plan.json into DIR.
            """
    )

    @Argument(help: "The OSM extract: .osm (XML), .osm.gz or .osm.pbf.")
    var extract: String

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Option(name: .long, help: "Clip to this boundary (GeoJSON Polygon/MultiPolygon).")
    var boundary: String?

    @Option(name: .long, help: "The boundary's CRS when not WGS84 (e.g. GCJ-02, BD-09, EPSG:4490).")
    var boundaryCRS: String?

    @Option(name: .long, help: "Population units (polygons or points with a `population` property) spread over residential floor area.")
    var population: String?

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
    }

    func run() throws {
        var options = OSMImportOptions()
        options.boundaryPath = boundary
        options.boundaryCRS = boundaryCRS
        options.populationPath = population
        options.defaultLevels = defaultLevels
        options.planName = name
        if let tagTable { options.facilityTable = try OSMFacilityTable.read(path: tagTable) }
        let s = try OSMImporter(options: options).run(extract: extract, outDir: out)
        Console.progress("read \(s.counts)")
        let islands = s.componentSizes.count > 1 ? s.componentSizes.count - 1 : 0
        Console.progress(
            "network: \(s.networkSegments) segments from \(s.networkWays) ways; largest component \(s.componentSizes.first ?? 0) segments, \(islands) islands")
        Console.progress("facilities: " + s.facilities.map { "\($0.category) \($0.count)" }.joined(separator: ", "))
        Console.progress("residents: \(s.residentialBuildings) residential buildings, floor area \(Format.integer(s.floorArea)) m²")
        if let p = s.population {
            Console.progress("population: \(String(format: "%.1f", p)) written; \(s.populationUnitsWithoutBuildings) units in the extract without buildings kept at their point")
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
        Console.progress("wrote " + s.files.joined(separator: ", ") + " to \(out)")
    }
}

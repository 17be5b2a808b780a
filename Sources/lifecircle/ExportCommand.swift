import ArgumentParser
import LifeCircle

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the GIS layers (a GeoPackage, GeoJSON in WGS84 and CSV tables) into a folder.",
        discussion: """
            Layers: street-gaps, and per category facilities- and service-area-polygon- (existing \
            facilities, walk network), as GeoJSON and CSV; all of them, the residents (every resident \
            point with each category's minutes, status and 2SFCA, and its life circle) and the \
            service-area lines also in <plan name>.gpkg (with a QGIS project and fields.csv); with \
            --all-geojson the residents and service-area lines as files too; with \
            --per-category-layers also coverage- and uncovered- per category. The folder is replaced as a whole: \
            a run that fails leaves the previous one intact. Only a new, empty or lifecircle-written \
            folder is replaced, and files its lifecircle-manifest.json does not list are kept.
            """
    )

    @OptionGroup var plan: PlanArgument

    @Option(name: .long, help: "Folder to write (created, or replaced when lifecircle wrote it).")
    var out: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out needs a folder") }
    }

    func run() throws {
        let report = try plan.load(outputFolder: { _ in out }, log: output.progressOption.log).report(siting: output.proposals.siting, joint: output.proposals.placeTogether)
        let count = try report.write(to: out, pages: false, perCategoryLayers: output.perCategoryLayers,
                                     allGeoJSON: output.allGeoJSON, progress: Console.progress,
                                     steps: output.progressOption.log.step)
        Console.progress("wrote \(count) files to \(out)")
    }
}

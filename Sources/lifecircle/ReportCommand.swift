import ArgumentParser
import LifeCircle

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The main job: coverage gaps per street, GIS layers and the planner's report (report.md, report.html).",
        discussion: """
            Writes into --out (default Reports/<plan name>): the layers of `export` plus report.md and \
            report.html, one self-contained page with maps that opens offline. The folder is replaced as \
            a whole: a run that fails leaves the previous report intact. Only a new, empty or \
            lifecircle-written folder (one with lifecircle-manifest.json) is replaced, and files the \
            manifest does not list are kept; see README. Output is deterministic.
            """
    )

    @OptionGroup var plan: PlanArgument

    @Option(name: .long, help: "Folder to write (default Reports/<plan name>).")
    var out: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let out, out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out needs a folder") }
    }

    func run() throws {
        let study = try plan.load(outputFolder: { out ?? "Reports/\($0.name)" }, log: output.progressOption.log)
        let folder = study.outputFolder ?? "Reports/\(study.plan.name)"
        let report = try study.report(siting: output.proposals.siting, joint: output.proposals.placeTogether)
        let count = try report.write(to: folder, pages: true, perCategoryLayers: output.perCategoryLayers,
                                     allGeoJSON: output.allGeoJSON, progress: Console.progress,
                                     steps: output.progressOption.log.step)
        Console.progress("wrote \(count) files to \(folder) (open \(folder)/report.html)")
    }
}

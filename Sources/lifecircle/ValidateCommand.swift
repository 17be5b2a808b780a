import ArgumentParser
import LifeCircle

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a plan and its layers, or single GeoJSON files, and report every problem found.",
        discussion: "Exits 1 if any error was found; warnings alone exit 0."
    )

    @Argument(help: "A plan.json, a folder holding one, or GeoJSON layer files.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give a plan (file or folder) or GeoJSON files to check") }
    }

    func run() throws {
        var errors = 0
        for path in paths {
            let report = Validator.looksLikePlan(path: path) ? Validator.validatePlan(path: path) : Validator.validateLayer(path: path)
            for line in report.summary { Console.output(line + "\n") }
            for p in report.problems { Console.output(p.description + "\n") }
            let verdict = report.errorCount == 0 ? "ok" : "FAILED"
            Console.output("\(report.subject): \(verdict): \(report.errorCount) errors, \(report.warningCount) warnings\n")
            errors += report.errorCount
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

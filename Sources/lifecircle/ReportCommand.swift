import ArgumentParser
import LifeCircle

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Not available yet."
    )

    func run() throws {
        throw NotYetAvailable(command: "report")
    }
}

import ArgumentParser
import LifeCircle

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Not available yet."
    )

    func run() throws {
        throw NotYetAvailable(command: "export")
    }
}

import ArgumentParser
import LifeCircle

struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Not available yet."
    )

    func run() throws {
        throw NotYetAvailable(command: "gaps")
    }
}

import ArgumentParser
import LifeCircle

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Not available yet."
    )

    func run() throws {
        throw NotYetAvailable(command: "coverage")
    }
}

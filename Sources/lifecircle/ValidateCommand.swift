import ArgumentParser
import LifeCircle

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Not available yet."
    )

    func run() throws {
        throw NotYetAvailable(command: "validate")
    }
}

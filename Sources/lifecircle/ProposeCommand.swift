import ArgumentParser
import LifeCircle

struct ProposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Not available yet."
    )

    func run() throws {
        throw NotYetAvailable(command: "propose")
    }
}

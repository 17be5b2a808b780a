import ArgumentParser
import LifeCircle

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Not available yet."
    )

    func run() throws {
        throw NotYetAvailable(command: "sample")
    }
}

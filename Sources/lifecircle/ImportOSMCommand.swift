import ArgumentParser
import LifeCircle

struct ImportOSMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-osm",
        abstract: "Not available yet."
    )

    func run() throws {
        throw NotYetAvailable(command: "import-osm")
    }
}

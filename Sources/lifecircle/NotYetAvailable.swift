import ArgumentParser

/// Thrown by commands whose issue has not landed yet.
struct NotYetAvailable: Error, CustomStringConvertible {
    var command: String
    var description: String { "error: `lifecircle \(command)` is not available yet in this build" }
}

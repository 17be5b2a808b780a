import ArgumentParser
import Foundation
import LifeCircle

/// The `lifecircle` command: 15-minute community life-circle planning on the walking network.
@main
struct Lifecircle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lifecircle",
        abstract: "Who is outside a 15-minute walk, street by street, and where new facilities close the gap.",
        discussion: """
            Exit status: 0 on success, 1 on bad input (the message names the file, the feature and \
            what is wrong), 2 on a usage error.
            """,
        version: LifeCircleVersion.string,
        subcommands: [
            ReportCommand.self,
            CoverageCommand.self,
            GapsCommand.self,
            ProposeCommand.self,
            ExportCommand.self,
            ValidateCommand.self,
            ImportOSMCommand.self,
            SampleCommand.self,
        ]
    )

    /// Runs the command, mapping errors to the exit codes of DESIGN.md: 1 for bad input, 2 for usage.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as UserFacingError {
            Console.error(error.description)
            Foundation.exit(1)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version
            }
            if error is LibraryError {
                Console.error("error: \(error)")
                Foundation.exit(1)
            }
            Console.error(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}

/// Progress and warnings go to stderr; data goes to stdout.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func progress(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func output(bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}

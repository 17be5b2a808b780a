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
            CircleCommand.self,
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
            finish(1)
        } catch let error as ExitCode {
            finish(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version
            }
            if error is LibraryError {
                Console.error("error: \(error)")
                finish(1)
            }
            Console.error(fullMessage(for: error))
            finish(2)
        }
    }

    /// Exits with `code`; the library frees its per-thread GEOS contexts and PROJ transformers at
    /// exit (a failed command has stopped all its work by the time its error arrives here).
    static func finish(_ code: Int32) -> Never {
        Foundation.exit(code)
    }
}

/// Progress and warnings go to stderr; data goes to stdout.
///
/// Writes go straight to write(2): when stdout is redirected to a full disk the run stops with
/// exit status 1 and says so, instead of trapping (FileHandle.write) or ending with a truncated
/// file and status 0. A failed write to stderr has nowhere to be reported and is dropped.
enum Console {
    static func error(_ message: String) {
        _ = writeAll(2, Array((message + "\n").utf8))
    }

    static func progress(_ message: String) {
        _ = writeAll(2, Array((message + "\n").utf8))
    }

    /// Rewrites the terminal's current line with `message` (ending it when `last`).
    static func updating(_ message: String, last: Bool) {
        _ = writeAll(2, Array(("\r\u{1B}[K" + message + (last ? "\n" : "")).utf8))
    }

    static func output(_ text: String) {
        output(bytes: Array(text.utf8))
    }

    static func output(bytes: [UInt8]) {
        let failure = writeAll(1, bytes)
        guard failure != 0 else { return }
        let reason = failure == EFBIG ? "the file is too large (the file-size limit was reached)"
            : failure == ENOSPC ? "no space left on the disk" : String(cString: strerror(failure))
        error("could not write the output to stdout: \(reason)")
        Foundation.exit(1)
    }

    /// Writes all of `bytes` to the descriptor; 0, or the errno of the failed write(2).
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return 0 }
            var done = 0
            while done < raw.count {
                // write(2): bytes written (possibly fewer), or -1 with errno set.
                let n = write(fd, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += n
            }
            return 0
        }
    }
}

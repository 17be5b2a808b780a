import Foundation
import Testing

/// The command line is a contract: `--help` of the root command and of every subcommand is compared
/// byte for byte with its snapshot in `Fixtures/help/<command>.txt` (80 columns). After a deliberate
/// change to a command's arguments or wording, update the snapshots with
/// `LIFECIRCLE_UPDATE_HELP=1 swift test --filter 'LifeCircleTests\.HelpSnapshotTests'` and review
/// the diff of `Tests/LifeCircleTests/Fixtures/help` before committing it.
@Suite struct HelpSnapshotTests {
    static let subcommands = ["report", "coverage", "gaps", "circle", "propose", "export", "validate", "import-osm", "sample"]
    static let updating = ProcessInfo.processInfo.environment["LIFECIRCLE_UPDATE_HELP"] == "1"

    /// `lifecircle [command] --help` at 80 columns.
    static func help(_ command: String?) throws -> String {
        let exe = try #require(TestSupport.executable, "the lifecircle executable was not found next to the tests")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = (command.map { [$0] } ?? []) + ["--help"]
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "80"
        p.environment = environment
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "lifecircle \(command ?? "") --help exited \(p.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    /// Compares `text` with the snapshot `name`, or writes it there when updating.
    static func check(_ text: String, snapshot name: String) throws {
        let path = TestSupport.fixture("help/\(name).txt")
        if updating {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("updated \(path): review the diff, then run the tests without LIFECIRCLE_UPDATE_HELP")
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("no help snapshot \(path): write it with LIFECIRCLE_UPDATE_HELP=1 swift test --filter 'LifeCircleTests\\.HelpSnapshotTests'")
            return
        }
        #expect(text == expected, """
            `lifecircle \(name == "lifecircle" ? "" : name + " ")--help` differs from Tests/LifeCircleTests/Fixtures/help/\(name).txt. \
            If the change is deliberate, run LIFECIRCLE_UPDATE_HELP=1 swift test --filter 'LifeCircleTests\\.HelpSnapshotTests' \
            and review the snapshot's diff. Now:
            \(text)
            """)
    }

    @Test func theRootHelpMatchesItsSnapshotAndListsEveryCommandWithASnapshot() throws {
        let text = try Self.help(nil)
        try Self.check(text, snapshot: "lifecircle")
        // The SUBCOMMANDS section names each command first on its line (two spaces in; wrapped
        // abstracts are indented further, the closing "See 'lifecircle help …'" is not a name).
        let section = try #require(text.components(separatedBy: "SUBCOMMANDS:").last)
        let listed = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first,
                  name.allSatisfy({ $0.isLowercase || $0 == "-" }) else { return nil }
            return String(name)
        }
        #expect(listed.sorted() == Self.subcommands.sorted(), "commands without a help snapshot: \(Set(listed).subtracting(Self.subcommands))")
    }

    @Test(arguments: subcommands)
    func eachCommandsHelpMatchesItsSnapshot(_ command: String) throws {
        try Self.check(try Self.help(command), snapshot: command)
    }
}

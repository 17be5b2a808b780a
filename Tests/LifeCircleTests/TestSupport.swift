import Foundation
import Testing

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The package root (the folder holding Package.swift).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` next to the package root (real data, read-only).
    static let sharedData: URL = root.deletingLastPathComponent().appendingPathComponent("shared/data")

    /// A fixture under Tests/LifeCircleTests/Fixtures.
    static func fixture(_ relative: String) -> String {
        root.appendingPathComponent("Tests/LifeCircleTests/Fixtures").appendingPathComponent(relative).path
    }

    /// A fresh empty temporary folder.
    static func temporaryFolder(_ label: String = "t") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lifecircle-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// The built `lifecircle` executable (built next to the test bundle because the tests depend on it).
    static var executable: String? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("lifecircle").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lifecircle").path,
            root.appendingPathComponent(".build/debug/lifecircle").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct RunResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `lifecircle` with `arguments` and collects its exit status and output.
    static func run(_ arguments: [String], cwd: String? = nil) throws -> RunResult {
        let exe = try #require(executable, "the lifecircle executable was not found next to the tests")
        return try runProcess(exe, arguments, cwd: cwd ?? root.path)
    }

    /// Runs any executable and collects its exit status and output.
    static func runProcess(_ exe: String, _ arguments: [String], cwd: String? = nil) throws -> RunResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return RunResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

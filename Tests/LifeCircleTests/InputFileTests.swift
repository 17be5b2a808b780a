import Foundation
import Testing
@testable import LifeCircle

/// Inputs that are not regular files (a FIFO, `/dev/zero`, a folder) and an oversized plan.json are
/// refused with an error naming the file, before they are opened or read: run through the built
/// command under a watchdog, so a read that hangs or never ends fails the test instead of blocking it.
@Suite struct InputFileTests {
    /// A copy of the tiny plan in a fresh temporary folder.
    static func tinyCopy(_ label: String) throws -> String {
        let folder = try TestSupport.temporaryFolder(label)
        let tiny = TestSupport.fixture("plans/tiny")
        for f in try FileManager.default.contentsOfDirectory(atPath: tiny) {
            try FileManager.default.copyItem(atPath: tiny + "/" + f, toPath: folder + "/" + f)
        }
        return folder
    }

    /// Replaces `name` in `folder` with a FIFO (no writer ever opens it).
    static func makeFIFO(_ folder: String, _ name: String) throws {
        try? FileManager.default.removeItem(atPath: folder + "/" + name)
        try #require(mkfifo(folder + "/" + name, 0o600) == 0)
    }

    /// Runs the command under the watchdog and requires that it ended by itself, with exit 1.
    static func refused(_ arguments: [String], naming file: String, _ words: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> TestSupport.RunResult {
        let result = try #require(try TestSupport.runWatched(arguments), "lifecircle \(arguments.joined(separator: " ")) did not end within the watchdog's time",
                                  sourceLocation: sourceLocation)
        #expect(result.status == 1, "exit \(result.status)\n\(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
        let text = result.stdout + result.stderr
        let line = text.split(separator: "\n").first { $0.contains(file) && $0.localizedCaseInsensitiveContains(words) }
        #expect(line != nil, "no line names \(file) with \"\(words)\":\n\(text)", sourceLocation: sourceLocation)
        return result
    }

    @Test func aFIFOLayerIsRefusedNotOpened() throws {
        let folder = try Self.tinyCopy("fifo-layer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.makeFIFO(folder, "residents.geojson")
        _ = try Self.refused(["validate", folder], naming: "residents.geojson", "named pipe")
        let out = folder + "/out"
        _ = try Self.refused(["report", folder, "--out", out, "--no-proposals"], naming: "residents.geojson", "named pipe")
        #expect(!FileManager.default.fileExists(atPath: out), "a report was written")
        _ = try Self.refused(["validate", folder + "/residents.geojson"], naming: "residents.geojson", "named pipe")
    }

    @Test func devZeroAsALayerIsRefusedNotReadForever() throws {
        let folder = try Self.tinyCopy("dev-zero")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.removeItem(atPath: folder + "/network.geojson")
        try FileManager.default.createSymbolicLink(atPath: folder + "/network.geojson", withDestinationPath: "/dev/zero")
        _ = try Self.refused(["validate", folder], naming: "network.geojson", "character device")
        _ = try Self.refused(["coverage", folder], naming: "network.geojson", "character device")
        _ = try Self.refused(["validate", "/dev/zero"], naming: "/dev/zero", "character device")
    }

    @Test func aFolderAsALayerIsRefused() throws {
        let folder = try Self.tinyCopy("folder-layer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.removeItem(atPath: folder + "/streets.geojson")
        try FileManager.default.createDirectory(atPath: folder + "/streets.geojson", withIntermediateDirectories: false)
        let result = try Self.refused(["validate", folder], naming: "streets.geojson", "is a folder")
        #expect(result.stdout.contains("FAILED"))
        // Given on its own, a folder is taken for a plan folder, and one with no plan.json is refused as such.
        _ = try Self.refused(["validate", folder + "/streets.geojson"], naming: "streets.geojson", "is a folder with no plan.json")
        _ = try Self.refused(["gaps", folder + "/streets.geojson"], naming: "streets.geojson", "is a folder with no plan.json")
    }

    @Test func candidatesThatAreNotAFileAreRefused() throws {
        let folder = try Self.tinyCopy("fifo-candidates")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.makeFIFO(folder, "sites.geojson")
        _ = try Self.refused(["propose", folder, "--category", "health-station", "--count", "1", "--candidates", folder + "/sites.geojson"],
                             naming: "sites.geojson", "named pipe")
    }

    @Test func aPlanThatIsAFIFOOrTooLargeIsRefusedBeforeItIsRead() throws {
        let folder = try Self.tinyCopy("plan-file")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plan = folder + "/plan.json"
        // A valid plan padded with whitespace past 4 MiB: only its size is wrong.
        var text = try String(contentsOfFile: plan, encoding: .utf8)
        text += String(repeating: " ", count: 4 << 20)  // the limit is 4 MiB
        try AtomicFile.write(text, to: plan)
        _ = try Self.refused(["validate", folder], naming: "plan.json", "bytes")
        _ = try Self.refused(["gaps", plan], naming: "plan.json", "bytes")
        try Self.makeFIFO(folder, "plan.json")
        _ = try Self.refused(["validate", folder], naming: "plan.json", "named pipe")
        _ = try Self.refused(["report", folder, "--out", folder + "/out", "--no-proposals"], naming: "plan.json", "named pipe")
    }

    @Test func aREADMEThatIsNotAFileIsLeftOutOfTheReport() throws {
        let folder = try Self.tinyCopy("odd-readme")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.makeFIFO(folder, "README.md")
        let out = folder + "/out"
        let fifo = try #require(try TestSupport.runWatched(["report", folder, "--out", out, "--no-proposals"]), "the report hung on README.md")
        #expect(fifo.status == 0, "\(fifo.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/report.md"))
        try FileManager.default.removeItem(atPath: folder + "/README.md")
        try FileManager.default.createSymbolicLink(atPath: folder + "/README.md", withDestinationPath: "/dev/zero")
        let zero = try #require(try TestSupport.runWatched(["report", folder, "--out", out, "--no-proposals"]), "the report hung on README.md")
        #expect(zero.status == 0, "\(zero.stderr)")
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(!report.contains("From the plan's README"))
    }
}

// MARK: - Running the command under a watchdog

extension TestSupport {
    /// Runs `lifecircle` with `arguments` under a watchdog: killed after `seconds` (nil is
    /// returned then), and with its address space limited to `memoryKilobytes` so a read without
    /// end fails fast instead of eating the machine's memory.
    static func runWatched(_ arguments: [String], seconds: Double = 20, memoryKilobytes: Int = 4 << 20) throws -> RunResult? {
        let exe = try #require(executable, "the lifecircle executable was not found next to the tests")
        let folder = try temporaryFolder("watched")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/stdout", err = folder + "/stderr"
        // exec keeps the pid: the watchdog's kill reaches lifecircle itself.
        let script = "ulimit -v \(memoryKilobytes); exec \"$0\" \"$@\""
        let pid = try spawn("/bin/sh", ["-c", script, exe] + arguments, stdout: out, stderr: err)
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while true {
            // waitpid(2) with WNOHANG: the pid once it ended, 0 while it runs, -1 on error.
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0, errno != EINTR { throw SpawnError(description: "waitpid: \(String(cString: strerror(errno)))") }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return nil
            }
            usleep(20_000)
        }
        let signal = status & 0x7F
        let stdout = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: out))) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: err))) ?? Data(), as: UTF8.self)
        return RunResult(status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal, stdout: stdout, stderr: stderr)
    }
}

import Foundation
import Testing
@testable import LifeCircle

/// Interrupted runs: real `lifecircle` processes killed with SIGKILL part-way through writing, or
/// failing to write under a file-size limit (a full disk: write(2) fails with EFBIG), leave each
/// output either as the old complete one or the new complete one, never a partial one.
@Suite(.serialized) struct FaultTests {
    /// What to wait for before killing the child.
    enum Moment: CustomStringConvertible {
        /// Kill at once, before it has read anything.
        case atStart
        /// Kill when the temporary folder `.DIR.lifecircle-tmp-<pid>-<random>` holds at least this
        /// many files besides its marker (each file is complete before the next is created, so
        /// file n is being written).
        case folderEntries(Int)
        /// Kill when this output file exists in the temporary folder (it is being written).
        case temporaryFile(String)

        var description: String {
            switch self {
            case .atStart: "at start"
            case .folderEntries(let n): "\(n) entries in the temporary folder"
            case .temporaryFile(let name): "while writing \(name)"
            }
        }
    }

    /// How a kill went: the child's pid, and whether its temporary output was left part-written.
    struct Kill {
        var pid: pid_t
        var caughtMidWrite: Bool
    }

    /// The temporary folder of the run `pid` writing `folder`, when there is one: the hidden
    /// sibling `.NAME.lifecircle-tmp-<pid>-<random>`.
    static func temporaryFolder(of folder: String, pid: pid_t) -> String? {
        let parent = (folder as NSString).deletingLastPathComponent
        let prefix = ".\((folder as NSString).lastPathComponent).lifecircle-tmp-\(pid)-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        return names.first { $0.hasPrefix(prefix) }.map { parent + "/" + $0 }
    }

    /// Starts `lifecircle arguments`, waits for `moment` and kills the child with SIGKILL (or lets
    /// it finish when it gets past the moment first). `out` is the output folder, whose temporary
    /// sibling shows the progress.
    static func startAndKill(_ arguments: [String], at moment: Moment, out: String, work: String) throws -> Kill {
        let exe = try #require(TestSupport.executable)
        let pid = try TestSupport.spawn(exe, arguments, stdout: work + "/killed.out", stderr: work + "/killed.err")
        var killed = false
        var status: Int32 = 0
        var finished = false
        while !killed && !finished {
            let due: Bool
            switch moment {
            case .atStart: due = true
            case .folderEntries(let n):
                let temp = Self.temporaryFolder(of: out, pid: pid)
                let entries = temp.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0) } ?? []
                due = entries.filter { $0 != ".lifecircle-incomplete" }.count >= n
            case .temporaryFile(let name):
                due = Self.temporaryFolder(of: out, pid: pid).map { FileManager.default.fileExists(atPath: $0 + "/" + name) } ?? false
            }
            if due {
                kill(pid, SIGKILL)
                killed = true
            } else if waitpid(pid, &status, WNOHANG) == pid {
                finished = true
            } else {
                usleep(100)
            }
        }
        if !finished { _ = TestSupport.wait(pid) }
        return Kill(pid: pid, caughtMidWrite: killed && Self.temporaryFolder(of: out, pid: pid) != nil)
    }

    /// A plan over the Jing'an sample with one category (its own facilities layer), so `export`
    /// runs in seconds yet writes about 11 MB in 10 files.
    static func oneCategoryPlan(work: String) throws -> String {
        let folder = work + "/sample"
        let made = try TestSupport.run(["sample", "jingan", "--out", folder])
        try #require(made.status == 0, "sample failed: \(made.stderr)")
        let plan = """
            {"name": "faults", "title": "Fault test", "crs": "auto",
             "layers": {"streets": "streets.geojson", "residents": "residents.geojson", "network": "network.geojson"},
             "categories": [{"id": "health-station", "name": "Health", "demand": "all", "walkMinutes": 15,
                             "target": {"count": 4}, "facilities": "facilities.geojson"}]}
            """
        try AtomicFile.write(plan, to: folder + "/one-category.json")
        return folder + "/one-category.json"
    }

    /// Sets up an export run over an existing output: the one-category plan, the folder
    /// `work/out/layers` holding the tiny plan's export (the old output), and the files the plan's
    /// export writes (the new output, made once in `work/reference`).
    static func exportOverAnOldFolder(work: String) throws -> (plan: String, parent: String, out: String, new: [String: [UInt8]]) {
        let plan = try oneCategoryPlan(work: work)
        let parent = work + "/out"
        let out = parent + "/layers"
        let reference = try TestSupport.run(["export", plan, "--out", work + "/reference"])
        try #require(reference.status == 0, "\(reference.stderr)")
        let new = try TestSupport.contents(of: work + "/reference")
        let previous = try TestSupport.run(["export", TestSupport.fixture("plans/tiny"), "--out", out])
        try #require(previous.status == 0, "\(previous.stderr)")
        return (plan, parent, out, new)
    }

    /// True when a message looks like a crash rather than a handled error.
    static func looksLikeACrash(_ stderr: String) -> Bool {
        ["Fatal error", "Stack dump", "Illegal instruction", "Segmentation fault", "Current stack trace"].contains { stderr.contains($0) }
    }

    // MARK: - Killed processes

    @Test func aKilledExportLeavesTheOldOrTheNewFolderKeepsTheUsersFileAndTheNextRunClearsItsLeftovers() throws {
        let work = try TestSupport.temporaryFolder("faults-kill-export")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (plan, parent, out, new) = try Self.exportOverAnOldFolder(work: work)
        // A QGIS project the user saved beside the layers: not in the manifest, so it is theirs.
        let project = Array("<qgis project/>".utf8)
        try Data(project).write(to: URL(fileURLWithPath: out + "/project.qgz"))
        let old = try TestSupport.contents(of: out).filter { $0.key != "project.qgz" }
        try #require(old != new && new.count >= 6)

        var killedPids: [pid_t] = []
        var caught = 0
        let moments: [Moment] = [.atStart, .folderEntries(1), .folderEntries(2), .folderEntries(3), .folderEntries(6), .folderEntries(new.count)]
        for moment in moments {
            let k = try Self.startAndKill(["export", plan, "--out", out], at: moment, out: out, work: work)
            killedPids.append(k.pid)
            if k.caughtMidWrite { caught += 1 }
            var now = try TestSupport.contents(of: out)
            #expect(now.removeValue(forKey: "project.qgz") == project, "killed \(moment): the user's project.qgz is gone or changed")
            #expect(now == old || now == new, "killed \(moment): the folder is neither the old nor the new output")
            // Only the target and the killed runs' temporary folders, never anything else at or
            // beside the target path (no moved-aside folder: the swap is one exchange).
            let entries = try TestSupport.entries(parent)
            for name in entries where name != "layers" {
                #expect(killedPids.contains { name.hasPrefix(".layers.lifecircle-tmp-\($0)-") }, "killed \(moment): \(entries)")
            }
        }
        // Polling the temporary folder between files catches the writer part-way: at least one
        // kill left a part-written temporary folder (and the old output in place).
        #expect(caught >= 1)

        // The next complete run writes the new output, keeps the project and removes the dead
        // runs' leftovers.
        let next = try TestSupport.run(["export", plan, "--out", out])
        #expect(next.status == 0, "\(next.stderr)")
        var now = try TestSupport.contents(of: out)
        #expect(now.removeValue(forKey: "project.qgz") == project)
        #expect(now == new)
        #expect(try TestSupport.entries(parent) == ["layers"])
    }

    @Test func aKilledSampleLeavesTheOldOrTheNewFolderAndTheNextRunClearsItsLeftovers() throws {
        let work = try TestSupport.temporaryFolder("faults-kill-sample")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let out = work + "/sample"
        let reference = try TestSupport.run(["sample", "jingan", "--seed", "7", "--scale", "2", "--out", work + "/reference"])
        try #require(reference.status == 0, "\(reference.stderr)")
        let new = try TestSupport.contents(of: work + "/reference")
        let previous = try TestSupport.run(["sample", "jingan", "--seed", "1", "--out", out])
        try #require(previous.status == 0, "\(previous.stderr)")
        let old = try TestSupport.contents(of: out)
        try #require(Set(old.keys) == Set(new.keys) && old["residents.geojson"] != new["residents.geojson"])

        var killedPids: [pid_t] = []
        var caught = 0
        let moments: [Moment] = [.atStart, .temporaryFile("streets.geojson"), .temporaryFile("residents.geojson"),
                                 .temporaryFile("network.geojson"), .temporaryFile("candidates.geojson")]
        for moment in moments {
            let k = try Self.startAndKill(["sample", "jingan", "--seed", "7", "--scale", "2", "--out", out], at: moment, out: out, work: work)
            killedPids.append(k.pid)
            if k.caughtMidWrite { caught += 1 }
            let now = try TestSupport.contents(of: out)
            #expect(now == old || now == new, "killed \(moment): the folder is neither the old nor the new sample")
            // Beside the folder, only the killed runs' temporary folders (and the test's own files).
            for name in try TestSupport.entries(work) where !["sample", "reference", "killed.out", "killed.err"].contains(name) {
                #expect(killedPids.contains { name.hasPrefix(".sample.lifecircle-tmp-\($0)-") }, "unexpected \(name)")
            }
        }
        #expect(caught >= 1)

        let next = try TestSupport.run(["sample", "jingan", "--seed", "7", "--scale", "2", "--out", out])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try TestSupport.contents(of: out) == new)
        #expect(try TestSupport.entries(out) == new.keys.sorted())
        #expect(try TestSupport.entries(work) == ["killed.err", "killed.out", "reference", "sample"])
    }

    // MARK: - A full disk (file-size limit)

    @Test func aWriteErrorInTheSampleKeepsTheWholeOldSampleAndNamesTheFile() throws {
        let work = try TestSupport.temporaryFolder("faults-efbig-file")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let out = work + "/sample"
        let previous = try TestSupport.run(["sample", "jingan", "--seed", "1", "--out", out])
        try #require(previous.status == 0, "\(previous.stderr)")
        let old = try TestSupport.contents(of: out)
        // The files in writing order, and their new bytes.
        let files = JinganSample(seed: 7, scale: 2).generate().files()
        let limitBlocks = 4096  // 2 MiB
        let failing = try #require(files.firstIndex { $0.bytes.count > limitBlocks * 512 })
        try #require(failing >= 1, "the first file should fit under the limit")

        let r = try TestSupport.runWithFileSizeLimit(blocks: limitBlocks, ["sample", "jingan", "--seed", "7", "--scale", "2", "--out", out])
        #expect(r.status == 1)
        let name = files[failing].name
        #expect(r.stderr.contains("\(out)/\(name): could not write: the file is too large"), "\(r.stderr)")
        #expect(r.stderr.contains("the folder \(out) is unchanged"), "\(r.stderr)")
        #expect(!Self.looksLikeACrash(r.stderr), "\(r.stderr)")
        // The sample is one folder: the files written before the failing one are not in it either.
        #expect(try TestSupport.contents(of: out) == old)
        #expect(try TestSupport.entries(work) == ["sample"])  // no temporary folder left
    }

    @Test func aWriteErrorPartWayThroughAFolderKeepsTheOldFolder() throws {
        let work = try TestSupport.temporaryFolder("faults-efbig-folder")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (plan, parent, out, new) = try Self.exportOverAnOldFolder(work: work)
        let old = try TestSupport.contents(of: out)

        // A limit that the street-gaps layers fit under and the GeoPackage exceeds: some files
        // are written before one fails, in the middle of the folder (the files are written as the
        // parallel work makes them, so which fails first may vary; the outcome may not).
        let first = try #require(new["street-gaps.geojson"]).count, second = try #require(new["street-gaps.csv"]).count
        let third = try #require(new.first { $0.key.hasSuffix(".gpkg") }).value.count
        let limitBlocks = (max(first, second) + 511) / 512
        try #require(third > limitBlocks * 512)
        try #require(new.values.filter { $0.count <= limitBlocks * 512 }.count >= 2)

        let r = try TestSupport.runWithFileSizeLimit(blocks: limitBlocks, ["export", plan, "--out", out])
        #expect(r.status == 1)
        // The layers are written as they are made (in parallel), so which file hits the limit
        // first depends on the order of the work; one must, and be named.
        #expect(Self.namesAFileThatHitTheLimit(r.stderr, in: out), "\(r.stderr)")
        #expect(r.stderr.contains("the folder \(out) is unchanged"), "\(r.stderr)")
        #expect(!Self.looksLikeACrash(r.stderr), "\(r.stderr)")
        #expect(try TestSupport.contents(of: out) == old)
        #expect(try TestSupport.entries(parent) == ["layers"])  // no temporary folder left

        // Without the limit the same command replaces the folder.
        let next = try TestSupport.run(["export", plan, "--out", out])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try TestSupport.contents(of: out) == new)
    }

    /// A line `<out>/<file>: could not write: the file is too large …` naming one of the folder's files.
    static func namesAFileThatHitTheLimit(_ stderr: String, in out: String) -> Bool {
        stderr.split(separator: "\n").contains { line in
            guard line.hasPrefix(out + "/"), let colon = line.range(of: ": could not write: the file is too large") else { return false }
            let name = line[line.index(line.startIndex, offsetBy: out.count + 1) ..< colon.lowerBound]
            return !name.isEmpty && !name.contains("/") && ([".geojson", ".csv", ".csvt", ".md", ".html", ".gpkg", ".qgs"].contains { name.hasSuffix($0) })
        }
    }

    @Test func aWriteErrorOnAnyFileOfAReportKeepsTheOldReport() throws {
        let work = try TestSupport.temporaryFolder("faults-efbig-report")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let out = work + "/report"
        let previous = try TestSupport.run(["report", TestSupport.fixture("plans/tiny"), "--out", out])
        try #require(previous.status == 0, "\(previous.stderr)")
        let old = try TestSupport.contents(of: out)

        let r = try TestSupport.runWithFileSizeLimit(blocks: 0, ["report", TestSupport.fixture("plans/tiny"), "--out", out])
        #expect(r.status == 1)
        #expect(Self.namesAFileThatHitTheLimit(r.stderr, in: out), "\(r.stderr)")
        #expect(r.stderr.contains("the folder \(out) is unchanged"), "\(r.stderr)")
        #expect(!Self.looksLikeACrash(r.stderr), "\(r.stderr)")
        #expect(try TestSupport.contents(of: out) == old)
        #expect(try TestSupport.entries(work) == ["report"])
    }

    @Test func aWriteErrorOnRedirectedStdoutExitsOneAndSaysSo() throws {
        let work = try TestSupport.temporaryFolder("faults-efbig-stdout")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let exe = try #require(TestSupport.executable)
        // One 512-byte block: the JSON (about 2.7 kB) does not fit, the message on stderr does.
        let script = "ulimit -f 1; trap '' XFSZ; exec \"$0\" \"$@\""
        let pid = try TestSupport.spawn("/bin/sh", ["-c", script, exe, "coverage", TestSupport.fixture("plans/tiny"), "--format", "json"],
                                        stdout: work + "/coverage.json", stderr: work + "/stderr.txt")
        let exit = TestSupport.wait(pid)
        let stderr = try String(contentsOfFile: work + "/stderr.txt", encoding: .utf8)
        #expect(exit.status == 1, "signal \(exit.signal.map(String.init) ?? "none"): \(stderr)")
        #expect(stderr.contains("could not write the output to stdout: the file is too large"), "\(stderr)")
        #expect(!Self.looksLikeACrash(stderr), "\(stderr)")
    }

    // MARK: - Leftovers of killed runs (in process)

    /// The pid of a child that has exited and been reaped: a process that is gone.
    static func deadPid() throws -> pid_t {
        let pid = try TestSupport.spawn("/bin/true", [], stdout: "/dev/null", stderr: "/dev/null")
        _ = TestSupport.wait(pid)
        return pid
    }

    @Test func aSingleFileWriteRemovesOnlyTheLeftoversOfDeadProcesses() throws {
        let folder = try TestSupport.temporaryFolder("faults-stale")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dead = try Self.deadPid()
        for name in [".a.txt.tmp-\(dead)", ".a.txt.tmp-1", ".b.txt.tmp-\(dead)", ".a.txt.tmp-x"] {
            try AtomicFile.write("partial", to: folder + "/" + name)
        }
        try AtomicFile.write("new", to: folder + "/a.txt")
        // The dead writer's temporary of a.txt goes; a live process's (pid 1), another target's
        // and a name that is not a pid stay.
        #expect(try TestSupport.entries(folder) == [".a.txt.tmp-1", ".a.txt.tmp-x", ".b.txt.tmp-\(dead)", "a.txt"])
        #expect(try String(contentsOfFile: folder + "/a.txt", encoding: .utf8) == "new")
    }

    @Test func aFolderMovedAsideByADeadRunIsRestoredBeforeAFailedWrite() throws {
        let parent = try TestSupport.temporaryFolder("faults-aside")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let dead = try Self.deadPid()
        // A run without the one-step exchange, killed between its two renames: the old folder
        // sits at .DIR.lifecircle-old-<pid>-<random>, DIR is missing and the complete new one is
        // .DIR.lifecircle-tmp-<pid>-<random> (both carry a manifest).
        try OutputFolder.write([OutputFile(name: "report.md", text: "# old")], to: parent + "/.report.lifecircle-old-\(dead)-0000abcd")
        try OutputFolder.write([OutputFile(name: "report.md", text: "# new")], to: parent + "/.report.lifecircle-tmp-\(dead)-0000abcd")
        struct Injected: Error {}
        #expect(throws: Injected.self) {
            try OutputFolder.write([OutputFile(name: "report.md", text: "# newer")], to: parent + "/report") { _, _ in throw Injected() }
        }
        #expect(try TestSupport.entries(parent) == ["report"])
        #expect(try String(contentsOfFile: parent + "/report/report.md", encoding: .utf8) == "# old")
    }
}

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
        /// Kill when the temporary folder `DIR.tmp-<pid>` holds at least this many entries
        /// (each file is complete before the next is created, so file n is being written).
        case folderEntries(Int)
        /// Kill when the temporary file `.NAME.tmp-<pid>` of this output file exists.
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

    /// Starts `lifecircle arguments`, waits for `moment` and kills the child with SIGKILL (or lets
    /// it finish when it gets past the moment first). `watch` is the folder whose entries show
    /// the progress; `temporaryName` gives the temporary output's name for a pid.
    static func startAndKill(_ arguments: [String], at moment: Moment, watch: String, work: String,
                             temporaryName: (pid_t) -> String) throws -> Kill {
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
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: watch + "/" + temporaryName(pid)))?.count ?? 0
                due = entries >= n
            case .temporaryFile(let name):
                due = FileManager.default.fileExists(atPath: watch + "/" + ".\(name).tmp-\(pid)")
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
        let leftover = FileManager.default.fileExists(atPath: watch + "/" + temporaryName(pid))
        return Kill(pid: pid, caughtMidWrite: killed && leftover)
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

    /// True when a message looks like a crash rather than a handled error.
    static func looksLikeACrash(_ stderr: String) -> Bool {
        ["Fatal error", "Stack dump", "Illegal instruction", "Segmentation fault", "Current stack trace"].contains { stderr.contains($0) }
    }

    // MARK: - Killed processes

    @Test func aKilledExportLeavesTheOldOrTheNewFolderAndTheNextRunClearsItsLeftovers() throws {
        let work = try TestSupport.temporaryFolder("faults-kill-export")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let plan = try Self.oneCategoryPlan(work: work)
        let parent = work + "/out"
        let out = parent + "/layers"
        let reference = try TestSupport.run(["export", plan, "--out", work + "/reference"])
        try #require(reference.status == 0, "\(reference.stderr)")
        let new = try TestSupport.contents(of: work + "/reference")
        let previous = try TestSupport.run(["export", TestSupport.fixture("plans/tiny"), "--out", out])
        try #require(previous.status == 0, "\(previous.stderr)")
        let old = try TestSupport.contents(of: out)
        try #require(old != new && new.count >= 6)

        var killedPids: [pid_t] = []
        var caught = 0
        let moments: [Moment] = [.atStart, .folderEntries(1), .folderEntries(2), .folderEntries(3), .folderEntries(6), .folderEntries(new.count)]
        for moment in moments {
            let k = try Self.startAndKill(["export", plan, "--out", out], at: moment, watch: parent, work: work) { "layers.tmp-\($0)" }
            killedPids.append(k.pid)
            if k.caughtMidWrite { caught += 1 }
            let now = try TestSupport.contents(of: out)
            #expect(now == old || now == new, "killed \(moment): the folder is neither the old nor the new output")
            // Only the target and the killed runs' temporary folders, never anything else at or
            // beside the target path (no DIR.old-<pid>: the swap is one exchange).
            let allowed = Set(["layers"] + killedPids.map { "layers.tmp-\($0)" })
            let entries = try TestSupport.entries(parent)
            #expect(Set(entries).isSubset(of: allowed), "killed \(moment): \(entries)")
        }
        // Polling the temporary folder between files catches the writer part-way: at least one
        // kill left a part-written temporary folder (and the old output in place).
        #expect(caught >= 1)

        // The next complete run writes the new output and removes the dead runs' leftovers.
        let next = try TestSupport.run(["export", plan, "--out", out])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try TestSupport.contents(of: out) == new)
        #expect(try TestSupport.entries(parent) == ["layers"])
    }

    @Test func aKilledSampleLeavesEachFileOldOrNewAndTheNextRunClearsItsLeftovers() throws {
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
            var target = ""
            if case .temporaryFile(let name) = moment { target = name }
            let k = try Self.startAndKill(["sample", "jingan", "--seed", "7", "--scale", "2", "--out", out], at: moment, watch: out, work: work) {
                ".\(target).tmp-\($0)"
            }
            killedPids.append(k.pid)
            if k.caughtMidWrite { caught += 1 }
            let now = try TestSupport.contents(of: out).filter { !$0.key.hasPrefix(".") }
            #expect(Set(now.keys) == Set(new.keys))
            for (name, bytes) in now {
                #expect(bytes == old[name] || bytes == new[name], "killed \(moment): \(name) is neither the old nor the new file")
            }
            // Besides the files, only temporary files of the killed runs.
            for name in try TestSupport.entries(out) where now[name] == nil {
                let pid = name.split(separator: "-").last.flatMap { pid_t($0) }
                #expect(name.hasPrefix(".") && name.contains(".tmp-") && pid.map(killedPids.contains) == true, "unexpected \(name)")
            }
        }
        #expect(caught >= 1)

        let next = try TestSupport.run(["sample", "jingan", "--seed", "7", "--scale", "2", "--out", out])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try TestSupport.contents(of: out) == new)
        #expect(try TestSupport.entries(out) == new.keys.sorted())
    }

    // MARK: - A full disk (file-size limit)

    @Test func aWriteErrorInASingleFileKeepsTheOldFileAndNamesIt() throws {
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
        #expect(!Self.looksLikeACrash(r.stderr), "\(r.stderr)")
        let now = try TestSupport.contents(of: out)
        for (i, f) in files.enumerated() {
            // Files before the failing one were replaced; it and those after are untouched.
            let expected: [UInt8]? = i < failing ? f.bytes : old[f.name]
            #expect(now[f.name] == expected, "\(f.name)")
        }
        #expect(try TestSupport.entries(out) == old.keys.sorted())  // no temporary file left
    }

    @Test func aWriteErrorPartWayThroughAFolderKeepsTheOldFolder() throws {
        let work = try TestSupport.temporaryFolder("faults-efbig-folder")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let plan = try Self.oneCategoryPlan(work: work)
        let parent = work + "/out"
        let out = parent + "/layers"
        let reference = try TestSupport.run(["export", plan, "--out", work + "/reference"])
        try #require(reference.status == 0, "\(reference.stderr)")
        let new = try TestSupport.contents(of: work + "/reference")
        let previous = try TestSupport.run(["export", TestSupport.fixture("plans/tiny"), "--out", out])
        try #require(previous.status == 0, "\(previous.stderr)")
        let old = try TestSupport.contents(of: out)

        // A limit that the street-gaps layers fit under and the coverage layer exceeds: some files
        // are written before one fails, in the middle of the folder (the files are written as the
        // parallel work makes them, so which fails first may vary; the outcome may not).
        let first = try #require(new["street-gaps.geojson"]).count, second = try #require(new["street-gaps.csv"]).count
        let third = try #require(new["coverage-health-station.geojson"]).count
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
            return !name.isEmpty && !name.contains("/") && (name.hasSuffix(".geojson") || name.hasSuffix(".csv") || name.hasSuffix(".csvt") || name.hasSuffix(".md") || name.hasSuffix(".html"))
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
        // sits at DIR.old-<pid>, DIR is missing and the complete new one is DIR.tmp-<pid>.
        try OutputFolder.write([OutputFile(name: "report.md", text: "# old")], to: parent + "/report.old-\(dead)")
        try OutputFolder.write([OutputFile(name: "report.md", text: "# new")], to: parent + "/report.tmp-\(dead)")
        struct Injected: Error {}
        #expect(throws: Injected.self) {
            try OutputFolder.write([OutputFile(name: "report.md", text: "# newer")], to: parent + "/report") { _, _ in throw Injected() }
        }
        #expect(try TestSupport.entries(parent) == ["report"])
        #expect(try String(contentsOfFile: parent + "/report/report.md", encoding: .utf8) == "# old")
    }
}

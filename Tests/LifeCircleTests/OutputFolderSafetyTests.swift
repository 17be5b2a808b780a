import Foundation
import Testing
@testable import LifeCircle

/// What a run may replace: only a new, empty or LifeCircle-written output folder (one carrying
/// `lifecircle-manifest.json` whose files are unchanged). The user's files in it are kept; every
/// other folder is refused before the inputs are read, with nothing touched.
@Suite struct OutputFolderSafetyTests {
    static let tiny = TestSupport.fixture("plans/tiny")
    static let smallOSM = TestSupport.fixture("osm/small.osm")
    /// The refusal every refused folder starts its message with.
    static let refusal = "lifecircle will not write its output folder here"

    /// Everything under `folder`, recursively and hidden entries included: each file's bytes, each
    /// symbolic link's target, each folder; keyed by relative path.
    static func snapshot(_ folder: String) throws -> [String: String] {
        var out: [String: String] = [:]
        func visit(_ relative: String) throws {
            let here = relative.isEmpty ? folder : folder + "/" + relative
            for name in try FileManager.default.contentsOfDirectory(atPath: here) {
                let path = relative.isEmpty ? name : relative + "/" + name
                let full = folder + "/" + path
                var s = stat()
                guard lstat(full, &s) == 0 else { continue }
                switch s.st_mode & S_IFMT {
                case S_IFDIR:
                    out[path] = "folder"
                    try visit(path)
                case S_IFLNK:
                    out[path] = "link to " + (try FileManager.default.destinationOfSymbolicLink(atPath: full))
                default:
                    out[path] = "file " + String(decoding: try Data(contentsOf: URL(fileURLWithPath: full)), as: UTF8.self)
                }
            }
        }
        try visit("")
        return out
    }

    /// A copy of the tiny plan at `work/plan`.
    static func tinyCopy(in work: String) throws -> String {
        try FileManager.default.copyItem(atPath: tiny, toPath: work + "/plan")
        return work + "/plan"
    }

    /// A manifest listing no files: the folder counts as LifeCircle's and everything in it as the
    /// user's, so only the rule under test can refuse it.
    static func markAsWritten(_ folder: String) throws {
        try Data(#"{"files": []}"#.utf8).write(to: URL(fileURLWithPath: folder + "/lifecircle-manifest.json"))
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    // MARK: - The manifest

    /// Every file of a committed folder is flushed to the disk before the swap, all together: those
    /// added and those a writer streamed into the staged folder itself (as the import streams its
    /// network layer), and the manifest, which lists both.
    @Test func aCommitFlushesEveryFileInTheFolderAlsoThoseStreamedInAndTheManifestListsThem() throws {
        let parent = try TestSupport.temporaryFolder("flush")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = parent + "/out"
        let staging = try OutputFolder.Staging(path: out)
        try staging.add(OutputFile(name: "b.txt", text: "added"))
        try Self.write("streamed", to: staging.folder + "/sub/a.txt")
        #expect(staging.flushed.isEmpty)
        try staging.commit()
        #expect(staging.flushed == ["b.txt", "sub/a.txt", "lifecircle-manifest.json"])
        let files = try Self.snapshot(out)
        #expect(files["b.txt"] == "file added")
        #expect(files["sub/a.txt"] == "file streamed")
        let manifest = files["lifecircle-manifest.json"] ?? ""
        #expect(manifest.contains("\"b.txt\"") && manifest.contains("\"sub/a.txt\""))
        #expect(files[OutputFolder.incompleteMarker] == nil)
    }

    /// The replaced folder is removed whole, nested folders included, and a symbolic link in it
    /// is removed itself: what it points to stays.
    @Test func theReplacedFolderGoesWholeButNeverWhatALinkInItPointsTo() throws {
        let work = try TestSupport.temporaryFolder("replace")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let out = work + "/out"
        try OutputFolder.write([OutputFile(name: "a.txt", text: "first")], to: out)
        try Self.write("kept", to: work + "/outside/keep.txt")
        try Self.write("mine", to: out + "/sub/deep/x.txt")
        try FileManager.default.createSymbolicLink(atPath: out + "/link", withDestinationPath: work + "/outside")
        try OutputFolder.write([OutputFile(name: "a.txt", text: "second")], to: out)
        #expect(try TestSupport.entries(work) == ["out", "outside"])
        #expect(try Self.snapshot(work + "/outside") == ["keep.txt": "file kept"])
        let now = try Self.snapshot(out)
        #expect(now["a.txt"] == "file second")
        #expect(now["sub/deep/x.txt"] == "file mine")
        #expect(now["link"] == "link to " + work + "/outside")
    }

    @Test func everyFolderWrittenListsItsFilesWithSizeAndCRCAndARerunGivesTheSameBytes() throws {
        let parent = try TestSupport.temporaryFolder("manifest")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let files = [OutputFile(name: "b.txt", text: "a"), OutputFile(name: "a.txt", text: "hello"), OutputFile(name: "maps/c.svg", text: "")]
        try OutputFolder.write(files, to: parent + "/out")
        let manifest = try String(contentsOfFile: parent + "/out/lifecircle-manifest.json", encoding: .utf8)
        #expect(manifest == """
            {
              "writtenBy": "lifecircle",
              "about": "The files lifecircle wrote into this folder. A later run replaces them only while they are unchanged, and keeps every file not listed here.",
              "files": [
                {"name": "a.txt", "bytes": 5, "crc32": "3610a686"},
                {"name": "b.txt", "bytes": 1, "crc32": "e8b7be43"},
                {"name": "maps/c.svg", "bytes": 0, "crc32": "00000000"}
              ]
            }

            """)
        try OutputFolder.write(files.reversed(), to: parent + "/out")
        #expect(try String(contentsOfFile: parent + "/out/lifecircle-manifest.json", encoding: .utf8) == manifest)
        #expect(try TestSupport.entries(parent + "/out") == ["a.txt", "b.txt", "lifecircle-manifest.json", "maps"])
        #expect(try TestSupport.entries(parent) == ["out"])
    }

    // MARK: - What a run keeps

    /// A temporary folder `work` for one test (named after `label`) and, at `work/<name>`, what a
    /// successful first run of `arguments` wrote there.
    static func afterAFirstRun(_ arguments: [String], label: String, out name: String) throws -> (work: String, out: String) {
        let work = try TestSupport.temporaryFolder(label)
        let out = work + "/" + name
        let first = try TestSupport.run(arguments + ["--out", out])
        try #require(first.status == 0, "\(first.stderr)")
        return (work, out)
    }

    @Test func aRerunReplacesOnlyItsOwnFilesAndKeepsTheUsers() throws {
        let (work, out) = try Self.afterAFirstRun(["export", Self.tiny], label: "keep", out: "layers")
        defer { try? FileManager.default.removeItem(atPath: work) }
        #expect(FileManager.default.fileExists(atPath: out + "/proposals-health-station.geojson"))
        // The user saves a QGIS project and a styles folder beside the layers, and deletes one layer.
        try Self.write("<qgis/>", to: out + "/project.qgz")
        try Self.write("<qml/>", to: out + "/styles/coverage.qml")
        try FileManager.default.removeItem(atPath: out + "/street-gaps.csv")

        // A rerun without proposals: the proposals layers of the first run go, the user's files stay.
        let second = try TestSupport.run(["export", Self.tiny, "--out", out, "--no-proposals"])
        #expect(second.status == 0, "\(second.stderr)")
        let now = try Self.snapshot(out)
        #expect(now["project.qgz"] == "file <qgis/>")
        #expect(now["styles/coverage.qml"] == "file <qml/>")
        #expect(now["street-gaps.csv"] != nil)
        #expect(!now.keys.contains { $0.hasPrefix("proposals-") })
        let manifest = try String(contentsOfFile: out + "/lifecircle-manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"street-gaps.csv\"") && !manifest.contains("project.qgz") && !manifest.contains("styles"))
        #expect(try TestSupport.entries(work) == ["layers"])

        // The kept files stay the user's: a third run keeps them again.
        let third = try TestSupport.run(["export", Self.tiny, "--out", out])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try Self.snapshot(out)["project.qgz"] == "file <qgis/>")
        #expect(try Self.snapshot(out)["styles/coverage.qml"] == "file <qml/>")
    }

    @Test func aRerunOfImportOSMKeepsTheUsersFilesAndRefusesToLoseAnEditedPlan() throws {
        let (work, out) = try Self.afterAFirstRun(["import-osm", Self.smallOSM], label: "keep-osm", out: "city")
        defer { try? FileManager.default.removeItem(atPath: work) }
        // The user writes their own plan beside the starter plan.
        try Self.write("{\"name\": \"mine\"}", to: out + "/my-plan.json")
        let second = try TestSupport.run(["import-osm", Self.smallOSM, "--out", out, "--name", "again"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.snapshot(out)["my-plan.json"] == "file {\"name\": \"mine\"}")
        let plan = try String(contentsOfFile: out + "/plan.json", encoding: .utf8)
        #expect(plan.contains("\"again\""))
        #expect(try TestSupport.entries(work) == ["city"])

        // The user edits the starter plan where it is: a rerun would lose the edit, so it is refused.
        try Self.write(plan.replacingOccurrences(of: "\"again\"", with: "\"edited\""), to: out + "/plan.json")
        try Self.expectRefusedUntouched(["import-osm", Self.smallOSM, "--out", out], work: work,
                                        saying: "\(out)/plan.json: changed since lifecircle wrote it")
    }

    // MARK: - What a run refuses

    /// Runs the CLI with `arguments`, which must fail with status 1 and a message containing
    /// `message`, leaving everything under `work` as it was.
    static func expectRefusedUntouched(_ arguments: [String], work: String, saying message: String) throws {
        let before = try snapshot(work)
        let r = try TestSupport.run(arguments)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(try snapshot(work) == before)
    }

    /// The commands that write a folder, each given `out`.
    static let writers: [[String]] = [
        ["report", tiny, "--no-proposals"],
        ["export", tiny],
        ["sample", "jingan"],
        ["import-osm", smallOSM],
    ]

    @Test(arguments: writers)
    func aFolderLifeCircleDidNotWriteIsRefusedUntouched(_ command: [String]) throws {
        let work = try TestSupport.temporaryFolder("unmanifested")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let out = work + "/out"
        try Self.write("my notes", to: out + "/notes.txt")
        try Self.write("mine", to: out + "/plan.json")
        try Self.expectRefusedUntouched(command + ["--out", out], work: work,
                                        saying: "\(out): \(Self.refusal): it is not empty and has no lifecircle-manifest.json")
    }

    @Test func anOutputTheUserEditedIsRefusedAndNamed() throws {
        let (work, out) = try Self.afterAFirstRun(["export", Self.tiny], label: "edited", out: "layers")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out + "/street-gaps.csv"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("my note\n".utf8))
        try handle.close()
        try Self.expectRefusedUntouched(["export", Self.tiny, "--out", out], work: work,
                                        saying: "\(out)/street-gaps.csv: changed since lifecircle wrote it")
    }

    /// Manifests LifeCircle does not write, each with the words of its refusal.
    static let badManifests: [(text: String, saying: String)] = [
        ("{\"files\": [", "is not a manifest lifecircle wrote"),
        ("{\"files\": {}}", "is not a manifest lifecircle wrote"),
        (#"{"files": [{"name": "a.txt", "bytes": 1.5, "crc32": "00000000"}]}"#, "is not a manifest lifecircle wrote"),
        (#"{"files": [{"name": "a.txt", "bytes": 1}]}"#, "is not a manifest lifecircle wrote"),
        (#"{"files": [{"name": "../a.txt", "bytes": 1, "crc32": "00000000"}]}"#, "file 0 (\"../a.txt\") is not an entry lifecircle writes"),
        (#"{"files": [{"name": "a.txt", "bytes": -1, "crc32": "00000000"}]}"#, "file 0 (\"a.txt\") is not an entry lifecircle writes"),
    ]

    @Test(arguments: badManifests.indices)
    func aFolderWhoseManifestLifeCircleDidNotWriteIsRefusedUntouched(_ index: Int) throws {
        let (text, saying) = Self.badManifests[index]
        let parent = try TestSupport.temporaryFolder("bad-manifest")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = parent + "/out"
        try Self.write("mine", to: out + "/a.txt")
        try Self.write(text, to: out + "/lifecircle-manifest.json")
        let before = try Self.snapshot(parent)
        let error = #expect(throws: FileError.self) { try OutputFolder.write([OutputFile(name: "b.txt", text: "b")], to: out) }
        #expect(error?.path == out + "/lifecircle-manifest.json")
        #expect(error?.message.contains(saying) == true, "\(String(describing: error))")
        #expect(try Self.snapshot(parent) == before)
    }

    @Test func aUsersFileWithTheNameOfAFileWrittenIsRefused() throws {
        let parent = try TestSupport.temporaryFolder("clash")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = parent + "/out"
        try OutputFolder.write([OutputFile(name: "a.txt", text: "a")], to: out)
        try Self.write("the user's b", to: out + "/b.txt")
        let before = try Self.snapshot(parent)
        let error = #expect(throws: FileError.self) {
            try OutputFolder.write([OutputFile(name: "a.txt", text: "new a"), OutputFile(name: "b.txt", text: "new b")], to: out)
        }
        #expect(error?.path == out + "/b.txt")
        #expect(error?.message.contains("this run writes a file of that name") == true, "\(String(describing: error))")
        #expect(try Self.snapshot(parent) == before)
    }

    /// A place no run may write, set up in `work`: the arguments' `--out`, the folder to run in,
    /// and the words the refusal must use.
    struct Place: CustomTestStringConvertible, Sendable {
        var label: String
        var because: String
        var setUp: @Sendable (_ work: String) throws -> (command: [String], cwd: String, home: String?)
        var testDescription: String { label }
    }

    static let places: [Place] = [
        Place(label: "the current folder", because: "it is the current folder") { work in
            try FileManager.default.createDirectory(atPath: work + "/here", withIntermediateDirectories: true)
            return (["export", tiny, "--out", "."], work + "/here", nil)
        },
        Place(label: "a folder containing the current folder", because: "it contains the current folder") { work in
            try FileManager.default.createDirectory(atPath: work + "/a/b", withIntermediateDirectories: true)
            try markAsWritten(work + "/a")
            return (["export", tiny, "--out", ".."], work + "/a/b", nil)
        },
        Place(label: "the plan's folder", because: "which this run reads") { work in
            let plan = try tinyCopy(in: work)
            try markAsWritten(plan)
            return (["report", plan, "--out", plan], work, nil)
        },
        Place(label: "a folder containing the plan's folder", because: "it contains the folder") { work in
            let plan = try tinyCopy(in: work)
            try markAsWritten(work)
            return (["export", plan, "--out", work], TestSupport.root.path, nil)
        },
        Place(label: "a folder holding a layer", because: "the folder holding") { work in
            let plan = try tinyCopy(in: work)
            try FileManager.default.createDirectory(atPath: work + "/layers", withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: plan + "/network.geojson", toPath: work + "/layers/network.geojson")
            let text = try String(contentsOfFile: plan + "/plan.json", encoding: .utf8)
            try write(text.replacingOccurrences(of: "\"network.geojson\"", with: "\"../layers/network.geojson\""), to: plan + "/plan.json")
            try markAsWritten(work + "/layers")
            return (["export", plan, "--out", work + "/layers"], work, nil)
        },
        Place(label: "the folder holding the OSM extract", because: "the folder holding") { work in
            try FileManager.default.createDirectory(atPath: work + "/osm", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: smallOSM, toPath: work + "/osm/small.osm")
            try markAsWritten(work + "/osm")
            return (["import-osm", work + "/osm/small.osm", "--out", work + "/osm"], work, nil)
        },
        Place(label: "the home folder", because: "it is the home folder") { work in
            try FileManager.default.createDirectory(atPath: work + "/home", withIntermediateDirectories: true)
            return (["sample", "jingan", "--out", work + "/home"], work, work + "/home")
        },
        Place(label: "a symbolic link", because: "it is a symbolic link") { work in
            try FileManager.default.createDirectory(atPath: work + "/real", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: work + "/link", withDestinationPath: work + "/real")
            return (["export", tiny, "--out", work + "/link"], work, nil)
        },
        Place(label: "a file", because: "it is a file, not a folder") { work in
            try write("a file", to: work + "/layers")
            return (["report", tiny, "--out", work + "/layers"], work, nil)
        },
        Place(label: "a folder under a file", because: "/layers is not a folder") { work in
            try write("a file", to: work + "/layers")
            return (["export", tiny, "--out", work + "/layers/new/out"], work, nil)
        },
    ]

    @Test(arguments: places)
    func aPlaceNoRunMayWriteIsRefusedBeforeAnythingIsReadOrTouched(_ place: Place) throws {
        let work = try TestSupport.temporaryFolder("refused")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (command, cwd, home) = try place.setUp(work)
        let before = try Self.snapshot(work)
        let exe = try #require(TestSupport.executable)
        let r = try TestSupport.runProcess("/usr/bin/env", ["HOME=\(home ?? NSHomeDirectory())", exe] + command, cwd: cwd)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(Self.refusal) && r.stderr.contains(place.because), "\(r.stderr)")
        #expect(!r.stderr.contains("building the walk network"), "\(r.stderr)")
        #expect(try Self.snapshot(work) == before)
    }

    @Test func theRootFolderIsRefused() throws {
        let error = #expect(throws: FileError.self) { try OutputFolder.check("/") }
        #expect(error?.message.contains("it is the root folder") == true, "\(String(describing: error))")
    }

    // MARK: - Checked before the work

    @Test(arguments: ["report", "export"])
    func aRefusedFolderFailsBeforeTheLayersAreRead(_ command: String) throws {
        let work = try TestSupport.temporaryFolder("early")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let plan = try Self.tinyCopy(in: work)
        // A residents layer that fails when read: the run would stop there, after the plan.
        try Self.write("{\"type\": \"FeatureCollection\", \"features\": [", to: plan + "/residents.geojson")
        try Self.write("my notes", to: work + "/out/notes.txt")
        let refused = try TestSupport.run([command, plan, "--out", work + "/out"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(work)/out: \(Self.refusal)"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("residents.geojson"), "\(refused.stderr)")
        // The same plan with a folder that may be written fails on the layer.
        let allowed = try TestSupport.run([command, plan, "--out", work + "/new"])
        #expect(allowed.status == 1)
        #expect(allowed.stderr.contains("residents.geojson"), "\(allowed.stderr)")
        #expect(try TestSupport.entries(work) == ["out", "plan"])
    }

    // MARK: - Changed during the run

    /// A file of the old folder the user edits while a run writes the new one (after the first
    /// check) makes the commit refuse, with the edit kept and nothing new left behind; a same-size
    /// edit as much as a longer one.
    @Test(arguments: ["OLD", "older"])
    func aFileEditedDuringTheRunIsNotLost(_ edit: String) throws {
        let parent = try TestSupport.temporaryFolder("edited-during")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = parent + "/out"
        try OutputFolder.write([OutputFile(name: "a.txt", text: "old"), OutputFile(name: "b.txt", text: "b")], to: out)
        let staging = try OutputFolder.Staging(path: out)
        try staging.add(OutputFile(name: "a.txt", text: "new"))
        try Self.write(edit, to: out + "/a.txt")
        let error = #expect(throws: FileError.self) { try staging.commit() }
        #expect(error?.path == out + "/a.txt")
        #expect(error?.message.contains("changed since lifecircle wrote it") == true, "\(String(describing: error))")
        #expect(try Self.snapshot(out)["a.txt"] == "file " + edit)
        #expect(try TestSupport.entries(parent) == ["out"])
    }

    /// The commit's check reads again only the listed files whose `stat(2)` changed since the
    /// staging's first check, and those changed in the clock tick of that check or later (whose
    /// ctime a later edit could repeat); an edit of the same size is caught by its state.
    @Test func theSecondCheckReadsOnlyFilesWhoseStateChanged() throws {
        let parent = try TestSupport.temporaryFolder("recheck")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = parent + "/out"
        try OutputFolder.write([OutputFile(name: "a.txt", text: "old"), OutputFile(name: "sub/b.txt", text: "b")], to: out)
        let first = try OutputFolderCheck.run(path: out, inputs: [])
        #expect(first.read == ["a.txt", "sub/b.txt"])
        let seen = try #require(first.seen, "a local file system's states are trusted")
        #if os(Linux)
        #expect(!FileState.isTrusted(folder: "/proc"), "procfs is not a local disk file system")
        #endif
        let written = try #require(seen.files["a.txt"]).changed

        // As if the first check began in the clock tick a.txt was written: both are read again.
        var racy = first
        racy.seen?.since = written
        #expect(try OutputFolderCheck.run(path: out, inputs: [], since: racy).read == ["a.txt", "sub/b.txt"])
        // As if it began 10 s later: neither is.
        var settled = first
        settled.seen?.since = timespec(tv_sec: written.tv_sec + 10, tv_nsec: 0)
        #expect(try OutputFolderCheck.run(path: out, inputs: [], since: settled).read.isEmpty)

        try Self.write("OLD", to: out + "/a.txt")
        let error = #expect(throws: FileError.self) { try OutputFolderCheck.run(path: out, inputs: [], since: settled) }
        #expect(error?.path == out + "/a.txt")
        #expect(error?.message.contains("changed since lifecircle wrote it") == true, "\(String(describing: error))")
    }

    // MARK: - Leftovers of killed runs

    @Test func recoveryRemovesOnlyMarkedTemporariesOfDeadRunsNeverAUsersFolder() throws {
        let reports = try TestSupport.temporaryFolder("recovery") + "/Reports"
        defer { try? FileManager.default.removeItem(atPath: (reports as NSString).deletingLastPathComponent) }
        let dead = try FaultTests.deadPid()
        // The user's folders, named like the temporaries of earlier versions.
        let users = ["jingan.old-2023", "jingan.tmp-1", "jingan.old-\(dead)", "jingan.tmp-\(dead)",
                     // Named like a temporary of a dead run, but unmarked and holding the user's file.
                     ".jingan.lifecircle-tmp-\(dead)-0000abce"]
        for name in users { try Self.write("the user's", to: reports + "/" + name + "/notes.txt") }
        // A killed run's marked temporary folder, and a live run's (pid 1).
        try Self.write("", to: reports + "/.jingan.lifecircle-tmp-\(dead)-0000abcd/.lifecircle-incomplete")
        try Self.write("{\"type\"", to: reports + "/.jingan.lifecircle-tmp-\(dead)-0000abcd/street-gaps.geojson")
        try Self.write("", to: reports + "/.jingan.lifecircle-tmp-1-0000abcf/.lifecircle-incomplete")

        try OutputFolder.write([OutputFile(name: "report.md", text: "# new")], to: reports + "/jingan")
        #expect(try TestSupport.entries(reports) == (users + [".jingan.lifecircle-tmp-1-0000abcf", "jingan"]).sorted())
        for name in users {
            #expect(try Self.snapshot(reports + "/" + name) == ["notes.txt": "file the user's"], "\(name)")
        }
        #expect(try String(contentsOfFile: reports + "/jingan/report.md", encoding: .utf8) == "# new")
    }
}

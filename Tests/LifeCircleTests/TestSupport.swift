import Foundation
import Testing

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The package root (the folder holding Package.swift).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()


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

// MARK: - Real data

extension TestSupport {
    /// Every file of real data the tests read, in one place. The openly licensed ones are copied
    /// into `Fixtures/real` (source, licence and attribution in its README), so a fresh clone runs
    /// their tests; the Amap-derived Jing'an boundary has no open licence and is read from the
    /// shared data folder `../shared/data` beside the package root when it is there.
    enum RealData {
        /// `Tests/LifeCircleTests/Fixtures/real`.
        static let folder: URL = root.appendingPathComponent("Tests/LifeCircleTests/Fixtures/real")
        /// `../shared/data` beside the package root (read-only; absent in a fresh clone).
        static let shared: URL = root.deletingLastPathComponent().appendingPathComponent("shared/data")

        /// OpenStreetMap extract of central Helsinki (PBF). © OpenStreetMap contributors, ODbL 1.0.
        static let helsinkiPBF = folder.appendingPathComponent("helsinki/helsinki-centre.osm.pbf").path
        /// 92 population cells of 250 m with a legacy `crs` member. HSY, CC BY 4.0.
        static let helsinkiPopulationGrid = folder.appendingPathComponent("helsinki/population-grid-2020.geojson").path
        /// OSM XML of the drivable streets around People's Square. © OpenStreetMap contributors, ODbL 1.0.
        static let peoplesSquareDrive = folder.appendingPathComponent("shanghai/peoples-square-drive.osm").path
        /// spopt's San Francisco network distances, 16 stores × 205 tracts. BSD-3-Clause, pysal/spopt.
        static let spoptSFDistances = folder.appendingPathComponent("spopt-sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv").path

        /// The Jing'an district boundary as shipped (GCJ-02, a bare MultiPolygon): geometry from
        /// Amap, no open licence, so never copied into the project.
        static let jinganDistrictGCJ02 = shared.appendingPathComponent("shanghai/jingan-district-gcj02.geojson").path

        /// Runs a test only when the Jing'an district boundary is there, else reports it as skipped.
        static var needsJinganDistrict: ConditionTrait {
            .enabled(if: FileManager.default.fileExists(atPath: jinganDistrictGCJ02),
                     "needs ../shared/data/shanghai/jingan-district-gcj02.geojson (Amap-derived, no open licence, not in the repository): skipped")
        }
    }
}

// MARK: - Child processes with their own pid (spawn, signal, peak memory)

extension TestSupport {
    /// How a spawned child ended, and its own peak memory.
    struct ChildExit {
        /// The exit status, or nil when a signal ended the child.
        var status: Int32?
        /// The signal that ended the child, or nil when it exited.
        var signal: Int32?
        /// The child's own peak resident set size (`ru_maxrss` from `wait4(2)`), in kilobytes.
        var maxRSSKilobytes: Int
    }

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `exe` with `arguments` (posix_spawn), stdin from /dev/null and stdout and stderr
    /// written to the files `stdout` and `stderr`; returns its pid, to be passed to `wait(_:)`.
    static func spawn(_ exe: String, _ arguments: [String], stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([exe] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        // posix_spawn: 0 on success, else the error number.
        let rc = posix_spawn(&pid, exe, &actions, nil, argv, envp)
        guard rc == 0 else { throw SpawnError(description: "posix_spawn \(exe): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for the spawned child `pid` and returns how it ended with its own `ru_maxrss` (not
    /// `RUSAGE_CHILDREN`, which mixes in every other child of the test process).
    static func wait(_ pid: pid_t) -> ChildExit {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return ChildExit(status: nil, signal: nil, maxRSSKilobytes: 0) }
        }
        let signal = status & 0x7F
        return ChildExit(status: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
                         maxRSSKilobytes: Int(usage.ru_maxrss))
    }

    /// Runs `exe` under GNU time (`/usr/bin/time -f %M`) and returns its exit with the peak
    /// resident set size GNU time measured for it. Not `wait4` on a child spawned from here:
    /// `posix_spawn` starts the child in this (large, multi-threaded) process's address space
    /// (vfork), and Linux then folds this process's high-water mark into the child's `ru_maxrss`;
    /// GNU time forks the child from its own small process.
    static func runMeasured(_ exe: String, _ arguments: [String], stdout: String, stderr: String) throws -> ChildExit {
        let report = stderr + ".maxrss"
        let pid = try spawn("/usr/bin/time", ["-f", "%M", "-o", report, exe] + arguments, stdout: stdout, stderr: stderr)
        var exit = wait(pid)
        let text = try String(contentsOfFile: report, encoding: .utf8)
        exit.maxRSSKilobytes = Int(text.split(separator: "\n").last { !$0.isEmpty }?.trimmingCharacters(in: .whitespaces) ?? "") ?? Int.max
        return exit
    }

    /// Whether GNU time is installed (the `time` package), for the memory measurements.
    static var hasGNUTime: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/time") }

    /// Runs `lifecircle` with `arguments` under a file-size limit of `blocks` 512-byte blocks with
    /// SIGXFSZ ignored (it stays ignored across exec), so a write past the limit fails with EFBIG,
    /// as on a full disk.
    static func runWithFileSizeLimit(blocks: Int, _ arguments: [String]) throws -> RunResult {
        let exe = try #require(executable, "the lifecircle executable was not found next to the tests")
        let script = "ulimit -f \(blocks); trap '' XFSZ; exec \"$0\" \"$@\""
        return try runProcess("/bin/sh", ["-c", script, exe] + arguments)
    }

    /// Every regular file under `folder` (recursively) with its bytes, keyed by relative path.
    static func contents(of folder: String) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: folder) else { return out }
        while let name = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            if fm.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue {
                out[name] = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            }
        }
        return out
    }

    /// The names in `folder`, sorted (hidden ones included).
    static func entries(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }
}

// MARK: - A large residents layer

extension TestSupport {
    /// What `writeLargeResidents` wrote.
    struct LargeResidents {
        var count: Int
        var population: Int
        var age60plus: Int
        var bytes: Int
    }

    /// Writes a residents layer of at least `minimumBytes` bytes to `path`: one Point feature per
    /// line with `id`, `population` (20–49) and `age60plus` (10–19), spread over the Jing'an
    /// sample's streets (lon 121.4313653–121.4745721, lat 31.2101706–31.3208320).
    ///
    /// Fast enough for hundreds of megabytes in a debug build: one fixed-width feature template is
    /// copied into a chunk and only its digits are patched, and chunks go out with write(2).
    /// - Complexity: O(bytes).
    static func writeLargeResidents(to path: String, minimumBytes: Int) throws -> LargeResidents {
        let header = Array("{\"type\":\"FeatureCollection\",\"features\":[\n".utf8)
        let footer = Array("\n]}\n".utf8)
        // Every feature after the first starts with ",\n"; the digit fields have fixed widths.
        let template = Array(",\n{\"type\":\"Feature\",\"properties\":{\"id\":\"h-00000000\",\"population\":00,\"age60plus\":00},\"geometry\":{\"type\":\"Point\",\"coordinates\":[121.0000000,31.0000000]}}".utf8)
        func fieldEnd(after marker: String, width: Int) -> Int {
            let m = Array(marker.utf8)
            let start = (0...(template.count - m.count)).first { template[$0..<($0 + m.count)].elementsEqual(m) } ?? 0
            return start + m.count + width
        }
        let idEnd = fieldEnd(after: "\"h-", width: 8)
        let populationEnd = fieldEnd(after: "\"population\":", width: 2)
        let elderlyEnd = fieldEnd(after: "\"age60plus\":", width: 2)
        let xEnd = fieldEnd(after: "[121.", width: 7)
        let yEnd = fieldEnd(after: ",31.", width: 7)
        let count = max(1, (minimumBytes - header.count - footer.count + 2 + template.count - 1) / template.count)

        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw SpawnError(description: "cannot create \(path)") }
        defer { close(fd) }
        func put(_ p: UnsafeRawPointer?, _ n: Int) throws {
            guard let p else { return }
            var done = 0
            while done < n {
                let k = write(fd, p + done, n - done)
                guard k > 0 else { throw SpawnError(description: "cannot write \(path)") }
                done += k
            }
        }
        try header.withUnsafeBytes { try put($0.baseAddress, $0.count) }
        let perChunk = 8192
        var chunk = [UInt8](repeating: 0, count: perChunk * template.count)
        var population = 0, elderly = 0, written = header.count + footer.count
        var i = 0
        while i < count {
            let n = min(perChunk, count - i)
            try chunk.withUnsafeMutableBufferPointer { buffer in
                guard let out = buffer.baseAddress else { return }
                template.withUnsafeBufferPointer { t in
                    guard let source = t.baseAddress else { return }
                    for k in 0..<n { (out + k * template.count).update(from: source, count: template.count) }
                }
                @inline(__always) func digits(_ value: Int, end: Int, width: Int, at base: UnsafeMutablePointer<UInt8>) {
                    var v = value
                    for d in 1...width {
                        base[end - d] = UInt8(48 + v % 10)
                        v /= 10
                    }
                }
                for k in 0..<n {
                    let j = i + k
                    let f = out + k * template.count
                    let p = 20 + j % 30, e = 10 + j % 10
                    population += p
                    elderly += e
                    digits(j, end: idEnd, width: 8, at: f)
                    digits(p, end: populationEnd, width: 2, at: f)
                    digits(e, end: elderlyEnd, width: 2, at: f)
                    digits(4_313_653 + (j &* 7919) % 432_068, end: xEnd, width: 7, at: f)
                    digits(2_101_706 + (j &* 104_729) % 1_106_614, end: yEnd, width: 7, at: f)
                }
                // The first feature of the file has no ",\n" before it.
                let skip = i == 0 ? 2 : 0
                try put(UnsafeRawPointer(out + skip), n * template.count - skip)
                written += n * template.count - skip
            }
            i += n
        }
        try footer.withUnsafeBytes { try put($0.baseAddress, $0.count) }
        return LargeResidents(count: count, population: population, age60plus: elderly, bytes: written)
    }
}

// MARK: - A release build of the CLI

extension TestSupport {
    /// The `lifecircle` executable built for release (`swift build -c release --product lifecircle`)
    /// into its own scratch folder `.build/city-report-release` (git-ignored with `.build/`), for tests on
    /// city-sized data, which the debug build under test takes far too long to compute. A scratch
    /// folder of its own: the `swift test` that runs the tests holds the lock on `.build` itself
    /// (a nested `swift build` with another scratch path does not wait for it), and runs after the
    /// first only relink what changed.
    static func releaseExecutable() throws -> String {
        let scratch = root.appendingPathComponent(".build/city-report-release").path
        let arguments = ["build", "-c", "release", "--product", "lifecircle", "--package-path", root.path, "--scratch-path", scratch]
        let build = try ExternalTool.run("swift", arguments)
        try #require(build.status == 0, "swift \(arguments.joined(separator: " ")) failed:\n\(build.stderr.suffix(4000))\(build.stdout.suffix(4000))")
        let bin = try ExternalTool.run("swift", arguments + ["--show-bin-path"])
        let exe = bin.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "/lifecircle"
        try #require(FileManager.default.isExecutableFile(atPath: exe), "no release lifecircle at \(exe)")
        return exe
    }
}

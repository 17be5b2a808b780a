import Foundation
import Testing
@testable import LifeCircle

/// The commit protocol of an output folder: every file (added, streamed in and handed over, or
/// streamed in and left), the manifest and the folder itself are flushed to the disk before the
/// new folder takes the old one's place, each file from when it is finished; a file that cannot be
/// flushed fails the run with the old folder as it was.
@Suite struct OutputFolderFlushTests {
    /// What the injected flush saw: each path flushed (relative to the staged folder, "" for the
    /// folder itself) with what the output folder's `a.txt` held right after that flush.
    final class SyncLog: @unchecked Sendable {
        // Safety (why unchecked is sound): `events` is read and written only while `state` is held.
        private let state = NSCondition()
        private var events: [(path: String, target: String)] = []

        func record(_ path: String, target: String) {
            state.lock()
            events.append((path, target))
            state.broadcast()
            state.unlock()
        }

        var all: [(path: String, target: String)] {
            state.lock()
            defer { state.unlock() }
            return events
        }

        /// Whether `path` is flushed within `seconds` (a bound for a hang, not a speed check).
        func waitFor(_ path: String, seconds: Double) -> Bool {
            let end = Date(timeIntervalSinceNow: seconds)
            state.lock()
            defer { state.unlock() }
            while !events.contains(where: { $0.path == path }) {
                if !state.wait(until: end) { return false }
            }
            return true
        }
    }

    /// The CRC-32 of `bytes` (reflected polynomial 0xEDB88320), computed bit by bit: a reference
    /// independent of the library the manifest uses.
    static func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for i in 0 ..< 256 {
            var c = UInt32(i)
            for _ in 0 ..< 8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[i] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// A staged folder replacing `out` (which holds `a.txt` = "old"), flushing through `log`; the
    /// flush of `slow` waits `delay` seconds first, the flush of `failing` fails.
    static func staging(_ out: String, log: SyncLog, slow: String? = nil, delay: Double = 0, failing: String? = nil) throws -> OutputFolder.Staging {
        try OutputFolder.write([OutputFile(name: "a.txt", text: "old")], to: out)
        return try OutputFolder.Staging(path: out, inputs: [], sync: { path throws(AtomicFile.WriteFailure) in
            // The path below the staged folder `.out.lifecircle-tmp-<pid>-<random>`.
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            let start = (parts.lastIndex { $0.hasPrefix(".out.lifecircle-tmp-") } ?? parts.endIndex - 1) + 1
            let relative = parts[start...].joined(separator: "/")
            if relative == slow { Thread.sleep(forTimeInterval: delay) }
            if relative == failing { throw AtomicFile.WriteFailure(reason: "no space left on the disk") }
            try AtomicFile.sync(path)
            let now = (try? String(contentsOfFile: out + "/a.txt", encoding: .utf8)) ?? "missing"
            log.record(relative, target: now)
        })
    }

    @Test func everyFileIsFlushedOnceAndBeforeTheNewFolderTakesThePlaceOfTheOld() throws {
        let parent = try TestSupport.temporaryFolder("flush-order")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = parent + "/out"
        let log = SyncLog()
        // The slow flush is the last file handed over: a commit that did not wait for the flushes
        // under way would swap while it sleeps.
        let staging = try Self.staging(out, log: log, slow: "d.txt", delay: 0.3)
        try staging.add(OutputFile(name: "a.txt", text: "new"))
        // An added file is flushed without waiting for the commit.
        #expect(log.waitFor("a.txt", seconds: 20))
        let stream = try OSMLayerStream(name: "b.geojson", in: staging)
        try stream.finish()
        #expect(log.waitFor("b.geojson", seconds: 20))
        try OutputFolderSafetyTests.write("left", to: staging.folder + "/sub/c.txt")
        try staging.add(OutputFile(name: "d.txt", text: "slow"))
        try staging.commit()

        let flushed = log.all
        #expect(flushed.map(\.path).sorted() == ["", "a.txt", "b.geojson", "d.txt", "lifecircle-manifest.json", "sub/c.txt"])
        for event in flushed {
            #expect(event.target == "old", "\(event.path) was flushed after the swap")
        }
        #expect(staging.flushed == ["a.txt", "b.geojson", "d.txt", "sub/c.txt", "lifecircle-manifest.json"])
        #expect(try String(contentsOfFile: out + "/a.txt", encoding: .utf8) == "new")
        #expect(try TestSupport.entries(parent) == ["out"])
    }

    @Test func aFileThatCannotBeFlushedFailsTheRunAndLeavesTheOldFolder() throws {
        let parent = try TestSupport.temporaryFolder("flush-fail")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = parent + "/out"
        let log = SyncLog()
        let staging = try Self.staging(out, log: log, failing: "b.txt")
        let before = try OutputFolderSafetyTests.snapshot(out)
        try staging.add(OutputFile(name: "a.txt", text: "new"))
        try staging.add(OutputFile(name: "b.txt", text: "lost"))
        let error = #expect(throws: FileError.self) { try staging.commit() }
        #expect(error?.path == out + "/b.txt")
        #expect(error?.message == "could not write: no space left on the disk; the folder \(out) is unchanged")
        #expect(try OutputFolderSafetyTests.snapshot(out) == before)
        #expect(try TestSupport.entries(parent) == ["out"])
    }

    /// A layer streamed into the folder (more than one buffer of 1 MiB) is listed with the size and
    /// CRC-32 of the bytes on the disk, counted while they were written.
    @Test func aStreamedLayerIsListedWithTheSizeAndCRCOfItsBytes() throws {
        let parent = try TestSupport.temporaryFolder("flush-crc")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = parent + "/out"
        let staging = try OutputFolder.Staging(path: out)
        let stream = try OSMLayerStream(name: "layer.geojson", in: staging)
        for i in 0 ..< 12_000 {
            var props = JSONObject()
            props["id"] = .string("way/\(i)")
            try stream.append(Feature(id: .string("w\(i)"), geometry: .lineString([
                Position(lon: 24.9 + Double(i) * 1e-6, lat: 60.1), Position(lon: 24.95, lat: 60.2 - Double(i) * 1e-6),
            ]), properties: props))
        }
        try stream.finish()
        try staging.commit()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: out + "/layer.geojson")))
        #expect(bytes.count > 1 << 20)
        let listed = try OutputFolderManifest.read(folder: out).entries
        #expect(listed == [OutputFolderManifest.Entry(name: "layer.geojson", bytes: bytes.count, crc32: Self.referenceCRC32(bytes))])
    }
}

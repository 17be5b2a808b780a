import Foundation
import Testing
@testable import LifeCircle

/// `FolderEntries`: the names in a folder that start with a prefix, byte for byte, hidden entries
/// included; the same names a full listing filtered by the prefix gives.
@Suite struct FolderEntriesTests {
    @Test func theNamesStartingWithThePrefixAndOnlyThose() throws {
        let folder = try TestSupport.temporaryFolder("folder-entries")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = [".out.lifecircle-tmp-12-0000abcd", ".out.lifecircle-", ".out.lifecircle", ".out.lifecircle-old-3-x",
                     "out", ".other.lifecircle-tmp-1-00000000", ".out.lifecircle-\u{E9}", ".out.lifecircle\u{301}-tmp"]
        for name in names { try Data().write(to: URL(fileURLWithPath: folder + "/" + name)) }
        try FileManager.default.createDirectory(atPath: folder + "/.out.lifecircle-dir", withIntermediateDirectories: false)
        let found = try #require(FolderEntries.names(in: folder, startingWith: ".out.lifecircle-"))
        #expect(found.sorted() == [".out.lifecircle-", ".out.lifecircle-dir", ".out.lifecircle-old-3-x",
                                   ".out.lifecircle-tmp-12-0000abcd", ".out.lifecircle-\u{E9}"].sorted())
        // The empty prefix matches every entry: the files, the folder, `.` and `..`.
        #expect(FolderEntries.names(in: folder, startingWith: "")?.count == names.count + 3)
        #expect(FolderEntries.names(in: folder + "/missing", startingWith: "out") == nil)
    }
}

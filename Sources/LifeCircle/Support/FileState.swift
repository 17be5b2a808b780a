import Foundation

/// What `lstat(2)` or `stat(2)` tells of a file: which file it is (device and inode), its type,
/// size, and the times of its last change of content (mtime) and of any change (ctime). The output
/// folder's check compares the states of the files it read (``OutputFolderCheck``); a PBF blob map
/// is used only for the file in the state it was made from (``PBFBlobMap``).
///
/// Every write, truncation, rename onto the path or change of mode sets the ctime to the
/// current time, and no call sets it to a chosen value, so a file whose state is the same at
/// two looks, with a ctime older than the first look (``isSettled(before:)``), was not changed
/// between them: for practical purposes its bytes are the ones read then. Only a clock set
/// back could break that, as it would for `make` and `git` (whose "racy" rule this is).
struct FileState: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var mode: UInt32
    var size: Int64
    var modified: timespec
    var changed: timespec

    init(_ s: stat) {
        device = UInt64(truncatingIfNeeded: s.st_dev)
        inode = UInt64(truncatingIfNeeded: s.st_ino)
        mode = UInt32(truncatingIfNeeded: s.st_mode)
        size = Int64(truncatingIfNeeded: s.st_size)
        #if os(Linux)
        modified = s.st_mtim
        changed = s.st_ctim
        #else
        modified = s.st_mtimespec
        changed = s.st_ctimespec
        #endif
    }

    static func == (a: FileState, b: FileState) -> Bool {
        a.device == b.device && a.inode == b.inode && a.mode == b.mode && a.size == b.size
            && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
            && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
    }

    /// Whether the last change came before `clock` (a ``clock()`` reading taken before the
    /// state was), so that a later change cannot carry the same ctime. A time with no fraction
    /// of a second may come from a file system that keeps whole seconds (ext4 with small
    /// inodes), where a change in the same second would: it must be 2 s older. A file changed
    /// after `clock` (or within its clock tick) is read again at the second look.
    func isSettled(before clock: timespec) -> Bool {
        let margin = changed.tv_nsec == 0 ? 2 : 0
        return (Int(changed.tv_sec) + margin, Int(changed.tv_nsec)) < (Int(clock.tv_sec), Int(clock.tv_nsec))
    }

    /// The clock the kernel stamps file times with (`CLOCK_REALTIME_COARSE` on Linux: the time
    /// of the last clock tick; `CLOCK_REALTIME` could run a tick ahead of the stamps, and a
    /// change just after the reading could then carry an earlier time). Zero on failure, and
    /// then no state counts as settled.
    static func clock() -> timespec {
        var now = timespec()
        #if os(Linux)
        let id = CLOCK_REALTIME_COARSE
        #else
        let id = CLOCK_REALTIME
        #endif
        // clock_gettime(2): 0 on success, -1 with errno set.
        guard clock_gettime(id, &now) == 0 else { return timespec() }
        return now
    }

    #if os(Linux)
    typealias StatFS = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer) -> Int32
    /// statfs(2): in glibc, but <sys/statfs.h> is not in the Swift Glibc module, so it is looked
    /// up by name (once: a look-up searches every loaded library). Its `struct statfs` (120
    /// bytes on 64-bit Linux) starts with `f_type`, a long.
    static let statfsCall: StatFS? = dlsym(nil, "statfs").map { unsafeBitCast($0, to: StatFS.self) }
    #endif

    /// Whether the states `lstat(2)` gives in `folder` are trusted to show every change: on
    /// local Linux file systems, yes; on network file systems (NFS, SMB, FUSE) a `stat` may be
    /// answered from a cache while another machine writes, so there, and elsewhere, a check
    /// reads every listed file again.
    static func isTrusted(folder: String) -> Bool {
        #if os(Linux)
        guard let call = statfsCall else { return false }
        let type = withUnsafeTemporaryAllocation(byteCount: 512, alignment: 16) { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            // statfs(2): 0 on success, -1 with errno set.
            return call(folder, base) == 0 ? base.load(as: Int.self) : nil
        }
        // The magic numbers of <linux/magic.h>: ext2/3/4, XFS, Btrfs, tmpfs, F2FS, ZFS, overlayfs.
        let local: Set<Int> = [0xEF53, 0x5846_5342, 0x9123_683E, 0x0102_1994, 0xF2F5_2010, 0x2FC1_2FC1, 0x794C_7630]
        return type.map { local.contains($0) } ?? false
        #else
        return false
        #endif
    }
}

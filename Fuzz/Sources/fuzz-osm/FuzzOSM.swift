import Foundation
import LifeCircle

/// libFuzzer entry: any bytes as an OSM file (XML, gzip or PBF, chosen by the first bytes) must be
/// read or rejected with an `InputError`, never crash. The reader works on paths, so each input is
/// written to one scratch file (in /dev/shm when it exists).
private let scratch: String = {
    let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return folder + "/lifecircle-fuzz-osm-\(ProcessInfo.processInfo.processIdentifier)"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOSM(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard (try? bytes.write(to: URL(fileURLWithPath: scratch))) != nil else { return 0 }
    _ = try? OSMReader.count(path: scratch)
    return 0
}

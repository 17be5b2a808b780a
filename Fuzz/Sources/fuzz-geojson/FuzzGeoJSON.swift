import Foundation
import LifeCircle

/// The streaming path reads files, so each input is also written to one scratch file (in /dev/shm
/// when it exists).
private let scratch: String = {
    let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return folder + "/lifecircle-fuzz-geojson-\(ProcessInfo.processInfo.processIdentifier).geojson"
}()

/// libFuzzer entry: any bytes must give a GeoJSON model or an `InputError`, never a crash; what is
/// read must write back and read again; and the streaming reader (memory-mapped file, one feature
/// at a time) must agree with the whole-document reader: the same features when it succeeds, an
/// error when it fails.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = try? GeoJSONReader.read(bytes: bytes, file: "fuzz.geojson")
    if let whole {
        let written = GeoJSONWriter.encode(whole.asFeatureCollection)
        _ = try? GeoJSONReader.read(bytes: written, file: "fuzz-roundtrip.geojson")
    }
    guard (try? Data(bytes).write(to: URL(fileURLWithPath: scratch))) != nil else { return 0 }
    var streamed: [Feature] = []
    let ok = (try? GeoJSONReader.forEachFeature(path: scratch) { _, feature in streamed.append(feature) }) != nil
    if let whole {
        // A document the whole reader accepts must stream to the same features.
        if !ok || streamed != whole.asFeatureCollection.features {
            fatalError("fuzz oracle: streaming disagrees with the whole-document reader")
        }
    } else if ok {
        fatalError("fuzz oracle: streaming accepted what the whole-document reader rejects")
    }
    return 0
}

import LifeCircle

/// libFuzzer entry: any bytes must give a GeoJSON model or an `InputError`, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGeoJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let object = try? GeoJSONReader.read(bytes: bytes, file: "fuzz.geojson") {
        // Whatever was read must write back and read again.
        let written = GeoJSONWriter.encode(object.asFeatureCollection)
        _ = try? GeoJSONReader.read(bytes: written, file: "fuzz-roundtrip.geojson")
    }
    return 0
}

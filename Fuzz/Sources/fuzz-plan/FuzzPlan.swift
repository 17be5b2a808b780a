import LifeCircle

/// libFuzzer entry: any bytes as a plan file must give a plan or a list of problems, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlan(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? PlanReader.decode(bytes: bytes, file: "plan.json", folder: "/nonexistent")
    return 0
}

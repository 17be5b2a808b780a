/// One file of an output folder: its name relative to the folder and its bytes.
public struct OutputFile: Sendable, Equatable {
    /// Path relative to the output folder, e.g. `coverage-health-station.geojson`.
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public init(name: String, text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
    }
}

/// One file of an output folder: its name relative to the folder and its bytes.
package struct OutputFile: Sendable, Equatable {
    /// Path relative to the output folder, e.g. `coverage-health-station.geojson`.
    package var name: String
    package var bytes: [UInt8]

    package init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    package init(name: String, text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
    }
}

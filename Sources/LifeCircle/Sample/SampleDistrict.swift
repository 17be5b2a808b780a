import Foundation

/// A generated sample district: the plan file, its GeoJSON layers and a README, ready to write.
package struct SampleDistrict: Sendable {
    /// The plan's short name ("jingan", or "jingan-x25" for a 25-tile city).
    package var name: String
    package var streets: FeatureCollection
    package var residents: FeatureCollection
    package var network: FeatureCollection
    package var facilities: FeatureCollection
    package var candidates: FeatureCollection
    /// Suzhou Creek and the railway (for maps and checks; not a plan layer).
    package var barriers: FeatureCollection
    /// plan.json as written.
    package var planJSON: String
    /// README.md as written.
    package var readme: String

    /// The files of the sample, in writing order: name and bytes.
    package func files() -> [(name: String, bytes: [UInt8])] {
        [
            ("plan.json", Array(planJSON.utf8)),
            ("streets.geojson", GeoJSONWriter.encode(streets, precision: 7)),
            ("residents.geojson", GeoJSONWriter.encode(residents, precision: 7)),
            ("network.geojson", GeoJSONWriter.encode(network, precision: 7)),
            ("facilities.geojson", GeoJSONWriter.encode(facilities, precision: 7)),
            ("candidates.geojson", GeoJSONWriter.encode(candidates, precision: 7)),
            ("barriers.geojson", GeoJSONWriter.encode(barriers, precision: 7)),
            ("README.md", Array(readme.utf8)),
        ]
    }

    /// Writes every file into `folder` as one folder, atomically (``OutputFolder``: a new, empty or
    /// LifeCircle-written folder is replaced as a whole; the user's files in it are kept).
    /// - Throws: `FileError` naming the folder when it is refused, or the file that could not be
    ///   written (the folder is then unchanged).
    package func write(to folder: String) throws {
        try OutputFolder.write(files().map { OutputFile(name: $0.name, bytes: $0.bytes) }, to: folder)
    }

    /// Total residents and residents aged 60+.
    package var totals: (population: Int, age60plus: Int) {
        var p = 0, a = 0
        for f in residents.features {
            p += Int(f.number("population") ?? 0)
            a += Int(f.number("age60plus") ?? 0)
        }
        return (p, a)
    }

    /// One line per layer with its feature count, for the command's summary.
    package var summary: [String] {
        let t = totals
        return [
            "streets: \(streets.features.count)",
            "residents: \(residents.features.count) points, population \(t.population), aged 60+ \(t.age60plus)",
            "network: \(network.features.count) lines",
            "facilities: \(facilities.features.count)",
            "candidates: \(candidates.features.count)",
        ]
    }
}

import ArgumentParser
import Foundation
import LifeCircle

/// The sample districts the generator knows.
enum SampleDistrictName: String, CaseIterable, ExpressibleByArgument {
    case jingan
}

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write the sample district (plan.json and its GeoJSON layers).",
        discussion: """
            The Jing'an sample has the real street boundaries (OpenStreetMap, ODbL), names, codes and \
            population totals, with a generated walk network, residents, facilities and candidates \
            inside them; see the README.md it writes. --scale K lays K copies side by side (K times \
            the population and area) for benchmarks. The same seed and scale give the same bytes.
            """
    )

    @Argument(help: "The district to generate.")
    var district: SampleDistrictName

    @Option(name: .long, help: "Folder to write (created, or replaced when lifecircle wrote it; files it did not write are kept).")
    var out: String

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 2024

    @Option(name: .long, help: "Number of district tiles (1 = the district itself; 25 ≈ Shanghai's population).")
    var scale: Int = 1

    func validate() throws {
        if scale < 1 { throw ValidationError("--scale must be a whole number of at least 1, got \(scale)") }
        if scale > 400 { throw ValidationError("--scale \(scale) is too large: at most 400 tiles") }
        if out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out needs a folder") }
    }

    func run() throws {
        try OutputFolder.check(out)
        switch district {
        case .jingan:
            let sample = JinganSample(seed: seed, scale: scale).generate()
            try sample.write(to: out)
            Console.progress("wrote \(sample.name) to \(out)")
            for line in sample.summary { Console.progress("  " + line) }
        }
    }
}

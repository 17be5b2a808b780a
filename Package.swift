// swift-tools-version: 6.0
import PackageDescription

/// A system-library target for a C library's shim in `Sources/<name>` (a module map and a header),
/// found through pkg-config where the library ships a `.pc` file, installed on Debian by `apt`.
func cShim(_ name: String, pkgConfig: String?, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "LifeCircle",
    products: [
        .library(name: "LifeCircle", targets: ["LifeCircle"]),
        .executable(name: "lifecircle", targets: ["lifecircle"]),
    ],
    dependencies: [
        // The command tree, options and help of the CLI.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `Heap` for the Dijkstra frontier and lazy-greedy queues.
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        // The plan README in the report: a real CommonMark-style parser (links, nested lists, code
        // blocks, tables) instead of the hand-written converter that broke them. Pure Swift, no
        // dependencies of its own, so it adds nothing to the system requirements.
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // MARK: C shims (no stable API; only the LifeCircle core imports them)
        // GEOS's C API: geometry (validity, overlays, buffers, the service-area polygons). Not
        // linked, as PROJ and GDAL below (no pkg-config, whose flags link it, and no `link` in the
        // module map): libgeos_c and libgeos are loaded on first use (`GEOSLibrary`), so commands
        // that never touch geometry (import-osm) start without them and their C++ initialisers.
        cShim("CGEOS", pkgConfig: nil, apt: "libgeos-dev"),
        // PROJ's C API: coordinate transformations and CRS queries. Not linked, as GDAL below:
        // libproj (and its ~40 shared libraries) is loaded on first use (`PROJLibrary`), so
        // commands that never project (import-osm) start without it.
        cShim("CPROJ", pkgConfig: nil, apt: "libproj-dev"),
        cShim("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),
        // Whole-buffer zlib inflate of PBF blobs, about twice as fast as zlib's own.
        cShim("CLibDeflate", pkgConfig: "libdeflate", apt: "libdeflate-dev"),
        // No pkg-config file ships with bzip2 on most systems: the module map links "bz2" itself.
        cShim("CBZip2", pkgConfig: nil, apt: "libbz2-dev"),
        // GDAL's C API: reading plan layers in any OGR vector format, writing the GeoPackage. Not
        // linked (no pkg-config, whose flags link it, and no `link` in the module map): libgdal is
        // loaded on first use (`GDALSession`), so commands that never use GDAL start without it.
        cShim("CGDAL", pkgConfig: nil, apt: "libgdal-dev"),

        // MARK: Core library
        .target(
            name: "LifeCircle",
            dependencies: [
                "CGEOS", "CPROJ", "CZlib", "CLibDeflate", "CBZip2", "CGDAL",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Ink", package: "Ink"),
            ]
        ),

        // MARK: Command line
        .executableTarget(
            name: "lifecircle",
            dependencies: [
                "LifeCircle",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Benchmarks (release builds: `swift run -c release lifecircle-bench NAME`)
        // A target of this package, not a package of its own, so that `package` declarations (the
        // engine's internals it times) reach it.
        .executableTarget(
            name: "lifecircle-bench",
            dependencies: ["LifeCircle"],
            path: "Benchmarks/Sources/lifecircle-bench"
        ),

        // MARK: Tests
        .testTarget(
            name: "LifeCircleTests",
            dependencies: ["LifeCircle", "lifecircle"],
            resources: [.copy("Fixtures")]
        ),
    ]
)

// swift-tools-version: 6.0
import PackageDescription

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
    ],
    targets: [
        // MARK: C shims (no stable API; only the LifeCircle core imports them)
        .systemLibrary(
            name: "CGEOS",
            path: "Sources/CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]
        ),
        .systemLibrary(
            name: "CPROJ",
            path: "Sources/CPROJ",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // No pkg-config file ships with bzip2 on most systems: the module map links "bz2" itself.
        .systemLibrary(
            name: "CBZip2",
            path: "Sources/CBZip2",
            providers: [.apt(["libbz2-dev"])]
        ),
        // GDAL's C API: reading plan layers in any OGR vector format, writing the GeoPackage.
        .systemLibrary(
            name: "CGDAL",
            path: "Sources/CGDAL",
            pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev"])]
        ),

        // MARK: Core library
        .target(
            name: "LifeCircle",
            dependencies: [
                "CGEOS", "CPROJ", "CZlib", "CBZip2", "CGDAL",
                .product(name: "HeapModule", package: "swift-collections"),
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

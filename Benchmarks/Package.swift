// swift-tools-version: 6.0
import PackageDescription

// Release-build benchmarks: `swift run -c release --package-path Benchmarks lifecircle-bench <name>`.
let package = Package(
    name: "LifeCircleBenchmarks",
    dependencies: [
        .package(name: "LifeCircle", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "lifecircle-bench",
            dependencies: [.product(name: "LifeCircle", package: "LifeCircle")]
        ),
    ]
)

// swift-tools-version: 6.0
import PackageDescription

// An embedding program: Jing'an's street gaps and proposals through LifeCircle's public API only.
// `swift run --package-path Examples/StreetGaps street-gaps [PLAN]` (PLAN defaults to GeoData/jingan).
let package = Package(
    name: "StreetGaps",
    dependencies: [
        .package(name: "LifeCircle", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "street-gaps",
            dependencies: [.product(name: "LifeCircle", package: "LifeCircle")],
            path: "Sources/StreetGaps"
        ),
    ]
)

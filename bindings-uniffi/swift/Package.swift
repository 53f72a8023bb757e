// swift-tools-version:5.9
// The Swift binding of atlas-admin: UniFFI-generated `AtlasAdmin.swift` (committed, written by
// ../generate.sh), a URLSession transport, and the Rust core as a binary XCFramework built on
// macOS by ./build-xcframework.sh (not committed: it is a build output).
import PackageDescription

let package = Package(
    name: "AtlasAdmin",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "AtlasAdmin", targets: ["AtlasAdmin"]),
    ],
    targets: [
        .binaryTarget(name: "AtlasAdminFFI", path: "AtlasAdminFFI.xcframework"),
        .target(name: "AtlasAdmin", dependencies: ["AtlasAdminFFI"], path: "Sources/AtlasAdmin"),
        .testTarget(name: "AtlasAdminTests", dependencies: ["AtlasAdmin"], path: "Tests/AtlasAdminTests"),
    ]
)

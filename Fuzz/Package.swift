// swift-tools-version:6.2
// libFuzzer targets for Hiwar, apart from the main package so its products stay free of sanitizers.
// Run them with `make fuzz` from the repository's root.
import PackageDescription

let fuzzSettings: [SwiftSetting] = [
    // libFuzzer provides `main`; each target only defines LLVMFuzzerTestOneInput.
    .unsafeFlags(["-parse-as-library"])
]

let package = Package(
    name: "hiwar-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "hiwar", path: "..")],
    targets: [
        // Bot files: the JSON reader, the decoder, every check and the compiler, on arbitrary bytes.
        .executableTarget(
            name: "FuzzCompiler",
            dependencies: [.product(name: "Hiwar", package: "hiwar")],
            swiftSettings: fuzzSettings
        ),
        // Messages: normalization, the matcher, slots, card numbers and a dialogue turn on the shipped bot.
        .executableTarget(
            name: "FuzzMessages",
            dependencies: [.product(name: "Hiwar", package: "hiwar")],
            swiftSettings: fuzzSettings
        ),
    ]
)

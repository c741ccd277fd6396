// swift-tools-version:6.0
// The libFuzzer target over parsim's real loader, engine and chart layout (`make fuzz`).
// A package of its own, beside the main one, because a fuzz target has no `main` of its own
// (libFuzzer provides it) and so cannot be built with the rest by `swift build`.
import PackageDescription

let package = Package(
  name: "parsim-fuzz",
  dependencies: [.package(name: "parsim", path: "..")],
  targets: [
    .executableTarget(
      name: "parsim-fuzz",
      dependencies: [.product(name: "ParsimFuzzInput", package: "parsim")],
      // `make fuzz` adds -sanitize=fuzzer for every target it builds, so that libFuzzer sees the
      // coverage of the loader and the engine, not only of this file.
      swiftSettings: [.unsafeFlags(["-parse-as-library"])])
  ],
  swiftLanguageModes: [.v6]
)

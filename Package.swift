// swift-tools-version:6.0
import PackageDescription

/// Invariant checks inside the engine's hot loop run in debug builds only (see
/// `Simulation._checkInvariants()`), as swift-collections does with COLLECTIONS_INTERNAL_CHECKS.
let debugChecks: [SwiftSetting] = [
  .define("PARSIM_INTERNAL_CHECKS", .when(configuration: .debug))
]

let package = Package(
  name: "parsim",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "parsim", targets: ["parsim"]),
    .library(name: "ParsimScenario", targets: ["ParsimScenario"]),
    .library(name: "ParsimEngine", targets: ["ParsimEngine"]),
    .library(name: "ParsimFuzzInput", targets: ["ParsimFuzzInput"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
  ],
  targets: [
    .executableTarget(
      name: "parsim",
      dependencies: [
        "ParsimScenario", "ParsimEngine", "ParsimChart", "ParsimCairo", "ParsimMeasure", "ParsimReport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "parsim-bench",
      dependencies: ["ParsimScenario", "ParsimEngine", "ParsimChart", "ParsimCairo"]),
    .target(
      name: "ParsimScenario",
      dependencies: [.product(name: "Yams", package: "Yams")]),
    .target(name: "ParsimTrace"),
    .target(
      name: "ParsimMeasure",
      dependencies: ["ParsimScenario", "ParsimTrace"]),
    .target(
      name: "ParsimReport",
      dependencies: ["ParsimScenario", "ParsimEngine", "ParsimMeasure", "ParsimChart", "ParsimCairo", "CZlib"]),
    .target(
      name: "ParsimEngine",
      dependencies: [
        "ParsimScenario", "ParsimTrace",
        .product(name: "DequeModule", package: "swift-collections"),
      ],
      swiftSettings: debugChecks),
    .systemLibrary(
      name: "CCairo",
      path: "Sources/CCairo",
      pkgConfig: "cairo",
      providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]),
    .systemLibrary(
      name: "CZlib",
      path: "Sources/CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
    .target(name: "ParsimChart", dependencies: ["ParsimEngine", "ParsimScenario"]),
    .target(name: "ParsimFuzzInput", dependencies: ["ParsimScenario", "ParsimEngine", "ParsimChart"]),
    .target(name: "ParsimCairo", dependencies: ["CCairo", "CZlib", "ParsimChart", "ParsimEngine", "ParsimScenario"]),
    .testTarget(name: "ParsimScenarioTests", dependencies: ["ParsimScenario", .product(name: "Yams", package: "Yams")]),
    .testTarget(name: "ParsimEngineTests", dependencies: ["ParsimEngine", "ParsimScenario"]),
    .testTarget(name: "ParsimChartTests", dependencies: ["ParsimChart", "ParsimEngine", "ParsimScenario", "ParsimFuzzInput"],
                exclude: ["__Snapshots__", "FuzzRegressions"]),
    .testTarget(name: "ParsimCairoTests", dependencies: ["ParsimCairo", "ParsimChart", "ParsimEngine", "ParsimScenario"]),
    .testTarget(name: "ParsimMeasureTests", dependencies: ["ParsimMeasure", "ParsimScenario", "ParsimEngine", "ParsimReport"],
                exclude: ["Fixtures"]),
    .testTarget(name: "ParsimEndToEndTests", dependencies: []),
  ],
  swiftLanguageModes: [.v6]
)

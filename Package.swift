// swift-tools-version:6.0
//
// natrecon — reconciles resident rosters against nucleic-acid test exports.
//
// Build flags:
//   NATRECON_INTERNAL_CHECKS  compiles in costly invariant checks (`checkInvariants()`);
//                             `make test-checks` runs the suite once with it on.
import PackageDescription

// Release builds drop run-time exclusivity checks in the per-row modules: they cost a
// few percent in the hot loops (swift_beginAccess in profiles) and the code keeps its
// accesses local. Debug builds (and so `swift test`) keep them.
let internalChecks: [SwiftSetting] =
  (Context.environment["NATRECON_INTERNAL_CHECKS"] != nil ? [.define("NATRECON_INTERNAL_CHECKS")] : [])
  + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
  name: "natrecon",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "natrecon", targets: ["natrecon"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
  ],
  targets: [
    // MARK: C libraries (system-library targets: module map + shim.h)
    .systemLibrary(
      name: "CLibCSV", path: "Sources/CLibCSV",
      providers: [.apt(["libcsv-dev"])]),
    .systemLibrary(
      name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CLibCrypto", path: "Sources/CLibCrypto", pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"])]),
    .systemLibrary(
      name: "CXlsxWriter", path: "Sources/CXlsxWriter", pkgConfig: "xlsxwriter",
      providers: [.apt(["libxlsxwriter-dev"])]),
    .systemLibrary(
      name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]),
    // Header only (static inline SSE2/AVX2 code, nothing to link): the fast CSV scanner's
    // structural-byte search (NatReconIO StructuralIndex).
    .systemLibrary(name: "CStructuralScan", path: "Sources/CStructuralScan"),
    // Compiled C (no library to link): read-only mappings of input files that a truncation
    // cannot crash, through a SIGBUS handler (NatReconPlatform FileWindows).
    .target(name: "CGuardedMapping", path: "Sources/CGuardedMapping"),

    // MARK: Libraries (dependencies point one way: natrecon → Pipeline → IO, Reports → Core;
    // Platform (the write(2) loop, the thread start-up, the key table's pages) sits below all, Core included)
    .target(name: "NatReconCore", dependencies: ["NatReconPlatform"], swiftSettings: internalChecks),
    .target(name: "NatReconPlatform", dependencies: ["CGuardedMapping"], swiftSettings: internalChecks),
    .target(
      name: "NatReconIO",
      dependencies: ["NatReconCore", "NatReconPlatform", "CLibCSV", "CZlib", "CLibCrypto", "CStructuralScan"],
      swiftSettings: internalChecks),
    .target(
      name: "NatReconReports", dependencies: ["NatReconCore", "NatReconPlatform", "CXlsxWriter"],
      swiftSettings: internalChecks),
    .target(name: "NatReconSQLite", dependencies: ["CSQLite"], swiftSettings: internalChecks),
    .target(
      name: "NatReconGenerator", dependencies: ["NatReconCore", "NatReconPlatform"],
      swiftSettings: internalChecks),
    .target(
      name: "NatReconPipeline",
      dependencies: ["NatReconCore", "NatReconPlatform", "NatReconIO", "NatReconReports", "NatReconSQLite", "Yams"],
      swiftSettings: internalChecks),

    // MARK: Executables
    .executableTarget(
      name: "natrecon",
      dependencies: [
        "NatReconPipeline", "NatReconIO", "NatReconReports", "NatReconCore", "NatReconPlatform", "NatReconGenerator",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "natrecon-bench",
      dependencies: [
        "NatReconPipeline", "NatReconIO", "NatReconCore", "NatReconPlatform", "NatReconGenerator", "CLibCSV",
      ],
      path: "Benchmarks/NatReconBenchmarks"),

    // MARK: Tests
    .target(
      name: "NatReconTestSupport", dependencies: ["NatReconCore", "NatReconGenerator", "CZlib"],
      path: "Tests/NatReconTestSupport"),
    .testTarget(name: "NatReconPlatformTests", dependencies: ["NatReconPlatform", "NatReconTestSupport"]),
    .testTarget(
      name: "NatReconCoreTests", dependencies: ["NatReconCore", "NatReconTestSupport"]),
    .testTarget(
      name: "NatReconIOTests", dependencies: ["NatReconIO", "NatReconGenerator", "NatReconTestSupport"]),
    .testTarget(
      name: "NatReconReportsTests",
      dependencies: ["NatReconReports", "NatReconPlatform", "NatReconTestSupport"]),
    .testTarget(
      name: "NatReconPipelineTests",
      dependencies: ["NatReconPipeline", "NatReconPlatform", "NatReconSQLite", "NatReconTestSupport"]),
    .testTarget(
      name: "NatReconGeneratorTests", dependencies: ["NatReconGenerator", "NatReconCore", "NatReconTestSupport"]),
    .testTarget(
      name: "NatReconCLITests", dependencies: ["natrecon", "NatReconSQLite", "NatReconTestSupport"]),
  ]
)

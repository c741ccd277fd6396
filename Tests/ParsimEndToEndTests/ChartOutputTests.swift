import Foundation
import Testing

@Suite struct ChartOutputTests {
  @Test func simulateOutWritesEveryChartInEveryFormat() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLI.run(["simulate", "scenarios/groceries.yaml", "--out", dir.path, "--format", "svg,png,pdf", "--gil-lane"])
    #expect(r.status == 0, "\(r.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("groceries").path).sorted()
    let names = ["a-second-till", "an-assistant-who-serves-others", "compare", "one-till", "one-till-with-asyncio"]
    #expect(files == names.flatMap { n in ["pdf", "png", "svg"].map { "\(n).\($0)" } }.sorted())
  }

  @Test func everyConstructOfTheVocabularyChecksSimulatesAndCharts() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let check = try CLI.run(["check", "docs/examples/workload-vocabulary.yaml"])
    #expect(check.status == 0, "\(check.stderr)")
    let r = try CLI.run(["simulate", "docs/examples/workload-vocabulary.yaml", "--out", dir.path, "-q"])
    #expect(r.status == 0, "\(r.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("workload-vocabulary").path)
    #expect(files.sorted() == ["asyncio.png", "compare.png", "multiprocessing.png", "serial.png", "thread_pool.png", "threading.png"])
  }

  @Test func aFailedWriteLeavesNoFileAndExitsNonZero() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // The scenario's directory is taken by a file, so nothing can be written.
    try Data("x".utf8).write(to: dir.appendingPathComponent("groceries"))
    let r = try CLI.run(["simulate", "scenarios/groceries.yaml", "--out", dir.path, "--format", "png"])
    // Exit status 1: the failure is the disk's, not the scenario's; the OS's reason, not Foundation's.
    #expect(r.status == 1)
    #expect(r.stderr.contains("cannot create the directory"), "\(r.stderr)")
    #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("Error Domain"), "\(r.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["groceries"])
  }

  @Test func aWriteThatFailsAfterItsDirectoryExistsLeavesNoPartialFile() throws {
    // The directory is there, but the first chart's name is taken by a directory: the write
    // of one-till.png (the first chart) fails at its rename into place, after its bytes went to
    // a temporary file. Nothing else may be left: no temporary file, no partial chart.
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let scenarioDir = dir.appendingPathComponent("groceries")
    try FileManager.default.createDirectory(at: scenarioDir.appendingPathComponent("one-till.png"), withIntermediateDirectories: true)
    let r = try CLI.run(["simulate", "scenarios/groceries.yaml", "--out", dir.path, "--format", "png"])
    #expect(r.status == 1, "\(r.stderr)")
    #expect(r.stderr.contains("one-till.png: cannot write"), "\(r.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: scenarioDir.path) == ["one-till.png"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: scenarioDir.appendingPathComponent("one-till.png").path).isEmpty)
  }

  @Test func everyCommandSaysWhichPathItCouldNotWriteAndWhy() throws {
    // /proc refuses new directories: each command names the path, gives the system's reason
    // (never Foundation's NSCocoaErrorDomain text) and exits 1, the status for a disk failure.
    for arguments in [
      ["export", "scenarios/groceries.yaml", "--format", "csv", "--out", "/proc/parsim-x"],
      ["sweep", "scenarios/groceries.yaml", "--models", "threading", "--param", "threads", "--values", "1,2", "--out", "/proc/parsim-x"],
      ["compare", "scenarios/groceries.yaml", "scenarios/groceries.yaml", "--out", "/proc/parsim-x"],
      ["report", "scenarios/groceries.yaml", "--out", "/proc/parsim-x"],
      ["simulate", "scenarios/groceries.yaml", "--out", "/proc/parsim-x"],
      ["schema", "--out", "/proc/parsim-x/s.json"],
    ] {
      let r = try CLI.run(arguments)
      #expect(r.status == 1, "\(arguments[0]): \(r.stderr)")
      #expect(r.stderr.contains("/proc/parsim-x") && r.stderr.contains("No such file or directory"), "\(arguments[0]): \(r.stderr)")
      #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("Error Domain"), "\(arguments[0]): \(r.stderr)")
    }
  }

  @Test func chartOptionsNeedOut() throws {
    let r = try CLI.run(["simulate", "scenarios/groceries.yaml", "--format", "png"])
    #expect(r.status != 0)
    #expect(r.stderr.contains("chart options need --out DIR"))
  }
}

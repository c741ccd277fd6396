import Foundation
import Testing

/// `--models`, `--exclude`, `--window`, `--axis` and deadlocks, through the binary.
@Suite struct SelectionTests {
  func labels(_ r: CLI.Result) throws -> [String] {
    let top = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let doc = try #require((top["scenarios"] as? [[String: Any]])?.first)
    return (doc["models"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
  }

  @Test func modelsAndExcludeTakeKindsOrLabels() throws {
    let two = try CLI.run(["simulate", "--json", "--models", "serial,asyncio", "scenarios/groceries.yaml"])
    #expect(two.status == 0, "\(two.stderr)")
    #expect(try labels(two) == ["one till", "one till with asyncio"])
    let byLabel = try CLI.run(["simulate", "--json", "--models", "A Second Till", "scenarios/groceries.yaml"])
    #expect(try labels(byLabel) == ["a second till"])
    let excluded = try CLI.run(["simulate", "--json", "--exclude", "asyncio,one till", "scenarios/groceries.yaml"])
    #expect(try labels(excluded) == ["an assistant who serves others", "a second till"])
    let typo = try CLI.run(["simulate", "--models", "asyncoi", "scenarios/groceries.yaml"])
    #expect(typo.status == 2)
    #expect(typo.stderr.contains("did you mean 'asyncio'?"), "\(typo.stderr)")
    let nothingLeft = try CLI.run(["simulate", "--models", "serial", "--exclude", "serial", "scenarios/groceries.yaml"])
    #expect(nothingLeft.status == 2)
  }

  @Test func anAmbiguousKindListsTheLabelsItCouldMean() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("two.yaml")
    try """
      name: two
      tasks: [{count: 4, steps: [{cpu: 1ms}]}]
      models: [serial, {threading: {threads: 2}}, {threading: {threads: 4, label: four}}]
      """.write(to: file, atomically: true, encoding: .utf8)
    let r = try CLI.run(["simulate", "--models", "threading", file.path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("'threading' could mean any of 2 models") && r.stderr.contains("'four'"), "\(r.stderr)")
    // Excluding by kind leaves out every entry of that kind.
    let e = try CLI.run(["simulate", "--json", "--exclude", "threading", file.path])
    #expect(try labels(e) == ["serial"])
    // The same option picks models for export, sweep and report too.
    let export = try CLI.run(["export", file.path, "--models", "four", "--format", "csv"])
    #expect(export.status == 0 && export.stdout.hasPrefix("lane,"), "\(export.stderr)")
    let sweep = try CLI.run(["sweep", file.path, "--models", "four", "--param", "threads", "--values", "1,2"])
    #expect(sweep.status == 0, "\(sweep.stderr)")
    let out = dir.appendingPathComponent("report")
    let report = try CLI.run(["report", file.path, "--models", "serial", "--out", out.path, "--format", "png"])
    #expect(report.status == 0, "\(report.stderr)")
    let csv = try String(contentsOf: out.appendingPathComponent("two/metrics.csv"), encoding: .utf8)
    #expect(csv.split(separator: "\n").count == 2, "\(csv)")
  }

  @Test func anIOBoundSweepHasNoAmdahlLineBelowItsPoints() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("io.yaml")
    try "name: io\nmachine: {cores: 4}\ntasks: [{count: 64, steps: [{cpu: 200us}, {io: 50ms}]}]\nmodels: [thread_pool]\n"
      .write(to: file, atomically: true, encoding: .utf8)
    let r = try CLI.run(["sweep", file.path, "--models", "thread_pool", "--param", "max_workers", "--values", "1,4,16,64"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.stdout.contains("parallel fraction"), "\(r.stdout)")
    #expect(r.stdout.contains("No Amdahl fit: threads share one GIL"))
    let tooMany = try CLI.run(["sweep", file.path, "--models", "thread_pool", "--param", "max_workers",
      "--values", (1...65).map(String.init).joined(separator: ",")])
    #expect(tooMany.status == 64)
    #expect(tooMany.stderr.contains("at most 64 values"), "\(tooMany.stderr)")
  }

  @Test func windowAndAxisOptions() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let ok = try CLI.run(["simulate", "scenarios/groceries.yaml", "--out", dir.path, "--format", "SVG", "--window", "100ms..300ms",
      "--axis", "own"])
    #expect(ok.status == 0, "\(ok.stderr)")
    let svg = try String(contentsOf: dir.appendingPathComponent("groceries/compare.svg"), encoding: .utf8)
    #expect(svg.contains("<svg"))
    let backwards = try CLI.run(["simulate", "scenarios/groceries.yaml", "--out", dir.path, "--window", "300ms..100ms"])
    #expect(backwards.status == 64)
    #expect(backwards.stderr.contains("ends before it starts"), "\(backwards.stderr)")
    let noUnit = try CLI.run(["simulate", "scenarios/groceries.yaml", "--out", dir.path, "--window", "5..1s"])
    #expect(noUnit.status == 64)
    #expect(noUnit.stderr.contains("needs a unit"), "\(noUnit.stderr)")
  }

  @Test func aDeadlockIsAFailureOnEveryOutput() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("deadlock.yaml")
    // Two tasks take locks a then b, two take b then a, waiting on I/O between the two: with
    // four threads each holds one and waits for the other. (A real run of this deadlocks; with
    // Python between the locks it does not, each thread holding the GIL through both locks
    // before the next one starts.)
    try """
      name: deadlock
      tasks:
        - {name: ab, count: 2, steps: [{lock: a, steps: [{io: 1ms}, {lock: b, steps: [{cpu: 1ms}]}]}]}
        - {name: ba, count: 2, steps: [{lock: b, steps: [{io: 1ms}, {lock: a, steps: [{cpu: 1ms}]}]}]}
      models: [serial, {threading: {threads: 4}}]
      """.write(to: file, atomically: true, encoding: .utf8)
    let table = try CLI.run(["simulate", file.path, "--out", dir.appendingPathComponent("charts").path, "--format", "svg"])
    #expect(table.status == 3)
    #expect(table.stdout.contains("DEADLOCK at"), "\(table.stdout)")
    #expect(table.stdout.contains("waits for lock 'a', held by"))
    let svg = try String(contentsOf: dir.appendingPathComponent("charts/deadlock/threading.svg"), encoding: .utf8)
    #expect(svg.contains("stroke-dasharray"), "the deadlock marker is a dashed line")
    let json = try CLI.run(["simulate", "--json", "--models", "threading", file.path])
    #expect(json.status == 3)
    let top = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let doc = try #require((top["scenarios"] as? [[String: Any]])?.first)
    let model = try #require((doc["models"] as? [[String: Any]])?.first)
    #expect(model["deadlock"] as? Bool == true)
    #expect(model["speedup"] == nil && model["latency_ms"] == nil && model["makespan_ms"] == nil)
    #expect((model["waits"] as? [String])?.count == 4)
    // A run that finishes says so too.
    let fine = try CLI.run(["simulate", "--json", "--models", "serial", file.path])
    #expect(fine.status == 0)
    #expect(fine.stdout.contains("\"deadlock\": false"))
  }

  @Test func compareSaysWhatItLeavesOutAndWhatItsPercentagesMean() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = dir.appendingPathComponent("a.yaml")
    let b = dir.appendingPathComponent("b.yaml")
    try "name: a\ntasks: [{count: 4, steps: [{cpu: 10ms}]}]\nmodels: [serial, asyncio]\n".write(to: a, atomically: true, encoding: .utf8)
    try "name: b\nmachine: {cores: 4}\ntasks: [{count: 4, steps: [{cpu: 20ms}]}]\nmodels: [serial, thread_pool]\n"
      .write(to: b, atomically: true, encoding: .utf8)
    let r = try CLI.run(["compare", a.path, b.path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("b (vs a)"))
    #expect(r.stdout.contains("+100.0%"), "20 ms of work per task against 10 ms: twice the makespan\n\(r.stdout)")
    #expect(r.stdout.contains("against a's"))
    #expect(r.stdout.contains("Left out of a, not in every scenario: asyncio"))
    #expect(r.stdout.contains("Left out of b, not in every scenario: ThreadPoolExecutor"))
  }
}

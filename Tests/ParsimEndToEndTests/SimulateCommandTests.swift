import Foundation
import Testing

@Suite struct SimulateCommandTests {
  static var shipped: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: CLI.repoRoot.appendingPathComponent("scenarios").path)) ?? [])
      .filter { $0.hasSuffix(".yaml") }.sorted().map { "scenarios/" + $0 }
  }

  @Test func tablesForEveryShippedScenarioAndModel() throws {
    let r = try CLI.run(["simulate"] + Self.shipped)
    #expect(r.status == 0, "\(r.stderr)")
    for name in ["groceries", "fetch-urls", "pool-map-powers", "gil-cpu-bound", "asyncio-connections"] {
      #expect(r.stdout.contains("(\(name), "), "no table for \(name)")
    }
    #expect(r.stdout.contains("one till"))
    #expect(r.stdout.contains("makespan  speed-up  p95 latency"))
  }

  @Test func jsonHasDesignShapeAndIsByteIdentical() throws {
    let a = try CLI.run(["simulate", "--json", "scenarios/groceries.yaml"])
    let b = try CLI.run(["simulate", "--json", "scenarios/groceries.yaml"])
    #expect(a.status == 0)
    #expect(a.stdout == b.stdout)
    let top = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
    let docs = try #require(top["scenarios"] as? [[String: Any]])
    #expect(docs.count == 1, "one shape whatever the number of files")
    let doc = docs[0]
    #expect(doc["scenario"] as? String == "groceries")
    let models = try #require(doc["models"] as? [[String: Any]])
    #expect(models.count == 4)
    for m in models {
      for key in ["model", "label", "makespan_ms", "speedup", "latency_ms", "utilization", "state_share", "explanation"] {
        #expect(m[key] != nil, "missing \(key)")
      }
      let latency = try #require(m["latency_ms"] as? [String: Any])
      #expect(Set(latency.keys) == ["mean", "p50", "p95", "p99"])
      let util = try #require(m["utilization"] as? [String: Any])
      #expect(util["cores"] != nil && util["gil"] != nil)
    }
    #expect(models[0]["label"] as? String == "one till")
    #expect(models[0]["speedup"] as? Double == 1)
  }

  @Test func twoProcessesGiveIdenticalResultsAndTraces() throws {
    // Each process seeds Swift's hashing afresh, so an order taken from a dictionary or a set
    // would differ between these runs; the simulation must not.
    let scenarios = try FileManager.default.contentsOfDirectory(atPath: CLI.repoRoot.appendingPathComponent("scenarios").path)
      .filter { $0.hasSuffix(".yaml") }.sorted().map { "scenarios/" + $0 }
    let a = try CLI.run(["simulate", "--json", "-q"] + scenarios)
    let b = try CLI.run(["simulate", "--json", "-q"] + scenarios)
    #expect(a.status == 0 && !a.stdout.isEmpty, "\(a.stderr)")
    #expect(a.stdout == b.stdout)
    for file in ["scenarios/groceries.yaml", "scenarios/gil-cpu-bound.yaml", "scenarios/fetch-urls.yaml"] {
      let dirs = try (0..<2).map { _ in try CLI.temporaryDirectory() }
      defer { for d in dirs { try? FileManager.default.removeItem(at: d) } }
      for d in dirs {
        let r = try CLI.run(["export", file, "--format", "json", "--out", d.path, "-q"])
        #expect(r.status == 0, "\(r.stderr)")
      }
      let names = try FileManager.default.contentsOfDirectory(atPath: dirs[0].path).sorted()
      #expect(!names.isEmpty)
      #expect(try FileManager.default.contentsOfDirectory(atPath: dirs[1].path).sorted() == names)
      for name in names {
        let x = try Data(contentsOf: dirs[0].appendingPathComponent(name))
        let y = try Data(contentsOf: dirs[1].appendingPathComponent(name))
        #expect(x == y, "\(file): \(name) differs between two runs")
      }
    }
  }

  @Test func jsonHasOneShapeForManyFiles() throws {
    let r = try CLI.run(["simulate", "--json", "scenarios/groceries.yaml", "scenarios/fetch-urls.yaml"])
    let top = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let docs = try #require(top["scenarios"] as? [[String: Any]])
    #expect(docs.compactMap { $0["scenario"] as? String } == ["groceries", "fetch-urls"])
  }

  @Test func theOldModelOptionStillWorks() throws {
    let r = try CLI.run(["simulate", "--model", "asyncio", "scenarios/groceries.yaml"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("one till with asyncio"))
    #expect(!r.stdout.contains("a second till"))
    let bad = try CLI.run(["simulate", "--model", "threds", "scenarios/groceries.yaml"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("unknown model 'threds'") && bad.stderr.contains("did you mean 'threading'?"), "\(bad.stderr)")
    let none = try CLI.run(["simulate", "--model", "free_threading", "scenarios/groceries.yaml"])
    #expect(none.status == 2)
    let broken = try CLI.run(["simulate", "/nonexistent.yaml"])
    #expect(broken.status == 2)
    #expect(broken.stderr.contains("/nonexistent.yaml:1:1: error: no such file"))
  }
}

import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Collects href and src attributes while parsing the report page as XML.
final class LinkCollector: NSObject, XMLParserDelegate {
  var links: [String] = []
  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:])
  {
    for key in ["href", "src"] { if let v = attributes[key], !v.hasPrefix("#") { links.append(v) } }
  }
}

@Suite(.serialized) struct ReportCommandTests {
  @Test func reportOfTheShippedScenarios() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLI.run(["report", "scenarios", "--out", dir.path, "--jobs", "2", "--traces"])
    #expect(r.status == 0, "\(r.stderr)")
    let n = try FileManager.default.contentsOfDirectory(atPath: CLI.repoRoot.appendingPathComponent("scenarios").path)
      .filter { $0.hasSuffix(".yaml") }.count
    #expect(r.stderr.contains("report: [\(n)/\(n)]"), "plain progress lines when not on a terminal")
    // The page parses, and every file it links to exists.
    let html = try Data(contentsOf: dir.appendingPathComponent("index.html"))
    let collector = LinkCollector()
    let parser = XMLParser(data: html)
    parser.delegate = collector
    #expect(parser.parse(), "index.html does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
    #expect(collector.links.count > 40)
    for link in collector.links {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(link).path), "missing \(link)")
    }
    let text = String(decoding: html, as: UTF8.self)
    for title in ["The supermarket", "Three URLs, three ways to thread", "CPU-bound work: threads against processes"] {
      #expect(text.contains(title))
    }
    #expect(text.contains("name=\"viewport\""))
    let md = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
    #expect(md.contains("## The supermarket") && md.contains("![The supermarket"))
    // Chrome traces are gzip files (Perfetto opens them as they are) of JSON with complete events.
    let gz = dir.appendingPathComponent("groceries/one-till.trace.json.gz")
    let unzipped = try CLI.runTool("/bin/gzip", ["-dc", gz.path])
    let chrome = try JSONSerialization.jsonObject(with: unzipped)
    let events = try #require((chrome as? [String: Any])?["traceEvents"] as? [[String: Any]])
    let complete = events.filter { $0["ph"] as? String == "X" }
    #expect(!complete.isEmpty)
    #expect(complete.allSatisfy { $0["ts"] is NSNumber && $0["dur"] is NSNumber && $0["pid"] != nil && $0["tid"] != nil })
    // Arrivals and results are instants on their own named track, not lines across every track.
    let instants = events.filter { $0["ph"] as? String == "i" }
    #expect(!instants.isEmpty && instants.allSatisfy { $0["s"] as? String == "t" })
    let named = Set(events.filter { $0["name"] as? String == "thread_name" }.compactMap { ($0["tid"] as? NSNumber)?.intValue })
    #expect(instants.allSatisfy { named.contains(($0["tid"] as? NSNumber)?.intValue ?? -1) })
    // The whole report of the shipped scenarios stays small enough to publish: under 1 MB a
    // scenario on average as `make demo` writes it, without traces, and no scenario over 1.2 MB.
    for gz in try FileManager.default.subpathsOfDirectory(atPath: dir.path) where gz.hasSuffix(".trace.json.gz") {
      try FileManager.default.removeItem(at: dir.appendingPathComponent(gz))
    }
    let size = try FileManager.default.subpathsOfDirectory(atPath: dir.path).reduce(0) { total, path in
      total + ((try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(path).path)[.size] as? Int) ?? 0)
    }
    #expect(size < 1_000_000 * n, "the report is \(size) bytes for \(n) scenarios")
    for scenario in try FileManager.default.contentsOfDirectory(atPath: dir.path) where !scenario.contains(".") {
      let folder = dir.appendingPathComponent(scenario)
      let bytes = try FileManager.default.subpathsOfDirectory(atPath: folder.path).reduce(0) { total, path in
        total + ((try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)[.size] as? Int) ?? 0)
      }
      #expect(bytes < 1_200_000, "\(scenario): \(bytes) bytes")
    }
    // Metrics as CSV: a header and a row per model.
    let csv = try String(contentsOf: dir.appendingPathComponent("groceries/metrics.csv"), encoding: .utf8)
    #expect(csv.split(separator: "\n").count == 5)
  }

  @Test func aBrokenScenarioFailsTheRunButTheOthersRender() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: CLI.repoRoot.appendingPathComponent("scenarios/groceries.yaml"),
      to: input.appendingPathComponent("groceries.yaml"))
    try "name: broken\ntasks:\n  - cuont: 2\n    steps: [{cpu: 1ms}]\n".write(to: input.appendingPathComponent("broken.yaml"),
      atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out")
    let r = try CLI.run(["report", input.path, "--out", out.path, "--format", "png"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("broken.yaml:3:5: error: unknown key 'cuont'"), "\(r.stderr)")
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("groceries/compare.png").path))
    let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
    #expect(html.contains("Scenarios with errors") && html.contains("unknown key"))
  }

  @Test func compareSweepAndExport() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let two = dir.appendingPathComponent("groceries-3-cores.yaml")
    let text = try String(contentsOf: CLI.repoRoot.appendingPathComponent("scenarios/groceries.yaml"), encoding: .utf8)
    try text.replacingOccurrences(of: "name: groceries", with: "name: groceries-3-cores")
      .replacingOccurrences(of: "cores: 2", with: "cores: 3").write(to: two, atomically: true, encoding: .utf8)
    let c = try CLI.run(["compare", "scenarios/groceries.yaml", two.path, "--out", dir.appendingPathComponent("cmp").path])
    #expect(c.status == 0, "\(c.stderr)")
    #expect(c.stdout.contains("one till") && c.stdout.contains("groceries-3-cores"))
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("cmp/compare.png").path))

    let s = try CLI.run(["sweep", "scenarios/gil-cpu-bound.yaml", "--model", "multiprocessing", "--param", "processes",
      "--values", "1,2,4", "--out", dir.appendingPathComponent("sweep").path])
    #expect(s.status == 0, "\(s.stderr)")
    #expect(s.stdout.contains("Amdahl fit"))
    let rows = s.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
    #expect(rows.count == 3)
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("sweep/sweep.svg").path))
    let badParam = try CLI.run(["sweep", "scenarios/gil-cpu-bound.yaml", "--model", "serial", "--param", "threads", "--values", "1,2"])
    #expect(badParam.status != 0)

    let chrome = try CLI.run(["export", "scenarios/groceries.yaml", "--model", "serial", "--format", "chrome"])
    #expect(chrome.status == 0)
    #expect((try JSONSerialization.jsonObject(with: Data(chrome.stdout.utf8)) as? [String: Any])?["traceEvents"] != nil)
    let csv = try CLI.run(["export", "scenarios/groceries.yaml", "--model", "threading", "--format", "csv"])
    #expect(csv.stdout.hasPrefix("lane,lane_kind,state,task,start_ns,end_ns\n"))
    let json = try CLI.run(["export", "scenarios/groceries.yaml", "--model", "asyncio", "--format", "json"])
    #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["spans"] != nil)
    let ambiguous = try CLI.run(["export", "scenarios/groceries.yaml", "--format", "csv"])
    #expect(ambiguous.status != 0)
  }
}

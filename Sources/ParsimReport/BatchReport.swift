import Foundation
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimMeasure
import ParsimScenario

/// What a report did for one scenario file.
public struct ScenarioReport: Sendable {
  public var file: String
  public var scenario: Scenario?
  /// Diagnostics of a file that could not be loaded or rendered.
  public var failure: String?
  /// Why a scenario that loads was left out (none of its models is selected).
  public var skipped: String?
  public var runs: [ModelRun] = []
  public var files: [String] = []
  public var sweep: SweepResult?
  public var fidelity: [FidelityResult] = []
}

/// `parsim report`: a folder of scenarios in, a page of figures and tables out.
public enum BatchReport {
  /// The scenario files of the inputs: files as given, directories' `*.yaml` and `*.yml` sorted.
  public static func scenarioFiles(_ inputs: [String]) -> [String] {
    var out: [String] = []
    for input in inputs {
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []
        out += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
          .map { (input as NSString).appendingPathComponent($0) }
      } else {
        out.append(input)
      }
    }
    return out
  }

  public struct Options: Sendable {
    public var formats: [ImageFormat]?
    public var jobs: Int
    public var measure: Bool
    public var python: String
    public var runs: Int
    /// Which models to run (every model by default); a scenario without them is skipped.
    public var selection: ModelSelection = .all
    /// The command line's changes to each scenario's chart style.
    public var overrides = StyleOverrides()
    /// Write a gzip-compressed Chrome trace per model (they hold every span: megabytes for
    /// thousands of tasks).
    public var traces = false
    public init(formats: [ImageFormat]? = nil, jobs: Int = 2, measure: Bool = false, python: String = "python3", runs: Int = 3) {
      self.formats = formats
      self.jobs = jobs
      self.measure = measure
      self.python = python
      self.runs = runs
    }
  }

  /// Renders every scenario into `out`, `jobs` at a time, then writes `index.html` and `README.md`.
  /// A broken scenario is reported with its diagnostics while the rest still render.
  public static func run(_ files: [String], out: URL, options: Options, progress: @escaping @Sendable (Int, Int, String) -> Void)
    async throws -> [ScenarioReport]
  {
    try Interruption.shared.createDirectory(out)
    var reports = [ScenarioReport?](repeating: nil, count: files.count)
    let rates: LoopRates? = options.measure ? try Measurer(python: options.python).loopRates() : nil
    // Largest first, so that one big scenario does not start last and run alone.
    let work = files.map(estimatedWork)
    let order = files.indices.sorted { work[$0] > work[$1] }
    await withTaskGroup(of: (Int, ScenarioReport).self) { group in
      var next = 0
      var finished = 0
      let limit = min(max(1, options.jobs), files.count)
      while next < limit {
        let i = order[next]
        let file = files[i]
        group.addTask { (i, render(file, out: out, options: options, rates: rates)) }
        next += 1
      }
      for await (i, report) in group {
        reports[i] = report
        finished += 1
        progress(finished, files.count, report.scenario?.name ?? (report.file as NSString).lastPathComponent)
        if next < files.count {
          let j = order[next]
          let file = files[j]
          group.addTask { (j, render(file, out: out, options: options, rates: rates)) }
          next += 1
        }
      }
    }
    let done = reports.compactMap { $0 }
    try ChartFiles.writeAtomically(Data(HTMLPage.render(done).utf8), to: out.appendingPathComponent("index.html"))
    try ChartFiles.writeAtomically(Data(MarkdownPage.render(done).utf8), to: out.appendingPathComponent("README.md"))
    return done
  }

  /// A rough measure of a scenario's rendering work: steps times models (0 when it does not load).
  static func estimatedWork(_ file: String) -> Int {
    guard let s = try? ScenarioLoader.load(file: file) else { return 0 }
    let (w, o) = s.expandedStepCount.multipliedReportingOverflow(by: s.models.count + (s.sweep?.values.count ?? 0) + 1)
    return o ? Int.max : w
  }

  /// One scenario: its charts, metrics, traces and sweep.
  static func render(_ file: String, out: URL, options: Options, rates: LoopRates?) -> ScenarioReport {
    var report = ScenarioReport(file: file)
    let scenario: Scenario
    do { scenario = try ScenarioLoader.load(file: file) } catch {
      report.failure = error.description
      return report
    }
    let specs: [ModelSpec]
    switch options.selection.models(in: scenario, lenient: true) {
    case .success(let s): specs = s
    case .failure(let f):
      report.failure = "\(file): \(f)"
      return report
    }
    guard !specs.isEmpty else {
      report.skipped = "\(file): skipped: none of its models is selected"
      return report
    }
    report.scenario = scenario
    do {
      let runs = Simulator.runAll(scenario, models: specs, recording: true)
      if let why = runs.compactMap(\.stopped).first {
        report.failure = "\(file): error: \(why)"
        return report
      }
      report.runs = runs
      let formats = options.formats ?? scenario.charts.formats.compactMap { ImageFormat(rawValue: $0.rawValue) }
      let style = options.overrides.style(scenario.charts)
      // The comparison, the figure to publish, in every format; the timelines as PNG (the page
      // shows PNG) unless --format asks for more, so that a report stays a few megabytes.
      let written = try ChartFiles.write(scenario: scenario, runs: runs, to: out, formats: formats,
        timelineFormats: options.formats ?? (formats.contains(.png) ? [.png] : formats), style: style)
      let dir = out.appendingPathComponent(scenario.name)
      var files = written.map { "\(scenario.name)/\($0.lastPathComponent)" }
      let json = JSON.object([("scenario", .string(scenario.name)), ("models", .array(runs.map(\.json)))])
      try ChartFiles.writeAtomically(Data(json.text().utf8), to: dir.appendingPathComponent("metrics.json"))
      try ChartFiles.writeAtomically(Data(metricsCSV(runs).utf8), to: dir.appendingPathComponent("metrics.csv"))
      files += ["\(scenario.name)/metrics.json", "\(scenario.name)/metrics.csv"]
      // Chrome traces gzip-compressed: Perfetto opens them as they are, at a tenth of the size.
      for (run, name) in zip(runs, ChartFiles.baseNames(runs)) where options.traces {
        guard let trace = run.trace else { continue }
        try ChartFiles.writeAtomically(try Gzip.compress(Export.chromeTrace(trace)),
          to: dir.appendingPathComponent("\(name).trace.json.gz"))
        files.append("\(scenario.name)/\(name).trace.json.gz")
      }
      if let sweep = scenario.sweep, let result = SweepResult.run(sweep, scenario: scenario), result.stopped == nil {
        report.sweep = result
        let scene = result.scene(scenario: scenario, style: style, measurer: CairoTextMeasurer())
        for format in formats {
          try ChartFiles.writeAtomically(try CairoRenderer.render(scene, format: format), to: dir.appendingPathComponent("sweep.\(format.rawValue)"))
          files.append("\(scenario.name)/sweep.\(format.rawValue)")
        }
        try ChartFiles.writeAtomically(Data(result.csv.utf8), to: dir.appendingPathComponent("sweep.csv"))
        files.append("\(scenario.name)/sweep.csv")
      }
      if let rates {
        let results = try Fidelity.measure(scenario, models: specs, measurer: Measurer(python: options.python), runs: options.runs,
          rates: rates, progress: nil)
        report.fidelity = results
        files += try Fidelity.writeCharts(results, scenario: scenario, to: out, formats: formats, style: style)
          .map { "\(scenario.name)/\($0.lastPathComponent)" }
      }
      report.files = files
    } catch {
      report.failure = "\(file): \(errorReason(error))"
    }
    return report
  }

  /// One row per model: the figures of the JSON in columns.
  public static func metricsCSV(_ runs: [ModelRun]) -> String {
    var out = "model,label,makespan_ms,speedup,throughput_per_s,latency_mean_ms,latency_p50_ms,latency_p95_ms,latency_p99_ms,"
      + "core_utilization,gil_utilization," + SpanState.allCases.filter { $0 != .held }.map { "share_\($0.name)" }.joined(separator: ",")
      + ",deadlock,explanation\n"
    for r in runs {
      let m = r.metrics
      var fields = [r.spec.kind.rawValue, Export.csvField(r.model.label), String(format: "%.3f", Double(m.makespan) / 1e6),
        m.speedup.map { String(format: "%.4f", $0) } ?? "", String(format: "%.3f", m.throughput),
        String(format: "%.3f", m.latencyMean / 1e6), String(format: "%.3f", Double(m.latencyP50) / 1e6),
        String(format: "%.3f", Double(m.latencyP95) / 1e6), String(format: "%.3f", Double(m.latencyP99) / 1e6),
        String(format: "%.4f", m.coreUtilization), m.gilUtilization.map { String(format: "%.4f", $0) } ?? ""]
      fields += SpanState.allCases.filter { $0 != .held }.map { String(format: "%.4f", m.share($0)) }
      fields.append(m.deadlock == nil ? "false" : "true")
      fields.append(Export.csvField(m.explanation))
      out += fields.joined(separator: ",") + "\n"
    }
    return out
  }
}

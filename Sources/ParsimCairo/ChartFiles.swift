import Foundation
import ParsimChart
import ParsimEngine
import ParsimScenario

/// Writes a scenario's charts: a timeline per model and the comparison of all models.
public enum ChartFiles {
  /// File names (without extension) for each run: the model's kind, or its label when it has one,
  /// made unique with -2, -3, ….
  public static func baseNames(_ runs: [ModelRun]) -> [String] {
    var used: [String: Int] = [:]
    return runs.map { run in
      let base = run.spec.label.map(slug) ?? run.spec.kind.rawValue
      let n = (used[base] ?? 0) + 1
      used[base] = n
      return n == 1 ? base : "\(base)-\(n)"
    }
  }

  /// "A second till" → "a-second-till".
  public static func slug(_ s: String) -> String {
    var out = ""
    for ch in s.lowercased() {
      if ch.isASCII && (ch.isLetter || ch.isNumber) {
        out.append(ch)
      } else if !out.hasSuffix("-") {
        out.append("-")
      }
    }
    while out.hasSuffix("-") { out.removeLast() }
    while out.hasPrefix("-") { out.removeFirst() }
    return out.isEmpty ? "model" : String(out.prefix(60))
  }

  /// The timeline of one run.
  public static func timeline(_ run: ModelRun, scenario: Scenario, style: ChartStyle, measurer: any TextMeasuring) -> Scene? {
    guard let trace = run.trace else { return nil }
    return TimelineChart.scene(ChartRun(trace: trace, metrics: run.metrics),
      title: "\(scenario.displayTitle) — \(run.model.label)", style: style, measurer: measurer)
  }

  /// The comparison of every run.
  public static func comparison(_ runs: [ModelRun], scenario: Scenario, style: ChartStyle, measurer: any TextMeasuring) -> Scene {
    let chartRuns = runs.compactMap { r in r.trace.map { ChartRun(trace: $0, metrics: r.metrics) } }
    let subtitle = "\(scenario.taskCount) \(scenario.pipeline == nil ? "task" : "item")\(scenario.taskCount == 1 ? "" : "s") on \(scenario.machine.cores) "
      + "core\(scenario.machine.cores == 1 ? "" : "s") · Python \(scenario.machine.python.rawValue) · simulated by parsim"
    return ComparisonChart.scene(chartRuns, title: scenario.displayTitle, subtitle: subtitle,
      description: scenario.description, style: style, measurer: measurer)
  }

  /// Writes `DIR/<scenario>/<model>.<ext>` for every run and `DIR/<scenario>/compare.<ext>`.
  /// Each file is written atomically: a failure leaves no partial file.
  ///
  /// - Parameter timelineFormats: the formats of the per-model timelines, when they differ from
  ///   the comparison's.
  /// - Returns: the files written.
  public static func write(scenario: Scenario, runs: [ModelRun], to directory: URL, formats: [ImageFormat],
    timelineFormats: [ImageFormat]? = nil, style: ChartStyle, scale: Double = 1) throws -> [URL]
  {
    let dir = directory.appendingPathComponent(scenario.name, isDirectory: true)
    do {
      try Interruption.shared.createDirectory(dir)
    } catch {
      throw RenderError(message: error.description)
    }
    let measurer = CairoTextMeasurer()
    var written: [URL] = []
    var scenes: [(String, Scene)] = []
    for (run, name) in zip(runs, baseNames(runs)) {
      if let scene = timeline(run, scenario: scenario, style: style, measurer: measurer) { scenes.append((name, scene)) }
    }
    scenes.append(("compare", comparison(runs, scenario: scenario, style: style, measurer: measurer)))
    for (name, scene) in scenes {
      for format in name == "compare" ? formats : timelineFormats ?? formats {
        let url = dir.appendingPathComponent("\(name).\(format.rawValue)")
        try writeAtomically(try CairoRenderer.render(scene, format: format, scale: scale), to: url)
        written.append(url)
      }
    }
    return written
  }

  /// Writes to a temporary file beside `url`, then renames it into place.
  public static func writeAtomically(_ data: Data, to url: URL) throws {
    Interruption.shared.add(output: url.path)
    do {
      try data.write(to: url, options: .atomic)
    } catch {
      throw RenderError(message: "\(url.path): cannot write: \(errorReason(error))")
    }
  }
}

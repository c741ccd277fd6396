import ParsimChart
import ParsimEngine
import ParsimScenario

/// What the fuzz target does with one input, shared with the test that replays every input that
/// ever crashed (`Tests/ParsimChartTests/FuzzRegressions`).
public enum FuzzInput {
  /// The events each model may take: enough for every shipped scenario's shape, small enough
  /// that one input takes milliseconds.
  public static let eventBudget = 20_000

  /// Reads the bytes as a scenario file; if it loads, simulates every model and lays out its
  /// timeline and the comparison. Returns whether the scenario loaded. Any trap on the way is a
  /// bug: no input may crash parsim.
  @discardableResult
  public static func exercise(_ bytes: [UInt8]) -> Bool {
    guard let (scenario, _) = try? ScenarioLoader.load(bytes: bytes, file: "fuzz.yaml") else { return false }
    let runs = Simulator.runAll(scenario, recording: true, eventBudget: eventBudget)
    let measurer = FixedAdvanceMeasurer()
    let style = ChartStyle(scenario.charts)
    var charted: [ChartRun] = []
    for run in runs where run.stopped == nil {
      guard let trace = run.trace else { continue }
      let chartRun = ChartRun(trace: trace, metrics: run.metrics)
      _ = TimelineChart.scene(chartRun, title: scenario.displayTitle, style: style, measurer: measurer)
      charted.append(chartRun)
    }
    if !charted.isEmpty {
      _ = ComparisonChart.scene(charted, title: scenario.displayTitle, subtitle: "", description: scenario.description,
        style: style, measurer: measurer)
    }
    return true
  }
}

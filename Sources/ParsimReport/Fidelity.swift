import Foundation
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimMeasure
import ParsimScenario

/// A model simulated and measured: the figures of one row of the fidelity table.
public struct FidelityResult: Sendable {
  public var scenario: String
  public var simulated: ModelRun
  public var outcome: MeasureOutcome
  /// The same model simulated with a calibrated profile (`parsim measure --profile`), if asked.
  public var profiled: ModelRun?

  public var runs: [MeasuredRun] {
    if case .measured(let r) = outcome { return r }
    return []
  }
  public var skipped: String? {
    if case .skipped(let why) = outcome { return why }
    return nil
  }

  /// The measured makespans, sorted.
  public var makespans: [SimTime] { runs.map(\.makespan).sorted() }

  /// The median measured makespan (the lower middle for an even count).
  public var median: SimTime? {
    let m = makespans
    return m.isEmpty ? nil : m[(m.count - 1) / 2]
  }

  /// The run whose makespan is the median.
  public var medianRun: MeasuredRun? {
    guard let median else { return nil }
    return runs.first { $0.makespan == median }
  }

  /// (simulated − measured) / measured, signed.
  public var error: Double? { error(of: simulated) }

  /// The error of the simulation with the calibrated profile.
  public var profiledError: Double? { profiled.flatMap { error(of: $0) } }

  func error(of run: ModelRun) -> Double? {
    guard let median, median > 0 else { return nil }
    return Double(run.metrics.makespan - median) / Double(median)
  }

  /// The median, over tasks, of |simulated − measured| time at which the task's last step ended,
  /// relative to the measured makespan (from the median run). The end of the last step is
  /// compared rather than the result's arrival in the caller, which `Pool.map` delays to the end.
  public var completionError: Double? {
    guard let run = medianRun, let trace = simulated.trace, run.makespan > 0 else { return nil }
    func lastStepEnds(_ t: Trace) -> [Int32: SimTime] {
      var ends: [Int32: SimTime] = [:]
      for s in t.spans where s.task >= 0 && (t.lanes[Int(s.lane)].kind == .thread || t.lanes[Int(s.lane)].kind == .process) {
        ends[s.task] = max(ends[s.task] ?? 0, s.end)
      }
      return ends
    }
    let simEnds = lastStepEnds(trace)
    var errors: [Double] = []
    for (task, end) in lastStepEnds(run.trace) {
      if let s = simEnds[task] { errors.append(abs(Double(s - end)) / Double(run.makespan)) }
    }
    errors.sort()
    return errors.isEmpty ? nil : errors[(errors.count - 1) / 2]
  }

  public var json: JSON {
    guard case .object(var fields) = simulated.json else { return simulated.json }
    if let skipped {
      fields.append(("measured", .string("skipped: \(skipped)")))
      return .object(fields)
    }
    fields.append(("measured_makespan_ms", median.map { .number(Double($0) / 1e6, decimals: 3) } ?? .null))
    fields.append(("makespan_error", error.map { .number($0, decimals: 4) } ?? .null))
    fields.append(("runs", .array(runs.map { .number(Double($0.makespan) / 1e6, decimals: 3) })))
    fields.append(("completion_error", completionError.map { .number($0, decimals: 4) } ?? .null))
    if let profiled {
      fields.append(("profile_makespan_ms", .number(Double(profiled.metrics.makespan) / 1e6, decimals: 3)))
      fields.append(("profile_makespan_error", profiledError.map { .number($0, decimals: 4) } ?? .null))
    }
    fields.append(("python", .string(runs.first?.python ?? "")))
    return .object(fields)
  }
}

/// Simulates and measures scenarios, and writes what they show.
public enum Fidelity {
  /// The word a real run's worker lanes are named with.
  public static func workerWord(_ kind: ModelKind, labels: Labels) -> String {
    if let w = labels.worker { return w }
    switch kind {
    case .multiprocessing, .processPool: return "Process"
    case .threadPool: return "Worker thread"
    case .dummyPool: return "Pool thread"
    case .subinterpreters: return "Interpreter"
    default: return "Thread"
    }
  }

  /// Simulates each model (recording its trace) and runs it `runs` times for real.
  ///
  /// With `profile`, each model is also simulated with those costs in place of the scenario's
  /// profile (its own `costs` still win), as if the scenario named the profile.
  public static func measure(_ scenario: Scenario, models: [ModelSpec]?, measurer: Measurer, runs: Int, rates: LoopRates,
    profile: CostOverrides? = nil, progress: ((String) -> Void)?) throws -> [FidelityResult]
  {
    // The simulation takes the measured interpreter's version (its own default costs) where the
    // scenario names another: a real run on 3.13 is compared with 3.13's simulation.
    var scenario = scenario
    if let v = rates.python, v != scenario.machine.python {
      progress?("\(scenario.name): simulating with Python \(v.rawValue)'s costs, the version measured (the scenario says \(scenario.machine.python.rawValue))")
      scenario.machine.python = v
    }
    let simulated = Simulator.runAll(scenario, models: models, recording: true)
    var profiled: [ModelRun]?
    if let profile {
      var calibrated = scenario
      calibrated.machine.profileCosts = profile
      profiled = Simulator.runAll(calibrated, models: models, recording: false)
    }
    let names = Workload(scenario).taskNames(label: scenario.labels.task)
    var results: [FidelityResult] = []
    for (index, run) in simulated.enumerated() {
      let m = run.model
      let parameters = RunParameters(kind: m.kind, workers: m.workers, chunksize: m.chunksize, startMethod: m.startMethod,
        limit: m.limit, streaming: m.streaming, offloadWorkers: m.offloadWorkers, api: m.api)
      let timeout = max(30, 10 * Double(run.metrics.makespan) / 1e9)
      let outcome = try measurer.measure(scenario: scenario, parameters: parameters, label: m.label, runs: runs, rates: rates,
        timeout: timeout, workerWord: workerWord(m.kind, labels: scenario.labels), taskNames: names, progress: progress)
      results.append(FidelityResult(scenario: scenario.name, simulated: run, outcome: outcome, profiled: profiled?[index]))
    }
    return results
  }

  /// The fidelity table in Markdown: scenario, model, simulated, measured (median and spread), error.
  /// With a calibrated profile, two more columns: that simulation and its error.
  public static func markdown(_ results: [FidelityResult], python: String) -> String {
    let withProfile = results.contains { $0.profiled != nil }
    func signed(_ error: Double?) -> String { error.map { String(format: "%+.1f%%", $0 * 100) } ?? "–" }
    var out = "| scenario | model | simulated | measured: median (min–max) | error | per-task completion error |"
    out += withProfile ? " simulated, calibrated profile | error, calibrated profile |\n" : "\n"
    out += withProfile ? "|---|---|---|---|---|---|---|---|\n" : "|---|---|---|---|---|---|\n"
    for r in results {
      let sim = formatDuration(Double(r.simulated.metrics.makespan))
      var profileColumns = ""
      if withProfile {
        let profiled = r.profiled.map { formatDuration(Double($0.metrics.makespan)) } ?? "–"
        profileColumns = " \(profiled) | \(signed(r.profiledError)) |"
      }
      if let skipped = r.skipped {
        out += "| \(r.scenario) | \(r.simulated.model.label) | \(sim) | skipped: \(skipped) | | |\(profileColumns)\n"
        continue
      }
      let m = r.makespans
      let measured = r.median.map { formatDuration(Double($0)) } ?? "–"
      let spread = m.isEmpty ? "" : " (\(formatDuration(Double(m[0])))–\(formatDuration(Double(m[m.count - 1]))))"
      let error = signed(r.error)
      let completion = r.completionError.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
      out += "| \(r.scenario) | \(r.simulated.model.label) | \(sim) | \(measured)\(spread) | \(error) | \(completion) |\(profileColumns)\n"
    }
    return out + "\nMeasured with Python \(python), \(results.first?.runs.count ?? 0) runs per model.\n"
  }

  /// Writes `DIR/<scenario>/<model>.validation.<ext>`: the simulated run above the median real run.
  public static func writeCharts(_ results: [FidelityResult], scenario: Scenario, to directory: URL, formats: [ImageFormat],
    style: ChartStyle) throws -> [URL]
  {
    let dir = directory.appendingPathComponent(scenario.name, isDirectory: true)
    try Interruption.shared.createDirectory(dir)
    let measurer = CairoTextMeasurer()
    var written: [URL] = []
    for (r, name) in zip(results, ChartFiles.baseNames(results.map(\.simulated))) {
      guard let run = r.medianRun, let trace = r.simulated.trace else { continue }
      let scene = ValidationChart.scene(simulated: ChartRun(trace: trace, metrics: r.simulated.metrics),
        measured: ChartRun(trace: run.trace, metrics: nil), title: "\(scenario.displayTitle) — \(r.simulated.model.label)",
        style: style, measurer: measurer)
      for format in formats {
        let url = dir.appendingPathComponent("\(name).validation.\(format.rawValue)")
        try ChartFiles.writeAtomically(try CairoRenderer.render(scene, format: format), to: url)
        written.append(url)
      }
    }
    return written
  }
}

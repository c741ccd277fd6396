import Foundation
import ParsimScenario
import ParsimTrace

/// Runs scenarios, loop probes and calibrations with a real Python interpreter.
public struct Measurer {
  public var python: String
  public var runner: any PythonRunning

  public init(python: String = "python3", runner: any PythonRunning = SystemPythonRunner()) {
    self.python = python
    self.runner = runner
  }

  static let probe = """
    import hashlib, json, signal, statistics, sys, time
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    now = time.perf_counter_ns
    def spin(n):
        i = 0
        while i < n:
            i += 1
    end = now() + 300_000_000
    while now() < end:
        spin(10_000)
    def loop():
        s = now(); spin(2_000_000); return 2_000_000 / (now() - s)
    buf = bytes(8 << 20)
    def hashing():
        s = now(); hashlib.sha256(buf).digest(); return len(buf) / (now() - s)
    print(json.dumps({"loop": statistics.median(loop() for _ in range(7)),
                      "hash": statistics.median(hashing() for _ in range(5)),
                      "version": sys.version_info[0] + sys.version_info[1] / 100,
                      "gil": 1.0 if getattr(sys, "_is_gil_enabled", lambda: True)() else 0.0}))
    """

  /// How fast this interpreter runs the harness's loop and sha256 here (about a second).
  public func loopRates() throws -> LoopRates {
    let dir = try ScratchDirectory()
    let script = dir.url.appendingPathComponent("probe.py")
    try Self.probe.write(to: script, atomically: true, encoding: .utf8)
    let out = try runner.run(python: python, script: script, arguments: [], timeout: 60, progress: nil)
    guard out.status == 0, let doc = try? JSONSerialization.jsonObject(with: out.stdout) as? [String: Double],
      let loop = doc["loop"], let hash = doc["hash"], loop > 0, hash > 0
    else {
      throw MeasureError("\(python) could not measure its loop rate: \(out.stderr.suffix(400))")
    }
    var rates = LoopRates(loopIterationsPerNS: loop, hashBytesPerNS: hash)
    if let v = doc["version"] {  // 3.13 as 3.13: major + minor / 100
      let minor = Int(((v - v.rounded(.down)) * 100).rounded())
      rates.python = PythonVersion(rawValue: "\(Int(v))" + ".\(minor)" + (doc["gil"] == 0 ? "t" : ""))
    }
    return rates
  }

  /// Runs one model of a scenario `runs` times, each in a fresh interpreter, and imports the traces.
  ///
  /// Python work is measured in thread CPU time, so a run does the same work whatever speed the
  /// machine's CPUs run at meanwhile (on a shared VM it changes by half within a run).
  public func measure(scenario: Scenario, parameters: RunParameters, label: String, runs: Int, rates: LoopRates,
    timeout: Double, workerWord: String, taskNames: [String], progress: ((String) -> Void)? = nil) throws -> MeasureOutcome
  {
    let dir = try ScratchDirectory()
    let script = dir.url.appendingPathComponent("run_model.py")
    try HarnessProgram.source.write(to: script, atomically: true, encoding: .utf8)
    try MeasureSpec.json(scenario: scenario, parameters: parameters, rates: rates)
      .write(to: dir.url.appendingPathComponent("spec.json"))
    var results: [MeasuredRun] = []
    for i in 0..<runs {
      progress?("\(scenario.name) · \(label): run \(i + 1) of \(runs)")
      let out = try runner.run(python: python, script: script, arguments: [], timeout: timeout, progress: nil)
      if out.timedOut {
        throw MeasureError("\(label): a run passed its time limit of \(Int(timeout)) s and was stopped with all its processes")
      }
      guard out.status == 0 else {
        throw MeasureError("\(label): the Python program failed (exit \(out.status)):\n\(out.stderr.suffix(1500))")
      }
      switch try TraceImport.decode(out.stdout, scenario: scenario.name, model: parameters.kind.rawValue, label: label,
        cores: scenario.machine.cores, taskNames: taskNames, workerWord: workerWord)
      {
      case .skipped(let reason): return .skipped(reason)
      case .run(let run): results.append(run)
      }
    }
    return .measured(results)
  }

  /// Measures this machine's costs (about a minute; `quick` takes fewer repetitions).
  public func calibrate(quick: Bool, progress: ((String) -> Void)?) throws -> [String: Any] {
    let dir = try ScratchDirectory()
    let script = dir.url.appendingPathComponent("calibrate.py")
    try CalibrationProgram.source.write(to: script, atomically: true, encoding: .utf8)
    let out = try runner.run(python: python, script: script, arguments: quick ? ["--quick"] : [], timeout: 900,
      progress: progress)
    guard !out.timedOut else { throw MeasureError("calibration passed its time limit of 15 minutes and was stopped") }
    guard out.status == 0, let doc = try? JSONSerialization.jsonObject(with: out.stdout) as? [String: Any] else {
      throw MeasureError("calibration with \(python) failed (exit \(out.status)):\n\(out.stderr.suffix(1500))")
    }
    return doc
  }
}

/// Writes calibration results as a profile file that a scenario names with `machine.profile`.
public enum ProfileWriter {
  public static func yaml(_ c: [String: Any], date: Date = Date()) -> String {
    func number(_ key: String) -> Double? { (c[key] as? NSNumber)?.doubleValue }
    var about: [String] = []
    if let p = c["python"] as? String { about.append("python: \"\(p)\"") }
    if let n = number("cpu_count") { about.append("cpus: \(Int(n))") }
    let iso = ISO8601DateFormatter()
    about.append("calibrated: \"\(iso.string(from: date))\"")
    if let l = number("loop_iterations_per_ns") { about.append("loop_iterations_per_ms: \(Int((l * 1e6).rounded()))") }
    if let h = number("hash_bytes_per_ns") { about.append("sha256_mb_per_s: \(Int((h * 1e3).rounded()))") }
    var costs: [String] = []
    for key in CostKey.allCases {
      guard let v = number(key.rawValue) else { continue }
      switch key.kind {
      case .duration: costs.append("  \(key.rawValue): \(Units.formatDuration(max(0, Int64(v.rounded()))))")
      case .throughput: costs.append("  \(key.rawValue): \(Units.formatSize(Int64((v / 1000).rounded()) * 1000))/s")
      case .probability, .factor: costs.append("  \(key.rawValue): \(v)")
      case .policy: break
      }
    }
    return "# Written by parsim calibrate: this machine's costs, measured with \(c["python"] as? String ?? "python").\n"
      + "about: {\(about.joined(separator: ", "))}\ncosts:\n" + costs.joined(separator: "\n") + "\n"
  }
}

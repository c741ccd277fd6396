import Foundation
import ParsimEngine
#if canImport(Glibc)
  import Glibc
#endif
@testable import ParsimMeasure
import ParsimReport
import ParsimScenario
import Testing

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

let tinyYAML = """
  name: tiny
  seed: 9
  machine: {cores: 2, costs: {sleep_overshoot: 0}}
  tasks:
    - name: a
      count: 3
      arrivals: {rate: 50/s}
      args: 1KB
      result: 100B
      steps:
        - cpu: {uniform: [1ms, 3ms]}
        - lock: db
          steps: [{io: {exponential: 2ms}}]
        - repeat: 2
          steps: [{native: {choice: [1ms, 2ms]}}]
    - name: b
      steps: [{blocking: 4ms}, {cpu: {normal: [2ms, 1ms]}}]
  models: [serial, threading]
  """

@Suite struct MeasureSpecTests {
  @Test func samplesAreTheSimulatorsSamples() throws {
    let s = try ScenarioLoader.load(yaml: tinyYAML, file: "tiny.yaml")
    // Serial runs every step back to back with no overshoot: its spans are the samples.
    let trace = try #require(Simulator.run(s, model: ModelSpec(.serial), recording: true, baseline: nil).trace)
    var simulated: [Int32: [SimTime]] = [:]
    for span in trace.spans.sorted(by: { $0.start < $1.start })
    where trace.lanes[Int(span.lane)].kind == .thread && span.task >= 0 && span.state != .lockWait {
      simulated[span.task, default: []].append(span.end - span.start)
    }
    var id: Int32 = 0
    let costs = s.machine.resolvedCosts
    for (g, group) in s.tasks.enumerated() {
      for i in 0..<group.count {
        let durations = group.sampledSteps(seed: s.seed, group: g, index: i).compactMap { step -> SimTime? in
          switch step {
          case .cpu(let d), .io(let d), .blocking(let d), .cCall(let d): return d
          case .native(let d):  // calls of native_chunk, and native_call of Python between two
            return d + (d - 1) / costs.nativeChunk * costs.nativeCall
          case .acquire, .release, .semaphoreAcquire, .semaphoreRelease, .offloadBegin, .offloadEnd: return nil
          }
        }
        // The simulator merges back-to-back spans of one state; compare the totals by task.
        #expect(durations.reduce(0, +) == simulated[id, default: []].reduce(0, +), "task \(id)")
        id += 1
      }
    }
    // Arrivals too.
    let arrivals = trace.marks.filter { $0.kind == .arrival }.sorted { $0.task < $1.task }.map(\.time)
    #expect(arrivals == s.tasks[0].arrivalTimes(seed: s.seed, group: 0) + s.tasks[1].arrivalTimes(seed: s.seed, group: 1))
  }

  /// The measurement program itself, a reviewed golden: a change to what real runs do shows
  /// here as a diff to read (re-record with RECORD_SNAPSHOTS=1).
  @Test func harnessGolden() throws {
    let url = fixtures.appendingPathComponent("harness.py")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil || !FileManager.default.fileExists(atPath: url.path) {
      try HarnessProgram.source.write(to: url, atomically: true, encoding: .utf8)
      Issue.record("recorded harness.py; run the tests again")
      return
    }
    #expect(HarnessProgram.source == (try String(contentsOf: url, encoding: .utf8)))
  }

  @Test func specGolden() throws {
    let s = try ScenarioLoader.load(yaml: tinyYAML, file: "tiny.yaml")
    let params = RunParameters(kind: .processPool, workers: 2, chunksize: 1, startMethod: .spawn, limit: nil, streaming: true)
    let data = try MeasureSpec.json(scenario: s, parameters: params, rates: LoopRates(loopIterationsPerNS: 0.05, hashBytesPerNS: 1.5))
    let url = fixtures.appendingPathComponent("tiny-spec.json")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil || !FileManager.default.fileExists(atPath: url.path) {
      try data.write(to: url)
      Issue.record("recorded tiny-spec.json; run the tests again")
      return
    }
    #expect(String(decoding: data, as: UTF8.self) == String(decoding: try Data(contentsOf: url), as: UTF8.self))
  }
}

@Suite struct TraceImportTests {
  @Test func importsARecordedThreadingRun() throws {
    let data = try Data(contentsOf: fixtures.appendingPathComponent("threading-run.json"))
    guard case .run(let run) = try TraceImport.decode(data, scenario: "groceries", model: "threading", label: "threads",
      cores: 2, taskNames: (1...6).map { "Customer \($0)" }, workerWord: "Till")
    else {
      Issue.record("the fixture did not import as a run")
      return
    }
    let t = run.trace
    #expect(run.python.hasPrefix("3."))
    // The program's clock from its first line to the last result: t1 − t0 in the fixture,
    // 4,813,115,305,006 − 4,812,647,572,255 ns.
    #expect(t.makespan == 467_732_751)
    // One thread per task; the caller's thread ran no step, so it has no lane.
    #expect(t.lanes.map(\.name) == (1...6).map { "Till \($0)" })
    // Every task has its steps, in order, within the run.
    for task in Int32(0)..<6 {
      let spans = t.spans.filter { $0.task == task }.sorted { $0.start < $1.start }
      #expect(!spans.isEmpty, "task \(task)")
      #expect(spans.allSatisfy { $0.start >= 0 && $0.end <= t.makespan && $0.end >= $0.start })
      #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.end <= $1.start + 1_000 })
    }
    #expect(t.marks.filter { $0.kind == .completion }.count == 6)
    #expect(t.marks.filter { $0.kind == .arrival }.count == 6)
  }

  @Test func skippedModelsAreReportedNotFailed() throws {
    let out = Data(#"{"skipped": "this interpreter has the GIL"}"#.utf8)
    guard case .skipped(let why) = try TraceImport.decode(out, scenario: "s", model: "free_threading", label: "ft", cores: 2,
      taskNames: [], workerWord: "Thread")
    else {
      Issue.record("expected skipped")
      return
    }
    #expect(why.contains("GIL"))
  }

  @Test func malformedOutputIsAnError() {
    #expect(throws: MeasureError.self) {
      _ = try TraceImport.decode(Data("Traceback (most recent call last)".utf8), scenario: "s", model: "m", label: "l",
        cores: 1, taskNames: [], workerWord: "T")
    }
    #expect(throws: MeasureError.self) {
      _ = try TraceImport.decode(Data(#"{"t0": 1, "t1": 2, "main_pid": 1, "main_tid": 1, "steps": [[0, "warp", 1, 2, 1, 1]]}"#.utf8),
        scenario: "s", model: "m", label: "l", cores: 1, taskNames: ["a"], workerWord: "T")
    }
  }
}

/// A runner that returns recorded output: the mockable seam of real runs. It keeps what it was
/// asked to run, and the spec the program would have read beside it.
final class FakeRunner: PythonRunning, @unchecked Sendable {
  var output: RunOutput
  var calls: [(python: String, script: String, spec: [String: Any]?)] = []
  init(output: RunOutput) { self.output = output }
  func run(python: String, script: URL, arguments: [String], timeout: Double, progress: ((String) -> Void)?) throws -> RunOutput {
    let specURL = script.deletingLastPathComponent().appendingPathComponent("spec.json")
    let spec = (try? Data(contentsOf: specURL)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    calls.append((python, (try? String(contentsOf: script, encoding: .utf8)) ?? "", spec))
    return output
  }
}

@Suite struct MeasurerTests {
  @Test func measuresThroughTheRunnerSeam() throws {
    let s = try ScenarioLoader.load(yaml: tinyYAML, file: "tiny.yaml")
    let data = try Data(contentsOf: fixtures.appendingPathComponent("threading-run.json"))
    let runner = FakeRunner(output: RunOutput(status: 0, stdout: data, stderr: "", timedOut: false))
    let m = Measurer(python: "python3.12", runner: runner)
    let outcome = try m.measure(scenario: s, parameters: RunParameters(kind: .threading, workers: 6, chunksize: 1,
      startMethod: .fork, limit: nil, streaming: false), label: "threads", runs: 3,
      rates: LoopRates(loopIterationsPerNS: 0.05, hashBytesPerNS: 1), timeout: 30, workerWord: "Thread",
      taskNames: (1...6).map { "t\($0)" })
    guard case .measured(let runs) = outcome else {
      Issue.record("expected runs")
      return
    }
    // Three runs, each a fresh interpreter of the Python asked for, running the harness with
    // this model's parameters in its spec.
    #expect(runner.calls.count == 3)
    #expect(runner.calls.allSatisfy { $0.python == "python3.12" && $0.script == HarnessProgram.source })
    let model = try #require(runner.calls.first?.spec?["model"] as? [String: Any])
    #expect(model["kind"] as? String == "threading")
    #expect(model["workers"] as? Int == 6)
    // Each run is the fixture imported: its makespan t1 − t0, its lanes, its six tasks done.
    #expect(runs.count == 3)
    for run in runs {
      #expect(run.trace.makespan == 467_732_751)
      #expect(run.trace.label == "threads")
      #expect(run.python == "3.11.7")
      #expect(run.trace.lanes.map(\.name) == (1...6).map { "Thread \($0)" })
      #expect(run.trace.marks.filter { $0.kind == .completion }.count == 6)
    }
  }

  // `parsim measure --profile`: each model is simulated a second time with the profile's costs
  // in place of the scenario's profile, its own costs still winning (tiny's sleep_overshoot: 0
  // stays 0), which is what the scenario with those costs written in simulates; the table
  // shows both, each error against the same measured median.
  @Test func aCalibratedProfileIsSimulatedBesideTheDefault() throws {
    let s = try ScenarioLoader.load(yaml: tinyYAML, file: "tiny.yaml")
    var profile = CostOverrides()
    profile[.nativeCall] = .duration(100_000)
    profile[.sleepOvershoot] = .duration(5_000_000)
    let inline = try ScenarioLoader.load(yaml: tinyYAML.replacingOccurrences(of: "costs: {sleep_overshoot: 0}",
      with: "costs: {native_call: 100us, sleep_overshoot: 0}"), file: "tiny.yaml")
    let expected = try #require(Simulator.runAll(inline, models: [inline.models[1]], recording: false).first).metrics.makespan
    let data = try Data(contentsOf: fixtures.appendingPathComponent("threading-run.json"))
    let m = Measurer(runner: FakeRunner(output: RunOutput(status: 0, stdout: data, stderr: "", timedOut: false)))
    let results = try Fidelity.measure(s, models: [s.models[1]], measurer: m, runs: 1,
      rates: LoopRates(loopIterationsPerNS: 0.05, hashBytesPerNS: 1), profile: profile, progress: nil)
    let r = try #require(results.first)
    let profiled = try #require(r.profiled).metrics.makespan
    #expect(profiled == expected)
    #expect(profiled != r.simulated.metrics.makespan)
    let median = 467_732_751.0  // the fixture's t1 − t0
    #expect(abs(try #require(r.profiledError) - (Double(profiled) - median) / median) < 1e-12)
    let table = Fidelity.markdown(results, python: "3.11.7")
    #expect(table.contains("| error, calibrated profile |"))
    #expect(table.split(separator: "\n")[2].split(separator: "|").count == 8)
  }

  @Test func aTimedOutRunIsAnError() throws {
    let s = try ScenarioLoader.load(yaml: tinyYAML, file: "tiny.yaml")
    let m = Measurer(runner: FakeRunner(output: RunOutput(status: 9, stdout: Data(), stderr: "", timedOut: true)))
    #expect(throws: MeasureError.self) {
      _ = try m.measure(scenario: s, parameters: RunParameters(kind: .serial, workers: 1, chunksize: 1, startMethod: .fork,
        limit: nil, streaming: false), label: "serial", runs: 1, rates: LoopRates(loopIterationsPerNS: 0.05, hashBytesPerNS: 1),
        timeout: 1, workerWord: "T", taskNames: [])
    }
  }

  @Test func profileYAMLLoadsAsAProfile() throws {
    let yaml = ProfileWriter.yaml(["python": "3.11.7", "cpu_count": 2, "loop_iterations_per_ns": 0.05, "thread_start": 97_000,
      "process_start_fork": 1_750_000.4, "pickle_send": 2.5e9, "switch_interval": 5_000_000], date: Date(timeIntervalSince1970: 0))
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("parsim-profile-\(UUID().uuidString).yaml")
    try yaml.write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    let costs = try ScenarioLoader.loadProfile(file: url.path)
    #expect(costs[.threadStart] == .duration(97_000))
    #expect(costs[.processStartFork] == .duration(1_750_000))
    #expect(costs[.pickleSend] == .number(2.5e9))
    #expect(costs[.switchInterval] == .duration(5_000_000))
  }
}

/// Real runs: these need `python3` on the PATH and take a few seconds.
@Suite struct RealRunTests {
  static var hasPython: Bool {
    ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/python3")
    } ?? false
  }

  @Test(.enabled(if: RealRunTests.hasPython)) func aTinyScenarioRunsForRealWithTheRightStructure() throws {
    let s = try ScenarioLoader.load(yaml: tinyYAML, file: "tiny.yaml")
    let m = Measurer(python: "python3")
    let rates = try m.loopRates()
    #expect(rates.loopIterationsPerNS > 0.001 && rates.hashBytesPerNS > 0.01)
    let names = Workload(s).taskNames(label: nil)
    for (kind, workers) in [(ModelKind.threading, 4), (.multiprocessing, 2), (.asyncio, 1)] {
      let outcome = try m.measure(scenario: s, parameters: RunParameters(kind: kind, workers: workers, chunksize: 1,
        startMethod: .fork, limit: nil, streaming: true), label: kind.rawValue, runs: 1, rates: rates, timeout: 60,
        workerWord: "Worker", taskNames: names)
      guard case .measured(let runs) = outcome, let run = runs.first else {
        Issue.record("\(kind): no run")
        continue
      }
      let t = run.trace
      // Signals the spawning process had blocked are unblocked (else Pool.terminate() hangs).
      #expect(run.blockedSignals.isEmpty, "\(kind): blocked signals \(run.blockedSignals)")
      // Every task and step is there, in order, on plausible threads and processes.
      #expect(t.marks.filter { $0.kind == .completion }.count == 4, "\(kind)")
      for task in Int32(0)..<4 {
        let steps = t.spans.filter { $0.task == task && $0.state != .lockWait }.sorted { $0.start < $1.start }
        let expected = task < 3 ? 4 : 2  // cpu, io (under the lock), native × 2; blocking, cpu
        #expect(steps.count == expected, "\(kind) task \(task): \(steps.count) steps")
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.end <= $1.start + 1_000 }, "\(kind) task \(task) out of order")
        #expect(Set(steps.map(\.lane)).count == 1, "\(kind): a task's steps run on one thread")
      }
      let workerProcesses = Set(t.lanes.map(\.process))
      #expect(kind == .multiprocessing ? workerProcesses.count >= 2 : workerProcesses == [0], "\(kind): \(t.lanes)")
    }
  }

  /// `parsim calibrate --quick`, for real: a profile the loader reads, with the costs measured from
  /// the workers' and the scheduler's side. On this 2-core machine (`scripts/pyfacts/`): a Pool
  /// worker's own CPU per call 4–12 µs, a ProcessPoolExecutor worker's 12–28 µs, a preemption
  /// 4–25 µs; the bounds only rule out a unit slip (a tick, a second) or a missing measurement
  /// (a preemption may come out 0 on a noisy machine: its loop alone ran slower that time).
  @Test(.enabled(if: RealRunTests.hasPython)) func calibrationWritesAProfileTheLoaderReads() throws {
    let measured = try Measurer(python: "python3").calibrate(quick: true, progress: nil)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("parsim-calibrated-\(UUID().uuidString).yaml")
    try ProfileWriter.yaml(measured).write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    let costs = try ScenarioLoader.loadProfile(file: url.path)
    for key in [CostKey.poolWorkerCall, .ppeWorkerCall, .preemption, .poolDispatch, .ppeSubmit] {
      guard case .duration(let v)? = costs[key] else {
        Issue.record("\(key.rawValue) missing from the profile")
        continue
      }
      #expect((key == .preemption ? v >= 0 : v > 0) && v < 1_000_000, "\(key.rawValue): \(v) ns")
    }
  }

  /// `docs/examples/workload-vocabulary.yaml`, with one of each construct, run for real under five
  /// models: its structure, not its timings.
  @Test(.enabled(if: RealRunTests.hasPython)) func everyConstructRunsForRealWhereItsModelRunsIt() throws {
    let url = fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("docs/examples/workload-vocabulary.yaml")
    let s = try ScenarioLoader.load(yaml: String(contentsOf: url, encoding: .utf8), file: "workload-vocabulary.yaml")
    let m = Measurer(python: "python3")
    let rates = try m.loopRates()
    let names = Workload(s).taskNames(label: nil)
    for spec in s.models {
      let r = ResolvedModel(spec, scenario: s, taskCount: 4)
      let outcome = try m.measure(scenario: s, parameters: RunParameters(kind: r.kind, workers: r.workers, chunksize: r.chunksize,
        startMethod: r.startMethod, limit: r.limit, streaming: r.streaming, offloadWorkers: r.offloadWorkers, api: r.api),
        label: r.label, runs: 1, rates: rates, timeout: 60, workerWord: "Worker", taskNames: names)
      guard case .measured(let runs) = outcome, let t = runs.first?.trace else {
        Issue.record("\(r.label): no run")
        continue
      }
      #expect(t.marks.filter { $0.kind == .completion }.count == 4, "\(r.label)")
      for task in Int32(0)..<4 {
        // io, io under the semaphore, the offloaded cpu, the c_call, and on_result's cpu.
        let steps = t.spans.filter { $0.task == task && $0.state != .lockWait }.sorted { $0.start < $1.start }
        #expect(steps.map(\.state) == [.io, .io, .python, .python, .python], "\(r.label) task \(task): \(steps.map(\.state))")
        let processes = Set(steps.map { t.lanes[Int($0.lane)].process })
        switch r.kind {
        case .asyncio:
          // The offloaded cpu ran in a pool process, the c_call in an executor thread.
          #expect(processes.count == 2, "\(r.label) task \(task): processes \(processes)")
          #expect(Set(steps.map(\.lane)).count == 3, "\(r.label) task \(task): lanes")
        case .multiprocessing:
          // The task in a worker process; on_result in the caller's.
          #expect(processes.count == 2 && t.lanes[Int(steps[4].lane)].process == 0, "\(r.label) task \(task)")
        case .threadPool:
          #expect(t.lanes[Int(steps[4].lane)].name == "Main thread", "\(r.label) task \(task): on_result in the caller")
        default:
          #expect(Set(steps.map(\.lane)).count == 1, "\(r.label) task \(task): one thread runs it all")
        }
      }
    }
  }

  @Test(.enabled(if: RealRunTests.hasPython)) func aRunPastItsTimeLimitIsKilledWithItsProcessGroup() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parsim-timeout-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = dir.appendingPathComponent("hang.py")
    let pidFile = dir.appendingPathComponent("child.pid")
    try """
      import os, time
      os.setpgrp()
      pid = os.fork()
      if pid == 0:
          time.sleep(60)
          os._exit(0)
      open(\(String(reflecting: pidFile.path)), "w").write(str(pid))
      time.sleep(60)
      """.write(to: script, atomically: true, encoding: .utf8)
    let out = try SystemPythonRunner().run(python: "python3", script: script, arguments: [], timeout: 1.5, progress: nil)
    #expect(out.timedOut)
    let child = try #require(Int32(try String(contentsOf: pidFile, encoding: .utf8)))
    usleep(200_000)
    // The forked child was killed with the group (a zombie until reaped counts as gone for us).
    var alive = false
    if kill(child, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8) {
      alive = !stat.contains(") Z")
    }
    #expect(!alive, "child \(child) survived the time limit")
  }
}

import ParsimEngine
import ParsimScenario
import Testing

func scenario(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Scenario {
  do {
    return try ScenarioLoader.load(yaml: yaml, file: "test.yaml")
  } catch {
    Issue.record("scenario does not load: \(error)", sourceLocation: sourceLocation)
    return Scenario(name: "broken", tasks: [])
  }
}

func run(_ s: Scenario, _ model: ModelSpec, recording: Bool = true) -> ModelRun {
  Simulator.run(s, model: model, recording: recording, baseline: nil)
}

extension Trace {
  /// The SimPy-style log: one line per span, "start-end lane state task", times in µs.
  var log: [String] {
    spans.sorted { ($0.start, $0.lane, $0.end) < ($1.start, $1.lane, $1.end) }.map { span in
      let lane = lanes[Int(span.lane)]
      let task: String
      if span.task < 0 {
        task = ""
      } else if lane.kind == .semaphore {
        task = " \(span.task) in use"
      } else if lane.kind == .queue {
        task = " \(span.task) waiting"
      } else if lane.kind == .gil || lane.kind == .core || lane.kind == .lock {
        task = " " + lanes[Int(span.task)].name
      } else {
        task = " " + taskNames[Int(span.task)]
      }
      return "\(us(span.start))-\(us(span.end)) \(lane.name) \(span.state.name)\(task)"
    }
  }

  /// The log without GIL, core and lock lanes: what threads and coroutines did.
  var threadLog: [String] {
    log.filter { line in !line.contains(" GIL") && !line.contains(" Core ") && !line.contains(" Lock ") && !line.contains(" Semaphore ") }
  }
}

func us(_ ns: SimTime) -> String {
  ns % 1_000 == 0 ? "\(ns / 1_000)" : String(format: "%.3f", Double(ns) / 1_000)
}

import Foundation

import Foundation
import ParsimScenario
import ParsimTrace

/// One real run of one model, as its program reported it.
public struct MeasuredRun: Sendable {
  public var trace: Trace
  public var python: String
  /// Loop rates (iterations per ns) measured just before and just after the run.
  public var rateBefore: Double
  public var rateAfter: Double
  /// Signals the program found blocked when it finished (it unblocks them all first, so that
  /// SIGTERM reaches forked pool workers); empty in a good run.
  public var blockedSignals: [Int]
  public var makespan: SimTime { trace.makespan }
}

/// What measuring a model gave: runs, or the reason it was skipped.
public enum MeasureOutcome: Sendable {
  case measured([MeasuredRun])
  case skipped(String)
}

/// What a measurement program printed: a run, or why it could not run this model.
public enum ImportedRun: Sendable {
  case run(MeasuredRun)
  case skipped(String)
}

/// Decodes a measurement program's JSON into a ``Trace``.
public enum TraceImport {
  /// - Parameters:
  ///   - json: the program's standard output.
  ///   - taskNames: names of the tasks by id, for charts.
  ///   - workerWord: how worker lanes are named ("Thread", "Process").
  public static func decode(_ json: Data, scenario: String, model: String, label: String, cores: Int,
    taskNames: [String], workerWord: String) throws -> ImportedRun
  {
    guard let doc = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
      throw MeasureError("the program's output is not a JSON object: \(String(decoding: json.prefix(200), as: UTF8.self))")
    }
    if let skipped = doc["skipped"] as? String { return .skipped(skipped) }
    func int(_ key: String) throws -> Int64 {
      guard let v = doc[key] as? NSNumber else { throw MeasureError("the trace has no '\(key)'") }
      return v.int64Value
    }
    let t0 = try int("t0")
    let t1 = try int("t1")
    let mainPID = try int("main_pid")
    let mainTID = try int("main_tid")
    guard let steps = doc["steps"] as? [[Any]] else { throw MeasureError("the trace has no 'steps'") }
    // Lanes: the caller's thread first, then threads and processes in order of their first step.
    var order: [(pid: Int64, tid: Int64, first: Int64)] = []
    var index: [String: Int] = [:]
    var parsed: [(task: Int32, state: SpanState, start: Int64, end: Int64, key: String)] = []
    for row in steps {
      guard row.count == 6, let task = row[0] as? NSNumber, let kind = row[1] as? String, let start = row[2] as? NSNumber,
        let end = row[3] as? NSNumber, let pid = row[4] as? NSNumber, let tid = row[5] as? NSNumber
      else { throw MeasureError("a step of the trace is malformed: \(row)") }
      let state: SpanState
      switch kind {
      case "cpu", "c_call": state = .python
      case "native": state = .native
      case "io", "blocking": state = .io
      case "lock_wait": state = .lockWait
      default: throw MeasureError("unknown step kind '\(kind)' in the trace")
      }
      let key = "\(pid.int64Value)/\(tid.int64Value)"
      if index[key] == nil {
        index[key] = order.count
        order.append((pid.int64Value, tid.int64Value, start.int64Value))
      } else if let i = index[key], start.int64Value < order[i].first {
        order[i].first = start.int64Value
      }
      parsed.append((task.int32Value, state, start.int64Value - t0, end.int64Value - t0, key))
    }
    let sorted = order.enumerated().sorted { a, b in
      let am = a.element.pid == mainPID && a.element.tid == mainTID
      let bm = b.element.pid == mainPID && b.element.tid == mainTID
      if am != bm { return am }
      return (a.element.first, a.offset) < (b.element.first, b.offset)
    }
    var lanes: [Lane] = []
    var laneOf: [String: Int32] = [:]
    var processes: [Int64: Int] = [mainPID: 0]
    var workerNumber = 0
    for (_, o) in sorted {
      let isMain = o.pid == mainPID && o.tid == mainTID
      if processes[o.pid] == nil { processes[o.pid] = processes.count }
      let name: String
      if isMain {
        name = "Main thread"
      } else {
        workerNumber += 1
        name = "\(workerWord) \(workerNumber)"
      }
      laneOf["\(o.pid)/\(o.tid)"] = Int32(lanes.count)
      lanes.append(Lane(name: name, kind: .thread, process: processes[o.pid] ?? 0))
    }
    var spans = parsed.map { p in
      Span(lane: laneOf[p.key] ?? 0, state: p.state, task: p.task, start: max(0, p.start), end: max(p.start, p.end))
    }
    spans.sort { ($0.lane, $0.start, $0.end) < ($1.lane, $1.start, $1.end) }
    var marks: [Mark] = []
    for (key, value) in (doc["arrivals"] as? [String: NSNumber]) ?? [:] {
      if let id = Int32(key) { marks.append(Mark(kind: .arrival, task: id, time: value.int64Value - t0)) }
    }
    for (key, value) in (doc["done"] as? [String: NSNumber]) ?? [:] {
      if let id = Int32(key) { marks.append(Mark(kind: .completion, task: id, time: value.int64Value - t0)) }
    }
    marks.sort { ($0.time, $0.kind == .arrival ? 0 : 1, $0.task) < ($1.time, $1.kind == .arrival ? 0 : 1, $1.task) }
    let trace = Trace(scenario: scenario, model: model, label: label, cores: cores, makespan: t1 - t0,
      taskCount: taskNames.count, lanes: lanes, spans: spans, marks: marks, taskNames: taskNames)
    return .run(MeasuredRun(trace: trace, python: doc["python"] as? String ?? "?",
      rateBefore: (doc["rate_before"] as? NSNumber)?.doubleValue ?? 0,
      rateAfter: (doc["rate_after"] as? NSNumber)?.doubleValue ?? 0,
      blockedSignals: (doc["blocked_signals"] as? [NSNumber])?.map(\.intValue) ?? []))
  }
}

import Foundation
import ParsimEngine

/// Traces in other tools' formats.
public enum Export {
  /// The Chrome Trace Event format (opens in Perfetto and chrome://tracing): one complete event
  /// ("ph": "X") per span, times in microseconds, a process per interpreter and a thread per lane.
  ///
  /// Arrivals and results are instant events in thread scope on a track of their own, "Tasks",
  /// in the main process, so that Perfetto draws them there rather than across every track.
  public static func chromeTrace(_ trace: Trace) -> Data {
    var events: [JSON] = []
    /// Cores, GILs and locks get a process each, so that they group apart from the threads.
    func pid(_ lane: Lane) -> Int {
      switch lane.kind {
      case .core: return 1_000
      case .gil: return 2_000 + lane.process
      case .lock, .semaphore: return 3_000
      case .queue: return 4_000
      case .thread, .process, .coroutine: return lane.process + 1
      }
    }
    let tasksTrack = trace.lanes.count + 1
    if !trace.marks.isEmpty {
      events.append(.object([("name", .string("thread_name")), ("ph", .string("M")), ("pid", .int(1)), ("tid", .int(tasksTrack)),
        ("args", .object([("name", .string("Tasks (arrivals and results)"))]))]))
    }
    for (i, lane) in trace.lanes.enumerated() {
      let pid = pid(lane)
      events.append(.object([("name", .string("thread_name")), ("ph", .string("M")), ("pid", .int(pid)), ("tid", .int(i + 1)),
        ("args", .object([("name", .string(lane.name))]))]))
    }
    var processes: [Int: String] = [:]
    for lane in trace.lanes {
      switch lane.kind {
      case .core: processes[1_000] = "Cores"
      case .gil: processes[2_000 + lane.process] = lane.process == 0 ? "GIL" : "GIL (interpreter \(lane.process + 1))"
      case .lock, .semaphore: processes[3_000] = "Locks and semaphores"
      case .queue: processes[4_000] = "Queues"
      default: processes[lane.process + 1] = lane.process == 0 ? "Main process" : "Process \(lane.process + 1)"
      }
    }
    for (pid, name) in processes.sorted(by: { $0.key < $1.key }) {
      events.append(.object([("name", .string("process_name")), ("ph", .string("M")), ("pid", .int(pid)),
        ("args", .object([("name", .string(name))]))]))
    }
    for s in trace.spans {
      let lane = trace.lanes[Int(s.lane)]
      let pid = pid(lane)
      let name: String
      if lane.kind == .semaphore {
        name = "\(s.task) of \(lane.capacity ?? 0) in use"
      } else if lane.kind == .gil || lane.kind == .core || lane.kind == .lock {
        name = s.task >= 0 && Int(s.task) < trace.lanes.count ? trace.lanes[Int(s.task)].name : "held"
      } else {
        name = s.task >= 0 && Int(s.task) < trace.taskNames.count ? trace.taskNames[Int(s.task)] : s.state.name
      }
      events.append(.object([
        ("name", .string(name)), ("cat", .string(s.state.name)), ("ph", .string("X")),
        ("ts", .number(Double(s.start) / 1e3, decimals: 3)), ("dur", .number(Double(s.end - s.start) / 1e3, decimals: 3)),
        ("pid", .int(pid)), ("tid", .int(Int(s.lane) + 1)), ("args", .object([("state", .string(s.state.phrase))])),
      ]))
    }
    for m in trace.marks {
      let name = Int(m.task) < trace.taskNames.count ? trace.taskNames[Int(m.task)] : "task \(m.task)"
      events.append(.object([("name", .string("\(name) \(m.kind == .arrival ? "arrives" : "done")")), ("ph", .string("i")),
        ("s", .string("t")), ("ts", .number(Double(m.time) / 1e3, decimals: 3)), ("pid", .int(1)), ("tid", .int(tasksTrack))]))
    }
    let doc = JSON.object([("traceEvents", .array(events)), ("displayTimeUnit", .string("ms")),
      ("otherData", .object([("scenario", .string(trace.scenario)), ("model", .string(trace.label))]))])
    return Data(doc.text().utf8)
  }

  /// Spans as CSV: lane, kind, state, task, start and end in nanoseconds.
  public static func csv(_ trace: Trace) -> Data {
    var out = "lane,lane_kind,state,task,start_ns,end_ns\n"
    for s in trace.spans {
      let lane = trace.lanes[Int(s.lane)]
      let task = lane.kind == .semaphore ? "\(s.task) in use" : s.task < 0 ? "" : lane.kind == .gil || lane.kind == .core || lane.kind == .lock
        ? (Int(s.task) < trace.lanes.count ? trace.lanes[Int(s.task)].name : "")
        : (Int(s.task) < trace.taskNames.count ? trace.taskNames[Int(s.task)] : "\(s.task)")
      out += "\(csvField(lane.name)),\(lane.kind.rawValue),\(s.state.name),\(csvField(task)),\(s.start),\(s.end)\n"
    }
    return Data(out.utf8)
  }

  /// The trace itself as JSON (`Trace` is Codable).
  public static func json(_ trace: Trace) throws -> Data {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    return try e.encode(trace)
  }

  static func csvField(_ s: String) -> String {
    s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }
}

import ParsimScenario

/// What a run of a model measured, as DESIGN.md defines it.
public struct Metrics: Hashable, Sendable {
  /// From the first line of the model's code to the last result back in the caller.
  public var makespan: SimTime
  /// Serial makespan divided by this makespan (nil without a serial baseline).
  public var speedup: Double?
  /// Tasks completed per second of makespan.
  public var throughput: Double
  public var latencyMean: Double
  public var latencyP50: SimTime
  public var latencyP95: SimTime
  public var latencyP99: SimTime
  /// Busy core time over cores × makespan.
  public var coreUtilization: Double
  /// GIL-held time over makespan, averaged over the run's interpreters that have a GIL
  /// (nil when none has one, as in a free-threaded build).
  public var gilUtilization: Double?
  /// The share of thread and coroutine time spent in each state, in `SpanState` order.
  public var stateShare: [(SpanState, Double)]
  /// One plain-English line on what dominated.
  public var explanation: String
  public var tasks: Int
  /// Set when the run stopped with tasks undone: then there is no speed-up, and the latencies
  /// are only those of the tasks that completed.
  public var deadlock: Deadlock?

  public static func == (a: Metrics, b: Metrics) -> Bool {
    a.makespan == b.makespan && a.speedup == b.speedup && a.throughput == b.throughput
      && a.latencyMean == b.latencyMean && a.latencyP50 == b.latencyP50 && a.latencyP95 == b.latencyP95
      && a.latencyP99 == b.latencyP99 && a.coreUtilization == b.coreUtilization
      && a.gilUtilization == b.gilUtilization && a.explanation == b.explanation && a.tasks == b.tasks && a.deadlock == b.deadlock
      && a.stateShare.map(\.0) == b.stateShare.map(\.0) && a.stateShare.map(\.1) == b.stateShare.map(\.1)
  }

  public func hash(into h: inout Hasher) {
    h.combine(makespan)
    h.combine(explanation)
  }

  public func share(_ state: SpanState) -> Double { stateShare.first { $0.0 == state }?.1 ?? 0 }
}

/// Adds up spans into metrics; the simulator feeds it as it runs, and a measured ``Trace``
/// can be replayed into it, so simulated and measured runs are measured alike.
public struct MetricsAccumulator: Sendable {
  public var stateTime = [SimTime](repeating: 0, count: SpanState.allCases.count)
  public var coreBusy: SimTime = 0
  public var gilHeld: SimTime = 0
  public var gilInterpreters = 0
  public var latencies = LatencyHistogram()

  public init() {}

  /// Replays a trace: spans of thread and coroutine lanes by state, core and GIL lanes by use,
  /// and latencies from arrival and completion marks.
  public init(trace: Trace) {
    for span in trace.spans {
      let lane = trace.lanes[Int(span.lane)]
      let d = span.end - span.start
      switch lane.kind {
      case .thread, .process, .coroutine: stateTime[Int(span.state.rawValue)] += d
      case .core: coreBusy += d
      case .gil: gilHeld += d
      case .lock: break
      }
    }
    gilInterpreters = trace.lanes.filter { $0.kind == .gil }.count
    var arrivals = [SimTime](repeating: 0, count: trace.taskCount)
    for mark in trace.marks where mark.kind == .arrival && Int(mark.task) < arrivals.count {
      arrivals[Int(mark.task)] = mark.time
    }
    for mark in trace.marks where mark.kind == .completion && Int(mark.task) < arrivals.count {
      latencies.record(mark.time - arrivals[Int(mark.task)])
    }
  }

  public func metrics(makespan: SimTime, cores: Int, tasks: Int, baseline: SimTime?, model: ResolvedModel) -> Metrics {
    let span = Double(max(1, makespan))
    let total = Double(max(1, stateTime.reduce(0, +)))
    let shares = SpanState.allCases.compactMap { s -> (SpanState, Double)? in
      let t = stateTime[Int(s.rawValue)]
      return t > 0 && s != .held ? (s, Double(t) / total) : nil
    }
    let speedup = baseline.map { Double($0) / span }
    let gil = gilInterpreters > 0 ? Double(gilHeld) / (span * Double(gilInterpreters)) : nil
    var m = Metrics(
      makespan: makespan, speedup: speedup, throughput: Double(tasks) / span * 1e9,
      latencyMean: latencies.mean, latencyP50: latencies.percentile(0.50), latencyP95: latencies.percentile(0.95),
      latencyP99: latencies.percentile(0.99), coreUtilization: Double(coreBusy) / (span * Double(max(1, cores))),
      gilUtilization: gil, stateShare: shares, explanation: "", tasks: tasks)
    m.explanation = Explanation.line(m, model: model, cores: cores)
    return m
  }
}

/// The one-line plain-English summary of a run.
enum Explanation {
  static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

  static func line(_ m: Metrics, model: ResolvedModel, cores: Int) -> String {
    let python = m.share(.python)
    let io = m.share(.io)
    let gilWait = m.share(.gilWait)
    let coreWait = m.share(.coreWait)
    let overhead = m.share(.overhead)
    let loopWait = m.share(.loopWait)
    let lockWait = m.share(.lockWait)
    let native = m.share(.native)
    let speed = m.speedup.map { String(format: "%.2f×", $0) }
    if model.kind == .serial {
      if io > 0.4 { return "One task at a time: \(percent(io)) of the time waited on I/O that nothing overlapped." }
      return "One task at a time on one core: the baseline the other models are measured against."
    }
    var parts: [(Double, String)] = []
    parts.append((gilWait, "\(percent(gilWait)) of thread time waited for the GIL, so Python ran one thread at a time"))
    parts.append((overhead, "\(percent(overhead)) of the time went to overhead (starting workers, pickling, dispatch)"))
    parts.append((coreWait, "\(percent(coreWait)) of thread time waited for a core: more runnable threads than \(cores) cores"))
    parts.append((loopWait, "\(percent(loopWait)) of coroutine time waited for the event loop, which runs one coroutine at a time"))
    parts.append((lockWait, "\(percent(lockWait)) of the time waited for a lock or semaphore"))
    let worst = parts.max { $0.0 < $1.0 } ?? (0, "")
    if worst.0 >= 0.2 {
      return worst.1.prefix(1).uppercased() + worst.1.dropFirst() + (speed.map { " (speed-up \($0))." } ?? ".")
    }
    let canRunPythonInParallel = [.multiprocessing, .processPool, .freeThreading, .subinterpreters].contains(model.kind)
    if python + native >= 0.4, let s = m.speedup, s > 1.3, canRunPythonInParallel || native >= 0.3 {
      return "Work ran in parallel on \(min(cores, model.workers)) cores: \(percent(m.coreUtilization)) of core time was busy"
        + (io >= 0.2 ? ", and \(percent(io)) of the time was I/O overlapped with it" : "")
        + " (speed-up \(String(format: "%.2f×", s)))."
    }
    if io >= 0.5 {
      return "Waits overlapped: \(percent(io)) of the time was I/O, and tasks waited side by side"
        + (speed.map { " (speed-up \($0))." } ?? ".")
    }
    if io >= 0.15, let s = m.speedup, s > 1.05 {
      return "Waits overlapped with work: \(percent(io)) of the time was I/O, spent while other tasks ran"
        + String(format: " (speed-up %.2f×).", s)
    }
    if let s = m.speedup, s < 1.05 {
      return "No gain over serial: the work needs the one GIL or one core"
        + (worst.0 > 0.05 ? ", and \(worst.1)." : ".")
    }
    return "Mostly running: \(percent(python)) Python, \(percent(native)) native, \(percent(io)) I/O"
      + (speed.map { " (speed-up \($0))." } ?? ".")
  }
}

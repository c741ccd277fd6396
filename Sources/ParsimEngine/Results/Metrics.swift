import ParsimScenario

/// What a run of a model measured: makespan, speed-up, latencies, utilisation, state shares.
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
  /// How many threads (or, under asyncio, coroutines) were doing something at an average
  /// moment: their time in any state over the makespan. Blocked on a queue or a join is idle.
  public var concurrency: Double = 0
  /// The lock held longest, with the share of the makespan it was held.
  public var busiestLock: (name: String, share: Double)?
  /// The semaphore whose units were all in use longest: its name, its units, and that share
  /// of the makespan.
  public var fullestSemaphore: (name: String, units: Int, share: Double)?
  /// The longest latency of any task.
  public var latencyMax: SimTime = 0
  /// A pipeline's stages, in order (empty for independent tasks).
  public var stages: [StageMetrics] = []

  public static func == (a: Metrics, b: Metrics) -> Bool {
    a.makespan == b.makespan && a.speedup == b.speedup && a.throughput == b.throughput
      && a.latencyMean == b.latencyMean && a.latencyP50 == b.latencyP50 && a.latencyP95 == b.latencyP95
      && a.latencyP99 == b.latencyP99 && a.coreUtilization == b.coreUtilization
      && a.gilUtilization == b.gilUtilization && a.explanation == b.explanation && a.tasks == b.tasks && a.deadlock == b.deadlock && a.stages == b.stages
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
  /// Coroutines' time in any state (part of `stateTime` too).
  public var coroutineTime: SimTime = 0
  /// The lock held longest, and for how long in all.
  public var busiestLock: (name: String, held: SimTime)?
  /// The semaphore whose units were all in use longest, and for how long.
  public var fullestSemaphore: (name: String, units: Int, full: SimTime)?

  public init() {}

  /// Replays a trace: spans of thread and coroutine lanes by state, core and GIL lanes by use,
  /// and latencies from arrival and completion marks.
  public init(trace: Trace) {
    var lockTime: [Int: SimTime] = [:]
    for span in trace.spans {
      let lane = trace.lanes[Int(span.lane)]
      let d = span.end - span.start
      switch lane.kind {
      case .thread, .process: stateTime[Int(span.state.rawValue)] += d
      case .coroutine:
        stateTime[Int(span.state.rawValue)] += d
        coroutineTime += d
      case .core: coreBusy += d
      case .gil: gilHeld += d
      case .lock: lockTime[Int(span.lane), default: 0] += d
      case .semaphore, .queue: break  // units in use, items waiting: not a state of a thread
      }
    }
    gilInterpreters = trace.lanes.filter { $0.kind == .gil }.count
    if let (lane, held) = lockTime.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) {
      let name = trace.lanes[lane].name
      busiestLock = (name.hasPrefix("Lock ") ? String(name.dropFirst(5)) : name, held)
    }
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
    let threadTime = stateTime.reduce(0, +) - coroutineTime
    m.concurrency = Double(model.kind == .asyncio ? coroutineTime : threadTime) / span
    m.latencyMax = latencies.maximum
    m.busiestLock = busiestLock.map { ($0.name, Double($0.held) / span) }
    m.fullestSemaphore = fullestSemaphore.map { ($0.name, $0.units, Double($0.full) / span) }
    m.explanation = Explanation.line(m, model: model, cores: cores)
    return m
  }
}

import ParsimEngine
import ParsimScenario
import Testing

/// Invariants over thousands of seeded random scenarios, under every model.
@Suite struct InvariantTests {
  static func randomScenario(_ seed: UInt64) -> Scenario {
    var rng = SplitMix64(seed: seed)
    func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
    func dur() -> DurationSpec {
      let base = Int64(int(1...40)) * 250_000
      switch rng.next() % 4 {
      case 0: return .uniform(base / 2, base)
      case 1: return .exponential(mean: base)
      default: return .fixed(base)
      }
    }
    func steps(_ depth: Int) -> [Step] {
      (0..<int(1...3)).map { _ in
        switch rng.next() % (depth < 2 ? 7 : 5) {
        case 0, 1: return .cpu(dur())
        case 2: return .io(dur())
        case 3: return .native(dur())
        case 4: return .blocking(dur())
        case 5: return .lock(["a", "b"][depth], steps(depth + 1))  // one order of locks: no deadlock
        default: return .repeat(int(1...3), steps(depth + 1))
        }
      }
    }
    var groups: [TaskGroup] = []
    for g in 0..<int(1...2) {
      var group = TaskGroup(name: "g\(g)", count: int(1...6), steps: steps(0))
      switch rng.next() % 4 {
      case 0: group.arrivals = .every(Int64(int(1...20)) * 1_000_000)
      case 1: group.arrivals = .rate(perSecond: Double(int(10...200)))
      default: break
      }
      group.args = Int64(int(0...3)) * 10_000
      group.result = Int64(int(0...3)) * 10_000
      groups.append(group)
    }
    var s = Scenario(name: "r\(seed)", seed: seed, tasks: groups)
    s.machine.cores = int(1...4)
    s.machine.python = [.v3_11, .v3_13, .v3_14][int(0...2)]
    if rng.next() % 3 == 0 { s.machine.costs[.gilWaiterPolicy] = .policy(.fifo) }
    if rng.next() % 3 == 0 { s.machine.costs[.gilFastRegrab] = .number(0.5) }
    // Native steps as 31 µs calls (the default), 1 ms calls, or one release.
    s.machine.costs[.nativeChunk] = .duration([31_000, 1_000_000, 0][int(0...2)])
    s.models = [
      ModelSpec(.serial), ModelSpec(.threading, workers: int(1...5)), ModelSpec(.threadPool, workers: int(1...4)),
      ModelSpec(.dummyPool, workers: int(1...3)), ModelSpec(.multiprocessing, workers: int(1...3)),
      ModelSpec(.processPool, workers: int(1...3), chunksize: int(1...2), startMethod: [StartMethod.fork, .spawn, .forkserver][int(0...2)]),
      ModelSpec(.asyncio, limit: rng.next() % 2 == 0 ? int(1...3) : nil), ModelSpec(.freeThreading, workers: int(1...4)),
      ModelSpec(.subinterpreters, workers: int(1...3)),
    ]
    return s
  }

  @Test func invariantsHoldForRandomScenarios() throws {
    var runs = 0
    for seed in UInt64(0)..<220 {
      let s = Self.randomScenario(seed)
      for model in s.models {
        let r = run(s, model)
        let trace = try #require(r.trace)
        let failures = Self.check(trace, cores: s.machine.cores, model: model)
        #expect(failures.isEmpty, "seed \(seed), \(r.model.label): \(failures.prefix(3))")
        if !failures.isEmpty { return }
        runs += 1
      }
    }
    #expect(runs == 220 * 9)
  }

  @Test func runsAreDeterministic() {
    for seed in UInt64(0)..<40 {
      let s = Self.randomScenario(seed)
      for model in s.models {
        let a = run(s, model)
        let b = run(s, model)
        #expect(a.trace == b.trace, "seed \(seed) \(model.kind)")
        #expect(a.metrics == b.metrics)
      }
    }
  }

  @Test func metricsDoNotDependOnRecording() {
    for seed in UInt64(0)..<40 {
      let s = Self.randomScenario(seed)
      for model in s.models {
        let a = run(s, model, recording: true)
        let b = run(s, model, recording: false)
        #expect(a.metrics == b.metrics, "seed \(seed) \(model.kind)")
        // Replaying the recorded trace gives the simulator's own figures.
        let replay = MetricsAccumulator(trace: a.trace!).metrics(
          makespan: a.metrics.makespan, cores: s.machine.cores, tasks: a.metrics.tasks, baseline: nil, model: a.model)
        #expect(replay.coreUtilization == a.metrics.coreUtilization && replay.latencyP95 == a.metrics.latencyP95
          && replay.stateShare.map(\.1) == a.metrics.stateShare.map(\.1), "seed \(seed) \(model.kind)")
      }
    }
  }

  /// Every invariant, as a list of what failed.
  static func check(_ trace: Trace, cores: Int, model: ModelSpec) -> [String] {
    var failures: [String] = []
    let makespan = trace.makespan
    // Spans lie in [0, makespan], have positive length, and never overlap within a lane.
    var byLane: [Int32: [Span]] = [:]
    for span in trace.spans {
      if span.start < 0 || span.end > makespan + 1 || span.end <= span.start {
        failures.append("span out of range: \(span)")
      }
      byLane[span.lane, default: []].append(span)
    }
    for (lane, spans) in byLane {
      let sorted = spans.sorted { $0.start < $1.start }
      for (a, b) in zip(sorted, sorted.dropFirst()) where b.start < a.end {
        failures.append("overlap in \(trace.lanes[Int(lane)].name): \(a) \(b)")
      }
    }
    // At most one thread of an interpreter with a GIL runs Python at a time.
    let gilProcesses = Set(trace.lanes.filter { $0.kind == .gil }.map(\.process))
    var python: [Int: [Span]] = [:]
    var running: [(SimTime, Int)] = []
    for span in trace.spans {
      let lane = trace.lanes[Int(span.lane)]
      guard lane.kind == .thread else { continue }
      if span.state == .python, gilProcesses.contains(lane.process) { python[lane.process, default: []].append(span) }
      if span.state == .python || span.state == .native || span.state == .overhead {
        running.append((span.start, 1))
        running.append((span.end, -1))
      }
    }
    for (p, spans) in python {
      let sorted = spans.sorted { $0.start < $1.start }
      for (a, b) in zip(sorted, sorted.dropFirst()) where b.start < a.end {
        failures.append("two threads run Python under one GIL (process \(p)): \(a) \(b)")
      }
    }
    // At most `cores` threads run at once, and CPU time ≤ cores × makespan.
    running.sort { ($0.0, $0.1) < ($1.0, $1.1) }
    var level = 0
    var cpu: SimTime = 0
    var last: SimTime = 0
    for (t, d) in running {
      cpu += SimTime(level) * (t - last)
      last = t
      level += d
      if level > cores { failures.append("\(level) threads running on \(cores) cores at \(t)") }
    }
    if cpu > SimTime(cores) * makespan { failures.append("CPU time \(cpu) > cores × makespan") }
    // Every task completes exactly once, after it arrives.
    var completions = [Int](repeating: 0, count: trace.taskCount)
    var arrival = [SimTime](repeating: -1, count: trace.taskCount)
    for m in trace.marks where m.kind == .arrival { arrival[Int(m.task)] = m.time }
    for m in trace.marks where m.kind == .completion {
      completions[Int(m.task)] += 1
      if m.time < arrival[Int(m.task)] { failures.append("task \(m.task) completes before it arrives") }
    }
    if let bad = completions.firstIndex(where: { $0 != 1 }) {
      failures.append("task \(bad) completed \(completions[bad]) times")
    }
    // A task runs between its arrival and its completion: its spans on thread and coroutine
    // lanes start no earlier than it arrived and end no later than its result is back.
    var completion = [SimTime](repeating: .max, count: trace.taskCount)
    for m in trace.marks where m.kind == .completion { completion[Int(m.task)] = m.time }
    for span in trace.spans where span.task >= 0 && Int(span.task) < trace.taskCount {
      let kind = trace.lanes[Int(span.lane)].kind
      guard kind == .thread || kind == .coroutine else { continue }
      if span.start < arrival[Int(span.task)] { failures.append("task \(span.task) runs before it arrives: \(span)") }
      if span.end > completion[Int(span.task)] { failures.append("task \(span.task) runs after its result is back: \(span)") }
    }
    return failures
  }
}

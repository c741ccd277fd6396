import ParsimChart
import ParsimEngine
import ParsimScenario

/// Traces written by hand for the chart snapshots, so that a change to the engine never
/// rewrites a chart golden: the `tiny` scenario's three customers (the first forgets the
/// avocados: 4 ms Python, 10 ms away, 2 ms Python; two more of 5 ms) under four models, with
/// round times in milliseconds. They are plausible runs, not the engine's.
enum HandMadeTraces {
  struct Builder {
    var lanes: [Lane] = []
    var spans: [Span] = []

    mutating func lane(_ name: String, _ kind: Lane.Kind = .thread, process: Int = 0) -> Int32 {
      lanes.append(Lane(name: name, kind: kind, process: process))
      return Int32(lanes.count - 1)
    }

    /// A span from `a` to `b` ms; `task` is the customer (1-based), or the holder's lane on GIL
    /// and core lanes, or nil.
    mutating func span(_ lane: Int32, _ state: SpanState, _ task: Int32?, _ a: Double, _ b: Double) {
      spans.append(Span(lane: lane, state: state, task: task ?? -1, start: ms(a), end: ms(b)))
    }
  }

  static func ms(_ x: Double) -> SimTime { SimTime((x * 1e6).rounded()) }

  static func trace(_ model: String, _ label: String, _ b: Builder, completions: [Double]) -> Trace {
    let marks = (0..<3).map { Mark(kind: .arrival, task: Int32($0), time: 0) }
      + completions.enumerated().map { Mark(kind: .completion, task: Int32($0.offset), time: ms($0.element)) }
    return Trace(scenario: "tiny", model: model, label: label, cores: 2, makespan: ms(completions.max() ?? 0), taskCount: 3,
      lanes: b.lanes, spans: b.spans.sorted { ($0.lane, $0.start) < ($1.lane, $1.start) }, marks: marks,
      taskNames: ["Customer 1", "Customer 2", "Customer 3"])
  }

  /// One till: each customer in turn.
  static var serial: Trace {
    var b = Builder()
    let till = b.lane("Till 1")
    b.span(till, .python, 0, 0, 4)
    b.span(till, .io, 0, 4, 14)
    b.span(till, .python, 0, 14, 16)
    b.span(till, .python, 1, 16, 21)
    b.span(till, .python, 2, 21, 26)
    return trace("serial", "one till", b, completions: [16, 21, 26])
  }

  /// Two tills under one GIL: the second scans while the first customer is away; back at 12 ms,
  /// she waits 2 ms for the GIL.
  static var threading: Trace {
    var b = Builder()
    let main = b.lane("Main thread")
    let one = b.lane("Till 1")
    let two = b.lane("Till 2")
    let gil = b.lane("GIL", .gil)
    let core1 = b.lane("Core 1", .core, process: -1)
    let core2 = b.lane("Core 2", .core, process: -1)
    b.span(main, .overhead, nil, 0, 0.2)
    b.span(one, .python, 0, 0.2, 4.2)
    b.span(one, .io, 0, 4.2, 12.2)
    b.span(one, .gilWait, 0, 12.2, 14.2)
    b.span(one, .python, 0, 14.2, 16.2)
    b.span(two, .gilWait, 1, 0.2, 4.2)
    b.span(two, .python, 1, 4.2, 9.2)
    b.span(two, .python, 2, 9.2, 14.2)
    for (holder, a, z) in [(main, 0.0, 0.2), (one, 0.2, 4.2), (two, 4.2, 14.2), (one, 14.2, 16.2)] {
      b.span(gil, .held, holder, a, z)
    }
    b.span(core1, .held, main, 0, 0.2)
    b.span(core1, .held, one, 0.2, 4.2)
    b.span(core1, .held, one, 14.2, 16.2)
    b.span(core2, .held, two, 4.2, 14.2)
    return trace("threading", "two tills", b, completions: [16.2, 9.2, 14.2])
  }

  /// One till with asyncio: the loop runs one coroutine at a time; the others wait for it.
  static var asyncio: Trace {
    var b = Builder()
    let loop = b.lane("Event loop")
    let c1 = b.lane("Customer 1", .coroutine)
    let c2 = b.lane("Customer 2", .coroutine)
    let c3 = b.lane("Customer 3", .coroutine)
    b.span(loop, .overhead, nil, 0, 0.1)
    b.span(loop, .python, 0, 0.1, 4.1)
    b.span(loop, .python, 1, 4.1, 9.1)
    b.span(loop, .python, 2, 9.1, 14.1)
    b.span(loop, .python, 0, 14.1, 16.1)
    b.span(c1, .python, 0, 0.1, 4.1)
    b.span(c1, .io, 0, 4.1, 14.1)
    b.span(c1, .python, 0, 14.1, 16.1)
    b.span(c2, .loopWait, 1, 0.1, 4.1)
    b.span(c2, .python, 1, 4.1, 9.1)
    b.span(c3, .loopWait, 2, 0.1, 9.1)
    b.span(c3, .python, 2, 9.1, 14.1)
    return trace("asyncio", "one till with asyncio", b, completions: [16.1, 9.1, 14.1])
  }

  /// A second till: two processes, each with its own GIL, started by the parent; the pool's
  /// task and result handlers move the customers there and back.
  static var multiprocessing: Trace {
    var b = Builder()
    let main = b.lane("Main thread")
    let tasks = b.lane("Task handler")
    let results = b.lane("Result handler")
    let p1 = b.lane("Till 1", process: 1)
    let p2 = b.lane("Till 2", process: 2)
    let gil = b.lane("GIL", .gil)
    let gil1 = b.lane("GIL · Till 1", .gil, process: 1)
    let gil2 = b.lane("GIL · Till 2", .gil, process: 2)
    b.span(main, .overhead, nil, 0, 4)
    b.span(tasks, .overhead, nil, 4, 4.1)
    b.span(p1, .overhead, nil, 0.6, 1.8)
    b.span(p1, .python, 0, 4.1, 8.1)
    b.span(p1, .io, 0, 8.1, 18.1)
    b.span(p1, .python, 0, 18.1, 20.1)
    b.span(p2, .overhead, nil, 1.2, 2.4)
    b.span(p2, .coreWait, 1, 4.1, 4.2)
    b.span(p2, .python, 1, 4.2, 9.2)
    b.span(p2, .python, 2, 9.2, 14.2)
    b.span(results, .overhead, nil, 14.3, 14.4)
    b.span(results, .overhead, nil, 20.2, 20.3)
    for (holder, a, z) in [(main, 0.0, 4.0), (tasks, 4.0, 4.1), (results, 14.3, 14.4), (results, 20.2, 20.3)] {
      b.span(gil, .held, holder, a, z)
    }
    for (a, z) in [(0.6, 1.8), (4.1, 8.1), (18.1, 20.1)] { b.span(gil1, .held, p1, a, z) }
    for (a, z) in [(1.2, 2.4), (4.2, 14.2)] { b.span(gil2, .held, p2, a, z) }
    return trace("multiprocessing", "a second till", b, completions: [20.3, 14.4, 14.4])
  }

  static var all: [Trace] { [serial, threading, asyncio, multiprocessing] }

  /// The chart runs of the four traces, their metrics replayed from the spans (serial the
  /// baseline), as `parsim measure` does for a measured trace.
  static func runs(_ s: Scenario) -> [ChartRun] {
    let kinds: [ModelSpec] = [ModelSpec(.serial), ModelSpec(.threading, workers: 2), ModelSpec(.asyncio),
      ModelSpec(.multiprocessing, workers: 2, chunksize: 1)]
    let baseline = serial.makespan
    return zip(all, kinds).map { trace, spec in
      let model = ResolvedModel(spec, scenario: s, taskCount: 3)
      let metrics = MetricsAccumulator(trace: trace).metrics(makespan: trace.makespan, cores: 2, tasks: 3, baseline: baseline,
        model: model)
      return ChartRun(trace: trace, metrics: metrics)
    }
  }
}

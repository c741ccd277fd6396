import Foundation

/// The one-line plain-English explanation of a run: the limit that bound its makespan, named,
/// with its share — the GIL, the cores, the workers or a semaphore's limit, a lock, the event
/// loop — or, where nothing was saturated, what the time went to.
enum Explanation {
  /// A resource busy this share of the run or more bounds it.
  static let saturated = 0.85

  static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

  /// A limit and how saturated it was.
  struct Limit {
    var level: Double
    var sentence: String
  }

  /// The limits a run can hit, in the order that decides between two saturated ones: a lock
  /// serialises whatever runs under it, the GIL or the loop serialises Python however many cores
  /// there are, the cores bound however many workers there are, and the workers bound last.
  static func limits(_ m: Metrics, model: ResolvedModel, cores: Int) -> [Limit] {
    let run = formatDuration(Double(m.makespan))
    var out: [Limit] = []
    if let lock = m.busiestLock {
      out.append(Limit(level: lock.share, sentence: "The lock '\(lock.name)' bounds it: held \(percent(lock.share)) of the "
        + "\(run) run, so the work under it ran one task at a time"))
    }
    if let s = m.fullestSemaphore {
      out.append(Limit(level: s.share, sentence: "The semaphore '\(s.name)' bounds it: all \(s.units) of its units in use "
        + "\(percent(s.share)) of the \(run) run, so at most \(s.units) tasks were inside it at once"))
    }
    if let g = m.gilUtilization {
      switch model.kind {
      case .threading, .threadPool, .dummyPool:
        out.append(Limit(level: g, sentence: "The GIL bounds it: held \(percent(g)) of the \(run) run "
          + "(\(formatDuration(g * Double(m.makespan))) of Python), so the threads ran Python one at a time"))
      case .asyncio:
        out.append(Limit(level: g, sentence: "The event loop bounds it: its one thread ran Python \(percent(g)) of the "
          + "\(run) run, one coroutine at a time"))
      default:
        break
      }
    }
    out.append(Limit(level: m.coreUtilization, sentence: "The \(cores) core\(cores == 1 ? "" : "s") bound it: busy "
      + "\(percent(m.coreUtilization)) of the \(run) run"))
    // Workers (or asyncio's semaphore) cap how many tasks are in progress at once.
    let cap = model.kind == .asyncio ? model.limit : model.workers
    if let cap, cap < m.tasks, model.kind != .serial {
      let busy = m.concurrency / Double(cap)
      let parameter = model.kind == .asyncio ? "the semaphore's limit of \(cap)" : "\(model.kind.parameterKeys.first ?? "workers")=\(cap)"
      let what = model.kind == .asyncio ? "coroutines" : [.multiprocessing, .processPool].contains(model.kind) ? "processes" : model.kind == .subinterpreters ? "interpreters" : "threads"
      out.append(Limit(level: busy, sentence: "Only \(cap) tasks run at once: \(parameter) bounds it, with "
        + String(format: "%.1f", min(m.concurrency, Double(cap))) + " of the \(cap) \(what) busy on average"))
    }
    return out
  }

  static func line(_ m: Metrics, model: ResolvedModel, cores: Int) -> String {
    let io = m.share(.io)
    if model.kind == .serial {
      if io > 0.4 { return "One task at a time: \(percent(io)) of the time waited on I/O that nothing overlapped." }
      return "One task at a time on one core: the baseline the other models are measured against."
    }
    let speed = m.speedup.map { String(format: " (speed-up %.2f×)", $0) } ?? ""
    let overhead = m.share(.overhead)
    let extra = overhead >= 0.2 ? "; \(percent(overhead)) of thread time went to overhead (start-up, pickling, dispatch)" : ""
    if let bound = limits(m, model: model, cores: cores).first(where: { $0.level >= saturated }) {
      return bound.sentence + extra + speed + "."
    }
    // Nothing saturated: say where the time went.
    if model.chunksize > 1, [.multiprocessing, .dummyPool, .processPool].contains(model.kind) {
      return "Chunks of \(model.chunksize) tasks left the cores idle at the end: busy \(percent(m.coreUtilization)) of the run; "
        + "a smaller chunksize shares the last tasks out" + speed + "."
    }
    if m.tasks > 1, Double(m.latencyMax) >= saturated * Double(m.makespan) {
      return "The slowest task bounds it: the run lasts as long as one task, in progress for "
        + "\(percent(Double(m.latencyMax) / Double(max(1, m.makespan)))) of it"
        + (io >= 0.15 ? ", while the others' work and waits overlapped with it; \(percent(io)) of thread time was I/O" : "")
        + extra + speed + "."
    }
    let lockWait = m.share(.lockWait)
    if lockWait >= 0.2 {
      return "Tasks queued for locks: \(percent(lockWait)) of thread time waited for one" + speed + "."
    }
    if overhead >= 0.3 {
      return "Overhead bounds it: \(percent(overhead)) of thread time went to starting workers, pickling and dispatch" + speed + "."
    }
    let inFlight = String(format: "%.1f", m.concurrency)
    if io >= 0.5 {
      return "Waits overlapped: \(percent(io)) of the time was I/O, with \(inFlight) tasks in progress at an average moment; "
        + "no core, GIL or worker limit was reached" + speed + "."
    }
    if io >= 0.15 {
      return "Waits overlapped with work: \(percent(io)) of the time was I/O, spent while other tasks ran" + speed + "."
    }
    let python = m.share(.python)
    let native = m.share(.native)
    return "Mostly running: \(percent(python)) Python, \(percent(native)) native, \(percent(io)) I/O; no limit was reached" + speed + "."
  }
}

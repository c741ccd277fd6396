import ParsimScenario

/// A worker process: a new interpreter with its own GIL, one thread, and a start method
/// (`Lib/multiprocessing/context.py`): `fork` copies the parent, `spawn` boots a fresh
/// interpreter, `forkserver` asks a server process (started once per program) to fork.
///
/// `Process.start()` blocks the parent for `parentStartCost`; the child then boots for
/// `processBoot`, CPU work under its own GIL that competes for the cores, before it takes work.
/// The first spawn start of a program also starts the resource tracker
/// (`resource_tracker.ensure_running()`): a fresh interpreter of its own, whose start-up
/// (`resource_tracker_boot`) competes for the cores too, and which then waits for the program's
/// end. forkserver starts it too, before the server, while the parent waits `forkserver_start`,
/// a figure fitted to whole timings that include it: it is not started again there.
extension Simulation {
  /// Starts a worker process: its interpreter and its main thread, running `entry`.
  mutating func newProcess(_ entry: ProgramID, name: String) -> ThreadID {
    if model.startMethod == .spawn, !pool.resourceTrackerStarted {
      pool.resourceTrackerStarted = true
      let tracker = programs.add { p in
        p.emit(.pay(Charge(.resourceTrackerBoot)))
        p.emit(.exit)  // it waits for the program's end: no more work
      }
      let i = newInterpreter(hasGIL: true, name: "GIL · Resource tracker")
      advance(newThread(tracker, interpreter: i, name: "Resource tracker"))
    }
    let p = newInterpreter(hasGIL: true, name: "GIL · \(name)")
    return newThread(entry, interpreter: p, name: name)
  }

  /// Time for a new process to boot until it can take work, after `start()` returned.
  var processBoot: SimTime {
    switch model.startMethod {
    case .fork: return max(0, costs.processStartFork - costs.processStartParent)
    case .spawn: return max(0, costs.processStartSpawn - costs.processStartParent)
    case .forkserver: return costs.forkserverChildBoot
    }
  }

  /// Time `Process.start()` blocks the parent. With forkserver the parent waits while the
  /// server forks and prepares the child (Pool(2) with the server running took 13.5 ms, about
  /// two child starts back to back), and the first start of a program also starts the server.
  mutating func parentStartCost() -> SimTime {
    switch model.startMethod {
    case .fork, .spawn:
      guard !pool.firstProcessStarted else { return costs.processStartParent }
      pool.firstProcessStarted = true  // the first start imports the start method's Popen module
      return costs.processStartParent + costs.processFirstStart
    case .forkserver:
      var cost = max(costs.processStartParent, costs.processStartForkserver - processBoot)
      if !pool.forkserverStarted {
        pool.forkserverStarted = true
        cost += costs.forkserverStart
      }
      return cost
    }
  }

  /// Time to pickle and pipe `bytes` at `bytesPerSecond`, at most 24 hours (a tiny throughput
  /// cannot overflow the clock).
  func transfer(_ bytes: Int64, _ bytesPerSecond: Double) -> SimTime {
    guard bytes > 0, bytesPerSecond > 0 else { return 0 }
    return SimTime(min(Double(Units.maxDuration), (Double(bytes) * 1e9 / bytesPerSecond).rounded()))
  }
}

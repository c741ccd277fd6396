/// A run that stopped with tasks left undone because every thread left waits for a lock that a
/// waiting thread holds: who waits for what, and when the last thing happened.
public struct Deadlock: Hashable, Sendable {
  /// When the run got stuck: the time of its last event.
  public var time: SimTime
  public var completed: Int
  public var tasks: Int
  /// One line per waiter: "Worker 2 waits for lock 'b', held by Worker 1".
  public var waits: [String]

  public init(time: SimTime, completed: Int, tasks: Int, waits: [String]) {
    self.time = time
    self.completed = completed
    self.tasks = tasks
    self.waits = waits
  }

  /// "DEADLOCK at 20.5 ms": what tables and charts show in place of a makespan.
  public var headline: String { "DEADLOCK at \(formatDuration(Double(time)))" }

  /// "Deadlock at 20.5 ms: only 2 of 4 tasks completed. Worker 2 waits for lock 'b', …"
  public var sentence: String {
    var s = "Deadlock at \(formatDuration(Double(time))): only \(completed) of \(tasks) tasks completed."
    if !waits.isEmpty {
      let shown = waits.prefix(3).joined(separator: "; ")
      s += " \(shown)\(waits.count > 3 ? "; and \(waits.count - 3) more" : "")."
    }
    return s + (waits.contains { $0.contains("waits for semaphore") } && !waits.contains { $0.contains("waits for lock") }
      ? " A task that takes a unit while holding one can wait for itself." : " Take locks in one order everywhere.")
  }
}

extension Simulation {
  /// Who waits for which lock held by whom, when the run ended with tasks undone.
  func deadlock() -> Deadlock? {
    guard results.completed < workload.taskCount else { return nil }
    func name(_ h: Holder) -> String {
      switch h {
      case .thread(let t): return recorder.lanes[Int(threads[t].lane)].name
      case .coroutine(let s):
        let lane = tasks.cursors[s].lane
        return lane >= 0 ? recorder.lanes[Int(lane)].name : "a coroutine (task \(tasks.cursors[s].task + 1))"
      }
    }
    var waits: [String] = []
    for id in 0..<locks.count where !locks.waiters[id].isEmpty {
      let holder = locks.owner[id].map(name) ?? "nobody"
      for w in locks.waiters[id] {
        waits.append("\(name(w)) waits for lock '\(workload.lockNames[id])', held by \(holder)")
      }
    }
    for (i, spec) in semaphores.specs.enumerated() where !semaphores.units[i].waiters.isEmpty {
      for w in semaphores.units[i].waiters {
        waits.append("\(name(w)) waits for semaphore '\(spec.name)', all \(spec.value) in use")
      }
    }
    return Deadlock(time: finishedAt, completed: results.completed, tasks: workload.taskCount, waits: waits)
  }
}

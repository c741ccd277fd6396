import DequeModule

/// The machine's CPUs and the OS scheduler (Linux CFS, simplified): a thread that needs a core
/// takes a free one; a thread woken while every core is busy preempts the one that has run
/// longest (wake-up preemption), or queues; runnable threads beyond the cores share them in
/// round-robin time slices.
struct Cores {
  let count: Int
  /// The thread on each core, if any.
  var thread: UnsafeVector<ThreadID?>
  /// Bumped whenever a core's thread leaves, so that its pending time-slice event goes stale.
  var generation: UnsafeVector<UInt32>
  var quantumPending: UnsafeVector<Bool>
  /// Since when the core's thread has run on it.
  var since: UnsafeVector<SimTime>
  var lane: [Int32]
  /// Threads ready to run, waiting for a core, oldest first.
  var runQueue = Deque<ThreadID>()

  init(count: Int) {
    self.count = count
    thread = UnsafeVector(repeating: nil, count: count)
    generation = UnsafeVector(repeating: 0, count: count)
    quantumPending = UnsafeVector(repeating: false, count: count)
    since = UnsafeVector(repeating: 0, count: count)
    lane = [Int32](repeating: -1, count: count)
  }

  /// How long a running thread keeps its core against a waking thread (CFS's wake-up
  /// granularity, 1 ms × (1 + log2 of the core count) on Linux; 1 ms here).
  static let wakeupGranularity: SimTime = 1_000_000

  /// Linux gives each of several runnable threads on a core a few milliseconds (CFS's minimum
  /// granularity times the number of runnable threads, here 4 ms).
  static let timeslice: SimTime = 4_000_000
}

extension Simulation {
  mutating func requestCore(_ t: ThreadID) {
    if let c = threads[t].core {
      startRunning(t, on: c)
      return
    }
    for i in 0..<cores.count where cores.thread[i] == nil {
      let c = CoreID(i)
      assignCore(t, c)
      startRunning(t, on: c)
      return
    }
    // Wake-up preemption (Linux CFS): a thread that wakes from sleep takes the core of the thread
    // that has run longest, once that one has had the wake-up granularity; sleepers such as a
    // pool's helper threads therefore run promptly beside CPU-bound work.
    var victim: CoreID?
    var longest = Cores.wakeupGranularity - 1
    for i in 0..<cores.count {
      let ran = now - cores.since[i]
      if ran > longest, let running = cores.thread[i], threads[running].phase == .running {
        longest = ran
        victim = CoreID(i)
      }
    }
    if let c = victim, let v = cores.thread[c] {
      account(v)
      threads[v].generation &+= 1
      leaveCoreWithoutHandoff(v)
      threads[v].phase = .coreWait
      setSpan(v, .coreWait, task: currentTask(v))
      cores.runQueue.append(v)
      assignCore(t, c)
      startRunning(t, on: c)
      return
    }
    threads[t].phase = .coreWait
    threads[t].generation &+= 1
    setSpan(t, .coreWait, task: currentTask(t))
    cores.runQueue.append(t)
    for i in 0..<cores.count where !cores.quantumPending[i] { scheduleQuantum(CoreID(i)) }
  }

  /// Frees a thread's core without handing it to the run queue (the caller assigns it).
  mutating func leaveCoreWithoutHandoff(_ t: ThreadID) {
    guard let c = threads[t].core else { return }
    threads[t].core = nil
    cores.thread[c] = nil
    recordCore(c, thread: t)
    cores.generation[c] &+= 1
    cores.quantumPending[c] = false
  }

  mutating func assignCore(_ t: ThreadID, _ c: CoreID) {
    cores.thread[c] = t
    threads[t].core = c
    cores.since[c] = now
  }

  /// The thread runs its current work on core `c` until it ends (or is preempted or must drop
  /// the GIL).
  mutating func startRunning(_ t: ThreadID, on c: CoreID) {
    threads[t].phase = .running
    threads[t].runStart = now
    threads[t].generation &+= 1
    if threads[t].holdsGIL, threads[t].needsGIL, dropRequestPending(for: t) {
      // It sees the pending drop request at its first eval-breaker check.
      forcedDrop(t)
      return
    }
    // The eval-breaker check before a C call is its last until it returns.
    if !threads[t].switchable { threads[t].insideCCall = true }
    setSpan(t, threads[t].workState, task: currentTask(t))
    events.schedule(.threadDone, at: now + threads[t].remaining, target: t.raw, generation: threads[t].generation)
    if !cores.runQueue.isEmpty, !cores.quantumPending[c] { scheduleQuantum(c) }
  }

  /// Gives the thread's core to the next runnable thread.
  mutating func leaveCore(_ t: ThreadID) {
    guard let c = threads[t].core else { return }
    leaveCoreWithoutHandoff(t)
    if let next = cores.runQueue.popFirst() {
      assignCore(next, c)
      startRunning(next, on: c)
    }
  }

  mutating func scheduleQuantum(_ c: CoreID) {
    guard cores.thread[c] != nil else { return }
    cores.quantumPending[c] = true
    events.schedule(.quantum, at: now + Cores.timeslice, target: c.raw, generation: cores.generation[c])
  }

  /// The end of a time slice: with threads waiting for a core, the running one yields it.
  mutating func quantum(_ c: CoreID) {
    cores.quantumPending[c] = false
    guard let t = cores.thread[c], !cores.runQueue.isEmpty, threads[t].phase == .running else { return }
    account(t)
    threads[t].generation &+= 1
    leaveCore(t)
    threads[t].phase = .coreWait
    setSpan(t, .coreWait, task: currentTask(t))
    cores.runQueue.append(t)
  }
}

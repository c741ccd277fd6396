import DequeModule

/// The machine's CPUs and the OS scheduler (Linux's fair scheduler, simplified): a thread that
/// needs a core takes a free one; with every core busy, a thread that wakes from sleep preempts
/// the running thread that has had the most CPU, if that one is a wake-up granularity ahead of
/// it, or waits; runnable threads beyond the cores share them in time slices, the one that has
/// had the least CPU first.
///
/// Each thread keeps its virtual runtime (`SimThread.vruntime`: with equal weights, the CPU it
/// has run). A thread that wakes is placed no further back than the least virtual runtime of
/// the threads that can run less the sleeper credit, so a thread that mostly sleeps (a pool's
/// result handler, a manager thread) is ahead of the CPU-bound threads it wakes beside and
/// takes a core at once, as Linux gives it one within microseconds (`scripts/pyfacts/wake_latency.py`:
/// a pipe reader woken beside two CPU-bound processes on this 2-core machine runs 4–13 µs after
/// the write, median), while a CPU-bound thread that blocked a moment waits its turn.
///
/// A preempted thread pays `preemption` of CPU when it runs again: the switch and the caches the
/// other thread left cold (a voluntary wait pays nothing: the measured per-call costs include it).
///
/// Departure: one run queue and one virtual clock for all cores, where Linux keeps a queue per
/// core and balances them.
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
  /// Threads ready to run, waiting for a core, in the order they queued (the one with the least
  /// virtual runtime runs next; the oldest of equals).
  var runQueue = Deque<ThreadID>()
  /// The least virtual runtime of the threads that can run, never decreasing (CFS's
  /// `min_vruntime`): where a waking thread is placed from.
  var minVruntime: SimTime = 0

  init(count: Int) {
    self.count = count
    thread = UnsafeVector(repeating: nil, count: count)
    generation = UnsafeVector(repeating: 0, count: count)
    quantumPending = UnsafeVector(repeating: false, count: count)
    since = UnsafeVector(repeating: 0, count: count)
    lane = [Int32](repeating: -1, count: count)
  }

  /// How far a running thread's virtual runtime must be ahead of a waking thread's for the
  /// waking one to preempt it (CFS's wake-up granularity, 1 ms × (1 + log2 of the core count)
  /// on Linux before 6.6; 1 ms here). Two CPU-bound threads are within it of each other, so a
  /// CPU-bound thread that blocked a moment does not preempt another.
  static let wakeupGranularity: SimTime = 1_000_000

  /// How far behind the least virtual runtime a waking thread is placed at most (the lag a
  /// sleeper keeps: CFS's half scheduling latency, 6 ms × (1 + log2 2) / 2 on 2 cores, EEVDF's
  /// lag limit of two 0.75 ms × 2 base slices; 3 ms here). More than the wake-up granularity:
  /// a thread that mostly sleeps preempts a CPU-bound one at once, which is what was measured
  /// (any credit above the granularity gives that; the 3 ms itself is read, not measured).
  static let sleeperCredit: SimTime = 3_000_000

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
    // It wakes (or starts: a new thread has run nothing, and is placed as a sleeper is): no
    // further back than the sleeper credit.
    let least = leastVruntime()
    let floor = least > Cores.sleeperCredit ? least - Cores.sleeperCredit : 0
    if threads[t].vruntime < floor { threads[t].vruntime = floor }
    for i in 0..<cores.count where cores.thread[i] == nil {
      let c = CoreID(i)
      assignCore(t, c)
      startRunning(t, on: c)
      return
    }
    // Wake-up preemption: it takes the core of the running thread with the most virtual
    // runtime, if that one is more than the wake-up granularity ahead of it.
    var victim: CoreID?
    var most = threads[t].vruntime + Cores.wakeupGranularity
    for i in 0..<cores.count {
      if let running = cores.thread[i], threads[running].phase == .running {
        let v = currentVruntime(running)
        if v > most {
          most = v
          victim = CoreID(i)
        }
      }
    }
    if let c = victim, let v = cores.thread[c] {
      account(v)
      threads[v].generation &+= 1
      threads[v].preempted = true
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

  /// A thread's virtual runtime, counting its run in progress.
  @inline(__always)
  func currentVruntime(_ t: ThreadID) -> SimTime {
    threads[t].vruntime + (threads[t].phase == .running ? now - threads[t].runStart : 0)
  }

  /// The least virtual runtime of the threads on the cores and in the run queue, kept from
  /// going back (`Cores.minVruntime`).
  mutating func leastVruntime() -> SimTime {
    var least = SimTime.max
    for i in 0..<cores.count {
      if let r = cores.thread[i] { least = min(least, currentVruntime(r)) }
    }
    for r in cores.runQueue { least = min(least, threads[r].vruntime) }
    if least != .max, least > cores.minVruntime { cores.minVruntime = least }
    return cores.minVruntime
  }

  /// Takes the runnable thread with the least virtual runtime (the oldest of equals) off the
  /// run queue.
  mutating func popNextRunnable() -> ThreadID? {
    guard !cores.runQueue.isEmpty else { return nil }
    var best = cores.runQueue.startIndex
    var bestRuntime = threads[cores.runQueue[best]].vruntime
    for i in cores.runQueue.indices.dropFirst() {
      let v = threads[cores.runQueue[i]].vruntime
      if v < bestRuntime {
        best = i
        bestRuntime = v
      }
    }
    return cores.runQueue.remove(at: best)
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
    if threads[t].preempted {
      // Back after a preemption: the switch and its cold caches cost it CPU (`preemption`).
      threads[t].preempted = false
      threads[t].remaining += costs.preemption
    }
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
    if let next = popNextRunnable() {
      assignCore(next, c)
      startRunning(next, on: c)
    }
  }

  mutating func scheduleQuantum(_ c: CoreID) {
    guard cores.thread[c] != nil else { return }
    cores.quantumPending[c] = true
    events.schedule(.quantum, at: now + Cores.timeslice, target: c.raw, generation: cores.generation[c])
  }

  /// The end of a time slice: the running thread yields its core to a waiting thread that has
  /// had less CPU, or runs another slice.
  mutating func quantum(_ c: CoreID) {
    cores.quantumPending[c] = false
    guard let t = cores.thread[c], !cores.runQueue.isEmpty, threads[t].phase == .running else { return }
    account(t)
    guard cores.runQueue.contains(where: { threads[$0].vruntime < threads[t].vruntime }) else {
      scheduleQuantum(c)
      return
    }
    threads[t].generation &+= 1
    threads[t].preempted = true
    leaveCore(t)
    threads[t].phase = .coreWait
    setSpan(t, .coreWait, task: currentTask(t))
    cores.runQueue.append(t)
  }
}

/// The kernel's run loop: pop the earliest event, advance the clock, hand the event to the
/// primitive it is for. SimPy's `Environment.step`, without a callback list per event.
extension Simulation {
  /// Runs the model until every task's result is back in the caller.
  ///
  /// - Complexity: O(e log e) for e events.
  ///
  /// - Parameter progress: called with the simulated time every 2^20 events, for long runs.
  mutating func run(eventBudget: Int = .max, progress: ((SimTime) -> Void)? = nil) {
    startModel()
    var compactAt = 4_096
    while finishedAt < 0, eventCount < eventBudget, let e = events.pop() {
      recorder.noteSpanBudget(at: now)
      // Keep the queue within twice its live events (plus a constant): see `isStale`.
      if events.count > compactAt {
        events.removeAll(where: isStale)
        compactAt = max(4_096, 2 * events.count)
      }
      if eventCount & 0xF_FFFF == 0xF_FFFF, let progress { progress(e.time) }
      #if PARSIM_INTERNAL_CHECKS
        precondition(e.time >= now, "time went back")
      #endif
      now = e.time
      eventCount += 1
      dispatch(e)
      #if PARSIM_INTERNAL_CHECKS
        checkInvariants()
      #endif
    }
    if finishedAt < 0 { finishedAt = now }  // nothing left to happen: a stuck model ends here
    closeAllSpans()
  }

  /// True for an event that `dispatch` would ignore: work or a wait that was cancelled since.
  func isStale(_ e: Event) -> Bool {
    switch e.kind {
    case .threadDone, .wake:
      return threads[ThreadID(raw: e.target)].generation != e.generation
    case .gilTimeout:
      let t = ThreadID(raw: e.target)
      return threads[t].generation != e.generation || threads[t].phase != .gilWait
    case .quantum: return cores.generation[CoreID(raw: e.target)] != e.generation
    case .gilHandoff, .arrival, .coroutineTimer: return false
    }
  }

  @inline(__always)
  mutating func dispatch(_ e: Event) {
    guard !isStale(e) else { return }
    switch e.kind {
    case .threadDone: threadDone(ThreadID(raw: e.target))
    case .gilTimeout: gilTimeout(ThreadID(raw: e.target))
    case .gilHandoff: gilHandoff(ThreadID(raw: e.target))
    case .quantum: quantum(CoreID(raw: e.target))
    case .arrival: arrival(GroupID(raw: e.target))
    case .wake: threadWoke(ThreadID(raw: e.target))
    case .coroutineTimer: coroutineTimer(TaskSlot(raw: e.target))
    }
  }
}

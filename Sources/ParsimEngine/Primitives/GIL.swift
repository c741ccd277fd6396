/// The GIL of one interpreter, as CPython 3.11's `Python/ceval_gil.c` keeps it.
///
/// - `take_gil`: a thread that finds the GIL taken waits on its condition variable for one
///   switch interval; if no switch happened meanwhile (`switch_number` unchanged) it sets
///   `gil_drop_request`, and waits again.
/// - The holder checks the request at its next eval-breaker check (`gilSliceExtra` after the
///   interval, measured) and drops the GIL (`drop_gil`), which signals one waiter; with
///   `FORCE_SWITCHING` it then waits until that waiter has taken the GIL before it may ask
///   for it back.
/// - I/O, `native` steps and blocking calls release the GIL; coming back, a thread must take
///   it again (the convoy effect).
///
/// Which waiter the OS wakes is not promised (`COND_SIGNAL`): `gil_waiter_policy` picks
/// `random` (seeded; the newest waiter with `gil_wake_newest`) or `fifo`.
struct GIL {
  /// False in a free-threaded build: no GIL to take.
  var exists: Bool
  var holder: ThreadID?
  /// A waiter that was signalled and is taking the GIL (CPython's woken waiter, not yet running).
  var reserved: ThreadID?
  var waiters: [ThreadID] = []
  /// `switch_number` counts changes of holder: `take_gil` increments it only when the taker is
  /// not `last_holder` (a thread re-taking the GIL it last held is no switch).
  var switchNumber: UInt64 = 0
  var lastHolder: ThreadID?
  var dropRequested = false
  var heldSince: SimTime = 0
  var lane: Int32 = -1

  init(exists: Bool) { self.exists = exists }
}

extension Simulation {
  /// Creates an interpreter: the main one, a worker process's, or a subinterpreter.
  mutating func newInterpreter(hasGIL: Bool, name: String) -> InterpreterID {
    var g = GIL(exists: hasGIL)
    if hasGIL { g.lane = recorder.addGILLane(name, interpreter: interpreters.count) }
    interpreters.append(g)
    return InterpreterID(interpreters.count - 1)
  }

  /// True when the holder `t` must drop the GIL at its next eval-breaker check.
  @inline(__always)
  func dropRequestPending(for t: ThreadID) -> Bool {
    let g = threads[t].interpreter.index
    return interpreters[g].dropRequested && !interpreters[g].waiters.isEmpty && !threads[t].insideCCall
  }

  /// Takes the GIL if it is free; otherwise joins its waiters and returns false.
  mutating func acquireGIL(_ t: ThreadID) -> Bool {
    let g = threads[t].interpreter.index
    if interpreters[g].holder == nil {
      guard let w = interpreters[g].reserved else {
        takeGIL(t)
        return true
      }
      if costs.gilFastRegrab >= 1 || costs.gilFastRegrab > 0 && rng.nextUnit() < costs.gilFastRegrab {
        // A thread back from a very short release beats the woken waiter to the free GIL.
        interpreters[g].reserved = nil
        interpreters[g].waiters.append(w)
        takeGIL(t)
        return true
      }
    }
    waitForGIL(t)
    return false
  }

  mutating func waitForGIL(_ t: ThreadID) {
    let g = threads[t].interpreter.index
    leaveCore(t)
    threads[t].phase = .gilWait
    threads[t].generation &+= 1
    threads[t].gilWaitSwitch = interpreters[g].switchNumber
    interpreters[g].waiters.append(t)
    setSpan(t, .gilWait, task: currentTask(t))
    events.schedule(.gilTimeout, at: now + costs.switchInterval + costs.gilSliceExtra, target: t.raw,
      generation: threads[t].generation)
  }

  mutating func takeGIL(_ t: ThreadID) {
    let g = threads[t].interpreter.index
    interpreters[g].holder = t
    if interpreters[g].lastHolder != t {
      interpreters[g].lastHolder = t
      interpreters[g].switchNumber &+= 1
    }
    interpreters[g].heldSince = now
    threads[t].holdsGIL = true
  }

  /// Drops the GIL and signals one waiter, which takes it after the hand-off latency: a forced
  /// switch's `gil_handoff`, or, for a GIL given up of its own accord (a blocking call, I/O,
  /// native code), a wake-up (`scripts/pyfacts/gil_voluntary_handoff.py`: 23 µs from a blocking
  /// `Event.wait` to the waiter's first line).
  mutating func releaseGIL(_ t: ThreadID) {
    let g = threads[t].interpreter.index
    threads[t].holdsGIL = false
    interpreters[g].holder = nil
    let forced = interpreters[g].dropRequested
    interpreters[g].dropRequested = false
    recorder.gilReleased(lane: interpreters[g].lane, holderLane: threads[t].lane, since: interpreters[g].heldSince, now: now)
    guard !interpreters[g].waiters.isEmpty else { return }
    let index: Int
    switch costs.gilWaiterPolicy {
    case .fifo: index = 0
    case .random:
      let n = interpreters[g].waiters.count
      if costs.gilWakeNewest > 0, rng.nextUnit() < costs.gilWakeNewest {
        index = n - 1
      } else {
        index = Int(rng.next() % UInt64(n))
      }
    }
    let w = interpreters[g].waiters.remove(at: index)
    interpreters[g].reserved = w
    events.schedule(.gilHandoff, at: now + (forced ? costs.gilHandoff : costs.wakeup), target: w.raw)
  }

  /// The signalled waiter takes the GIL (unless another thread took it first).
  mutating func gilHandoff(_ w: ThreadID) {
    let g = threads[w].interpreter.index
    guard interpreters[g].reserved == w, interpreters[g].holder == nil else { return }
    interpreters[g].reserved = nil
    takeGIL(w)
    threads[w].generation &+= 1  // cancels its timed wait
    requestCore(w)
  }

  /// The end of a waiter's timed wait: if no switch happened meanwhile, ask the holder to drop.
  mutating func gilTimeout(_ t: ThreadID) {
    let g = threads[t].interpreter.index
    if interpreters[g].switchNumber == threads[t].gilWaitSwitch, let h = interpreters[g].holder {
      interpreters[g].dropRequested = true
      // Running Python, it drops at its next eval-breaker check; inside a c_call it cannot,
      // and drops (if the request still stands) when the call has returned.
      if threads[h].phase == .running, threads[h].needsGIL, !threads[h].insideCCall {
        forcedDrop(h)
      }
    }
    threads[t].gilWaitSwitch = interpreters[g].switchNumber
    events.schedule(.gilTimeout, at: now + costs.switchInterval + costs.gilSliceExtra, target: t.raw,
      generation: threads[t].generation)
  }

  /// The holder honours a drop request: it drops the GIL, signals a waiter, and waits to take
  /// the GIL back (with forced switching it cannot win it straight back).
  ///
  /// With FORCE_SWITCHING the dropper first waits until the woken waiter has taken the GIL, and
  /// only then starts its own timed wait, counting from that switch; so its first timeout, one
  /// interval later, asks for the GIL back (the 5.08 ms slices measured with two threads).
  mutating func forcedDrop(_ h: ThreadID) {
    account(h)
    threads[h].generation &+= 1
    leaveCore(h)
    releaseGIL(h)
    let g = threads[h].interpreter.index
    let handingOver = interpreters[g].reserved != nil
    threads[h].phase = .gilWait
    threads[h].gilWaitSwitch = interpreters[g].switchNumber &+ (handingOver ? 1 : 0)
    interpreters[g].waiters.append(h)
    setSpan(h, .gilWait, task: currentTask(h))
    let start = now + (handingOver ? costs.gilHandoff : 0)
    events.schedule(.gilTimeout, at: start + costs.switchInterval + costs.gilSliceExtra, target: h.raw,
      generation: threads[h].generation)
  }
}

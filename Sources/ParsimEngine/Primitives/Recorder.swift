import ParsimScenario

/// What a run leaves behind: the lanes of the trace, the spans on them, the task marks, and
/// the totals the metrics need (time per state, busy cores, GIL held, latencies).
struct Recorder {
  let recording: Bool
  /// The most spans kept (``Limits/traceSpans``).
  var spanBudget = Limits.traceSpans
  /// When the span budget ran out, if it did: the trace covers the run up to here.
  var traceCutAt: SimTime?
  var lanes: [Lane] = []
  var spans: [Span] = []
  var marks: [Mark] = []
  var stateTime = UnsafeVector<SimTime>(repeating: 0, count: SpanState.allCases.count)
  var coreBusy: SimTime = 0
  var gilHeld: SimTime = 0
  /// Time coroutines spent in flight (in any state), for the explanation's count of overlaps.
  var coroutineTime: SimTime = 0
  var latencies = LatencyHistogram()

  init(recording: Bool) { self.recording = recording }

  /// Spans are kept while this holds: `recording`, and fewer than `spanBudget` so far.
  var keepsSpans: Bool { recording && spans.count < spanBudget }

  mutating func noteSpanBudget(at now: SimTime) {
    if recording, traceCutAt == nil, spans.count >= spanBudget { traceCutAt = now }
  }

  mutating func addLane(_ name: String, kind: Lane.Kind, process: Int) -> Int32 {
    lanes.append(Lane(name: name, kind: kind, process: process))
    return Int32(lanes.count - 1)
  }

  /// A GIL's lane, when recording (-1 otherwise).
  mutating func addGILLane(_ name: String, interpreter: Int) -> Int32 {
    recording ? addLane(name, kind: .gil, process: interpreter) : -1
  }

  /// Adds a span of `state` on `lane` and its time to the state's total.
  @inline(__always)
  mutating func add(lane: Int32, _ state: SpanState, task: Int32, from start: SimTime, to end: SimTime) {
    stateTime[Int(state.rawValue)] += end - start
    if keepsSpans { spans.append(Span(lane: lane, state: state, task: task, start: start, end: end)) }
  }

  mutating func gilReleased(lane: Int32, holderLane: Int32, since: SimTime, now: SimTime) {
    let held = now - since
    gilHeld += held
    if keepsSpans, held > 0 { spans.append(Span(lane: lane, state: .held, task: holderLane, start: since, end: now)) }
  }

  mutating func mark(_ kind: Mark.Kind, task: Int32, at time: SimTime) {
    if recording { marks.append(Mark(kind: kind, task: task, time: time)) }
  }

  /// Sorts the trace into a stable order: core lanes are first-come, marks by time.
  mutating func finish() {
    guard recording else { return }
    spans.sort { ($0.lane, $0.start, $0.end) < ($1.lane, $1.start, $1.end) }
    marks.sort { ($0.time, $0.kind == .arrival ? 0 : 1, $0.task) < ($1.time, $1.kind == .arrival ? 0 : 1, $1.task) }
  }
}

/// A thread's or coroutine's current span, not yet closed.
struct OpenSpan {
  var isOpen = false
  var state: SpanState = .python
  var task: Int32 = -1
  var start: SimTime = 0
}

extension Simulation {
  /// Puts a thread in `state` from now (closing its previous span if that differs).
  mutating func setSpan(_ t: ThreadID, _ state: SpanState, task: Int32) {
    if threads[t].span.isOpen {
      if threads[t].span.state == state && threads[t].span.task == task { return }
      closeSpan(t)
    }
    threads[t].span = OpenSpan(isOpen: true, state: state, task: task, start: now)
  }

  mutating func closeSpan(_ t: ThreadID) {
    guard threads[t].span.isOpen else { return }
    threads[t].span.isOpen = false
    let s = threads[t].span
    guard now > s.start else { return }
    recorder.add(lane: threads[t].lane, s.state, task: s.task, from: s.start, to: now)
  }

  /// Puts a coroutine in `state` from now, or ends its span (nil).
  mutating func setCoroutineSpan(_ s: TaskSlot, _ state: SpanState?) {
    let c = tasks.cursors[s]
    if c.span.isOpen {
      if let state, c.span.state == state { return }
      let d = now - c.span.start
      if d > 0 {
        recorder.coroutineTime += d
        recorder.stateTime[Int(c.span.state.rawValue)] += d
        if recorder.keepsSpans, c.lane >= 0 {
          recorder.spans.append(Span(lane: c.lane, state: c.span.state, task: c.task, start: c.span.start, end: now))
        }
      }
      tasks.cursors[s].span.isOpen = false
    }
    if let state {
      tasks.cursors[s].span = OpenSpan(isOpen: true, state: state, task: c.task, start: now)
    }
  }

  mutating func recordCore(_ c: CoreID, thread t: ThreadID) {
    let d = now - cores.since[c]
    guard d > 0 else { return }
    recorder.coreBusy += d
    if recorder.keepsSpans {
      if cores.lane[c.index] < 0 { cores.lane[c.index] = recorder.addLane("Core \(c.index + 1)", kind: .core, process: -1) }
      recorder.spans.append(Span(lane: cores.lane[c.index], state: .held, task: threads[t].lane, start: cores.since[c], end: now))
    }
  }

  /// Ends the run: closes every open span, frees every core and GIL, ends held locks' spans.
  mutating func closeAllSpans() {
    for i in threads.indices {
      let t = ThreadID(i)
      closeSpan(t)
      if threads[t].holdsGIL { releaseGIL(t) }
      leaveCore(t)
    }
    for i in tasks.cursors.indices where tasks.cursors[i].span.isOpen { setCoroutineSpan(TaskSlot(i), nil) }
    // Locks still held (a deadlock) end their span with the run.
    for i in 0..<locks.count { lockHeldUntilNow(LockID(i)) }
    for i in semaphores.specs.indices { semaphoreUseChanged(i, from: semaphores.inUse(i)) }
    closeQueueLanes()
    recorder.finish()
  }
}

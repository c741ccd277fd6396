import ParsimScenario

/// A pipeline stage: its consumers, the queue that feeds them, and what they did.
///
/// The producer (the main thread, or a coroutine) starts every stage's workers, puts each item
/// on the first stage's queue, and shuts the stages down in order by sentinel, as people write
/// it: `for _ in workers: q.put(None)`, then `for w in workers: w.join()`, then the next stage.
/// A worker takes items until it takes a `None`. The run ends when the last item leaves the last
/// stage.
struct StageState {
  var queue: QueueID
  /// Its workers: threads, processes or coroutines (under `serial`, the one loop: `thread`).
  var kind: StageRun
  /// What its queue is: an `asyncio.Queue` (coroutines put and get), a `multiprocessing.Queue`
  /// (a process puts or gets), else a `queue.Queue`.
  var queueKind: StageRun
  var workersStarted = 0
  /// Workers that have not exited yet.
  var alive = 0
  var sentinelsSent = 0
  /// Who joins this stage's workers, if it waits: a thread (`w.join()`), or the producer
  /// coroutine (`await asyncio.gather(*workers)`).
  var joiner: Holder?

  init(queue: QueueID, kind: StageRun, queueKind: StageRun) {
    self.queue = queue
    self.kind = kind
    self.queueKind = queueKind
  }
}

/// What a stage's queue and workers did over a run: the figures of `StageMetrics`.
struct StageStats {
  /// Items taken from the queue, and their time in it (items handed straight to a waiting
  /// worker waited 0).
  var passed = 0
  var waited: SimTime = 0
  /// The queue's length integrated over time (item·ns), and the time it was full.
  var area: Double = 0
  var full: SimTime = 0
  /// Items in the queue (sentinels not counted), and since when it has had that many.
  var length = 0
  var since: SimTime = 0
  /// Workers' time between taking an item and finishing its steps.
  var busy: SimTime = 0
  /// The queue's lane (-1 until it first holds an item).
  var lane: Int32 = -1
  var longest = 0
}

extension Simulation {
  /// Starts the next worker of stage `k` for thread `caller`: a process runs until it first
  /// waits; a thread makes the caller wait until it has booted (true).
  mutating func startStageWorker(_ program: ProgramID, _ k: StageID, _ kind: Worker, by caller: ThreadID) -> Bool {
    let name = enlistStageWorker(k)
    if kind == .process {
      advance(newProcess(program, name: name))
      return false
    }
    startThread(program, interpreter: .main, name: name, for: caller)
    return true
  }

  /// Counts a new worker of stage `k` (thread, process or coroutine) and names it ("parse 2");
  /// the stage's queue lane goes just before its first worker's.
  mutating func enlistStageWorker(_ k: StageID) -> String {
    if stages[k.index].workersStarted == 0 { addQueueLane(k.index) }
    stages[k.index].workersStarted += 1
    stages[k.index].alive += 1
    return "\(workload.stages?[k.index].name ?? "stage") \(stages[k.index].workersStarted)"
  }

  /// What `put` on stage `k`'s queue costs the putter: `asyncio.Queue.put`, or
  /// `multiprocessing.Queue.put` with the item pickled, or `queue.Queue.put`.
  func queuePutCharge(_ k: StageID) -> Charge {
    switch stages[k.index].queueKind {
    case .coroutine: return Charge(.asyncioQueuePut)
    case .process: return Charge(.mpQueuePut, pickles: .arguments)
    case .thread: return Charge(.queuePut)
    }
  }

  /// What `get` on stage `k`'s queue costs the taker.
  func queueGetCharge(_ k: StageID) -> Charge {
    switch stages[k.index].queueKind {
    case .coroutine: return Charge(.asyncioQueueGet)
    case .process: return Charge(.mpQueueGet, unpickles: .arguments)
    case .thread: return Charge(.queueGet)
    }
  }

  /// A worker of stage `k` exits; the last one wakes the thread joining them.
  mutating func stageWorkerExits(_ k: StageID) {
    stages[k.index].alive -= 1
    if stages[k.index].alive == 0, let j = stages[k.index].joiner {
      stages[k.index].joiner = nil
      resume(j)
    }
  }

  /// `for w in workers: w.join()`: false (the thread blocks) while a worker of stage `k` lives.
  mutating func joinStage(_ t: ThreadID, _ k: StageID) -> Bool {
    if stages[k.index].alive == 0 { return true }
    stages[k.index].joiner = .thread(t)
    block(t)
    return false
  }

  /// An item has left the last stage: its result is done. The run ends with the last one.
  mutating func itemLeaves(_ item: QueueItem) {
    recordCompletions(item.start, 1, arrival: item.arrival)
    if results.completed == workload.taskCount, finishedAt < 0 { finishedAt = now }
  }

  /// Records the length queue `q` had since its last change (on its lane and in its stage's
  /// figures), then changes it by `delta` items. Sentinels are not items: they are not counted.
  mutating func queueLengthChanges(_ q: QueueID, by delta: Int) {
    let i = Int(queues[q.index].stage)
    let before = stageStats[i].length
    stageStats[i].length += delta
    let d = now - stageStats[i].since
    stageStats[i].area += Double(before) * Double(d)
    let max = queues[q.index].maxsize
    if max > 0, before >= max { stageStats[i].full += d }
    stageStats[i].longest = Swift.max(stageStats[i].longest, before)
    if recorder.keepsSpans, before > 0, d > 0 {
      addQueueLane(i)
      recorder.spans.append(Span(lane: stageStats[i].lane, state: .held, task: Int32(clamping: before), start: stageStats[i].since, end: now))
    }
    stageStats[i].since = now
  }

  mutating func addQueueLane(_ i: Int) {
    guard recorder.recording, stageStats[i].lane < 0 else { return }
    let name = workload.stages?[i].name ?? "stage"
    let max = queues[stages[i].queue.index].maxsize
    stageStats[i].lane = recorder.addLane(max > 0 ? "Queue → \(name) · maxsize \(max)" : "Queue → \(name) · unbounded",
      kind: .queue, process: 0)
  }

  /// Closes the queues' last stretches at the end of the run, and sets each queue lane's
  /// height: its maxsize, or the most items an unbounded queue held.
  mutating func closeQueueLanes() {
    for (i, stage) in stages.enumerated() {
      queueLengthChanges(stage.queue, by: 0)
      let lane = stageStats[i].lane
      if lane >= 0 {
        let max = queues[stage.queue.index].maxsize
        recorder.lanes[Int(lane)].capacity = max > 0 ? max : Swift.max(1, stageStats[i].longest)
      }
    }
  }
}

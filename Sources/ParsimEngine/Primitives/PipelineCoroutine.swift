import ParsimScenario

/// What a coroutine stands for: a task of a scenario's tasks, or a coroutine of a pipeline whose
/// stages run on the event loop.
enum CoroutineRole: Equatable {
  case task
  /// `main()`: starts every stage's workers, produces each item into the first queue, then
  /// shuts the stages down in order.
  case producer
  /// A worker of a coroutine stage.
  case worker(StageID)
}

/// Where a pipeline coroutine is between the steps it runs for items:
///
///     async def worker(inbox, outbox):
///         while (item := await inbox.get()) is not None:      # getting
///             await stage(item)                               # steps
///             await outbox.put(item)                          # putting
///
///     async def main():
///         workers = [asyncio.create_task(worker(...)) ...]    # starting (threads: t.start())
///         for item in source:                                 # getting: the next arrival
///             await produce(item)                             # steps
///             await queues[0].put(item)                       # putting
///         for stage in stages:
///             for _ in stage.workers: await stage.queue.put(None)    # shuttingDown
///             await asyncio.gather(*stage.workers)                    # joining (threads: w.join())
enum PipelinePhase: Equatable {
  case starting, getting, steps, putting
  case shuttingDown(StageID)
  case joining(StageID)
  /// A worker took its sentinel: it returns.
  case returning
}

/// What a pipeline coroutine does next: the loop thread is busy for it (paying a cost, or
/// blocked in a thread queue's `put` or a thread's `join`), it awaits, or it runs an item's steps.
enum CoroutineProgress {
  case busy, awaits, runsSteps
}

extension Simulation {
  /// A pipeline coroutine with its lane, ready to run (`asyncio.create_task`).
  mutating func newPipelineCoroutine(_ role: CoroutineRole, name: String) -> TaskSlot {
    let s = newSlot(task: 0, arrival: now, group: GroupID(0))
    tasks.cursors[s].task = -1  // no item yet
    tasks.cursors[s].role = role
    tasks.cursors[s].phase = role == .producer ? .starting : .getting
    if recorder.recording { tasks.cursors[s].lane = recorder.addLane(name, kind: .coroutine, process: 0) }
    coroutineReady(s)
    return s
  }

  /// Runs pipeline coroutine `s` on the loop thread `t` from its phase until it pays a cost,
  /// awaits, or starts an item's steps.
  mutating func pipelineCoroutineGoesOn(_ t: ThreadID, _ s: TaskSlot) -> CoroutineProgress {
    let shapes = workload.stages ?? []
    while true {
      switch tasks.cursors[s].phase {
      case .steps:
        return .runsSteps
      case .starting:
        guard let k = stages.indices.first(where: { stages[$0].workersStarted < shapes[$0].workers }) else {
          tasks.cursors[s].phase = .getting
          continue
        }
        guard let program = stageWorkerPrograms[k] else {  // a coroutine stage
          startStageCoroutine(StageID(k))
          return coroutinePays(t, s, costs.asyncioTaskCreate)
        }
        // Thread.start() or Process.start(), then the worker runs.
        if !tasks.cursors[s].paid {
          tasks.cursors[s].paid = true
          return coroutinePays(t, s, stages[k].kind == .process ? parentStartCost() : costs.threadStart)
        }
        tasks.cursors[s].paid = false
        if startStageWorker(program, StageID(k), stages[k].kind == .process ? .process : .thread, by: t) {
          return .busy  // t.start() blocks the loop until the thread has booted
        }
      case .getting:
        guard case .worker(let k) = tasks.cursors[s].role else {
          // The producer: the source's next item, or it waits for it to arrive.
          if let item = popOne(source.queue) {
            beginItemSteps(s, item, group: GroupID(0))
            return .runsSteps
          }
          if sourceExhausted {
            tasks.cursors[s].task = -1  // the sentinels carry no item
            tasks.cursors[s].phase = .shuttingDown(StageID(0))
            continue
          }
          loop.producerAwaitsItem = true
          setCoroutineSpan(s, nil)
          return .awaits
        }
        guard let item = asyncioGet(stages[k.index].queue, s) else {
          setCoroutineSpan(s, nil)
          return .awaits
        }
        if item.isSentinel {
          tasks.cursors[s].phase = .returning
        } else {
          beginItemSteps(s, item, group: GroupID(shapes[k.index].group))
        }
        return coroutinePays(t, s, costs.asyncioQueueGet)
      case .putting:
        let next: Int
        if case .worker(let k) = tasks.cursors[s].role { next = k.index + 1 } else { next = 0 }
        let item = QueueItem(start: tasks.cursors[s].task, count: 1, arrival: tasks.cursors[s].arrival)
        if next == stages.count {
          itemLeaves(item)
          tasks.cursors[s].phase = .getting
          continue
        }
        if let wait = coroutinePuts(t, s, item, onto: StageID(next), then: .getting) { return wait }
      case .shuttingDown(let k):
        guard stages[k.index].sentinelsSent < shapes[k.index].workers else {
          tasks.cursors[s].phase = .joining(k)
          continue
        }
        if let wait = coroutinePuts(t, s, .sentinel, onto: k, then: .shuttingDown(k)) { return wait }
      case .joining(let k):
        if stages[k.index].alive > 0 {
          if stages[k.index].kind == .coroutine {  // await asyncio.gather(*workers)
            stages[k.index].joiner = .coroutine(s)
            setCoroutineSpan(s, nil)
            return .awaits
          }
          setCoroutineSpan(s, nil)
          _ = joinStage(t, k)  // w.join(): the loop thread blocks
          return .busy
        }
        if k.index + 1 < stages.count {
          tasks.cursors[s].phase = .shuttingDown(StageID(k.index + 1))
          continue
        }
        loop.mainReturned = true
        return coroutineEnds(s)
      case .returning:
        if case .worker(let k) = tasks.cursors[s].role { stageWorkerExits(k) }
        return coroutineEnds(s)
      }
    }
  }

  /// The coroutine has run its item's steps: a stage's worker counts the time as busy.
  mutating func itemStepsEnd(_ s: TaskSlot) {
    if case .worker(let k) = tasks.cursors[s].role { stageStats[k.index].busy += now - tasks.cursors[s].busySince }
    tasks.cursors[s].phase = .putting
  }

  /// `await q.put(item)` onto stage `k`'s queue, its cost paid first: an `asyncio.Queue` (a
  /// full one makes the coroutine wait), or a thread's or a process's queue, whose `put` blocks
  /// the whole loop while it is full. Nil once the item is in (the coroutine is at `then`).
  mutating func coroutinePuts(_ t: ThreadID, _ s: TaskSlot, _ item: QueueItem, onto k: StageID, then: PipelinePhase)
    -> CoroutineProgress?
  {
    let q = stages[k.index].queue
    threads[t].item = item
    if !tasks.cursors[s].paid {
      tasks.cursors[s].paid = true
      return coroutinePays(t, s, amount(queuePutCharge(k), for: t))
    }
    if stages[k.index].queueKind == .coroutine, !asyncioPut(q, item, s) {
      setCoroutineSpan(s, .queueFull)
      return .awaits
    }
    tasks.cursors[s].paid = false
    tasks.cursors[s].phase = then
    if item.isSentinel { stages[k.index].sentinelsSent += 1 }
    if stages[k.index].queueKind != .coroutine, !offer(q, t) {
      setCoroutineSpan(s, .queueFull)
      return .busy  // the loop thread waits in put; the item goes in when a worker makes room
    }
    return nil
  }

  /// The loop thread runs `d` of the coroutine's Python (a queue operation, a task's creation).
  mutating func coroutinePays(_ t: ThreadID, _ s: TaskSlot, _ d: SimTime) -> CoroutineProgress {
    setCoroutineSpan(s, .overhead)
    startWork(t, d, .overhead, needsGIL: true)
    return .busy
  }

  /// The coroutine returns.
  mutating func coroutineEnds(_ s: TaskSlot) -> CoroutineProgress {
    setCoroutineSpan(s, nil)
    freeSlot(s)
    return .awaits
  }

  /// The cursor of coroutine `s` at the start of group `g`'s steps for `item`, keeping its lane,
  /// role and span.
  mutating func beginItemSteps(_ s: TaskSlot, _ item: QueueItem, group g: GroupID) {
    var c = startCursor(task: item.start, arrival: item.arrival, group: g)
    let old = tasks.cursors[s]
    c.lane = old.lane
    c.span = old.span
    c.role = old.role
    c.admitted = true
    c.phase = .steps
    c.busySince = now
    tasks.cursors[s] = c
  }

  /// Starts the next coroutine worker of stage `k`.
  mutating func startStageCoroutine(_ k: StageID) {
    _ = newPipelineCoroutine(.worker(k), name: enlistStageWorker(k))
  }

  /// Takes one task off the front of queue `q` (which may hold a range), if it holds any.
  mutating func popOne(_ q: QueueID) -> QueueItem? {
    guard var front = queues[q.index].items.first else { return nil }
    if front.count > 1 {
      let one = QueueItem(start: front.start, count: 1, arrival: front.arrival)
      front.start += 1
      front.count -= 1
      queues[q.index].items[queues[q.index].items.startIndex] = front
      return one
    }
    queues[q.index].items.removeFirst()
    return front
  }
}

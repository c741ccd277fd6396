import DequeModule

/// The pools of a run: the model's own, and under asyncio the loop's default thread executor
/// (`asyncio.to_thread`) and the process pool of `offload: process` steps.
enum Executor: Int, Sendable {
  case model, asyncioThreads, asyncioProcesses
}

/// What pools and executors keep besides their queues: how many workers each started, which
/// are idle, the fork server, `ProcessPoolExecutor`'s calls in flight and pending.
struct PoolState {
  var workersStarted = [0, 0, 0]
  /// `ThreadPoolExecutor._idle_semaphore`; for `ProcessPoolExecutor`, workers back from a call.
  var idleWorkers = [Semaphore(value: 0), Semaphore(value: 0), Semaphore(value: 0)]
  /// The executor has started (its manager thread runs).
  var started = [false, false, false]
  var forkserverStarted = false
  /// The resource tracker has been started (spawn).
  var resourceTrackerStarted = false
  /// A process has been started (fork, spawn): the next starts pay no first-start imports.
  var firstProcessStarted = false
  /// `_pending_work_items` not yet on the call queue.
  var pendingCalls = Deque<QueueItem>()
}

extension Simulation {
  /// Runs thread `t`'s program from its `pc` until an instruction takes time or blocks.
  mutating func advance(_ t: ThreadID) {
    if threads[t].starter != nil, bootThread(t) { return }
    while true {
      let pc = threads[t].pc
      switch programs.code[Int(pc)] {
      case .jump(let to):
        threads[t].pc = to.raw
      case .jumpIf(let condition, let to):
        threads[t].pc = holds(condition, for: t) ? to.raw : pc + 1
      case .exit:
        finishThread(t)
        return
      case .pay(let charge):
        threads[t].pc = pc + 1
        let time = amount(charge, for: t)
        if charge.releasesGIL, time == 0 { continue }  // nothing to read: the GIL stays where it is
        startWork(t, time, .overhead, needsGIL: !charge.releasesGIL)
        return
      case .runTasks(let completeEach):
        if runChunk(t, completeEach: completeEach) { return }
        threads[t].pc = pc + 1
      case .take(let q, let limit):
        if !takeItem(t, from: q, limit: limit) { return }
        threads[t].pc = pc + 1
      case .put(let q):
        put(q, threads[t].item)
        threads[t].pc = pc + 1
      case .putResult(let q):
        var result = threads[t].item
        result.isResult = true
        put(q, result)
        threads[t].pc = pc + 1
      case .putChunks(let q):
        putChunks(q)
        threads[t].pc = pc + 1
      case .waitForMessage(let q):
        threads[t].pc = pc + 1
        waitForMessage(q, t)
        return
      case .messageRead(let q):
        messageRead(q)
        threads[t].pc = pc + 1
      case .runStage(let g):
        if runStage(t, g) { return }
        threads[t].pc = pc + 1
      case .offer(let q):
        threads[t].pc = pc + 1
        if !offer(q, t) { return }
      case .itemLeaves:
        itemLeaves(threads[t].item)
        threads[t].pc = pc + 1
      case .putSentinel(let k):
        threads[t].pc = pc + 1
        threads[t].item = .sentinel
        stages[k.index].sentinelsSent += 1
        if !offer(stages[k.index].queue, t) { return }
      case .stageWorkerExits(let k):
        stageWorkerExits(k)
        threads[t].pc = pc + 1
      case .joinStage(let k):
        threads[t].pc = pc + 1
        if !joinStage(t, k) { return }
      case .startStageWorker(let program, let k, let kind):
        threads[t].pc = pc + 1
        if startStageWorker(program, k, kind, by: t) { return }
      case .startWorker(let program, let kind, let executor):
        threads[t].pc = pc + 1
        if startWorker(program, kind, executor, by: t) { return }
      case .startHelper(let program, let helper):
        threads[t].pc = pc + 1
        startThread(program, interpreter: .main, name: helper.title, for: t)
        return
      case .submit(let q):
        recordSubmission(threads[t].item)
        put(q, threads[t].item)
        threads[t].pc = pc + 1
      case .setResults:
        let item = threads[t].item
        if item.slot >= 0 {
          coroutineReady(TaskSlot(raw: item.slot))  // the awaited future is done: the coroutine goes on
        } else {
          complete(item.start, item.count, arrival: item.arrival)
        }
        threads[t].pc = pc + 1
      case .join:
        callerWaits(t)
        return
      case .collectResults:
        if collectResults(t) { return }
        threads[t].pc = pc + 1
      case .takeResult:
        if !takeResult(t) { return }
        threads[t].pc = pc + 1
      case .runOnResult:
        if runOnResult(t) { return }
        threads[t].pc = pc + 1
      case .finishRun:
        if finishedAt < 0 { finishedAt = now }
        threads[t].pc = pc + 1
      case .workerIdle(let e):
        if let w = pool.idleWorkers[e.rawValue].release() { resume(w) }
        threads[t].pc = pc + 1
      case .executorStarts(let e):
        pool.started[e.rawValue] = true
        threads[t].pc = pc + 1
      case .submitOffload(let q):
        if let (s, _) = loop.offloadRequest {
          loop.offloadRequest = nil
          let c = tasks.cursors[s]
          put(q, QueueItem(start: c.task, count: 1, arrival: c.arrival, slot: s.raw))
        }
        threads[t].pc = pc + 1
      case .holdPendingCall:
        pool.pendingCalls.append(threads[t].item)
        threads[t].pc = pc + 1
      case .takePendingCall:
        if let next = pool.pendingCalls.popFirst() { threads[t].item = next }
        threads[t].pc = pc + 1
      case .createTask:
        createTask(threads[t].item)
        threads[t].pc = pc + 1
      case .takeReadyCoroutine:
        takeReadyCoroutine(t)
        threads[t].pc = pc + 1
      case .stepCoroutine:
        if runCoroutine(t) { return }
        threads[t].slot = nil
        threads[t].pc = pc + 1
      case .select:
        threads[t].pc = pc + 1
        if select(t) { return }
      case .handArrivalToProducer:
        handArrivalToProducer(t)
        threads[t].pc = pc + 1
      }
    }
  }

  mutating func holds(_ c: Condition, for t: ThreadID) -> Bool {
    switch c {
    case .sourceExhausted: return !threads[t].hasItem && sourceExhausted
    case .runFinished: return finishedAt >= 0
    case .allWorkersStarted(let e): return pool.workersStarted[e.rawValue] >= workerLimit(e)
    case .idleWorkerAcquired(let e): return pool.idleWorkers[e.rawValue].tryAcquire()
    case .executorStarted(let e): return pool.started[e.rawValue]
    case .itemIsCall: return !threads[t].item.isResult
    case .pipeReadable(let q): return pipeReadable(q) && costs.poolMaintain > 0
    case .noCallToSend(let buffer, let pipe, let e):
      // call_queue.full(): its semaphore counts calls put and not yet taken by a worker, in the
      // buffer, in the feeder's hands or in the pipe.
      return queues[buffer.index].puts - queues[pipe.index].takes >= workerLimit(e) + 1 || pool.pendingCalls.isEmpty
    case .noOffloadRequested: return loop.offloadRequest == nil
    case .offloadToProcesses: return loop.offloadRequest?.1 == .process
    case .nothingArrived: return !threads[t].hasItem && queues[source.queue.index].items.isEmpty
    case .noArrivalForProducer:
      return !threads[t].hasItem && !(loop.producerAwaitsItem && !queues[source.queue.index].items.isEmpty)
    case .loopDone: return loop.isDone(finishedAt: finishedAt)
    case .noCoroutineReady: return loop.ready.isEmpty
    case .allResultsTaken: return results.taken >= workload.taskCount
    case .itemIsSentinel: return threads[t].item.isSentinel
    case .stageWorkersStarted(let k): return stages[k.index].workersStarted >= (workload.stages?[k.index].workers ?? 0)
    case .sentinelsSent(let k): return stages[k.index].sentinelsSent >= (workload.stages?[k.index].workers ?? 0)
    }
  }

  /// Takes a chunk: the item a `put` handed the thread if it has one, else from queue `q`.
  mutating func takeItem(_ t: ThreadID, from q: QueueID, limit: Int32) -> Bool {
    if !threads[t].hasItem, !get(q, t, limit: limit) { return false }
    threads[t].hasItem = false
    threads[t].itemPosition = 0
    return true
  }

  /// Runs the tasks of the thread's item in order; false when they are done.
  /// With `completeEach`, each task's result is back in the caller as soon as it ends.
  /// An item carrying a slot is the offloaded part of a coroutine's task: it runs from the
  /// task's place to the end of the offload, and (with `completeEach`, a thread executor) its
  /// future is set here.
  mutating func runChunk(_ t: ThreadID, completeEach: Bool) -> Bool {
    if threads[t].item.slot >= 0 {
      let s = TaskSlot(raw: threads[t].item.slot)
      threads[t].slot = s
      if runTaskSteps(t, s) { return true }
      threads[t].slot = nil
      if completeEach { coroutineReady(s) }
      return false
    }
    while true {
      if let s = threads[t].slot {
        if runTaskSteps(t, s) { return true }
        if completeEach { complete(tasks.cursors[s].task, 1, arrival: tasks.cursors[s].arrival) }
        freeSlot(s)
        threads[t].slot = nil
        threads[t].itemPosition += 1
      }
      let item = threads[t].item
      if threads[t].itemPosition >= item.count { return false }
      threads[t].slot = newSlot(task: item.start + threads[t].itemPosition, arrival: item.arrival)
    }
  }

  /// Runs the steps of group `g` for the thread's item (one task: the item); false when they
  /// are done. A stage's workers count the time as busy.
  mutating func runStage(_ t: ThreadID, _ g: GroupID) -> Bool {
    let s: TaskSlot
    if let running = threads[t].slot {
      s = running
    } else {
      let item = threads[t].item
      s = newSlot(task: item.start, arrival: item.arrival, group: g)
      threads[t].slot = s
      threads[t].busySince = now
    }
    if runTaskSteps(t, s) { return true }
    freeSlot(s)
    threads[t].slot = nil
    if g.raw > 0 { stageStats[g.index - 1].busy += now - threads[t].busySince }
    return false
  }

  /// Starts the next worker of an executor for thread `caller`: a process runs until it first
  /// waits; a thread (`Thread.start()`) makes the caller wait until it has booted (true).
  mutating func startWorker(_ program: ProgramID, _ kind: Worker, _ executor: Executor, by caller: ThreadID) -> Bool {
    pool.workersStarted[executor.rawValue] += 1
    let n = pool.workersStarted[executor.rawValue]
    let word = executor == .model ? workerWord : executor == .asyncioThreads ? "asyncio worker" : "Process"
    switch kind {
    case .thread:
      startThread(program, interpreter: .main, name: "\(word) \(n)", for: caller)
      return true
    case .subinterpreter:
      let i = newInterpreter(hasGIL: true, name: "GIL · \(word) \(n)")
      startThread(program, interpreter: i, name: "\(word) \(n)", for: caller)
      return true
    case .process:
      advance(newProcess(program, name: "\(word) \(n)"))
      return false
    }
  }

  /// How many workers an executor starts at most.
  func workerLimit(_ e: Executor) -> Int {
    switch e {
    case .model: return model.workers
    case .asyncioThreads: return min(32, cores.count + 4)  // ThreadPoolExecutor's default
    case .asyncioProcesses: return model.offloadWorkers
    }
  }

  /// Pool's `map`: the whole list goes to the task handler as chunks of `chunksize`.
  mutating func putChunks(_ q: QueueID) {
    queues[source.queue.index].items.removeAll()
    var start = 0
    let n = workload.taskCount
    while start < n {
      let count = min(model.chunksize, n - start)
      let chunk = QueueItem(start: Int32(start), count: Int32(count), arrival: 0)
      recordSubmission(chunk)
      put(q, chunk)
      start += count
    }
  }
}

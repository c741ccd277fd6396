import ParsimScenario

/// The programs of the threads of each model. Each `advance…` runs a thread's program from where
/// it stopped until it starts something that takes time (work on a core, a wait, a block), and
/// records in `stage` where to resume.
extension Simulation {
  /// Creates the model's first threads and starts them.
  mutating func start() {
    let hasGIL = model.kind != .freeThreading
    _ = newInterpreter(hasGIL: hasGIL, name: "GIL")
    if recording {
      for c in 0..<cores { coreLane[c] = addLane("Core \(c + 1)", kind: .core, process: -1) }
    }
    scheduleArrivals()
    let main: Int
    switch model.kind {
    case .serial:
      main = newThread(role: .serialMain, process: 0, name: labels.worker.map { "\($0) 1" } ?? "Main thread")
    case .threading, .freeThreading:
      main = newThread(role: .spawner, process: 0, name: "Main thread")
    case .threadPool, .subinterpreters:
      main = newThread(role: .executorMain, process: 0, name: "Main thread")
    case .multiprocessing, .dummyPool:
      main = newThread(role: .poolMain, process: 0, name: "Main thread")
    case .processPool:
      main = newThread(role: .ppeMain, process: 0, name: "Main thread")
    case .asyncio:
      main = newThread(role: .eventLoop, process: 0, name: "Event loop")
      loopThread = Int32(main)
    }
    advance(main)
  }

  var workerWord: String {
    if let w = labels.worker { return w }
    switch model.kind {
    case .threading, .freeThreading: return "Thread"
    case .threadPool: return "Worker thread"
    case .dummyPool: return "Pool thread"
    case .multiprocessing, .processPool: return "Process"
    case .subinterpreters: return "Interpreter"
    default: return "Worker"
    }
  }

  mutating func advance(_ t: Int) {
    switch threads[t].role {
    case .serialMain, .sourceWorker: advanceSourceWorker(t)
    case .spawner: advanceSpawner(t)
    case .executorMain: advanceExecutorMain(t)
    case .poolThread: advancePoolThread(t)
    case .poolMain: advancePoolMain(t)
    case .taskHandler: advanceTaskHandler(t)
    case .resultHandler: advanceResultHandler(t)
    case .processWorker: advanceProcessWorker(t)
    case .ppeMain: advancePPEMain(t)
    case .manager: advanceManager(t)
    case .eventLoop: advanceLoop(t)
    }
  }

  // MARK: Task steps on a thread

  /// Runs the thread's current task until a step takes time; false when the task has ended.
  mutating func runTask(_ t: Int) -> Bool {
    let s = threads[t].slot
    while true {
      let (code, v) = nextLeaf(s)
      switch code {
      case .cpu:
        guard v > 0 else { continue }
        let d = model.kind == .freeThreading ? SimTime((Double(v) * freeThreadingSlowdown).rounded()) : v
        startWork(t, d, .python, needsGIL: true)
        return true
      case .native:
        guard v > 0 else { continue }
        startWork(t, v, .native, needsGIL: false)
        return true
      case .io, .blocking:
        guard v > 0 else { continue }
        startWait(t, v + costs.sleepOvershoot, state: .io, task: cursors[Int(s)].task)
        return true
      case .lockAcquire:
        if !acquireLock(Int(v), t) { return true }
      case .lockRelease:
        releaseLock(Int(v))
      case .end:
        return false
      default:
        continue
      }
    }
  }

  /// Runs the tasks of the thread's current chunk in order; false when the chunk is done.
  /// With `completeEach`, each task's result is back in the caller as soon as it ends.
  mutating func runChunk(_ t: Int, completeEach: Bool) -> Bool {
    while true {
      if threads[t].slot >= 0 {
        if runTask(t) { return true }
        let s = threads[t].slot
        if completeEach { complete(cursors[Int(s)].task, 1, arrival: cursors[Int(s)].arrival) }
        freeSlot(s)
        threads[t].slot = -1
        threads[t].itemPosition += 1
      }
      let item = threads[t].item
      if threads[t].itemPosition >= item.count { return false }
      threads[t].slot = newSlot(task: item.start + threads[t].itemPosition, arrival: item.arrival)
    }
  }

  /// Takes a chunk: the thread's given item if it has one, else from queue `q`.
  mutating func takeItem(_ t: Int, from q: Int, limit: Int32 = .max) -> Bool {
    if !threads[t].hasItem, !get(q, t, limit: limit) { return false }
    threads[t].hasItem = false
    threads[t].itemPosition = 0
    return true
  }

  // MARK: serial, threading, free threading

  mutating func advanceSourceWorker(_ t: Int) {
    while true {
      if threads[t].slot >= 0 || threads[t].itemPosition < threads[t].item.count && threads[t].stage == 1 {
        if runChunk(t, completeEach: true) { return }
        threads[t].stage = 0
        if finishedAt >= 0 || threads[t].counter == 1 { finishThread(t); return }
      }
      if !threads[t].hasItem && sourceExhausted { finishThread(t); return }
      if !takeItem(t, from: Self.source, limit: 1) { return }
      threads[t].stage = 1
    }
  }

  mutating func advanceSpawner(_ t: Int) {
    while true {
      switch threads[t].stage {
      case 0:
        if threads[t].counter < model.workers {
          threads[t].stage = 1
          startWork(t, costs.threadStart, .overhead, needsGIL: true)
          return
        }
        threads[t].stage = 2
      case 1:
        threads[t].counter += 1
        threads[t].stage = 0
        let w = newThread(role: .sourceWorker, process: 0, name: "\(workerWord) \(threads[t].counter)")
        // One thread per task (the default) is threading.Thread(target=f, args=(task,)): each
        // thread is given its own task; fewer threads share the task list.
        if model.workers >= workload.taskCount {
          threads[w].counter = 1  // runs one task, then exits
          if !queues[Self.source].items.isEmpty { _ = get(Self.source, w, limit: 1) }
        }
        advance(w)
      default:
        callerWaits(t)  // join()
        return
      }
    }
  }

  // MARK: Executors' callers

  /// Remembers a submitted task (or chunk) in submission order, merging consecutive ones.
  mutating func recordSubmission(_ item: QueueItem) {
    if let last = submitted.last, last.start + last.count == item.start {
      submitted[submitted.index(before: submitted.endIndex)].count += item.count
    } else {
      submitted.append(QueueItem(start: item.start, count: item.count, arrival: item.arrival))
    }
  }

  /// The caller of an executor's `map` (or of a loop over `future.result()`): it takes the results
  /// in submission order, each costing `result_collect` under the GIL, and blocks on the first
  /// that is not done; each wake-up must win the GIL back from busy workers (the convoy effect).
  mutating func collectResults(_ t: Int) {
    collector = Int32(t)
    var taken = 0
    while var front = submitted.first, taskDone[Int(front.start)] {
      taken += 1
      front.start += 1
      front.count -= 1
      if front.count == 0 { submitted.removeFirst() } else { submitted[submitted.startIndex] = front }
    }
    if taken > 0 {
      threads[t].stage = 20
      startWork(t, costs.resultCollect * SimTime(taken), .overhead, needsGIL: true)
      return
    }
    if let front = submitted.first {
      collectorAwaits = front.start
      block(t)
      return
    }
    // Every result is back in the caller.
    finishThread(t)
    if finishedAt < 0 { finishedAt = now }
  }

  // MARK: ThreadPoolExecutor, InterpreterPoolExecutor

  mutating func advanceExecutorMain(_ t: Int) {
    let sub = model.kind == .subinterpreters
    while true {
      switch threads[t].stage {
      case 0:
        if !threads[t].hasItem && sourceExhausted {
          threads[t].stage = 9
          continue
        }
        if !takeItem(t, from: Self.source, limit: 1) { return }
        threads[t].stage = 1
        let pickling = sub ? transfer(workload.bytes(Int(threads[t].item.start), 1, result: false), costs.ipcToChild) : 0
        startWork(t, costs.tpeSubmit + pickling, .overhead, needsGIL: true)
        return
      case 1:
        // submit(): self._work_queue.put(w); self._adjust_thread_count()
        recordSubmission(threads[t].item)
        put(0, threads[t].item)
        if idleSemaphore > 0 {
          idleSemaphore -= 1
          threads[t].stage = 0
        } else if poolThreads < model.workers {
          threads[t].stage = 2
          startWork(t, costs.threadStart, .overhead, needsGIL: true)
          return
        } else {
          threads[t].stage = 0
        }
      case 2:
        poolThreads += 1
        let process: Int32 = sub ? newInterpreter(hasGIL: true, name: "GIL · \(workerWord) \(poolThreads)") : 0
        let w = newThread(role: .poolThread, process: process, name: "\(workerWord) \(poolThreads)")
        threads[t].stage = 0
        advance(w)
      default:
        collectResults(t)
        return
      }
    }
  }

  /// A pool's worker thread: ThreadPoolExecutor, InterpreterPoolExecutor and multiprocessing.dummy.
  mutating func advancePoolThread(_ t: Int) {
    let sub = model.kind == .subinterpreters
    let dummy = model.kind == .dummyPool
    while true {
      switch threads[t].stage {
      case 0:
        threads[t].stage = 1
        if sub {
          startWork(t, costs.subinterpreterCreate, .overhead, needsGIL: true)
          return
        }
      case 1:
        if !takeItem(t, from: 0, limit: dummy ? .max : 1) { return }
        threads[t].stage = 2
        if sub {
          let bytes = workload.bytes(Int(threads[t].item.start), Int(threads[t].item.count), result: true)
          startWork(t, costs.subinterpreterCall + transfer(bytes, costs.ipcToParent), .overhead, needsGIL: true)
          return
        }
      case 2:
        if runChunk(t, completeEach: !dummy) { return }
        threads[t].stage = 1
        if dummy {
          var result = threads[t].item
          result.isResult = true
          put(1, result)
        } else {
          idleSemaphore += 1
        }
        if finishedAt >= 0 { finishThread(t); return }
      default:
        return
      }
    }
  }

  // MARK: multiprocessing.Pool and multiprocessing.dummy.Pool

  mutating func advancePoolMain(_ t: Int) {
    let dummy = model.kind == .dummyPool
    while true {
      switch threads[t].stage {
      case 0:  // start the workers
        if threads[t].counter < model.workers {
          threads[t].stage = 1
          startWork(t, dummy ? costs.threadStart : parentStartCost(), .overhead, needsGIL: true)
          return
        }
        threads[t].stage = dummy ? 2 : 11
        threads[t].counter = 0
      case 11:  // the pool's queues, pipes and locks (measured: Pool(2)'s constructor beyond its forks and threads)
        threads[t].stage = 2
        startWork(t, costs.poolSetup, .overhead, needsGIL: true)
        return
      case 1:
        threads[t].counter += 1
        threads[t].stage = 0
        let w: Int
        if dummy {
          w = newThread(role: .poolThread, process: 0, name: "\(workerWord) \(threads[t].counter)")
          threads[w].stage = 1
        } else {
          w = startProcess(number: threads[t].counter)
        }
        advance(w)
      case 2:  // Pool's three helper threads: worker handler, task handler, result handler
        if threads[t].counter < 3 {
          threads[t].stage = 3
          startWork(t, costs.threadStart, .overhead, needsGIL: true)
          return
        }
        threads[t].stage = 4
      case 3:
        threads[t].counter += 1
        threads[t].stage = 2
        if threads[t].counter == 2 {
          advance(newThread(role: .taskHandler, process: 0, name: "Task handler"))
        } else if threads[t].counter == 3 {
          advance(newThread(role: .resultHandler, process: 0, name: "Result handler"))
        }
      case 4:  // map: the whole list goes to the task handler as chunks
        if model.streaming {
          threads[t].stage = 5
          continue
        }
        queues[Self.source].items.removeAll()
        var start = 0
        let n = workload.taskCount
        while start < n {
          let count = min(model.chunksize, n - start)
          put(2, QueueItem(start: Int32(start), count: Int32(count), arrival: 0))
          start += count
        }
        threads[t].stage = 9
      case 5:  // apply_async as tasks arrive
        if !threads[t].hasItem && sourceExhausted {
          threads[t].stage = 9
          continue
        }
        if !takeItem(t, from: Self.source, limit: 1) { return }
        threads[t].stage = 6
        startWork(t, max(0, costs.poolApplyAsync - costs.poolDispatch), .overhead, needsGIL: true)
        return
      case 6:
        put(2, threads[t].item)
        threads[t].stage = 5
      default:
        callerWaits(t)
        return
      }
    }
  }

  /// Starts a worker process: a new interpreter with its own GIL and one thread that boots.
  mutating func startProcess(number: Int) -> Int {
    let p = newInterpreter(hasGIL: true, name: "GIL · \(workerWord) \(number)")
    let w = newThread(role: .processWorker, process: p, name: "\(workerWord) \(number)")
    processesStarted += 1
    return w
  }

  /// Time for a new process to boot until it can take work, after `start()` returned.
  var processBoot: SimTime {
    switch model.startMethod {
    case .fork: return max(0, costs.processStartFork - costs.processStartParent)
    case .spawn: return max(0, costs.processStartSpawn - costs.processStartParent)
    case .forkserver: return min(1_000_000, costs.processStartForkserver)
    }
  }

  /// Time `Process.start()` blocks the parent. With forkserver the parent waits while the
  /// server forks and prepares the child (Pool(2) with the server running took 13.5 ms, about
  /// two child starts back to back), and the first start of a program also starts the server.
  mutating func parentStartCost() -> SimTime {
    switch model.startMethod {
    case .fork, .spawn:
      return costs.processStartParent
    case .forkserver:
      var cost = max(costs.processStartParent, costs.processStartForkserver - processBoot)
      if !startedForkserver {
        startedForkserver = true
        cost += costs.forkserverStart
      }
      return cost
    }
  }

  mutating func advanceTaskHandler(_ t: Int) {
    let dummy = model.kind == .dummyPool
    while true {
      switch threads[t].stage {
      case 0:
        if !takeItem(t, from: 2) { return }
        threads[t].stage = 1
        let item = threads[t].item
        let cost: SimTime
        if dummy {
          cost = costs.tpeSubmit
        } else {
          cost = costs.poolDispatch * 3 / 4 + costs.poolPerItem * SimTime(item.count) / 2
            + transfer(workload.bytes(Int(item.start), Int(item.count), result: false), costs.ipcToChild)
        }
        startWork(t, cost, .overhead, needsGIL: true)
        return
      default:
        put(0, threads[t].item)
        threads[t].stage = 0
      }
    }
  }

  mutating func advanceResultHandler(_ t: Int) {
    let dummy = model.kind == .dummyPool
    while true {
      switch threads[t].stage {
      case 0:
        if !takeItem(t, from: 1) { return }
        threads[t].stage = 1
        let n = SimTime(threads[t].item.count)
        startWork(t, dummy ? costs.poolPerItem * n : costs.poolDispatch / 4 + costs.poolPerItem * n / 2, .overhead,
          needsGIL: true)
        return
      default:
        let item = threads[t].item
        complete(item.start, item.count, arrival: item.arrival)
        threads[t].stage = 0
        if finishedAt >= 0 { finishThread(t); return }
      }
    }
  }

  /// A worker process (Pool or ProcessPoolExecutor): boots, then runs chunks and sends results.
  mutating func advanceProcessWorker(_ t: Int) {
    while true {
      switch threads[t].stage {
      case 0:
        threads[t].stage = 1
        startWork(t, processBoot, .overhead, needsGIL: true)
        return
      case 1:
        if !takeItem(t, from: 0) { return }
        threads[t].stage = 2
      case 2:
        if runChunk(t, completeEach: false) { return }
        threads[t].stage = 3
        let item = threads[t].item
        startWork(t, transfer(workload.bytes(Int(item.start), Int(item.count), result: true), costs.ipcToParent),
          .overhead, needsGIL: true)
        return
      default:
        var result = threads[t].item
        result.isResult = true
        put(model.kind == .processPool ? 2 : 1, result)
        threads[t].stage = 1
        if finishedAt >= 0 { finishThread(t); return }
      }
    }
  }

  // MARK: ProcessPoolExecutor

  mutating func advancePPEMain(_ t: Int) {
    while true {
      switch threads[t].stage {
      case 0:
        if !threads[t].hasItem && sourceExhausted {
          threads[t].stage = 9
          continue
        }
        if !takeItem(t, from: Self.source, limit: Int32(clamping: model.chunksize)) { return }
        // The first submit starts the executor: fork launches every worker first (gh-90622),
        // then the manager thread starts.
        if threads[t].counter == 0 {
          threads[t].stage = model.startMethod == .fork ? 1 : 3
        } else {
          threads[t].stage = 4
        }
        threads[t].hasItem = true  // keep the item for after the start-up
      case 1:
        if processesStarted < model.workers {
          threads[t].stage = 2
          startWork(t, parentStartCost(), .overhead, needsGIL: true)
          return
        }
        threads[t].stage = 3
      case 2:
        advance(startProcess(number: processesStarted + 1))
        threads[t].stage = 1
      case 3:  // the executor's queues and pipes, then its manager thread
        threads[t].counter = 1
        threads[t].stage = 12
        startWork(t, costs.poolSetup, .overhead, needsGIL: true)
        return
      case 12:
        threads[t].stage = 10
        startWork(t, costs.threadStart, .overhead, needsGIL: true)
        return
      case 10:
        advance(newThread(role: .manager, process: 0, name: "Manager thread"))
        threads[t].stage = 4
      case 4:
        threads[t].hasItem = false
        threads[t].stage = 5
        startWork(t, costs.ppeSubmit / 4, .overhead, needsGIL: true)
        return
      case 5:
        recordSubmission(threads[t].item)
        put(2, threads[t].item)
        // _adjust_process_count for spawn and forkserver: start a worker if none is idle.
        if model.startMethod != .fork {
          if idleSemaphore > 0 {
            idleSemaphore -= 1
          } else if processesStarted < model.workers {
            threads[t].stage = 6
            startWork(t, parentStartCost(), .overhead, needsGIL: true)
            return
          }
        }
        threads[t].stage = 0
      case 6:
        advance(startProcess(number: processesStarted + 1))
        threads[t].stage = 0
      default:
        collectResults(t)
        return
      }
    }
  }

  mutating func advanceManager(_ t: Int) {
    while true {
      switch threads[t].stage {
      case 0:
        if !takeItem(t, from: 2) { return }
        let item = threads[t].item
        if item.isResult {
          threads[t].stage = 1
          startWork(t, costs.ppeSubmit / 4 + costs.poolPerItem * SimTime(item.count), .overhead, needsGIL: true)
          return
        }
        pending.append(item)
        threads[t].stage = 2
      case 1:
        let item = threads[t].item
        complete(item.start, item.count, arrival: item.arrival)
        inFlight -= 1
        idleSemaphore += 1
        if finishedAt >= 0 { finishThread(t); return }
        threads[t].stage = 2
      case 2:  // add_call_item_to_queue: keep max_workers + 1 calls in flight
        if inFlight < model.workers + 1, let next = pending.popFirst() {
          threads[t].item = next
          threads[t].stage = 3
          startWork(t, costs.ppeSubmit / 2 + transfer(workload.bytes(Int(next.start), Int(next.count), result: false), costs.ipcToChild),
            .overhead, needsGIL: true)
          return
        }
        threads[t].stage = 0
      default:
        put(0, threads[t].item)
        inFlight += 1
        threads[t].stage = 2
      }
    }
  }

  // MARK: asyncio

  mutating func advanceLoop(_ t: Int) {
    while true {
      switch threads[t].stage {
      case 0:  // create tasks for what has arrived, else run the next ready coroutine
        if threads[t].hasItem || !queues[Self.source].items.isEmpty {
          if !threads[t].hasItem { _ = get(Self.source, t, limit: 1) }
          threads[t].hasItem = false
          threads[t].stage = 1
          startWork(t, costs.asyncioTaskCreate, .overhead, needsGIL: true)
          return
        }
        if let next = readyCoroutines.popFirst() {
          threads[t].slot = next
          threads[t].stage = 2
          setCoroutineSpan(next, .python)
          startWork(t, costs.asyncioStep, .overhead, needsGIL: true)
          return
        }
        if finishedAt >= 0 { finishThread(t); return }
        loopIdle = true
        if !sourceExhausted {
          _ = get(Self.source, t, limit: 1)  // blocks: an arrival or a timer wakes the loop
        } else {
          block(t)
        }
        return
      case 1:
        let item = threads[t].item
        let s = newSlot(task: item.start, arrival: item.arrival)
        if recording { cursors[Int(s)].lane = addLane(taskName(Int(item.start)), kind: .coroutine, process: 0) }
        threads[t].stage = 0
        coroutineReady(s)
      default:
        if runCoroutine(t) { return }
        threads[t].slot = -1
        threads[t].stage = 0
      }
    }
  }

  /// Runs the loop's current coroutine until it awaits or ends; true while the loop thread is busy.
  mutating func runCoroutine(_ t: Int) -> Bool {
    let s = threads[t].slot
    let i = Int(s)
    if !cursors[i].admitted {
      cursors[i].admitted = true
      if let limit = model.limit {
        if semaphoreActive < limit {
          semaphoreActive += 1
        } else {
          semaphoreWaiters.append(s)
          setCoroutineSpan(s, .lockWait)
          return false
        }
      }
    }
    while true {
      let (code, v) = nextLeaf(s)
      switch code {
      case .cpu:
        guard v > 0 else { continue }
        setCoroutineSpan(s, .python)
        startWork(t, v, .python, needsGIL: true)
        return true
      case .native:
        guard v > 0 else { continue }
        setCoroutineSpan(s, .native)
        startWork(t, v, .native, needsGIL: false)
        return true
      case .blocking:
        guard v > 0 else { continue }
        setCoroutineSpan(s, .io)
        startWait(t, v + costs.sleepOvershoot, state: .io, task: cursors[i].task)
        return true
      case .io:
        guard v > 0 else { continue }
        setCoroutineSpan(s, .io)
        events.schedule(.coroutineTimer, at: now + v + costs.asyncioTimerOvershoot, target: s)
        return false
      case .lockAcquire:
        let id = Int(v)
        if lockOwner[id] < 0 {
          setLockOwner(id, s, lane: cursors[i].lane)
        } else {
          lockWaiters[id].append(s)
          setCoroutineSpan(s, .lockWait)
          return false
        }
      case .lockRelease:
        let id = Int(v)
        if let w = lockWaiters[id].popFirst() {
          setLockOwner(id, w, lane: cursors[Int(w)].lane)
          coroutineReady(w)
        } else {
          setLockOwner(id, -1, lane: -1)
        }
      case .end:
        setCoroutineSpan(s, nil)
        complete(cursors[i].task, 1, arrival: cursors[i].arrival)
        freeSlot(s)
        if model.limit != nil {
          if let w = semaphoreWaiters.popFirst() { coroutineReady(w) } else { semaphoreActive -= 1 }
        }
        return false
      default:
        continue
      }
    }
  }

  mutating func coroutineReady(_ s: Int32) {
    readyCoroutines.append(s)
    setCoroutineSpan(s, .loopWait)
    if loopIdle {
      loopIdle = false
      let l = Int(loopThread)
      if let i = queues[Self.source].waiters.firstIndex(of: loopThread) {
        queues[Self.source].waiters.remove(at: i)
      }
      if threads[l].phase == .blocked { wake(l, after: 0) }
    }
  }

  func taskName(_ task: Int) -> String {
    if let label = labels.task { return "\(label) \(task + 1)" }
    let g = workload.group(of: task)
    return "\(workload.groups[g].name) \(task - groupFirst[g] + 1)"
  }

  /// Time to move `bytes` at `bytesPerSecond`, at most 24 hours (a tiny throughput cannot
  /// overflow the clock).
  func transfer(_ bytes: Int64, _ bytesPerSecond: Double) -> SimTime {
    guard bytes > 0, bytesPerSecond > 0 else { return 0 }
    return SimTime(min(Double(Units.maxDuration), (Double(bytes) * 1e9 / bytesPerSecond).rounded()))
  }
}

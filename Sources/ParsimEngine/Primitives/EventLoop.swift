import DequeModule
import ParsimScenario

/// asyncio's event loop (`Lib/asyncio/base_events.py`): one OS thread that runs ready
/// coroutines one at a time (`_run_once`: `_ready.popleft()`, then one step), and sleeps in
/// its selector when none is ready, until a timer is due or a task arrives.
///
/// A coroutine holds the loop while it runs Python, native code or a blocking call; it awaits
/// on `io` steps (`asyncio.sleep`, a socket), on a held `asyncio.Lock`, and on the `limit`
/// semaphore.
struct EventLoop {
  var thread: ThreadID?
  var ready = Deque<TaskSlot>()
  /// The loop is waiting in its selector.
  var isIdle = false
  /// When it last went into its selector: `select(timeout)` waits whole milliseconds from here.
  var selectSince: SimTime = 0
  /// asyncio's `limit`: an `asyncio.Semaphore` each task acquires before its first step.
  var admission: Semaphore?
  /// The coroutine just stepped awaits `run_in_executor`: its slot, and which executor.
  var offloadRequest: (TaskSlot, OffloadKind)?
  /// A pipeline's `main()` coroutine, which takes the source's items itself; whether it waits
  /// for the next one to arrive; whether it has returned (the loop's run is over).
  var producer: TaskSlot?
  var producerAwaitsItem = false
  var mainReturned = false

  /// How long the selector waits for a timer `waited` ns away. `selectors.EpollSelector.select`
  /// rounds the timeout up to whole milliseconds, "to wait *at least* timeout seconds"
  /// (`math.ceil(timeout * 1e3) * 1e-3`); `select.epoll.poll` turns those seconds back into
  /// nanoseconds rounding up (`_PyTime_FromSecondsObject(..., _PyTime_ROUND_TIMEOUT)`: `k * 1e-3 *
  /// 1e9` in floating point, then ceil) and into milliseconds rounding up again
  /// (`_PyTime_AsMilliseconds(..., _PyTime_ROUND_CEILING)`). Where `k * 1e-3 * 1e9` comes out a
  /// hair above `k * 10^6` (18, 26, 36, 52 ms: 21 of the first 200 values) the second rounding adds
  /// a whole millisecond: `poll(0.018)` waits 19 ms (`scripts/pyfacts/epoll_rounding.py`, the
  /// same on 3.11, 3.12 and 3.13).
  static func epollWait(_ waited: SimTime) -> SimTime {
    let k = (waited + 999_999) / 1_000_000
    let ns = (Double(k) * 1e-3 * 1e9).rounded(.up)
    return ns > Double(k * 1_000_000) ? (k + 1) * 1_000_000 : k * 1_000_000
  }

  /// The selector watches for arrivals: each one is a task to create, or the item a pipeline's
  /// producer waits for.
  var takesArrivals: Bool { producer == nil || producerAwaitsItem }
  /// Nothing is left for the loop to do once it is idle: every result is back, or `main()` has
  /// returned.
  func isDone(finishedAt: SimTime) -> Bool { producer == nil ? finishedAt >= 0 : mainReturned }
}

extension Simulation {
  /// `loop.create_task(coro)` for the task in `item`: a coroutine, ready to run.
  mutating func createTask(_ item: QueueItem) {
    let s = newSlot(task: item.start, arrival: item.arrival)
    if recorder.recording { tasks.cursors[s].lane = recorder.addLane(taskName(Int(item.start)), kind: .coroutine, process: 0) }
    coroutineReady(s)
  }

  /// A coroutine is ready (`_ready.append`); an idle loop wakes for it.
  mutating func coroutineReady(_ s: TaskSlot) {
    loop.ready.append(s)
    setCoroutineSpan(s, .loopWait)
    if loop.isIdle, let l = loop.thread {
      loop.isIdle = false
      stopWaiting(l, on: source.queue)
      if threads[l].phase == .blocked { wake(l, after: 0) }
    }
  }

  /// A coroutine's `asyncio.sleep` is over, `asyncio_timer_overshoot` late — unless the loop is
  /// waiting in its selector, which waits whole milliseconds (`EventLoop.epollWait`): then it
  /// wakes that many milliseconds after it went in.
  mutating func coroutineTimer(_ s: TaskSlot) {
    if !tasks.cursors[s].timerRounded, let l = loop.thread, threads[l].phase == .blocked {
      let waited = max(0, tasks.cursors[s].timerDue - loop.selectSince)
      let wakes = loop.selectSince + EventLoop.epollWait(waited) + costs.asyncioTimerOvershoot
      if wakes > now {
        tasks.cursors[s].timerRounded = true
        events.schedule(.coroutineTimer, at: wakes, target: s.raw)
        return
      }
    }
    coroutineReady(s)
  }

  /// The loop takes the next ready coroutine to step it.
  mutating func takeReadyCoroutine(_ t: ThreadID) {
    guard let next = loop.ready.popFirst() else { return }
    threads[t].slot = next
    setCoroutineSpan(next, .python)
  }

  /// The loop waits in its selector: for an arrival while tasks may still come, else for a timer.
  /// False when it need not wait: an item a pipeline's producer waits for arrived meanwhile.
  mutating func select(_ t: ThreadID) -> Bool {
    loop.isIdle = true
    loop.selectSince = now
    if !sourceExhausted, loop.takesArrivals {
      // Blocks until an arrival or a timer wakes the loop.
      if get(source.queue, t, limit: 1) {
        loop.isIdle = false
        return false
      }
    } else {
      block(t)
    }
    return true
  }

  /// The item a pipeline's producer waits for has arrived: handed to the loop by its selector
  /// (it goes back to the front of the source), or queued while the loop was busy (the
  /// producer's timer is due at the loop's next pass). The producer, ready again, takes it.
  mutating func handArrivalToProducer(_ t: ThreadID) {
    if threads[t].hasItem {
      threads[t].hasItem = false
      queues[source.queue.index].items.prepend(threads[t].item)
    }
    loop.producerAwaitsItem = false
    if let s = loop.producer { coroutineReady(s) }
  }

  /// Runs the loop's current coroutine until it awaits or ends; true while the loop thread is busy.
  mutating func runCoroutine(_ t: ThreadID) -> Bool {
    guard let s = threads[t].slot else { return false }
    if tasks.cursors[s].role != .task, tasks.cursors[s].phase != .steps {
      switch pipelineCoroutineGoesOn(t, s) {
      case .busy: return true
      case .awaits: return false
      case .runsSteps: break
      }
    }
    if !tasks.cursors[s].admitted {
      tasks.cursors[s].admitted = true
      if loop.admission?.acquire(.coroutine(s)) == false {
        setCoroutineSpan(s, .lockWait)
        return false
      }
    }
    if nativeGoesOn(t, s) { return true }
    while true {
      switch nextLeaf(s) {
      case .cpu(let v):
        guard v > 0 else { continue }
        setCoroutineSpan(s, .python)
        startWork(t, v, .python, needsGIL: true)
        return true
      case .native(let v):
        guard v > 0 else { continue }
        setCoroutineSpan(s, .native)
        startNative(t, s, v)
        return true
      case .cCall(let v):
        guard v > 0 else { continue }
        setCoroutineSpan(s, .python)
        startWork(t, v, .python, needsGIL: true, switchable: false)
        return true
      case .blocking(let v):
        guard v > 0 else { continue }
        setCoroutineSpan(s, .io)
        startWait(t, v + costs.sleepOvershoot, state: .io, task: tasks.cursors[s].task)
        return true
      case .io(let v):
        guard v > 0 else { continue }
        setCoroutineSpan(s, .io)
        tasks.cursors[s].timerDue = now + v
        tasks.cursors[s].timerRounded = false
        events.schedule(.coroutineTimer, at: now + v + costs.asyncioTimerOvershoot, target: s.raw)
        return false
      case .lockAcquire(let id):
        if !acquireLock(id, for: .coroutine(s)) {
          setCoroutineSpan(s, .lockWait)
          return false
        }
      case .lockRelease(let id):
        releaseLock(id)
      case .offloadBegin(let kind):
        // await loop.run_in_executor(...): the loop submits the steps up to the offload's end.
        setCoroutineSpan(s, .executorWait)
        loop.offloadRequest = (s, kind)
        return false
      case .offloadEnd:
        continue  // run by the executor's worker, which goes past it
      case .semaphoreAcquire(let id):
        if !acquireSemaphore(id, for: .coroutine(s)) {
          setCoroutineSpan(s, .lockWait)
          return false
        }
      case .semaphoreRelease(let id):
        releaseSemaphore(id)
      case .end where tasks.cursors[s].role != .task:
        // A pipeline coroutine is done with the item's steps: it puts the item on.
        itemStepsEnd(s)
        switch pipelineCoroutineGoesOn(t, s) {
        case .busy: return true
        case .awaits: return false
        case .runsSteps: continue
        }
      case .end where !tasks.cursors[s].inOnResult && tasks.onResultBase[Int(tasks.cursors[s].group)] >= 0:
        // The coroutine does its own on_result work on what it got (`save(await fetch())`).
        tasks.cursors[s].inOnResult = true
        tasks.cursors[s].pc = tasks.onResultBase[Int(tasks.cursors[s].group)]
      case .end:
        if tasks.cursors[s].inOnResult { results.onResultDone += 1 }
        setCoroutineSpan(s, nil)
        complete(tasks.cursors[s].task, 1, arrival: tasks.cursors[s].arrival)
        freeSlot(s)
        if let w = loop.admission?.release() { resume(w) }
        return false
      }
    }
  }

  func taskName(_ task: Int) -> String {
    if let label = labels.task { return "\(label) \(task + 1)" }
    let g = workload.group(of: task)
    return "\(workload.groups[g].name) \(task - tasks.groupFirst[g] + 1)"
  }
}

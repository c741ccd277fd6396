import DequeModule

/// Results on their way back to the caller: which tasks are done (their futures set), the order
/// the caller takes them in, and the end of the run.
///
/// Executors' callers (`Executor.map`, or a loop over `future.result()`) take the results in
/// submission order and block on the first that is not done; other models' callers wait once,
/// in a `join` or a `map`, for all of them.
struct Results {
  /// Tasks whose results are back in the caller.
  var completed = 0
  var lastCompletion: SimTime = 0
  /// The caller has done its part (started the threads, submitted the tasks) and waits.
  var callerWaiting = false
  /// Submitted tasks not yet collected, in submission order (consecutive ones merged).
  var submitted = Deque<QueueItem>()
  /// Per task, for a collecting caller: its future is done.
  var done: [Bool]
  /// The collecting caller, and the task whose result it blocks on.
  var collector: ThreadID?
  var awaited: Int32 = -1
  /// The order a collecting caller takes results in (`api`), the results back but not yet
  /// taken in completion order, and how many it has taken.
  var order: ResultOrder
  var arrived = Deque<Int32>()
  var taken = 0
  /// The caller blocks for any next result (completion order) or for all of them (Pool's map).
  var awaitsAny = false
  var awaitsAll = false
  /// `on_result` work: how many tasks have it, and for how many it is done. A run ends only
  /// when it is all done.
  var onResultTotal = 0
  var onResultDone = 0

  /// The caller takes results one by one (`ResolvedModel.collectsResults`, kept here as the hot
  /// path asks for it at every completion).
  let collects: Bool

  /// Drops the first task of `submitted`: the caller has taken its result.
  mutating func dropFirstSubmitted() {
    guard var front = submitted.first else { return }
    front.start += 1
    front.count -= 1
    if front.count == 0 { submitted.removeFirst() } else { submitted[submitted.startIndex] = front }
  }

  init(taskCount: Int, collects: Bool, order: ResultOrder, onResultTotal: Int) {
    self.collects = collects
    done = collects ? [Bool](repeating: false, count: taskCount) : []
    self.order = order
    self.onResultTotal = onResultTotal
  }
}

/// The order in which a caller takes results back.
enum ResultOrder {
  /// In submission order, each as soon as it is done (`Executor.map`, `Pool.imap`, `.get()`
  /// on each `apply_async` result).
  case submission
  /// As each is done (`as_completed`, `imap_unordered`).
  case completion
  /// In submission order once all are done (`Pool.map` returns the whole list).
  case afterAll

  init(_ model: ResolvedModel) {
    if model.api.takesCompletionOrder {
      self = .completion
    } else if model.api == .map, [.multiprocessing, .dummyPool].contains(model.kind) {
      self = .afterAll
    } else {
      self = .submission
    }
  }
}

extension Simulation {
  /// Marks tasks complete: their results are back in the caller.
  mutating func complete(_ start: Int32, _ count: Int32, arrival: SimTime) {
    recordCompletions(start, count, arrival: arrival)
    if results.collects {
      // The caller is woken when the result it awaits is done.
      for task in start..<(start + count) { results.done[Int(task)] = true }
      if results.order == .completion { for task in start..<(start + count) { results.arrived.append(task) } }
      guard let c = results.collector else { return }
      if results.awaited >= start, results.awaited < start + count {
        results.awaited = -1
        wake(c, after: costs.wakeup)
      } else if results.awaitsAny || results.awaitsAll && results.completed == workload.taskCount {
        results.awaitsAny = false
        results.awaitsAll = false
        wake(c, after: costs.wakeup)
      }
      return
    }
    endIfEverythingIsBack()
  }

  /// Tasks `start..<start+count`, arrived at `arrival`, are done now: their latencies, their
  /// marks, the count.
  mutating func recordCompletions(_ start: Int32, _ count: Int32, arrival: SimTime) {
    for task in start..<(start + count) {
      recorder.latencies.record(now - arrival)
      recorder.mark(.completion, task: task, at: now)
    }
    results.completed += Int(count)
    results.lastCompletion = now
  }

  /// The run ends when every result is back, every `on_result` work done, and the caller is
  /// waiting for them (a join or a map that had started every thread or submitted every task).
  mutating func endIfEverythingIsBack() {
    if results.completed == workload.taskCount, results.onResultDone >= results.onResultTotal,
      results.callerWaiting || !model.callerWakes
    {
      finishedAt = now + (model.callerWakes ? costs.wakeup : 0)
    }
  }

  /// The caller has done its part and waits for every result (`join`, `map`'s `get`).
  mutating func callerWaits(_ t: ThreadID) {
    results.callerWaiting = true
    block(t)
    if results.completed == workload.taskCount, finishedAt < 0 { finishedAt = now }
  }

  /// Remembers a submitted task (or chunk) in submission order, merging consecutive ones.
  mutating func recordSubmission(_ item: QueueItem) {
    if let last = results.submitted.last, last.start + last.count == item.start {
      results.submitted[results.submitted.index(before: results.submitted.endIndex)].count += item.count
    } else {
      results.submitted.append(QueueItem(start: item.start, count: item.count, arrival: item.arrival))
    }
  }

  /// The collecting caller takes the results that are done, in submission order, each costing
  /// `result_collect` under the GIL, and blocks on the first that is not; each wake-up must win
  /// the GIL back from busy workers (the convoy effect). True while it has more to collect.
  mutating func collectResults(_ t: ThreadID) -> Bool {
    results.collector = t
    var taken = 0
    while let front = results.submitted.first, results.done[Int(front.start)] {
      taken += 1
      results.dropFirstSubmitted()
    }
    if taken > 0 {
      startWork(t, costs.resultCollect * SimTime(taken), .overhead, needsGIL: true)
      return true
    }
    if let front = results.submitted.first {
      results.awaited = front.start
      block(t)
      return true
    }
    // Every result is back in the caller.
    if finishedAt < 0 { finishedAt = now }
    return false
  }

  /// The caller takes its next result, in its order, as the thread's item; or blocks until it
  /// is back (and takes it when woken).
  mutating func takeResult(_ t: ThreadID) -> Bool {
    results.collector = t
    switch results.order {
    case .completion:
      if let task = results.arrived.popFirst() {
        threads[t].item = QueueItem(start: task, count: 1, arrival: 0)
        results.taken += 1
        return true
      }
      results.awaitsAny = true
    case .submission, .afterAll:
      if results.order == .afterAll, results.completed < workload.taskCount {
        results.awaitsAll = true
        block(t)
        return false
      }
      guard let front = results.submitted.first else { return false }
      if results.done[Int(front.start)] {
        threads[t].item = QueueItem(start: front.start, count: 1, arrival: 0)
        results.dropFirstSubmitted()
        results.taken += 1
        return true
      }
      results.awaited = front.start
    }
    block(t)
    return false
  }

  /// The caller runs its `on_result` steps for the result it holds; true while they take time.
  mutating func runOnResult(_ t: ThreadID) -> Bool {
    if threads[t].slot == nil {
      let task = threads[t].item.start
      guard tasks.onResultBase[workload.group(of: Int(task))] >= 0 else { return false }
      threads[t].slot = newSlot(task: task, arrival: 0, onResult: true)
    }
    guard let s = threads[t].slot else { return false }
    if runTaskSteps(t, s) { return true }
    freeSlot(s)
    threads[t].slot = nil
    results.onResultDone += 1
    if !results.collects { endIfEverythingIsBack() }
    return false
  }
}

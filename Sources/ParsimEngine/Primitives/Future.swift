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

  init(taskCount: Int, collects: Bool) {
    done = collects ? [Bool](repeating: false, count: taskCount) : []
  }
}

extension Simulation {
  /// Marks tasks complete: their results are back in the caller.
  mutating func complete(_ start: Int32, _ count: Int32, arrival: SimTime) {
    for task in start..<(start + count) {
      recorder.latencies.record(now - arrival)
      recorder.mark(.completion, task: task, at: now)
    }
    results.completed += Int(count)
    results.lastCompletion = now
    if model.collectsResults {
      // The caller is woken when the result it awaits is done.
      for task in start..<(start + count) { results.done[Int(task)] = true }
      if results.awaited >= start, results.awaited < start + count, let c = results.collector {
        results.awaited = -1
        wake(c, after: costs.wakeup)
      }
      return
    }
    // The run ends when every result is back and the caller is waiting for them (a join or a
    // map that had started every thread or submitted every task).
    if results.completed == workload.taskCount, results.callerWaiting || !model.callerWakes {
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
    while var front = results.submitted.first, results.done[Int(front.start)] {
      taken += 1
      front.start += 1
      front.count -= 1
      if front.count == 0 { results.submitted.removeFirst() } else { results.submitted[results.submitted.startIndex] = front }
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
}

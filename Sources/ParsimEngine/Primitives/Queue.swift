import DequeModule

/// A batch of tasks in a queue: `count` consecutive task ids from `start`, all arrived at
/// `arrival`. Pools move chunks of this shape; `isResult` marks a finished chunk on its way back.
struct QueueItem: Sendable {
  var start: Int32
  var count: Int32
  var arrival: SimTime
  var isResult: Bool = false
  /// For an offloaded part of a running coroutine's task: its slot (the steps go on from its
  /// place); -1 for tasks that start afresh.
  var slot: Int32 = -1
}

/// A FIFO queue with the threads blocked on it: `queue.SimpleQueue`, a pool's pipe
/// (`_inqueue`, `_outqueue`), an executor's work queue, the task list.
///
/// `get` takes up to a limit of tasks from the front item (a worker of `ThreadPoolExecutor`
/// takes one work item; a Pool worker takes a whole chunk) or blocks; `put` hands an item to
/// the longest-blocked getter, which wakes after the wake-up latency.
struct SimQueue {
  var items = Deque<QueueItem>()
  var waiters = Deque<ThreadID>()
  /// Items are single tasks taken one at a time, so consecutive ones may be stored as one range
  /// (same order, constant memory).
  let mergesSingles: Bool
  /// Its getter is the event loop, woken by its selector with no futex latency.
  var wakesWithoutLatency = false
  /// The most items it held at once (for tests and invariants).
  var longest = 0

  init(mergesSingles: Bool) { self.mergesSingles = mergesSingles }
}

extension Simulation {
  mutating func newQueue(mergesSingles: Bool = false) -> QueueID {
    queues.append(SimQueue(mergesSingles: mergesSingles))
    return QueueID(queues.count - 1)
  }

  /// Takes up to `limit` tasks from the front item of queue `q` into the thread's `item`, or
  /// blocks the thread (it wakes with what a `put` gives it).
  mutating func get(_ q: QueueID, _ t: ThreadID, limit: Int32 = .max) -> Bool {
    if var front = queues[q.index].items.first {
      if front.count > limit {
        threads[t].item = QueueItem(start: front.start, count: limit, arrival: front.arrival, isResult: front.isResult, slot: front.slot)
        threads[t].hasItem = true
        front.start += limit
        front.count -= limit
        queues[q.index].items[queues[q.index].items.startIndex] = front
      } else {
        threads[t].item = front
        threads[t].hasItem = true
        queues[q.index].items.removeFirst()
      }
      return true
    }
    queues[q.index].waiters.append(t)
    block(t)
    threads[t].takeLimit = limit
    return false
  }

  /// Puts an item on queue `q`, handing it to a blocked thread (after a wake-up) if one waits.
  mutating func put(_ q: QueueID, _ item: QueueItem) {
    if let t = queues[q.index].waiters.popFirst() {
      var item = item
      let limit = threads[t].takeLimit
      if item.count > limit {
        var rest = item
        rest.start += limit
        rest.count -= limit
        item.count = limit
        queues[q.index].items.append(rest)
      }
      threads[t].item = item
      threads[t].hasItem = true
      wake(t, after: queues[q.index].wakesWithoutLatency ? 0 : costs.wakeup)
    } else if queues[q.index].mergesSingles, let last = queues[q.index].items.last, last.start + last.count == item.start,
      last.arrival == item.arrival, !last.isResult, !item.isResult, last.slot < 0, item.slot < 0
    {
      queues[q.index].items[queues[q.index].items.index(before: queues[q.index].items.endIndex)].count += item.count
    } else {
      queues[q.index].items.append(item)
      queues[q.index].longest = max(queues[q.index].longest, queues[q.index].items.count)
    }
  }

  /// Removes a thread from a queue's getters (the event loop, woken by something else).
  mutating func stopWaiting(_ t: ThreadID, on q: QueueID) {
    if let i = queues[q.index].waiters.firstIndex(of: t) { queues[q.index].waiters.remove(at: i) }
  }
}

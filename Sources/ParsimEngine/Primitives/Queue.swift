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
  /// When it was put on the queue it is in (a pipeline's queues time each item's wait).
  var queuedAt: SimTime = 0

  /// The `None` a pipeline's producer puts once per consumer to shut a stage down.
  static let sentinel = QueueItem(start: -1, count: 0, arrival: 0)
  var isSentinel: Bool { count == 0 }
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
  /// `queue.Queue(maxsize)`: a `put` blocks while it holds this many items (0: unbounded).
  var maxsize = 0
  /// Threads blocked in `put` on the full queue, longest first; each holds its item.
  var putters = Deque<ThreadID>()
  /// The pipeline stage it feeds, whose statistics it keeps (-1: none).
  var stage: Int32 = -1
  /// As an `asyncio.Queue`: the coroutines waiting in `get` and in `put`, longest first
  /// (`AsyncioQueue.swift`).
  var coroutineGetters = Deque<TaskSlot>()
  var coroutinePutters = Deque<TaskSlot>()
  /// Its pipe is waited on without being read (`ConnectionWait.swift`): the threads waiting,
  /// and the messages put on it since, not yet read to their end.
  var watched = false
  var watchers = Deque<ThreadID>()
  var unread = 0
  /// Items put on it, and items taken whole from it, so far (`call_queue.full()` counts them).
  var puts = 0
  var takes = 0

  init(mergesSingles: Bool) { self.mergesSingles = mergesSingles }
}

extension Simulation {
  mutating func newQueue(mergesSingles: Bool = false, maxsize: Int = 0) -> QueueID {
    var q = SimQueue(mergesSingles: mergesSingles)
    q.maxsize = maxsize
    queues.append(q)
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
        queues[q.index].takes += 1
        if queues[q.index].stage >= 0 { itemLeftQueue(q, front) }
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
    messagePut(q)
    queues[q.index].puts += 1
    if let t = queues[q.index].waiters.popFirst() {
      var item = item
      let limit = threads[t].takeLimit
      if item.count > limit {
        var rest = item
        rest.start += limit
        rest.count -= limit
        item.count = limit
        queues[q.index].items.append(rest)
      } else {
        queues[q.index].takes += 1
      }
      threads[t].item = item
      threads[t].hasItem = true
      wake(t, after: queues[q.index].wakesWithoutLatency ? 0 : costs.wakeup)
      if queues[q.index].stage >= 0, !item.isSentinel { stageStats[Int(queues[q.index].stage)].passed += 1 }  // waited 0
    } else if queues[q.index].mergesSingles, let last = queues[q.index].items.last, last.start + last.count == item.start,
      last.arrival == item.arrival, !last.isResult, !item.isResult, last.slot < 0, item.slot < 0
    {
      queues[q.index].items[queues[q.index].items.index(before: queues[q.index].items.endIndex)].count += item.count
    } else {
      if queues[q.index].stage >= 0, !item.isSentinel { queueLengthChanges(q, by: 1) }
      var item = item
      item.queuedAt = now
      queues[q.index].items.append(item)
      queues[q.index].longest = max(queues[q.index].longest, queues[q.index].items.count)
    }
  }

  /// `q.put(item)` on a bounded queue (`queue.Queue(maxsize)`, `multiprocessing.Queue(maxsize)`,
  /// `asyncio.Queue(maxsize)`): the thread's item goes on, or, the queue being full, the thread
  /// blocks until a `get` makes room and moves its item in. False when it blocked.
  mutating func offer(_ q: QueueID, _ t: ThreadID) -> Bool {
    let max = queues[q.index].maxsize
    if max > 0, queues[q.index].waiters.isEmpty, queues[q.index].items.count >= max {
      queues[q.index].putters.append(t)
      blockOnFullQueue(t)
      return false
    }
    put(q, threads[t].item)
    return true
  }

  /// A `get` took `item` off queue `q`, which feeds a pipeline stage: time its wait, and let the
  /// longest-blocked putter's item in (the putter wakes after the wake-up latency).
  mutating func itemLeftQueue(_ q: QueueID, _ item: QueueItem) {
    let i = Int(queues[q.index].stage)
    if !item.isSentinel {
      stageStats[i].passed += 1
      stageStats[i].waited += now - item.queuedAt
    }
    if !item.isSentinel { queueLengthChanges(q, by: -1) }
    if let p = queues[q.index].putters.popFirst() {
      var next = threads[p].item
      next.queuedAt = now
      if !next.isSentinel { queueLengthChanges(q, by: 1) }
      queues[q.index].items.append(next)
      wake(p, after: costs.wakeup)
    }
  }

  /// Removes a thread from a queue's getters (the event loop, woken by something else).
  mutating func stopWaiting(_ t: ThreadID, on q: QueueID) {
    if let i = queues[q.index].waiters.firstIndex(of: t) { queues[q.index].waiters.remove(at: i) }
  }
}

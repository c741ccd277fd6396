import ParsimScenario

/// `asyncio.Queue(maxsize)` (`Lib/asyncio/queues.py`): a pipeline's queue between coroutines.
///
/// `put_nowait` appends the item and wakes the longest-waiting getter
/// (`_wakeup_next(self._getters)`: its future is set, its task is ready); `get_nowait` takes the
/// front item and wakes the longest-waiting putter likewise. A woken coroutine takes its item or
/// its room when the loop next runs it; if another coroutine took it first, it waits again at the
/// back (`while self.empty(): getter = ...; self._getters.append(getter); await getter`).
/// `await q.put(item)` and `await q.get()` do not suspend when they need not wait. A full
/// queue is `qsize() >= maxsize`, sentinels counted.
extension Simulation {
  /// `item = await q.get()` for coroutine `s`: the front item, or nil (the coroutine waits
  /// among the queue's getters).
  mutating func asyncioGet(_ q: QueueID, _ s: TaskSlot) -> QueueItem? {
    guard let item = queues[q.index].items.popFirst() else {
      queues[q.index].coroutineGetters.append(s)
      return nil
    }
    if queues[q.index].stage >= 0 { itemLeftQueue(q, item) }
    if let p = queues[q.index].coroutinePutters.popFirst() { coroutineReady(p) }
    return item
  }

  /// `await q.put(item)` for coroutine `s`: false when the queue is full (the coroutine waits
  /// among its putters).
  mutating func asyncioPut(_ q: QueueID, _ item: QueueItem, _ s: TaskSlot) -> Bool {
    let max = queues[q.index].maxsize
    if max > 0, queues[q.index].items.count >= max {
      queues[q.index].coroutinePutters.append(s)
      return false
    }
    var item = item
    item.queuedAt = now
    if queues[q.index].stage >= 0, !item.isSentinel { queueLengthChanges(q, by: 1) }
    queues[q.index].items.append(item)
    queues[q.index].longest = Swift.max(queues[q.index].longest, queues[q.index].items.count)
    if let g = queues[q.index].coroutineGetters.popFirst() { coroutineReady(g) }
    return true
  }
}

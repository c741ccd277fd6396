import DequeModule

/// A counting semaphore: `threading.Semaphore` / `asyncio.Semaphore`. `acquire` takes a unit
/// or waits; `release` hands the unit to the longest waiter or returns it.
///
/// The models use it for asyncio's `limit` (an `asyncio.Semaphore` around each task) and for
/// `ThreadPoolExecutor._idle_semaphore` (acquired with `timeout=0`: `tryAcquire`).
struct Semaphore {
  /// Units free now.
  var value: Int
  var waiters = Deque<Holder>()

  init(value: Int) { self.value = value }

  /// Takes a unit if one is free (`acquire(blocking=False)`).
  mutating func tryAcquire() -> Bool {
    guard value > 0 else { return false }
    value -= 1
    return true
  }

  /// Takes a unit, or queues `h` and returns false.
  mutating func acquire(_ h: Holder) -> Bool {
    if tryAcquire() { return true }
    waiters.append(h)
    return false
  }

  /// Returns a unit: to the longest waiter (returned, to be resumed) or to the count.
  mutating func release() -> Holder? {
    if let w = waiters.popFirst() { return w }
    value += 1
    return nil
  }
}

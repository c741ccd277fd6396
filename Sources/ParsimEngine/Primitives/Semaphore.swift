import ParsimScenario

import DequeModule

/// A counting semaphore: `threading.Semaphore` / `asyncio.Semaphore`. `acquire` takes a unit
/// or waits; `release` hands the unit to the longest waiter or returns it.
///
/// The scenario's `semaphores:` are these (threads and coroutines through one path, as locks);
/// the models use one for asyncio's `limit` (an `asyncio.Semaphore` around each task) and for
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

/// The scenario's named semaphores, and for their lanes the units in use over time.
struct Semaphores {
  var units: [Semaphore]
  let specs: [SemaphoreSpec]
  /// Since when the current number of units in use holds.
  var since: [SimTime]
  var lane: [Int32]
  /// How long all of each semaphore's units were in use, for the explanation.
  var full: [SimTime]

  init(_ specs: [SemaphoreSpec]) {
    self.specs = specs
    units = specs.map { Semaphore(value: $0.value) }
    since = Array(repeating: 0, count: specs.count)
    lane = Array(repeating: -1, count: specs.count)
    full = Array(repeating: 0, count: specs.count)
  }

  func inUse(_ i: Int) -> Int { specs[i].value - units[i].value }
}

extension Simulation {
  /// Takes a unit of semaphore `id` for `h`, or queues `h` (its caller blocks it).
  mutating func acquireSemaphore(_ id: SemaphoreID, for h: Holder) -> Bool {
    let i = id.index
    let before = semaphores.inUse(i)
    guard semaphores.units[i].acquire(h) else { return false }
    semaphoreUseChanged(i, from: before)
    return true
  }

  /// Returns a unit. A coroutine waiter is handed it (`asyncio.Semaphore` wakes its first
  /// waiter); a thread waiter is only woken to try again, as `threading.Semaphore`'s
  /// `Condition` (and `multiprocessing`'s `sem_t`) do: the unit goes back to the count, and a
  /// thread arriving meanwhile may take it first.
  mutating func releaseSemaphore(_ id: SemaphoreID) {
    let i = id.index
    let before = semaphores.inUse(i)
    if case .thread(let t)? = semaphores.units[i].waiters.first {
      semaphores.units[i].waiters.removeFirst()
      semaphores.units[i].value += 1
      semaphoreUseChanged(i, from: before)
      retrySemaphore(t)
    } else if let w = semaphores.units[i].release() {
      resume(w)
    } else {
      semaphoreUseChanged(i, from: before)
    }
  }

  /// A thread woken from a semaphore's `acquire()` runs it again: its task's cursor goes back to
  /// the acquire step, which it meets when it has taken the GIL back.
  mutating func retrySemaphore(_ t: ThreadID) {
    if let s = threads[t].slot { tasks.cursors[s].pc -= 1 }
    wake(t, after: costs.wakeup)
  }

  /// Records on the semaphore's lane how many units were in use since the last change.
  mutating func semaphoreUseChanged(_ i: Int, from before: Int) {
    if before == semaphores.specs[i].value { semaphores.full[i] += now - semaphores.since[i] }
    if recorder.keepsSpans, before > 0, now > semaphores.since[i] {
      if semaphores.lane[i] < 0 {
        let spec = semaphores.specs[i]
        semaphores.lane[i] = recorder.addLane("Semaphore \(spec.name) · \(spec.value) unit\(spec.value == 1 ? "" : "s")",
          kind: .semaphore, process: 0)
        recorder.lanes[Int(semaphores.lane[i])].capacity = spec.value
      }
      recorder.spans.append(Span(lane: semaphores.lane[i], state: .held, task: Int32(before), start: semaphores.since[i], end: now))
    }
    semaphores.since[i] = now
  }
}

import DequeModule

/// Who holds or waits for a lock or semaphore: an OS thread, or (under asyncio) a coroutine.
enum Holder: Hashable {
  case thread(ThreadID)
  case coroutine(TaskSlot)
}

/// The scenario's named locks: `threading.Lock` (for threads) and `asyncio.Lock` (for
/// coroutines), one path for both. A release hands the lock to the longest waiter, which then
/// wakes: a thread after the futex wake-up (`wakeup`), a coroutine when the loop next runs it.
///
/// This is CPython's behaviour for `asyncio.Lock` (FIFO); for `threading.Lock` in 3.11 and
/// 3.12 (`sem_t`) the releaser could take the lock straight back, and 3.13's `PyMutex` hands it
/// over only after a waiter has waited 1 ms: the fidelity issue models those.
struct Locks {
  var owner: [Holder?]
  var waiters: [Deque<Holder>]
  /// For lock lanes: since when the owner holds each lock, the owner's lane, the lock's lane.
  var since: [SimTime]
  var holderLane: [Int32]
  var lane: [Int32]
  /// How long each lock was held in all, for the explanation.
  var held: [SimTime]

  init(count: Int) {
    owner = Array(repeating: nil, count: count)
    waiters = Array(repeating: Deque(), count: count)
    since = Array(repeating: 0, count: count)
    holderLane = Array(repeating: -1, count: count)
    lane = Array(repeating: -1, count: count)
    held = Array(repeating: 0, count: count)
  }

  var count: Int { owner.count }
}

extension Simulation {
  /// Takes lock `id` for `h` if it is free and returns true; otherwise `h` joins its waiters
  /// and the caller blocks it.
  mutating func acquireLock(_ id: LockID, for h: Holder) -> Bool {
    if locks.owner[id.index] == nil {
      setLockOwner(id, h)
      return true
    }
    locks.waiters[id.index].append(h)
    return false
  }

  /// Releases lock `id`. A coroutine waiter is handed the lock (`asyncio.Lock` wakes its first
  /// waiter, and no newcomer may take it meanwhile). A thread waiter is only woken to try again
  /// (`retryLock`): `threading.Lock` is a `sem_t` in 3.11 and 3.12, whose release frees the lock
  /// and wakes one waiter, so the releaser, or any thread, may take it first. 3.13's `PyMutex`
  /// does the same, but hands the lock straight to a waiter that has waited `lock_fair_after`
  /// (1 ms, `mutex_unpark`'s `time_to_be_fair`).
  ///
  /// True when the release woke a thread: a futex call the releaser makes holding the GIL
  /// (`lock_wake`), which its caller charges.
  @discardableResult
  mutating func releaseLock(_ id: LockID) -> Bool {
    guard let w = locks.waiters[id.index].popFirst() else {
      setLockOwner(id, nil)
      return false
    }
    switch w {
    case .coroutine:
      setLockOwner(id, w)
      resume(w)
      return false
    case .thread(let t) where costs.lockFairAfter > 0 && now - threads[t].lockWaitSince >= costs.lockFairAfter:
      setLockOwner(id, w)  // PyMutex: a waiter that has waited long enough is handed the lock
      resume(w)
    case .thread(let t):
      setLockOwner(id, nil)
      threads[t].retriesLock = id
      wake(t, after: costs.wakeup)
    }
    return true
  }

  /// A thread woken from `acquire()` of a `sem_t` lock (`threading.Lock` in 3.11 and 3.12,
  /// `multiprocessing.Lock`) retries inside `sem_wait`, in C with the GIL still released: it
  /// takes the lock if it is free by then (true: it then takes the GIL back to return), and if
  /// another thread took it first it waits again, at the back. (`threading.Semaphore` is a
  /// `Condition`: its waiter retries in Python, the GIL taken back first: `retrySemaphore`.)
  mutating func retryLock(_ t: ThreadID, _ id: LockID) -> Bool {
    threads[t].retriesLock = nil
    return acquireLock(id, for: .thread(t))
  }

  /// A holder given a lock or semaphore goes on: a thread wakes, a coroutine becomes ready.
  mutating func resume(_ h: Holder) {
    switch h {
    case .thread(let t): wake(t, after: costs.wakeup)
    case .coroutine(let s): coroutineReady(s)
    }
  }

  func laneOf(_ h: Holder) -> Int32 {
    switch h {
    case .thread(let t): return threads[t].lane
    case .coroutine(let s): return tasks.cursors[s].lane
    }
  }

  /// Hands lock `id` to `owner` (nil for none), recording the previous holder's span on the
  /// lock's lane.
  mutating func setLockOwner(_ id: LockID, _ owner: Holder?) {
    let i = id.index
    if locks.owner[i] != nil { locks.held[i] += now - locks.since[i] }
    if recorder.keepsSpans, locks.owner[i] != nil, now > locks.since[i] {
      if locks.lane[i] < 0 { locks.lane[i] = recorder.addLane("Lock \(workload.lockNames[i])", kind: .lock, process: 0) }
      recorder.spans.append(Span(lane: locks.lane[i], state: .held, task: locks.holderLane[i], start: locks.since[i], end: now))
    }
    locks.owner[i] = owner
    locks.holderLane[i] = owner.map(laneOf) ?? -1
    locks.since[i] = now
  }

  /// At the end of a run, a lock still held (a deadlock) ends its span now.
  mutating func lockHeldUntilNow(_ id: LockID) {
    guard let owner = locks.owner[id.index] else { return }
    setLockOwner(id, owner)
  }
}

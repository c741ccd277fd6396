/// `multiprocessing.connection.wait` on a pipe that another thread reads: the waiter wakes when
/// the pipe becomes readable and does not read it, so while a message is being read from the
/// pipe, each of its calls returns at once.
///
/// `Pool._handle_workers` waits so on the result queue's pipe (`Pool._get_sentinels` lists
/// `self._outqueue._reader` beside the change notifier): it wakes on every result, and loops
/// while one is read, each pass a `_maintain_pool` and a fresh selector (`pool_maintain`).
///
/// Departure: CPython's pipe is readable from the moment a message is written until it has
/// been read; parsim counts it readable while its reader reads, not while a message waits for
/// its reader to get a core. The scheduler here lets a woken thread preempt only one that has
/// run a whole wake-up granularity, so a reader can wait milliseconds for a core where Linux
/// would run it at once, and a waiter looping all that time would burn CPU that CPython's
/// does not (24–34 µs per result of short tasks, `scripts/pyfacts/pool_worker_handler.py`).
extension Simulation {
  /// `wait([pipe, ...])` until the next message is put on queue `q`'s pipe (the thread goes on
  /// at its next instruction when woken).
  mutating func waitForMessage(_ q: QueueID, _ t: ThreadID) {
    queues[q.index].watched = true
    queues[q.index].watchers.append(t)
    block(t)
  }

  /// A message was put on queue `q`: the threads waiting on its pipe wake.
  mutating func messagePut(_ q: QueueID) {
    guard queues[q.index].watched else { return }
    while let w = queues[q.index].watchers.popFirst() { wake(w, after: costs.wakeup) }
  }

  /// A reader of queue `q` starts reading a message from its pipe, or has read it to the end.
  mutating func reading(_ q: QueueID, started: Bool) {
    queues[q.index].readers += started ? 1 : -1
  }

  /// `wait()` on queue `q`'s pipe would return at once: a message in it is being read.
  func pipeReadable(_ q: QueueID) -> Bool { queues[q.index].readers > 0 }
}

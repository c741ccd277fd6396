/// `multiprocessing.connection.wait` on a pipe that another thread reads: the waiter wakes when
/// the pipe becomes readable and does not read it, so until the message has been read from the
/// pipe, each of its calls returns at once.
///
/// `Pool._handle_workers` waits so on the result queue's pipe (`Pool._get_sentinels` lists
/// `self._outqueue._reader` beside the change notifier): it wakes on every result, and loops
/// until the result handler has read it — through the result handler's wake-up and its read —
/// each pass a `_maintain_pool` and a fresh selector (`pool_maintain`). With 200 µs tasks on two
/// busy cores CPython's loops 2.2–4.8 passes per result (`scripts/pyfacts/pool_worker_handler.py`).
extension Simulation {
  /// `wait([pipe, ...])` until the next message is put on queue `q`'s pipe (the thread goes on
  /// at its next instruction when woken).
  mutating func waitForMessage(_ q: QueueID, _ t: ThreadID) {
    queues[q.index].watched = true
    queues[q.index].watchers.append(t)
    block(t)
  }

  /// A message was put on queue `q`: it is unread, and the threads waiting on its pipe wake.
  mutating func messagePut(_ q: QueueID) {
    guard queues[q.index].watched else { return }
    queues[q.index].unread += 1
    while let w = queues[q.index].watchers.popFirst() { wake(w, after: costs.wakeup) }
  }

  /// A reader of queue `q` has read a message from its pipe to the end.
  mutating func messageRead(_ q: QueueID) {
    if queues[q.index].unread > 0 { queues[q.index].unread -= 1 }
  }

  /// `wait()` on queue `q`'s pipe would return at once: a message in it is not yet read.
  func pipeReadable(_ q: QueueID) -> Bool { queues[q.index].unread > 0 }
}

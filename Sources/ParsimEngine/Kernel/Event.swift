/// A scheduled event: what happens, to whom, and when.
///
/// Events are plain data (no references), so the queue never retains or releases anything.
/// They are ordered by `(time, sequence)`, as SimPy orders `(time, priority, eid)`: two events at
/// the same time run in the order they were scheduled, which makes every run reproducible.
@usableFromInline
struct Event: Sendable {
  @usableFromInline var time: SimTime
  @usableFromInline var sequence: UInt64
  @usableFromInline var kind: EventKind
  /// The thread, core, group or coroutine the event is for.
  @usableFromInline var target: Int32
  /// A generation number: an event whose generation no longer matches its target's is stale.
  @usableFromInline var generation: UInt32

  @inlinable
  init(time: SimTime, sequence: UInt64, kind: EventKind, target: Int32, generation: UInt32) {
    self.time = time
    self.sequence = sequence
    self.kind = kind
    self.target = target
    self.generation = generation
  }

  @inlinable
  static func < (a: Event, b: Event) -> Bool {
    a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
  }
}

@usableFromInline
enum EventKind: UInt8, Sendable {
  /// A thread's timed work (on a core or a wait) ends.
  case threadDone
  /// A thread waiting for the GIL reaches the end of its timed wait.
  case gilTimeout
  /// A woken GIL waiter has taken the GIL.
  case gilHandoff
  /// A core's OS time slice ends.
  case quantum
  /// The next task(s) of a group arrive.
  case arrival
  /// A thread blocked on a queue, lock or join wakes with what it was given.
  case wake
  /// A coroutine's `await asyncio.sleep` is over.
  case coroutineTimer
}

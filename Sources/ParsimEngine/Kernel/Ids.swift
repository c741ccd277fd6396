/// Typed ids for the engine's entities: an index into the table of their kind, never mixed up
/// with another kind's (a thread is not a core, a lock not a queue), as swift-system wraps
/// `CInt` in `FileDescriptor`. Each wraps an `Int32` so that records stay small.
protocol EntityID: Hashable, Sendable {
  var raw: Int32 { get }
  init(raw: Int32)
}

extension EntityID {
  init(_ index: Int) { self.init(raw: Int32(truncatingIfNeeded: index)) }
  @inline(__always) var index: Int { Int(raw) }
}

/// An OS thread of the simulated program (of any process).
struct ThreadID: EntityID { var raw: Int32 }
/// A CPU of the machine.
struct CoreID: EntityID { var raw: Int32 }
/// An interpreter: the main one, a worker process's, or a subinterpreter. Each has its own GIL
/// (or none, in a free-threaded build).
struct InterpreterID: EntityID {
  var raw: Int32
  static let main = InterpreterID(raw: 0)
}
/// A named lock of the scenario (`lock:` steps).
struct LockID: EntityID { var raw: Int32 }
/// A named semaphore of the scenario (`semaphore:` steps).
struct SemaphoreID: EntityID { var raw: Int32 }
/// A queue between threads: a task list, a pool's `_inqueue`, an executor's work queue.
struct QueueID: EntityID { var raw: Int32 }
/// A running task's record (its place in its steps); under asyncio, the coroutine running it.
struct TaskSlot: EntityID { var raw: Int32 }
/// A group of tasks of the scenario (one `tasks:` entry).
struct GroupID: EntityID { var raw: Int32 }
/// A stage of a pipeline (`pipeline.stages`), numbered from 0.
struct StageID: EntityID { var raw: Int32 }
/// The first instruction of a thread program.
struct ProgramID: EntityID { var raw: Int32 }

extension UnsafeVector {
  /// The element of an entity, by its typed id.
  @inline(__always)
  subscript<ID: EntityID>(_ id: ID) -> Element {
    unsafeAddress { UnsafePointer(base + id.index) }
    unsafeMutableAddress { base + id.index }
  }
}

/// How a thread runs a task's steps: Python holds a core and the GIL, native code a core only,
/// I/O and blocking calls neither (and come back late by `sleep_overshoot`); a lock step takes
/// or waits for the lock.
extension Simulation {
  /// Runs task `s` on thread `t` until a step takes time; false when the task has ended.
  mutating func runTaskSteps(_ t: ThreadID, _ s: TaskSlot) -> Bool {
    if nativeGoesOn(t, s) { return true }
    while true {
      switch nextLeaf(s) {
      case .cpu(let v):
        guard v > 0 else { continue }
        let d = model.kind == .freeThreading ? SimTime((Double(v) * freeThreadingSlowdown).rounded()) : v
        startWork(t, d, .python, needsGIL: true)
        return true
      case .native(let v):
        guard v > 0 else { continue }
        startNative(t, s, v)
        return true
      case .cCall(let v):
        // C code: not slowed by a free-threaded build, and not switched out of the GIL.
        guard v > 0 else { continue }
        startWork(t, v, .python, needsGIL: true, switchable: false)
        return true
      case .io(let v), .blocking(let v):
        guard v > 0 else { continue }
        startWait(t, v + costs.sleepOvershoot, state: .io, task: tasks.cursors[s].task)
        return true
      case .lockAcquire(let id):
        if retakesGILFirst(t, s) { return true }
        if !acquireLock(id, for: .thread(t)) {
          blockOnLock(t)
          return true
        }
      case .lockRelease(let id):
        if retakesGILFirst(t, s) { return true }
        if releaseLock(id), costs.lockWake > 0 {
          startWork(t, costs.lockWake, .python, needsGIL: true)  // sem_post waking a waiter: a futex call
          return true
        }
      case .semaphoreAcquire(let id):
        if retakesGILFirst(t, s) { return true }
        if !acquireSemaphore(id, for: .thread(t)) {
          blockOnLock(t)
          return true
        }
      case .semaphoreRelease(let id):
        if retakesGILFirst(t, s) { return true }
        releaseSemaphore(id)
      case .end, .offloadEnd:
        return false  // the task, or the part of it handed to this executor thread, is done
      case .offloadBegin:
        continue  // an offload inside an offload is refused by the loader
      }
    }
  }

  /// A lock or semaphore call is Python (`with lock:`): a thread back from I/O or native code
  /// takes its interpreter's GIL before it makes one; the step runs again once it holds it.
  mutating func retakesGILFirst(_ t: ThreadID, _ s: TaskSlot) -> Bool {
    guard !threads[t].holdsGIL, interpreters[threads[t].interpreter.index].exists else { return false }
    tasks.cursors[s].pc -= 1
    startWork(t, 0, .python, needsGIL: true)
    return true
  }
}

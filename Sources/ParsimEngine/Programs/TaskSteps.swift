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
        if !acquireLock(id, for: .thread(t)) {
          blockOnLock(t)
          return true
        }
      case .lockRelease(let id):
        releaseLock(id)
      case .semaphoreAcquire(let id):
        if !acquireSemaphore(id, for: .thread(t)) {
          blockOnLock(t)
          return true
        }
      case .semaphoreRelease(let id):
        releaseSemaphore(id)
      case .end, .offloadEnd:
        return false  // the task, or the part of it handed to this executor thread, is done
      case .offloadBegin:
        continue  // an offload inside an offload is refused by the loader
      }
    }
  }
}

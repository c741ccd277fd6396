/// `threading.Thread.start()` (`Lib/threading.py`, 3.11): the caller creates the OS thread
/// (`_start_new_thread`, `thread_start`, under the GIL), then waits on `self._started` with the
/// GIL released. The new thread is scheduled after the wake-up latency, runs `_bootstrap_inner`
/// under the GIL up to `self._started.set()` (`thread_boot`), which wakes the caller, and goes on
/// into its target. The caller takes the GIL back to return from `start()`: beside a new thread
/// running Python that is a wait of up to a switch interval, so a loop of `t.start()` hands the
/// GIL to each new thread in turn.
extension Simulation {
  /// Starts a thread running `program` for `caller`, which waits until it has booted.
  mutating func startThread(_ program: ProgramID, interpreter: InterpreterID, name: String, for caller: ThreadID) {
    let w = newThread(program, interpreter: interpreter, name: name)
    threads[w].starter = caller
    threads[w].phase = .blocked
    wake(w, after: costs.wakeup)
    block(caller)
    threads[caller].phase = .lockWait  // self._started.wait(): woken, it takes the GIL back first
  }

  /// A thread being started runs its bootstrap, then wakes its starter; false once it has
  /// (the thread goes on with its program).
  mutating func bootThread(_ t: ThreadID) -> Bool {
    guard let caller = threads[t].starter else { return false }
    if !threads[t].booted {
      threads[t].booted = true
      if costs.threadBoot > 0 {  // a bootstrap of no cost (a test's) is nothing to run
        startWork(t, costs.threadBoot, .overhead, needsGIL: true)
        return true
      }
    }
    threads[t].starter = nil
    wake(caller, after: costs.wakeup)  // self._started.set()
    return false
  }
}

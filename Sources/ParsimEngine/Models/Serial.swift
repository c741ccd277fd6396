/// `serial`: a plain loop in the main thread.
///
///     for task in tasks:
///         task()
extension Simulation {
  mutating func startSerial() {
    let loop = taskLoop(onlyOne: false)
    startMainThread(loop, name: labels.worker.map { "\($0) 1" } ?? "Main thread")
  }

  /// A thread that takes tasks from the source one at a time and runs them, until none is
  /// left (or, with `onlyOne`, after one: `Thread(target=task)`).
  mutating func taskLoop(onlyOne: Bool) -> ProgramID {
    let tasks = source.queue
    let onResult = model.hasOnResult
    return programs.add { p in
      let exit = p.futureLabel()
      let next = p.label()
      p.emit(.jumpIf(.sourceExhausted, exit))
      p.emit(.take(tasks, limit: 1))
      p.emit(.runTasks(completeEach: true))
      if onResult { p.emit(.runOnResult) }  // the caller's own work on the result, in the same thread
      if onlyOne {
        p.emit(.jump(exit))
      } else {
        p.emit(.jumpIf(.runFinished, exit))
        p.emit(.jump(next))
      }
      p.place(exit)
      p.emit(.exit)
    }
  }
}

/// `threading` (and `free_threading`, the same program on a build without the GIL): the main
/// thread starts the workers, then joins them.
///
///     threads = [Thread(target=worker) for _ in range(n)]   # or Thread(target=task, args=(t,))
///     for t in threads: t.start()                           # thread_start each, under the GIL
///     for t in threads: t.join()
///
/// One thread per task (the default) runs its own task and exits; fewer threads share the
/// task list, each taking the next task when it is done with one.
extension Simulation {
  mutating func startThreading() {
    let worker = taskLoop(onlyOne: model.workers >= workload.taskCount)
    let main = programs.add { p in
      p.startEveryWorker(worker, as: .thread, paying: .threadStart)  // t.start()
      p.emit(.join)  // t.join()
    }
    startMainThread(main)
  }
}

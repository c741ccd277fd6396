import ParsimScenario

/// Starting a run: the main interpreter and its GIL, the cores' lanes, the task source, then
/// the model's programs and its first thread. Each model is one file of this folder.
extension Simulation {
  mutating func startModel() {
    _ = newInterpreter(hasGIL: model.kind != .freeThreading, name: "GIL")
    if recorder.recording {
      for c in 0..<cores.count { cores.lane[c] = recorder.addLane("Core \(c + 1)", kind: .core, process: -1) }
    }
    openTaskSource()
    if workload.stages != nil {
      startPipeline()
      return
    }
    switch model.kind {
    case .serial: startSerial()
    case .threading, .freeThreading: startThreading()
    case .threadPool, .subinterpreters: startThreadPoolExecutor()
    case .multiprocessing, .dummyPool: startPool()
    case .processPool: startProcessPoolExecutor()
    case .asyncio: startAsyncio()
    }
  }

  /// Creates the caller's thread, running `program`, and runs it until it first waits.
  mutating func startMainThread(_ program: ProgramID, name: String = "Main thread") {
    advance(newThread(program, interpreter: .main, name: name))
  }

  /// What a worker is called in lanes: the scenario's word for it, else the model's.
  var workerWord: String {
    if let w = labels.worker { return w }
    switch model.kind {
    case .threading, .freeThreading: return "Thread"
    case .threadPool: return "Worker thread"
    case .dummyPool: return "Pool thread"
    case .multiprocessing, .processPool: return "Process"
    case .subinterpreters: return "Interpreter"
    default: return "Worker"
    }
  }
}

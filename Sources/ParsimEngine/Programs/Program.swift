/// Every thread program of a run, one after another in one array; a `ProgramID` is the index
/// of a program's first instruction, a thread's `pc` the index of its next one.
struct Programs {
  var code: [Instruction] = []

  /// Adds a program built by `body` and returns where it starts.
  mutating func add(_ body: (inout ProgramBuilder) -> Void) -> ProgramID {
    var b = ProgramBuilder()
    body(&b)
    let base = Int32(code.count)
    for instruction in b.code {
      switch instruction {
      case .jump(let l): code.append(.jump(Label(raw: base + b.position(l))))
      case .jumpIf(let c, let l): code.append(.jumpIf(c, Label(raw: base + b.position(l))))
      default: code.append(instruction)
      }
    }
    return ProgramID(raw: base)
  }
}

/// Writes one program: instructions in order, with labels for loops and exits.
///
///     let worker = programs.add { p in
///       let next = p.label()             // while True:
///       p.emit(.take(inqueue, limit: .max))  //   task = inqueue.get()
///       p.emit(.runTasks(completeEach: false))
///       p.emit(.jump(next))
///     }
struct ProgramBuilder {
  fileprivate var code: [Instruction] = []
  private var positions: [Int32] = []

  /// A label at the next instruction.
  mutating func label() -> Label {
    let l = futureLabel()
    place(l)
    return l
  }

  /// A label placed later with `place`.
  mutating func futureLabel() -> Label {
    positions.append(-1)
    return Label(raw: Int32(positions.count - 1))
  }

  /// Puts a label at the next instruction.
  mutating func place(_ l: Label) { positions[Int(l.raw)] = Int32(code.count) }

  mutating func emit(_ i: Instruction) { code.append(i) }

  /// `for _ in range(n): w.start()`: starts workers, each after its `cost` in this thread,
  /// until the model's number have started.
  mutating func startEveryWorker(_ program: ProgramID, as kind: Worker, paying cost: Cost, of executor: Executor = .model) {
    let started = futureLabel()
    let next = label()
    emit(.jumpIf(.allWorkersStarted(executor), started))
    emit(.pay(Charge(cost)))
    emit(.startWorker(program, kind, executor))
    emit(.jump(next))
    place(started)
  }

  /// The caller's loop over its results (`for r in pool.imap(...)`, `for f in as_completed(fs)`):
  /// take each in the api's order, pay for taking it, run the `on_result` work; then the run
  /// ends.
  mutating func takeEveryResult() {
    let done = futureLabel()
    let next = label()
    emit(.jumpIf(.allResultsTaken, done))
    emit(.takeResult)
    emit(.pay(Charge(.resultCollect)))
    emit(.runOnResult)
    emit(.jump(next))
    place(done)
    emit(.finishRun)
    emit(.exit)
  }

  /// An executor's caller takes its results: `for f in fs: f.result()` in submission order (each
  /// wake-up takes every result done by then), or, with `as_completed` or `on_result` work, one
  /// by one in a result loop.
  mutating func collectEveryResult(_ model: ResolvedModel) {
    if model.api == .map && !model.hasOnResult {
      emit(.collectResults)
      emit(.exit)
    } else {
      takeEveryResult()
    }
  }

  /// A worker's `while True:` loop: `body` again and again, until the run has finished (a
  /// pool's worker threads and processes, and its result handler, exit when it shuts down).
  mutating func loopUntilRunFinished(_ body: (inout ProgramBuilder) -> Void) {
    let exit = futureLabel()
    let next = label()
    body(&self)
    emit(.jumpIf(.runFinished, exit))
    emit(.jump(next))
    place(exit)
    emit(.exit)
  }

  fileprivate func position(_ l: Label) -> Int32 {
    let p = positions[Int(l.raw)]
    precondition(p >= 0, "a label used in a program was never placed")
    return p
  }
}

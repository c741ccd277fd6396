import ParsimScenario
import Testing

/// `pipeline:` as the loader reads it: what loads, and every refusal at its place.
@Suite struct PipelineLoaderTests {
  static let stages = "  stages: [{name: fetch, steps: [{io: 1ms}]}, {name: parse, steps: [{cpu: 1ms}]}]\n"

  @Test func aStageRunsInItsOwnKindOfWorker() throws {
    let s = try ScenarioLoader.load(yaml: """
      name: p
      pipeline:
        items: 3
        stages:
          - {name: fetch, run: coroutine, workers: 8, steps: [{io: 1ms}]}
          - {name: parse, workers: 2, steps: [{cpu: 1ms}]}
      """, file: "p.yaml")
    let p = try #require(s.pipeline)
    // Each stage's kind: its run, else the model's (none under serial: one loop).
    #expect(p.workerKinds(under: .threading) == [.coroutine, .thread])
    #expect(p.workerKinds(under: .multiprocessing) == [.coroutine, .process])
    #expect(p.workerKinds(under: .asyncio) == [.coroutine, .coroutine])
    #expect(p.workerKinds(under: .serial) == nil)
    // No models named: the four that run a pipeline.
    #expect(s.models.map(\.kind) == [.serial, .threading, .multiprocessing, .asyncio])
  }

  @Test func coroutinesTakeItemsOnlyFromTheLoopsSide() {
    // Under multiprocessing store runs in coroutines after parse's processes: refused at store's run.
    expectErrors("""
      name: p
      pipeline:
        items: 3
        stages:
          - {name: parse, steps: [{cpu: 1ms}]}
          - {name: store, run: 1️⃣coroutine, steps: [{io: 1ms}]}
      models: [multiprocessing]
      """, [("1️⃣", .invalidValue, "under multiprocessing, stage 'store' runs in coroutines after stage 'parse' runs in processes")],
      hint: "put coroutine stages first")
    // Under asyncio parse defaults to coroutines after fetch's threads: refused at fetch's run.
    expectErrors("""
      name: p
      pipeline:
        items: 3
        stages:
          - {name: fetch, run: 1️⃣thread, steps: [{io: 1ms}]}
          - {name: parse, steps: [{cpu: 1ms}]}
      models: [asyncio]
      """, [("1️⃣", .invalidValue, "under asyncio, stage 'parse' runs in coroutines after stage 'fetch' runs in threads")])
  }

  @Test func modelsThatHandTasksToAPoolDoNotApply() {
    expectErrors("name: p\npipeline:\n  items: 3\n\(Self.stages)models: [1️⃣thread_pool]\n",
      [("1️⃣", .invalidValue, "thread_pool hands independent tasks to a pool")], hint: "try threading")
    expectErrors("name: p\npipeline:\n  items: 3\n\(Self.stages)models: [1️⃣{threading: {threads: 4}}]\n",
      [("1️⃣", .invalidValue, "a pipeline's workers are set per stage")])
  }

  @Test func aScenarioHasTasksOrAPipeline() {
    expectErrors("name: p\ntasks: [{steps: [{cpu: 1ms}]}]\npipeline:\n  1️⃣items: 3\n\(Self.stages)",
      [("1️⃣", .invalidValue, "tasks or a pipeline, not both")])
  }

  @Test func stagesAreNamedOnceAndTakeNoOffload() {
    expectErrors("""
      name: p
      pipeline:
        items: 3
        stages:
          - {name: a, steps: [{io: 1ms}]}
          - {name: 1️⃣a, steps: [{io: 1ms}]}
          - {name: 2️⃣produce, steps: [{io: 1ms}]}
          - {name: c, steps: 3️⃣[{offload: thread, steps: [{cpu: 1ms}]}]}
      """, [("1️⃣", .duplicate, "two stages are named 'a'"), ("2️⃣", .invalidValue, "names the producer's work"),
        ("3️⃣", .invalidValue, "offload steps belong to task groups")])
  }
}

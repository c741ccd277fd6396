import Foundation
import ParsimScenario
import Testing

/// The distributions added for real workloads: `lognormal`, `mixture`, and `min`/`max`/`shift`.
/// Expected values come from the distributions' formulas, and pinned samples from an independent
/// Python implementation of SplitMix64 and of the documented draws.
@Suite struct DistributionTests {
  func samples(_ spec: DurationSpec, _ n: Int = 200_000, seed: UInt64 = 99) -> [Int64] {
    var g = SplitMix64(seed: seed)
    return (0..<n).map { spec.sample(&g, index: $0, count: n) }
  }

  @Test func lognormalHasItsMedianAndMean() {
    // median 20 ms, sigma 0.5: half the samples under 20 ms; mean 20 ms · e^(0.5²/2) = 22.66 ms.
    let spec = DurationSpec.lognormal(median: 20_000_000, sigma: 0.5)
    let xs = samples(spec).sorted()
    let median = Double(xs[xs.count / 2])
    let mean = Double(xs.reduce(0, +)) / Double(xs.count)
    #expect(abs(median - 20e6) / 20e6 < 0.01, "median \(median)")
    #expect(abs(mean - 20e6 * exp(0.125)) / (20e6 * exp(0.125)) < 0.01, "mean \(mean)")
    #expect(abs(spec.mean - 22_662_969) < 1)
  }

  @Test func lognormalSamplesArePinned() {
    // Python, from the documented draws: SplitMix64(42) gives u1 = 0.74156…, u2 = 0.15991…;
    // z = √(−2 ln(1 − u1))·cos(2π u2) = 0.88225; 20 ms · e^(0.5 z) = 31,089,083 ns. The next pair
    // gives 15,963,539 ns.
    var g = SplitMix64(seed: 42)
    let spec = DurationSpec.lognormal(median: 20_000_000, sigma: 0.5)
    #expect(spec.sample(&g, index: 0, count: 1) == 31_089_083)
    #expect(spec.sample(&g, index: 0, count: 1) == 15_963_539)
  }

  @Test func mixturePicksEachComponentByItsWeight() {
    // 90% fixed 10 ms, 10% exponential with mean 100 ms: mean 0.9·10 + 0.1·100 = 19 ms, and
    // 90% of the samples exactly 10 ms (an exponential sample hits 10 ms with probability ~0).
    let spec = DurationSpec.mixture([MixtureComponent(weight: 0.9, value: .fixed(10_000_000)),
      MixtureComponent(weight: 0.1, value: .exponential(mean: 100_000_000))])
    let xs = samples(spec)
    let mean = Double(xs.reduce(0, +)) / Double(xs.count)
    let fast = Double(xs.filter { $0 == 10_000_000 }.count) / Double(xs.count)
    #expect(abs(mean - 19e6) / 19e6 < 0.02, "mean \(mean)")
    #expect(abs(fast - 0.9) < 0.005, "fast share \(fast)")
    #expect(spec.mean == 19e6)
  }

  @Test func mixtureSamplesArePinned() {
    // Python: SplitMix64(7), weights 0.5 / 0.5 of 10 ms and exponential(100 ms): one draw picks
    // (u < 0.5: the first), the exponential draws once more.
    var g = SplitMix64(seed: 7)
    let spec = DurationSpec.mixture([MixtureComponent(weight: 1, value: .fixed(10_000_000)),
      MixtureComponent(weight: 1, value: .exponential(mean: 100_000_000))])
    let xs = (0..<6).map { _ in spec.sample(&g, index: 0, count: 1) }
    #expect(xs == [10_000_000, 10_000_000, 87_450_191, 10_000_000, 10_000_000, 10_000_000])
  }

  @Test func clampsAndShiftFollowTheCDF() {
    // exponential(10 ms) clamped to [2 ms, 30 ms]: P(X < 2 ms) = 1 − e^(−0.2) = 18.1% of the
    // samples sit at 2 ms; P(X > 30 ms) = e^(−3) = 4.98% at 30 ms.
    let clamped = DurationSpec.clamped(.exponential(mean: 10_000_000), min: 2_000_000, max: 30_000_000, shift: 0)
    let xs = samples(clamped)
    #expect(xs.allSatisfy { (2_000_000...30_000_000).contains($0) })
    let low = Double(xs.filter { $0 == 2_000_000 }.count) / Double(xs.count)
    let high = Double(xs.filter { $0 == 30_000_000 }.count) / Double(xs.count)
    #expect(abs(low - (1 - exp(-0.2))) < 0.005, "\(low)")
    #expect(abs(high - exp(-3)) < 0.003, "\(high)")
    // A shift of 5 ms moves the mean from 10 to 15 ms and the floor to 5 ms.
    let shifted = DurationSpec.clamped(.exponential(mean: 10_000_000), min: nil, max: nil, shift: 5_000_000)
    let ys = samples(shifted)
    #expect(ys.allSatisfy { $0 >= 5_000_000 })
    #expect(abs(Double(ys.reduce(0, +)) / Double(ys.count) - 15e6) / 15e6 < 0.01)
  }

  @Test func theLoaderReadsEveryForm() throws {
    let s = try ScenarioLoader.load(yaml: """
      name: d
      tasks:
        - steps:
          - io: {lognormal: [80ms, 0.6], min: 20ms}
          - io: {mixture: [{weight: 0.9, value: 50ms}, {weight: 0.1, value: {exponential: 2s, max: 10s}}]}
          - cpu: {exponential: 10ms, shift: 5ms}
      """, file: "d.yaml")
    #expect(s.tasks[0].steps == [
      .io(.clamped(.lognormal(median: 80_000_000, sigma: 0.6), min: 20_000_000, max: nil, shift: 0)),
      .io(.mixture([MixtureComponent(weight: 0.9, value: .fixed(50_000_000)),
        MixtureComponent(weight: 0.1, value: .clamped(.exponential(mean: 2_000_000_000), min: nil, max: 10_000_000_000, shift: 0))])),
      .cpu(.clamped(.exponential(mean: 10_000_000), min: nil, max: nil, shift: 5_000_000)),
    ])
    // Written back, each reads as itself.
    let again = try ScenarioLoader.load(yaml: ScenarioEmitter.yaml(s), file: "again.yaml")
    #expect(again.tasks == s.tasks)
  }

  @Test func badDistributionsAreLocated() {
    expectErrors("name: a\ntasks: [{steps: [{io: {lognormal: [80ms, 1️⃣9]}}]}]\n", [("1️⃣", .outOfRange, "lognormal sigma")])
    expectErrors("name: a\ntasks: [{steps: [{io: {lognormal: 1️⃣[80ms]}}]}]\n", [("1️⃣", .invalidValue, "[median, sigma]")])
    expectErrors("name: a\ntasks: [{steps: [{io: {mixture: [{weight: 1️⃣0, value: 1ms}]}}]}]\n",
      [("1️⃣", .invalidValue, "weight must be more than 0")])
    expectErrors("name: a\ntasks: [{steps: [{io: {mixture: [1️⃣{weight: 1}]}}]}]\n", [("1️⃣", .missingKey, "value")])
    expectErrors("name: a\ntasks: [{steps: [{io: {uniform: [1ms, 2ms], min: 5ms, max: 1️⃣3ms}}]}]\n",
      [("1️⃣", .invalidValue, "max must be at least min")])
    expectErrors("name: a\ntasks: [{steps: [{io: {lognormal: [1ms, 1], 1️⃣power: 2}}]}]\n",
      [("1️⃣", .invalidValue, "'power' belongs to a ramp only")])
  }
}

@Suite struct SemaphoreLoaderTests {
  @Test func semaphoresAndTheirStepsLoad() throws {
    let s = try ScenarioLoader.load(yaml: """
      name: s
      semaphores: {db: 4, http: 10}
      tasks: [{steps: [{semaphore: http, steps: [{io: 5ms}]}]}]
      """, file: "s.yaml")
    #expect(s.semaphores == [SemaphoreSpec(name: "db", value: 4), SemaphoreSpec(name: "http", value: 10)])
    #expect(s.tasks[0].steps == [.semaphore("http", [.io(.fixed(5_000_000))])])
    let again = try ScenarioLoader.load(yaml: ScenarioEmitter.yaml(s), file: "again.yaml")
    #expect(again == s)
  }

  @Test func badSemaphoresAreLocated() {
    expectErrors("name: a\nsemaphores: {db: 4}\ntasks: [{steps: [{semaphore: 1️⃣dv, steps: [{io: 1ms}]}]}]\n",
      [("1️⃣", .invalidValue, "unknown semaphore 'dv'")], hint: "did you mean 'db'?")
    expectErrors("name: a\ntasks: [{steps: [{semaphore: 1️⃣db, steps: [{io: 1ms}]}]}]\n",
      [("1️⃣", .invalidValue, "unknown semaphore 'db'")], hint: "semaphores: {db: 4}")
    expectErrors("name: a\nsemaphores: {db: 1️⃣0}\ntasks: [{steps: [{cpu: 1ms}]}]\n", [("1️⃣", .outOfRange, "semaphore 'db'")])
    expectErrors("name: a\nsemaphores: {db: 2}\ntasks: [{steps: [{1️⃣semaphore: db}]}]\n", [("1️⃣", .missingKey, "needs 'steps'")])
  }
}

@Suite struct OffloadLoaderTests {
  @Test func offloadStepsAndTheProcessPoolSizeLoad() throws {
    let s = try ScenarioLoader.load(yaml: """
      name: o
      tasks: [{steps: [{io: 80ms}, {offload: process, steps: [{cpu: 5ms}]}, {offload: thread, steps: [{native: 1ms}]}]}]
      models: [{asyncio: {offload_workers: 3, start_method: spawn}}]
      """, file: "o.yaml")
    #expect(s.tasks[0].steps == [.io(.fixed(80_000_000)), .offload(.process, [.cpu(.fixed(5_000_000))]),
      .offload(.thread, [.native(.fixed(1_000_000))])])
    #expect(s.models[0].offloadWorkers == 3 && s.models[0].startMethod == .spawn)
    let again = try ScenarioLoader.load(yaml: ScenarioEmitter.yaml(s), file: "again.yaml")
    #expect(again == s)
  }

  @Test func badOffloadsAreLocated() {
    expectErrors("name: a\ntasks: [{steps: [{offload: thread, steps: [{1️⃣offload: process, steps: [{cpu: 1ms}]}]}]}]\n",
      [("1️⃣", .invalidValue, "an offload cannot hold another offload")])
    expectErrors("name: a\ntasks: [{steps: [{offload: thread, 1️⃣steps: [{lock: l, steps: [{cpu: 1ms}]}]}]}]\n",
      [("1️⃣", .invalidValue, "cannot take the lock 'l'")])
    expectErrors("name: a\ntasks: [{steps: [{offload: 1️⃣fiber, steps: [{cpu: 1ms}]}]}]\n", [("1️⃣", .invalidValue, "fiber")])
    expectErrors("name: a\ntasks: [{steps: [{1️⃣offload: thread}]}]\n", [("1️⃣", .missingKey, "needs 'steps'")])
  }
}

@Suite struct SweepParameterTests {
  @Test func theNewModelParametersSweepOrNot() throws {
    // api is not a number to sweep; asyncio's process pool size is.
    #expect(!Sweep.parameters(for: .multiprocessing).contains("api"))
    #expect(Sweep.parameters(for: .asyncio) == ["limit", "offload_workers", "cores"])
    let s = try ScenarioLoader.load(yaml: "name: s\ntasks: [{steps: [{cpu: 1ms}]}]\nmodels: [asyncio]\n", file: "s.yaml")
    let (swept, i) = try #require(Sweep(model: "asyncio", parameter: "offload_workers", values: [3]).apply(3, to: s))
    #expect(swept.models[i].offloadWorkers == 3 && swept.models[i].workers == nil)
  }
}

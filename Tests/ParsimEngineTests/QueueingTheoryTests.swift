import Foundation
import ParsimEngine
import ParsimScenario
import Testing

/// The engine against queueing theory: an M/M/c queue of native (GIL-free) work.
@Suite struct QueueingTheoryTests {
  /// Erlang's C formula: the probability that an arrival waits, for c servers and load a = λ/μ.
  static func erlangC(servers c: Int, load a: Double) -> Double {
    var term = 1.0
    var sum = 1.0
    for k in 1..<c {
      term *= a / Double(k)
      sum += term
    }
    let last = term * a / Double(c) * Double(c) / (Double(c) - a)
    return last / (sum + last)
  }

  @Test func erlangCFormulaMatchesAKnownValue() {
    // Two servers, a = 1: C = 1/3.
    #expect(abs(Self.erlangC(servers: 2, load: 1) - 1.0 / 3) < 1e-12)
  }

  static func mmc(servers: Int, threads: Int) -> String {
    """
    name: mmc
    seed: 42
    machine:
      cores: \(threads)
      costs: {wakeup: 0, thread_start: 0, thread_boot: 0, sleep_overshoot: 0, gil_handoff: 0, native_chunk: 0}  # one release a step: pure service
    tasks:
      - count: 100000
        arrivals: {rate: 3200/s}
        steps: [{native: {exponential: 1ms}}]
    models: [{threading: {threads: \(threads)}}]
    """
  }

  @Test func mm4AtLoadPointEightMatchesErlangC() {
    // λ = 3200/s, μ = 1000/s, c = 4: ρ = 0.8.
    let queued = scenario(Self.mmc(servers: 4, threads: 4))
    let unqueued = scenario(Self.mmc(servers: 4, threads: 64))
    let withQueue = run(queued, queued.models[0], recording: false).metrics
    // With 64 servers nobody waits: the mean latency is the mean of these very service times.
    let service = run(unqueued, unqueued.models[0], recording: false).metrics
    let wait = (withQueue.latencyMean - service.latencyMean) / 1e9
    let lambda = 3200.0
    let mu = 1000.0
    let expected = Self.erlangC(servers: 4, load: lambda / mu) / (4 * mu - lambda)
    #expect(abs(wait - expected) / expected < 0.03, "mean wait \(wait * 1e3) ms, Erlang C \(expected * 1e3) ms")
    // And the servers were busy ρ of the time.
    #expect(abs(withQueue.coreUtilization - 0.8) < 0.02)
  }
}

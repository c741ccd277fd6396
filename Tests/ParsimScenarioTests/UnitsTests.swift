import ParsimScenario
import Testing

@Suite struct UnitsTests {
  @Test(arguments: [
    ("1.5ms", Int64(1_500_000)), ("3s", 3_000_000_000), ("250us", 250_000), ("250µs", 250_000),
    ("2min", 120_000_000_000), ("0", 0), ("0.1ns", 0), ("0.5ns", 1), ("1_000ms", 1_000_000_000),
    ("0.000001s", 1_000), (" 7 ms ", 7_000_000), ("24h", 86_400_000_000_000), ("+2ms", 2_000_000),
  ])
  func durations(text: String, ns: Int64) {
    #expect(Units.parseDuration(text) == .success(ns))
  }

  @Test func durationFailures() {
    #expect(Units.parseDuration("10") == .failure(.missingUnit))
    #expect(Units.parseDuration("ms") == .failure(.notANumber))
    #expect(Units.parseDuration("5 sec") == .failure(.unknownUnit("sec")))
    #expect(Units.parseDuration("-1ms") == .failure(.negative))
    #expect(Units.parseDuration("24.000000001h") == .failure(.tooLarge))
    #expect(Units.parseDuration("99999999999999999999s") == .failure(.tooLarge))
  }

  @Test func sizesAndRates() {
    #expect(Units.parseSize("1KB") == .success(1_000))
    #expect(Units.parseSize("1KiB") == .success(1_024))
    #expect(Units.parseSize("7.8KB") == .success(7_800))
    #expect(Units.parseSize("28") == .success(28))
    #expect(Units.parseSize("4MiB") == .success(4_194_304))
    #expect(Units.parseSize("16GiB") == .success(17_179_869_184))
    #expect(Units.parseSize("17GiB") == .failure(.tooLarge))
    #expect(Units.parseRate("20/s") == .success(20))
    #expect(Units.parseRate("3/ms") == .success(3_000))
    #expect(Units.parseRate("90/min") == .success(1.5))
    #expect(Units.parseRate("20") == .failure(.missingUnit))
  }

  @Test func formattingIsExactAndRoundTrips() {
    for ns: Int64 in [0, 1, 999, 1_000, 1_500, 1_500_000, 2_000_000_000, 1_234_567_891, 86_400_000_000_000] {
      #expect(Units.parseDuration(Units.formatDuration(ns)) == .success(ns), "\(ns)")
    }
    #expect(Units.formatDuration(1_500_000) == "1.5ms")
    #expect(Units.formatDuration(3_000_000_000) == "3s")
    for b: Int64 in [0, 1, 28, 1_000, 1_024, 7_800, 4_194_304, 1_000_001] {
      #expect(Units.parseSize(Units.formatSize(b)) == .success(b), "\(b)")
    }
  }
}

@Suite struct SamplingTests {
  @Test func generatorIsPinned() {
    // SplitMix64's published reference output for seed 1234567.
    var g = SplitMix64(seed: 1_234_567)
    #expect(g.next() == 6_457_827_717_110_365_317)
    #expect(g.next() == 3_203_168_211_198_807_973)
    #expect(g.next() == 9_817_491_932_198_370_423)
  }

  @Test func samplesAreReproducibleAndPerTask() {
    let spec = DurationSpec.uniform(10_000_000, 30_000_000)
    var a = SplitMix64(seed: 7, stream: 0, index: 3)
    var b = SplitMix64(seed: 7, stream: 0, index: 3)
    var c = SplitMix64(seed: 7, stream: 0, index: 4)
    let sa = (0..<5).map { _ in spec.sample(&a, index: 3, count: 6) }
    let sb = (0..<5).map { _ in spec.sample(&b, index: 3, count: 6) }
    let sc = (0..<5).map { _ in spec.sample(&c, index: 4, count: 6) }
    #expect(sa == sb)
    #expect(sa != sc)
    #expect(sa.allSatisfy { (10_000_000...30_000_000).contains($0) })
  }

  @Test(arguments: [
    DurationSpec.uniform(10_000, 30_000), .exponential(mean: 20_000), .normal(mean: 20_000, sd: 2_000),
    .choice([10_000, 30_000]),
  ])
  func sampleMeansMatchTheDistribution(spec: DurationSpec) {
    var g = SplitMix64(seed: 99)
    let n = 200_000
    var sum = 0.0
    for i in 0..<n { sum += Double(spec.sample(&g, index: i, count: n)) }
    let mean = sum / Double(n)
    #expect(abs(mean - spec.mean) / spec.mean < 0.01, "\(spec): \(mean) vs \(spec.mean)")
  }

  @Test func rampGrowsWithTheIndex() {
    var g = SplitMix64(seed: 0)
    let spec = DurationSpec.ramp(first: 0, last: 1_000_000, power: 2)
    #expect(spec.sample(&g, index: 0, count: 11) == 0)
    #expect(spec.sample(&g, index: 5, count: 11) == 250_000)
    #expect(spec.sample(&g, index: 10, count: 11) == 1_000_000)
    #expect(abs(spec.mean - 1_000_000.0 / 3) < 1)
  }
}

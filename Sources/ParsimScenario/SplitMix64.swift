/// The seeded generator behind every sampled duration: SplitMix64 (Steele, Lea & Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014), as in swift-argument-parser's
/// `Examples/roll/SplitMix64.swift`.
///
/// It is specified exactly (64-bit integer additions, multiplications and shifts), so the same
/// seed gives the same samples on every platform. Each task gets its own stream,
/// `SplitMix64(seed: scenarioSeed, stream: groupIndex, index: taskIndex)`, so a task's samples do
/// not depend on the model that runs it or on the order in which tasks happen to run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// A generator for task `index` of task group `stream` in a scenario seeded with `seed`.
  public init(seed: UInt64, stream: Int, index: Int) {
    var mixer = SplitMix64(seed: seed ^ 0x6A09_E667_F3BC_C909)
    let a = mixer.next() &+ UInt64(truncatingIfNeeded: stream) &* 0x9E37_79B9_7F4A_7C15
    var mixer2 = SplitMix64(seed: a)
    state = mixer2.next() &+ UInt64(truncatingIfNeeded: index) &* 0xBF58_476D_1CE4_E5B9
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A double in [0, 1) from the top 53 bits.
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }
}

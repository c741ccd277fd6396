import Foundation

/// A duration in a scenario: fixed, or drawn from a distribution for each occurrence.
///
/// All values are nanoseconds. Samples are rounded to the nearest nanosecond and never negative.
/// The distributions, and how each draws from ``SplitMix64``:
/// - `uniform: [a, b]`: `a + u·(b − a)`, one draw `u` in [0, 1).
/// - `exponential: mean`: `−mean·ln(1 − u)`.
/// - `normal: [mean, sd]`: Box–Muller, `mean + sd·√(−2 ln(1 − u₁))·cos(2π u₂)`, clamped at 0.
/// - `choice: [d₁, d₂, …]`: `d[⌊u·n⌋]`.
/// - `ramp: [first, last]` with `power: p` (default 1): no draw; the task at index `i` of a group of
///   `n` gets `first + (last − first)·(i / (n − 1))^p`: work that grows with the item, such as
///   `number**number` over `range(n)`.
/// - `lognormal: [median, sigma]`: `median·exp(sigma·z)`, `z` drawn as for `normal` (two draws):
///   latencies with a long tail.
/// - `mixture: [{weight: w, value: d}, …]`: one draw `u` picks the first component whose
///   cumulative weight passes `u·Σw`; then that component is sampled (fast and slow requests).
/// - `min:`, `max:`, `shift:` beside any distribution: the sample plus `shift`, clamped to
///   `[min, max]` (a floor such as a round trip, a ceiling such as a time-out).
public indirect enum DurationSpec: Hashable, Sendable {
  case fixed(Int64)
  case uniform(Int64, Int64)
  case exponential(mean: Int64)
  case normal(mean: Int64, sd: Int64)
  case choice([Int64])
  case ramp(first: Int64, last: Int64, power: Double)
  case lognormal(median: Int64, sigma: Double)
  case mixture([MixtureComponent])
  /// A distribution with `shift` added and the result clamped to `[min, max]`.
  case clamped(DurationSpec, min: Int64?, max: Int64?, shift: Int64)

  /// True when the value never varies (so no generator draw is needed).
  public var isFixed: Bool {
    if case .fixed = self { return true }
    return false
  }

  /// The expected value in nanoseconds (over tasks, for `ramp`).
  public var mean: Double {
    switch self {
    case .fixed(let v): return Double(v)
    case .uniform(let a, let b): return (Double(a) + Double(b)) / 2
    case .exponential(let m): return Double(m)
    case .normal(let m, _): return Double(m)
    case .choice(let vs): return vs.isEmpty ? 0 : Double(vs.reduce(0, +)) / Double(vs.count)
    case .ramp(let f, let l, let p): return Double(f) + (Double(l) - Double(f)) / (p + 1)
    case .lognormal(let m, let s): return Double(m) * exp(s * s / 2)
    case .mixture(let cs):
      let total = cs.reduce(0) { $0 + $1.weight }
      return total > 0 ? cs.reduce(0) { $0 + $1.weight * $1.value.mean } / total : 0
    case .clamped(let d, let lo, let hi, let shift):
      // The mean of the clamped distribution is not the clamped mean; this is an estimate
      // (used for event budgets and summaries, never for sampling).
      var m = d.mean + Double(shift)
      if let lo { m = Swift.max(m, Double(lo)) }
      if let hi { m = Swift.min(m, Double(hi)) }
      return Swift.max(0, m)
    }
  }

  /// The largest value a sample can take (a bound used for limits; `normal` uses mean + 10 sd).
  public var upperBound: Int64 {
    switch self {
    case .fixed(let v): return v
    case .uniform(let a, let b): return max(a, b)
    case .exponential(let m): return m.multipliedReportingOverflow(by: 50).overflow ? .max : m * 50
    case .normal(let m, let s): return m &+ s.multipliedReportingOverflow(by: 10).partialValue
    case .choice(let vs): return vs.max() ?? 0
    case .ramp(let f, let l, _): return max(f, l)
    case .lognormal(let m, let s):
      // median · e^(8 sigma): beyond 8 sd of the normal it is drawn from.
      let b = Double(m) * exp(8 * s)
      return b >= Double(Int64.max) / 2 ? .max : Int64(b)
    case .mixture(let cs): return cs.map(\.value.upperBound).max() ?? 0
    case .clamped(let d, _, let hi, let shift):
      let b = d.upperBound.addingReportingOverflow(shift)
      let bound = b.overflow ? Int64.max : Swift.max(0, b.partialValue)
      return hi.map { Swift.min($0, bound) } ?? bound
    }
  }

  /// One sample for the task at `index` of a group of `count` tasks.
  ///
  /// - Complexity: O(1); draws 0, 1 or 2 numbers from `rng`.
  @inlinable
  public func sample(_ rng: inout SplitMix64, index: Int, count: Int) -> Int64 {
    switch self {
    case .fixed(let v): return v
    default: return sampleSlow(&rng, index: index, count: count)
    }
  }

  @usableFromInline
  func sampleSlow(_ rng: inout SplitMix64, index: Int, count: Int) -> Int64 {
    switch self {
    case .fixed(let v):
      return v
    case .uniform(let a, let b):
      let u = rng.nextUnit()
      return Self.rounded(Double(a) + u * (Double(b) - Double(a)))
    case .exponential(let m):
      let u = rng.nextUnit()
      return Self.rounded(-Double(m) * log(1 - u))
    case .normal(let m, let s):
      let u1 = rng.nextUnit()
      let u2 = rng.nextUnit()
      let z = (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
      return Self.rounded(Double(m) + Double(s) * z)
    case .choice(let vs):
      guard !vs.isEmpty else { return 0 }
      let u = rng.nextUnit()
      return vs[min(vs.count - 1, Int(u * Double(vs.count)))]
    case .ramp(let f, let l, let p):
      guard count > 1 else { return f }
      let x = Double(index) / Double(count - 1)
      return Self.rounded(Double(f) + (Double(l) - Double(f)) * pow(x, p))
    case .lognormal(let m, let s):
      let u1 = rng.nextUnit()
      let u2 = rng.nextUnit()
      let z = (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
      return Self.rounded(Double(m) * exp(s * z))
    case .mixture(let cs):
      let total = cs.reduce(0) { $0 + $1.weight }
      var pick = rng.nextUnit() * total
      for c in cs.dropLast() {
        if pick < c.weight { return c.value.sample(&rng, index: index, count: count) }
        pick -= c.weight
      }
      return cs.last?.value.sample(&rng, index: index, count: count) ?? 0
    case .clamped(let d, let lo, let hi, let shift):
      var v = d.sample(&rng, index: index, count: count).addingReportingOverflow(shift).partialValue
      if let lo { v = Swift.max(v, lo) }
      if let hi { v = Swift.min(v, hi) }
      return Swift.max(0, v)
    }
  }

  static func rounded(_ v: Double) -> Int64 {
    guard v.isFinite, v > 0 else { return 0 }
    if v >= Double(Units.maxDuration) * 50 { return Units.maxDuration * 50 }
    return Int64(v + 0.5)  // round half up; v > 0 here
  }
}

/// One component of a `mixture`: its weight (relative to the others) and its distribution.
public struct MixtureComponent: Hashable, Sendable {
  public var weight: Double
  public var value: DurationSpec
  public init(weight: Double, value: DurationSpec) {
    self.weight = weight
    self.value = value
  }
}

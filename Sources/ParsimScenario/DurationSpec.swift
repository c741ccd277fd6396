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
public enum DurationSpec: Hashable, Sendable {
  case fixed(Int64)
  case uniform(Int64, Int64)
  case exponential(mean: Int64)
  case normal(mean: Int64, sd: Int64)
  case choice([Int64])
  case ramp(first: Int64, last: Int64, power: Double)

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
    }
  }

  static func rounded(_ v: Double) -> Int64 {
    guard v.isFinite, v > 0 else { return 0 }
    if v >= Double(Units.maxDuration) * 50 { return Units.maxDuration * 50 }
    return Int64(v + 0.5)  // round half up; v > 0 here
  }
}

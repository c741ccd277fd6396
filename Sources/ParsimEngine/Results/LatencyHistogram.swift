/// Task latencies in fixed memory: a log-linear histogram (HdrHistogram's layout) with 1,024
/// sub-buckets per power of two, so any percentile is within 0.1% of the exact value.
///
/// Written here rather than taken from hdrhistogram-swift because the engine needs a value type
/// that never allocates after creation and whose results are identical on every platform.
public struct LatencyHistogram: Hashable, Sendable {
  static let subBits = 10
  static let subCount = 1 << subBits
  var counts: [UInt64]
  public private(set) var count: UInt64 = 0
  public private(set) var sum: Double = 0
  public private(set) var maximum: Int64 = 0

  public init() { counts = [UInt64](repeating: 0, count: (64 - Self.subBits + 1) * Self.subCount) }

  @inline(__always) static func bucket(_ v: Int64) -> Int {
    let x = UInt64(max(0, v))
    if x < UInt64(subCount) { return Int(x) }
    let exponent = 63 - x.leadingZeroBitCount - subBits + 1  // ≥ 1
    let sub = Int(x >> UInt64(exponent)) - subCount / 2  // 512..<1024 → 0..<512
    return subCount + (exponent - 1) * (subCount / 2) + sub
  }

  static func value(ofBucket b: Int) -> Int64 {
    if b < subCount { return Int64(b) }
    let exponent = (b - subCount) / (subCount / 2) + 1
    let sub = (b - subCount) % (subCount / 2) + subCount / 2
    // The middle of the bucket's range.
    let low = Int64(sub) << Int64(exponent)
    return low + (Int64(1) << Int64(exponent)) / 2
  }

  /// Adds one latency in nanoseconds.
  ///
  /// - Complexity: O(1), no allocation.
  public mutating func record(_ v: Int64) {
    counts[Self.bucket(v)] += 1
    count += 1
    sum += Double(v)
    if v > maximum { maximum = v }
  }

  public var mean: Double { count == 0 ? 0 : sum / Double(count) }

  /// The value below which `p` (0–1) of the recorded latencies fall.
  public func percentile(_ p: Double) -> Int64 {
    guard count > 0 else { return 0 }
    let rank = max(1, UInt64((p * Double(count)).rounded(.up)))
    var seen: UInt64 = 0
    for (b, c) in counts.enumerated() where c > 0 {
      seen += c
      if seen >= rank { return min(Self.value(ofBucket: b), maximum) }
    }
    return maximum
  }
}

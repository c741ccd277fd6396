import Foundation

/// Amdahl's law, S(n) = 1 / ((1 − p) + p / n), fitted to a sweep only where it applies: where
/// CPU parallelism bounds the speed-up, so that at most `cap` workers compute at once.
public struct AmdahlFit: Hashable, Sendable {
  /// The parallel fraction p.
  public var fraction: Double
  /// At most this many compute at once (the cores for processes, the workers for a cores sweep):
  /// the law is applied to min(n, cap).
  public var cap: Int?

  public init(fraction: Double, cap: Int?) {
    self.fraction = fraction
    self.cap = cap
  }

  /// The speed-up the law gives at n.
  public func speedup(_ n: Double) -> Double {
    let effective = max(1, min(n, Double(cap ?? Int.max)))
    return 1 / ((1 - fraction) + fraction / effective)
  }

  /// How far the points may lie from the fitted curve (root mean square of relative errors), or
  /// above the CPU's bound, before the fit is left out as not describing them.
  public static let tolerance = 0.10

  /// The least-squares fit (to 0.001) of the points, or the reason the law does not describe
  /// them: a point faster than `cap` workers computing at once could be (waits overlapped, not
  /// CPU), or points that stray from the best curve by more than the tolerance.
  public static func fit(_ points: [SpeedupChart.Series.Point], cap: Int?) -> Result<AmdahlFit, Unfit> {
    guard !points.isEmpty else { return .failure(Unfit(reason: "no points")) }
    for q in points {
      let bound = Double(max(1, min(q.workers, cap ?? q.workers)))
      if q.speedup > bound * (1 + tolerance) {
        return .failure(Unfit(reason: String(format: "no Amdahl fit: at %d the speed-up (%.1f×) passes the %.0f× that %@ computing at once allow, so overlapped waits, not the CPU, set it", q.workers, q.speedup, bound, bound == 1 ? "one worker" : "\(Int(bound)) workers")))
      }
    }
    func sse(_ p: Double) -> Double {
      let f = AmdahlFit(fraction: p, cap: cap)
      return points.reduce(0) { acc, q in
        let e = (f.speedup(Double(q.workers)) - q.speedup) / max(q.speedup, 1e-9)
        return acc + e * e
      }
    }
    var best = 0.0
    var bestError = Double.infinity
    for i in 0...1000 {
      let p = Double(i) / 1000
      let e = sse(p)
      if e < bestError {
        bestError = e
        best = p
      }
    }
    let rms = (bestError / Double(points.count)).squareRoot()
    if rms > tolerance {
      return .failure(Unfit(reason: String(format: "no Amdahl fit: the best curve misses the points by %.0f%% on average", rms * 100)))
    }
    return .success(AmdahlFit(fraction: best, cap: cap))
  }

  /// Why no fit is drawn.
  public struct Unfit: Error, Hashable, Sendable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
  }
}

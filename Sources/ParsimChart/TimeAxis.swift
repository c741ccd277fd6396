import Foundation
import ParsimEngine

/// Round tick positions and labels for a time axis from 0 to `end`.
public struct TimeAxis: Hashable, Sendable {
  public var ticks: [SimTime]
  public var labels: [String]
  public var unit: String
  public var end: SimTime

  /// About one tick per `spacing` pixels, at 1, 2 or 5 × 10^k nanoseconds.
  public init(end: SimTime, pixels: Double, spacing: Double = 90) {
    let span = max(end, 1)
    let target = max(2, Int(pixels / spacing))
    let raw = Double(span) / Double(target)
    var step = 1.0
    while step * 10 <= raw { step *= 10 }
    if step * 5 <= raw { step *= 5 } else if step * 2 <= raw { step *= 2 }
    if step < 1 { step = 1 }
    let stepNS = SimTime(step)
    // The unit suits the whole axis (5.5 s, not 5500 ms), and is never coarser than the step
    // allows with three decimals.
    let (unitName, unitSize): (String, Double)
    switch min(span, stepNS * 1000) {
    case 60_000_000_000...: (unitName, unitSize) = ("min", 60e9)
    case 1_000_000_000...: (unitName, unitSize) = ("s", 1e9)
    case 1_000_000...: (unitName, unitSize) = ("ms", 1e6)
    case 1_000...: (unitName, unitSize) = ("µs", 1e3)
    default: (unitName, unitSize) = ("ns", 1)
    }
    var decimals = 0
    var s = Double(stepNS) / unitSize
    while s < 1 - 1e-9, decimals < 3 {
      decimals += 1
      s *= 10
    }
    if (Double(stepNS) / unitSize * pow(10, Double(decimals))).truncatingRemainder(dividingBy: 1) > 1e-6 { decimals += 1 }
    var ticks: [SimTime] = []
    var t: SimTime = 0
    while t <= span {
      ticks.append(t)
      t += stepNS
    }
    self.ticks = ticks
    self.unit = unitName
    self.end = span
    labels = ticks.map { tick in
      let v = Double(tick) / unitSize
      return String(format: "%.\(decimals)f", v) + (tick == 0 ? "" : " " + unitName)
    }
  }
}

import Foundation
import ParsimEngine

/// Round tick positions and labels for a time axis from `start` (0 unless zoomed) to `end`.
public struct TimeAxis: Hashable, Sendable {
  public var ticks: [SimTime]
  public var labels: [String]
  public var unit: String
  public var start: SimTime
  public var end: SimTime

  /// About one tick per `spacing` pixels, at 1, 2 or 5 × 10^k nanoseconds.
  public init(start: SimTime = 0, end: SimTime, pixels: Double, spacing: Double = 70) {
    let start = max(0, min(start, end - 1))
    let span = max(end - start, 1)
    let target = max(2, Int(pixels / spacing))
    let raw = Double(span) / Double(target)
    // The smallest 1, 2 or 5 × 10^k step that gives at most `target` ticks.
    var step = 1.0
    while step * 10 < raw { step *= 10 }
    if step < raw { step = step * 2 >= raw ? step * 2 : step * 5 >= raw ? step * 5 : step * 10 }
    let stepNS = SimTime(step)
    // The unit suits the whole axis (5.5 s, not 5500 ms), unless the step would need more than
    // three decimals in it.
    let units: [(String, Double)] = [("min", 60e9), ("s", 1e9), ("ms", 1e6), ("µs", 1e3), ("ns", 1)]
    let magnitude = Double(max(span, end))
    var choice = units.firstIndex { magnitude >= ($0.0 == "min" ? 600e9 : $0.1) } ?? units.count - 1
    while choice < units.count - 1, Double(stepNS) < units[choice].1 / 1000 { choice += 1 }
    let (unitName, unitSize) = units[choice]
    var decimals = 0
    var s = Double(stepNS) / unitSize
    while s < 1 - 1e-9, decimals < 3 {
      decimals += 1
      s *= 10
    }
    if (Double(stepNS) / unitSize * pow(10, Double(decimals))).truncatingRemainder(dividingBy: 1) > 1e-6 { decimals += 1 }
    var ticks: [SimTime] = []
    // The first multiple of the step at or after the start.
    var t = (start + stepNS - 1) / stepNS * stepNS
    while t <= start + span {
      ticks.append(t)
      t += stepNS
    }
    self.ticks = ticks
    self.unit = unitName
    self.start = start
    self.end = start + span
    labels = ticks.map { tick in
      let v = Double(tick) / unitSize
      return tick == 0 ? "0" : String(format: "%.\(decimals)f", v) + " " + unitName
    }
  }
}

import Foundation
import ParsimEngine

/// Speed-up against a swept parameter, one line per model, with the bounds the model and the
/// parameter set (the ideal line, the cores) and an Amdahl fit where the law applies.
public enum SpeedupChart {
  public struct Series: Hashable, Sendable {
    public var label: String
    /// (workers, speed-up) pairs.
    public var points: [Point]
    /// The fit, or why none is drawn (nil: no fit asked for).
    public var amdahl: Result<AmdahlFit, AmdahlFit.Unfit>?
    public init(label: String, points: [Point], amdahl: Result<AmdahlFit, AmdahlFit.Unfit>? = nil) {
      self.label = label
      self.points = points
      self.amdahl = amdahl
    }
    public struct Point: Hashable, Sendable {
      public var workers: Int
      public var speedup: Double
      public init(workers: Int, speedup: Double) {
        self.workers = workers
        self.speedup = speedup
      }
    }
  }

  /// A dashed bound: y = min(x, cap), e.g. "ideal: speed-up = workers" or "2 cores".
  public struct Bound: Hashable, Sendable {
    public var label: String
    public var cap: Int?
    public init(label: String, cap: Int?) {
      self.label = label
      self.cap = cap
    }
  }

  public static func scene(_ series: [Series], title: String, subtitle: String, style: ChartStyle,
    measurer: any TextMeasuring, axisLabel: String = "workers", bounds: [Bound]? = nil) -> Scene
  {
    let bounds = bounds ?? [Bound(label: "ideal: speed-up = \(axisLabel)", cap: nil)]
    var b = SceneBuilder(theme: style.theme, measurer: measurer)
    let m = Metrics_.margin
    let w = style.width
    var y = b.header(title: title, subtitle: subtitle, width: w) + 6
    let plotTop = y
    let plotHeight = min(460, max(260, w * 0.42))
    let workers = series.flatMap { $0.points.map(\.workers) }
    let minW = max(1, workers.min() ?? 1)
    let maxW = max(minW + 1, workers.max() ?? 2)
    let useLog = Double(maxW) / Double(minW) >= 16
    let maxS = max(1.0, series.flatMap { $0.points.map(\.speedup) }.max() ?? 1) * 1.12
    // y ticks
    let steps: [Double] = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
    let step = steps.first { maxS / $0 <= 8 } ?? 1000
    let yTickLabelWidth = measurer.width(of: String(format: "%.1f×", maxS), size: Metrics_.tickSize, bold: false)
    let x0 = m + yTickLabelWidth + 36
    let x1 = w - m
    func px(_ n: Double) -> Double {
      useLog
        ? x0 + (log2(n) - log2(Double(minW))) / (log2(Double(maxW)) - log2(Double(minW))) * (x1 - x0)
        : x0 + (n - Double(minW)) / Double(maxW - minW) * (x1 - x0)
    }
    func py(_ s: Double) -> Double { plotTop + plotHeight - s / maxS * plotHeight }
    var t = 0.0
    while t <= maxS + 1e-9 {
      b.line([Scene.Point(x0, py(t)), Scene.Point(x1, py(t))], style.theme.grid)
      let label = step < 1 ? String(format: "%.1f×", t) : String(format: "%.0f×", t)
      b.text(label, x0 - 8, py(t) + 4, size: Metrics_.tickSize, color: style.theme.mutedText, anchor: .end)
      t += step
    }
    let ticks = Array(Set(workers)).sorted()
    for n in ticks {
      b.line([Scene.Point(px(Double(n)), plotTop), Scene.Point(px(Double(n)), plotTop + plotHeight)], style.theme.grid)
      b.text("\(n)", px(Double(n)), plotTop + plotHeight + 17, size: Metrics_.tickSize, color: style.theme.mutedText, anchor: .middle)
    }
    b.line([Scene.Point(x0, plotTop + plotHeight), Scene.Point(x1, plotTop + plotHeight)], style.theme.axis)
    b.line([Scene.Point(x0, plotTop), Scene.Point(x0, plotTop + plotHeight)], style.theme.axis)
    b.text(axisLabel, (x0 + x1) / 2, plotTop + plotHeight + 36, size: Metrics_.labelSize, color: style.theme.mutedText, anchor: .middle)
    b.text("speed-up", x0 - 8, plotTop - 10, size: Metrics_.labelSize, color: style.theme.mutedText, anchor: .end)
    func sample(_ k: Int) -> Double {
      useLog
        ? pow(2, log2(Double(minW)) + (log2(Double(maxW)) - log2(Double(minW))) * Double(k) / 60)
        : Double(minW) + Double(maxW - minW) * Double(k) / 60
    }
    var entries: [SceneBuilder.LegendEntry] = []
    // Bounds: y = min(x, cap), drawn up to the top of the plot.
    for (i, bound) in bounds.enumerated() {
      let color = i == 0 ? style.theme.axis : style.theme.mutedText
      var points: [Scene.Point] = []
      for k in 0...60 {
        let n = sample(k)
        let v = min(n, Double(bound.cap ?? Int.max))
        if v > maxS { break }
        points.append(Scene.Point(px(n), py(v)))
      }
      if points.count > 1 {
        b.line(points, color, width: 1.5, dash: i == 0 ? [6, 4] : [2, 3])
        entries.append(.init(label: bound.label, fill: color, marker: .dashedLine))
      }
    }
    for (i, s) in series.enumerated() {
      let color = style.theme.categorical(i)
      let points = s.points.sorted { $0.workers < $1.workers }
      if case .success(let fit)? = s.amdahl {
        let curve = (0...60).map { Scene.Point(px(sample($0)), py(min(maxS, fit.speedup(sample($0))))) }
        b.line(curve, color.withAlpha(0.7), width: 1.2, dash: [3, 3])
      }
      b.line(points.map { Scene.Point(px(Double($0.workers)), py($0.speedup)) }, color, width: 2.2)
      for q in points { b.completionMarker(px(Double(q.workers)), py(q.speedup), color) }
      entries.append(.init(label: s.label, fill: color, marker: .solidLine))
      switch s.amdahl {
      case .success(let fit)?:
        entries.append(.init(label: String(format: "Amdahl fit, parallel fraction %.3f", fit.fraction)
          + (fit.cap.map { ", at most \($0) at once" } ?? ""), fill: color.withAlpha(0.7), marker: .dashedLine))
      case .failure(let unfit)?:
        entries.append(.init(label: unfit.reason, fill: color.withAlpha(0.35)))
      case nil:
        break
      }
    }
    y = plotTop + plotHeight + 56
    y += b.legend(entries, x: m, y: y, maxWidth: w - 2 * m)
    return b.scene(width: w, height: (y + m - 8).rounded(.up))
  }
}

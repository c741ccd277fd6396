import Foundation
import ParsimEngine

/// Speed-up against worker count, one line per model, with the ideal line and an Amdahl fit.
public enum SpeedupChart {
  public struct Series: Hashable, Sendable {
    public var label: String
    /// (workers, speed-up) pairs.
    public var points: [Point]
    public init(label: String, points: [Point]) {
      self.label = label
      self.points = points
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

  /// The parallel fraction p of Amdahl's law, S(n) = 1 / ((1 − p) + p / n), that best fits the
  /// points in least squares (to 0.001).
  ///
  /// - Parameter cores: when the workers share this many cores, at most that many run at once,
  ///   so the law is applied to `min(workers, cores)`.
  public static func amdahlFit(_ points: [Series.Point], cores: Int? = nil) -> Double {
    func sse(_ p: Double) -> Double {
      points.reduce(0) { acc, q in
        let n = Double(max(1, min(q.workers, cores ?? q.workers)))
        let s = 1 / ((1 - p) + p / n)
        return acc + (s - q.speedup) * (s - q.speedup)
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
    return best
  }

  public static func scene(_ series: [Series], title: String, subtitle: String, style: ChartStyle,
    measurer: any TextMeasuring, axisLabel: String = "workers", cores: Int? = nil) -> Scene
  {
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
    // Ideal: speed-up equal to the workers, up to the top of the plot.
    var ideal: [Scene.Point] = []
    for i in 0...60 {
      let n = useLog
        ? pow(2, log2(Double(minW)) + (log2(Double(maxW)) - log2(Double(minW))) * Double(i) / 60)
        : Double(minW) + Double(maxW - minW) * Double(i) / 60
      if n > maxS { break }
      ideal.append(Scene.Point(px(n), py(n)))
    }
    if ideal.count > 1 { b.line(ideal, style.theme.axis, width: 1.5, dash: [6, 4]) }
    var entries: [SceneBuilder.LegendEntry] = [.init(label: "ideal (speed-up = \(axisLabel))", fill: style.theme.axis, marker: .dashedLine)]
    for (i, s) in series.enumerated() {
      let color = style.theme.categorical(i)
      let points = s.points.sorted { $0.workers < $1.workers }
      let p = amdahlFit(points, cores: cores)
      var curve: [Scene.Point] = []
      for k in 0...60 {
        let n = useLog
          ? pow(2, log2(Double(minW)) + (log2(Double(maxW)) - log2(Double(minW))) * Double(k) / 60)
          : Double(minW) + Double(maxW - minW) * Double(k) / 60
        let effective = min(n, Double(cores ?? Int.max))
        curve.append(Scene.Point(px(n), py(min(maxS, 1 / ((1 - p) + p / effective)))))
      }
      b.line(curve, color.withAlpha(0.7), width: 1.2, dash: [3, 3])
      b.line(points.map { Scene.Point(px(Double($0.workers)), py($0.speedup)) }, color, width: 2.2)
      for q in points { b.completionMarker(px(Double(q.workers)), py(q.speedup), color) }
      entries.append(.init(label: s.label, fill: color, marker: .solidLine))
      entries.append(.init(label: String(format: "Amdahl fit, parallel fraction %.3f", p) + (cores.map { " on \($0) cores" } ?? ""),
        fill: color.withAlpha(0.7), marker: .dashedLine))
    }
    y = plotTop + plotHeight + 56
    y += b.legend(entries, x: m, y: y, maxWidth: w - 2 * m)
    return b.scene(width: w, height: (y + m - 8).rounded(.up))
  }
}

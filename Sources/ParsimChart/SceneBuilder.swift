import Foundation
import ParsimEngine

/// Accumulates scene items, with helpers for text, axes and legends.
struct SceneBuilder {
  var items: [Scene.Item] = []
  let theme: Theme
  let measurer: any TextMeasuring

  mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ fill: Color, hatch: Color? = nil,
    stroke: Color? = nil, radius: Double = 0)
  {
    items.append(.rect(Scene.Rect(x: x, y: y, width: w, height: h, fill: fill, stroke: stroke, hatch: hatch,
      cornerRadius: radius)))
  }

  mutating func line(_ points: [Scene.Point], _ color: Color, width: Double = 1, dash: [Double] = []) {
    items.append(.line(Scene.Line(points: points, color: color, width: width, dash: dash)))
  }

  mutating func text(_ s: String, _ x: Double, _ y: Double, size: Double, bold: Bool = false, color: Color? = nil,
    anchor: Scene.Text.Anchor = .start)
  {
    guard !s.isEmpty else { return }
    items.append(.text(Scene.Text(x: x, y: y, string: s, size: size, bold: bold, color: color ?? theme.text, anchor: anchor)))
  }

  mutating func polygon(_ points: [Scene.Point], _ fill: Color, hatch: Color? = nil) {
    items.append(.polygon(Scene.Polygon(points: points, fill: fill, hatch: hatch)))
  }

  /// Several outlines filled together as one item.
  mutating func polygon(rings: [[Scene.Point]], _ fill: Color, hatch: Color? = nil) {
    guard !rings.isEmpty else { return }
    items.append(.polygon(Scene.Polygon(rings: rings, fill: fill, hatch: hatch)))
  }

  func width(_ s: String, _ size: Double, bold: Bool = false) -> Double {
    measurer.width(of: s, size: size, bold: bold)
  }

  /// A time axis under a plot from x0 to x1 at y; grid lines up to `gridTop`. Returns its height.
  mutating func timeAxis(_ axis: TimeAxis, x0: Double, x1: Double, y: Double, gridTop: Double) -> Double {
    let scale = (x1 - x0) / Double(max(1, axis.end - axis.start))
    var lastRight = -Double.infinity
    for (tick, label) in zip(axis.ticks, axis.labels) {
      let x = x0 + Double(tick - axis.start) * scale
      guard x <= x1 + 0.5 else { continue }
      line([Scene.Point(x, gridTop), Scene.Point(x, y)], theme.grid, width: 1)
      line([Scene.Point(x, y), Scene.Point(x, y + 4)], theme.axis, width: 1)
      let w = width(label, Metrics_.tickSize)
      let left = x - w / 2
      // Skip a label that would overlap its neighbour or run off the plot.
      if left > lastRight + 6, x + w / 2 <= x1 + 20 {
        text(label, x, y + 17, size: Metrics_.tickSize, color: theme.mutedText, anchor: .middle)
        lastRight = x + w / 2
      }
    }
    line([Scene.Point(x0, y), Scene.Point(x1, y)], theme.axis, width: 1)
    return 24
  }

  struct LegendEntry {
    var label: String
    var fill: Color
    var hatch: Color?
    var marker: Marker?
    enum Marker { case arrival, completion, dashedLine, solidLine, stack }
  }

  /// Legend entries in rows that wrap at `maxWidth`. Returns the height used.
  mutating func legend(_ entries: [LegendEntry], x: Double, y: Double, maxWidth: Double) -> Double {
    guard !entries.isEmpty else { return 0 }
    let size = Metrics_.legendSize
    let rowHeight = 20.0
    var cx = x
    var cy = y
    for e in entries {
      let label = measurer.fit(e.label, size: size, maxWidth: maxWidth - 30)
      let w = 14 + 6 + width(label, size) + 18
      if cx + w > x + maxWidth, cx > x {
        cx = x
        cy += rowHeight
      }
      switch e.marker {
      case .arrival?: arrivalMarker(cx + 7, cy + 3, e.fill)
      case .completion?: completionMarker(cx + 7, cy + 7, e.fill)
      case .dashedLine?: line([Scene.Point(cx, cy + 7), Scene.Point(cx + 14, cy + 7)], e.fill, width: 2, dash: [4, 3])
      case .solidLine?: line([Scene.Point(cx, cy + 7), Scene.Point(cx + 14, cy + 7)], e.fill, width: 2)
      case .stack?:
        // A pixel column of two states, one above the other.
        rect(cx, cy + 1, 14, 5, e.fill.mixed(with: theme.background, 0.5))
        rect(cx, cy + 6, 14, 7, e.fill)
      case nil: rect(cx, cy + 1, 14, 12, e.fill, hatch: e.hatch, radius: 2)
      }
      text(label, cx + 20, cy + 11.5, size: size, color: theme.text)
      cx += w
    }
    return cy - y + rowHeight
  }

  mutating func arrivalMarker(_ x: Double, _ y: Double, _ color: Color) {
    polygon([Scene.Point(x - 4, y), Scene.Point(x + 4, y), Scene.Point(x, y + 6)], color)
  }

  mutating func completionMarker(_ x: Double, _ y: Double, _ color: Color) {
    var points: [Scene.Point] = []
    for k in 0..<8 {
      let a = Double(k) * .pi / 4 + .pi / 8
      points.append(Scene.Point(x + 3.6 * cos(a), y + 3.6 * sin(a)))
    }
    polygon(points, color)
  }

  /// A chart's title (bold, wrapped on up to three lines) and optional muted subtitle (wrapped on
  /// up to two) at the top margin. Returns the y below them.
  mutating func header(title: String, subtitle: String?, width w: Double) -> Double {
    let m = Metrics_.margin
    var y = m + 16
    for line in measurer.wrap(title, size: Metrics_.titleSize, bold: true, maxWidth: w - 2 * m, maxLines: 3) {
      text(line, m, y, size: Metrics_.titleSize, bold: true)
      y += 22
    }
    if let subtitle {
      for line in measurer.wrap(subtitle, size: Metrics_.subtitleSize, maxWidth: w - 2 * m, maxLines: 2) {
        text(line, m, y, size: Metrics_.subtitleSize, color: theme.mutedText)
        y += 18
      }
    }
    return y
  }

  func scene(width: Double, height: Double) -> Scene {
    Scene(width: width, height: height, background: theme.background, items: items)
  }
}

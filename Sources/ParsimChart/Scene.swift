/// A chart as pure data: shapes and text in pixels, top-left origin, drawn in order.
///
/// Layout code builds a `Scene` from traces; a renderer (Cairo, in `ParsimCairo`) draws it to
/// PNG, SVG or PDF. Keeping the scene as data makes charts testable as text dumps.
public struct Scene: Hashable, Sendable {
  public var width: Double
  public var height: Double
  public var background: Color
  public var items: [Item]

  public init(width: Double, height: Double, background: Color, items: [Item] = []) {
    self.width = width
    self.height = height
    self.background = background
    self.items = items
  }

  public enum Item: Hashable, Sendable {
    case rect(Rect)
    case line(Line)
    case text(Text)
    case polygon(Polygon)
  }

  public struct Rect: Hashable, Sendable {
    public var x, y, width, height: Double
    public var fill: Color
    public var stroke: Color?
    public var strokeWidth: Double
    /// Diagonal hatching drawn over the fill (waiting states when colouring by task).
    public var hatch: Color?
    public var cornerRadius: Double
    public init(x: Double, y: Double, width: Double, height: Double, fill: Color, stroke: Color? = nil,
      strokeWidth: Double = 1, hatch: Color? = nil, cornerRadius: Double = 0)
    {
      self.x = x
      self.y = y
      self.width = width
      self.height = height
      self.fill = fill
      self.stroke = stroke
      self.strokeWidth = strokeWidth
      self.hatch = hatch
      self.cornerRadius = cornerRadius
    }
  }

  public struct Line: Hashable, Sendable {
    public var points: [Point]
    public var color: Color
    public var width: Double
    public var dash: [Double]
    public init(points: [Point], color: Color, width: Double = 1, dash: [Double] = []) {
      self.points = points
      self.color = color
      self.width = width
      self.dash = dash
    }
  }

  /// One or more closed outlines that do not overlap, filled together: a marker, or every
  /// stretch of one state on a lane (one element in an SVG, however many stretches).
  public struct Polygon: Hashable, Sendable {
    public var rings: [[Point]]
    public var fill: Color
    /// Diagonal hatching drawn over the fill, as on a rect.
    public var hatch: Color?
    public init(points: [Point], fill: Color, hatch: Color? = nil) {
      self.init(rings: [points], fill: fill, hatch: hatch)
    }
    public init(rings: [[Point]], fill: Color, hatch: Color? = nil) {
      self.rings = rings
      self.fill = fill
      self.hatch = hatch
    }
  }

  public struct Text: Hashable, Sendable {
    public enum Anchor: String, Hashable, Sendable { case start, middle, end }
    public var x, y: Double
    public var string: String
    public var size: Double
    public var bold: Bool
    public var color: Color
    public var anchor: Anchor
    /// y is the baseline.
    public init(x: Double, y: Double, string: String, size: Double, bold: Bool = false, color: Color,
      anchor: Anchor = .start)
    {
      self.x = x
      self.y = y
      self.string = string
      self.size = size
      self.bold = bold
      self.color = color
      self.anchor = anchor
    }
  }

  public struct Point: Hashable, Sendable {
    public var x, y: Double
    public init(_ x: Double, _ y: Double) {
      self.x = x
      self.y = y
    }
  }

  /// A stable text dump with fixed precision, for golden tests.
  public func dump() -> String {
    func f(_ v: Double) -> String {
      let r = (v * 100).rounded() / 100
      return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
    }
    var out = "scene \(f(width))x\(f(height)) bg \(background)\n"
    for item in items {
      switch item {
      case .rect(let r):
        out += "rect \(f(r.x)),\(f(r.y)) \(f(r.width))x\(f(r.height)) \(r.fill)"
        if let s = r.stroke { out += " stroke \(s) \(f(r.strokeWidth))" }
        if let h = r.hatch { out += " hatch \(h)" }
        if r.cornerRadius > 0 { out += " r\(f(r.cornerRadius))" }
        out += "\n"
      case .line(let l):
        out += "line \(l.points.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")) \(l.color) \(f(l.width))"
        if !l.dash.isEmpty { out += " dash \(l.dash.map(f).joined(separator: ","))" }
        out += "\n"
      case .polygon(let p):
        out += "polygon \(p.rings.map { $0.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ") }.joined(separator: " | ")) \(p.fill)"
          + (p.hatch.map { " hatch \($0)" } ?? "") + "\n"
      case .text(let t):
        out += "text \(f(t.x)),\(f(t.y)) \(t.anchor.rawValue) \(f(t.size))\(t.bold ? " bold" : "") \(t.color) \"\(t.string)\"\n"
      }
    }
    return out
  }
}

import Foundation

/// An sRGB colour with alpha.
public struct Color: Hashable, Sendable, CustomStringConvertible {
  public var red, green, blue, alpha: Double

  public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
    self.red = red
    self.green = green
    self.blue = blue
    self.alpha = alpha
  }

  /// From `0xRRGGBB`.
  public init(hex: UInt32, alpha: Double = 1) {
    red = Double((hex >> 16) & 0xFF) / 255
    green = Double((hex >> 8) & 0xFF) / 255
    blue = Double(hex & 0xFF) / 255
    self.alpha = alpha
  }

  /// This colour mixed with `other`: `amount` 0 is this colour, 1 is `other`.
  public func mixed(with other: Color, _ amount: Double) -> Color {
    Color(red: red + (other.red - red) * amount, green: green + (other.green - green) * amount,
      blue: blue + (other.blue - blue) * amount, alpha: alpha + (other.alpha - alpha) * amount)
  }

  public func withAlpha(_ a: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: a) }

  /// `#rrggbb` (with `/aa` when translucent).
  public var description: String {
    func h(_ v: Double) -> String {
      let n = Int((max(0, min(1, v)) * 255).rounded())
      return String(format: "%02x", n)
    }
    return "#\(h(red))\(h(green))\(h(blue))" + (alpha < 1 ? "/\(h(alpha))" : "")
  }

  /// Relative luminance (WCAG), to pick readable text on a fill.
  public var luminance: Double {
    func lin(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
    return 0.2126 * lin(red) + 0.7152 * lin(green) + 0.0722 * lin(blue)
  }
}

import ParsimEngine

/// Colours and type for a chart. Both themes use the Okabe–Ito palette, which stays
/// distinguishable for the common forms of colour blindness.
public struct Theme: Hashable, Sendable {
  public var background: Color
  public var text: Color
  public var mutedText: Color
  public var grid: Color
  public var axis: Color
  public var laneBand: Color
  public var panelRule: Color
  public var neutral: Color

  public static let light = Theme(
    background: Color(hex: 0xFFFFFF), text: Color(hex: 0x1A1A1A), mutedText: Color(hex: 0x5C5C5C),
    grid: Color(hex: 0xE6E6E6), axis: Color(hex: 0x8A8A8A), laneBand: Color(hex: 0xF5F5F5),
    panelRule: Color(hex: 0xCCCCCC), neutral: Color(hex: 0xB8B8B8))

  public static let dark = Theme(
    background: Color(hex: 0x16181D), text: Color(hex: 0xEDEDED), mutedText: Color(hex: 0xA8A8A8),
    grid: Color(hex: 0x2E323A), axis: Color(hex: 0x6E737C), laneBand: Color(hex: 0x1E2128),
    panelRule: Color(hex: 0x3A3F48), neutral: Color(hex: 0x6A6F78))

  /// The colour of a state (Okabe–Ito).
  public func color(_ state: SpanState) -> Color {
    switch state {
    case .python: return Color(hex: 0x0072B2)  // blue
    case .native: return Color(hex: 0x009E73)  // bluish green
    case .gilWait: return Color(hex: 0xD55E00)  // vermillion
    case .coreWait: return Color(hex: 0xE69F00)  // orange
    case .io: return Color(hex: 0x56B4E9)  // sky blue
    case .lockWait: return Color(hex: 0xCC79A7)  // reddish purple
    case .overhead: return Color(hex: 0xF0E442)  // yellow
    case .loopWait: return Color(hex: 0x999999)  // grey
    case .executorWait: return Color(hex: 0x9AD9C6)  // pale bluish green: the work runs elsewhere
    case .held: return neutral
    case .queueFull: return Color(hex: 0x882255)  // wine (Tol): held back by the stage downstream
    }
  }

  /// How many distinct colours `categorical` gives before repeating.
  public static let categoricalCount = 21

  /// Colours for tasks and threads: Okabe–Ito, then darker variants, repeating.
  public func categorical(_ i: Int) -> Color {
    let base: [UInt32] = [0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00, 0xF0E442]
    let c = Color(hex: base[i % base.count])
    let round = (i / base.count) % 3
    return round == 0 ? c : c.mixed(with: Color(hex: 0x000000), round == 1 ? 0.35 : 0.6)
  }

  /// How a state is shown when spans are coloured by task: running states solid, I/O a light
  /// tint, waiting states a tint with hatching.
  public func taskFill(_ base: Color, _ state: SpanState) -> (Color, Color?) {
    switch state {
    case .python, .native, .overhead, .held: return (base, nil)
    case .io, .executorWait: return (base.mixed(with: background, 0.6), nil)
    case .gilWait, .coreWait, .lockWait, .loopWait, .queueFull:
      return (base.mixed(with: background, 0.8), base.mixed(with: background, 0.2))
    }
  }
}

/// Measures text so that layout can avoid overlaps and clipping.
public protocol TextMeasuring {
  /// The advance width of `text` at `size` points.
  func width(of text: String, size: Double, bold: Bool) -> Double
}

/// A measurer that gives every character the same advance (0.6 em): deterministic, for tests.
public struct FixedAdvanceMeasurer: TextMeasuring {
  public init() {}
  public func width(of text: String, size: Double, bold: Bool) -> Double {
    Double(text.count) * size * (bold ? 0.64 : 0.6)
  }
}

extension TextMeasuring {
  /// `text` shortened with an ellipsis so it fits in `maxWidth`.
  public func fit(_ text: String, size: Double, bold: Bool = false, maxWidth: Double) -> String {
    if width(of: text, size: size, bold: bold) <= maxWidth { return text }
    let chars = Array(text)
    var lo = 0
    var hi = chars.count
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      let candidate = String(chars[..<mid]).trimmingTrailingSpaces() + "…"
      if width(of: candidate, size: size, bold: bold) <= maxWidth { lo = mid } else { hi = mid - 1 }
    }
    return lo == 0 ? "…" : String(chars[..<lo]).trimmingTrailingSpaces() + "…"
  }

  /// `text` broken into lines of at most `maxWidth`, at most `maxLines` (the last ellipsised).
  public func wrap(_ text: String, size: Double, bold: Bool = false, maxWidth: Double, maxLines: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    for (i, word) in words.enumerated() {
      let candidate = current.isEmpty ? word : current + " " + word
      if width(of: candidate, size: size, bold: bold) <= maxWidth || current.isEmpty {
        current = candidate
      } else {
        lines.append(current)
        current = word
        if lines.count == maxLines {
          let rest = ([lines.removeLast()] + words[i...]).joined(separator: " ")
          lines.append(fit(rest, size: size, bold: bold, maxWidth: maxWidth))
          return lines
        }
      }
    }
    if !current.isEmpty { lines.append(fit(current, size: size, bold: bold, maxWidth: maxWidth)) }
    if lines.count > maxLines {
      let rest = lines[(maxLines - 1)...].joined(separator: " ")
      lines = Array(lines[..<(maxLines - 1)]) + [fit(rest, size: size, bold: bold, maxWidth: maxWidth)]
    }
    return lines
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}

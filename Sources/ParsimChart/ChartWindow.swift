import ParsimEngine
import ParsimScenario

/// The part of a run's time a chart draws: `--window 0..500ms`, `--window 2s..`, `--window ..1s`.
public struct ChartWindow: Hashable, Sendable, CustomStringConvertible {
  public var start: SimTime
  /// nil: to the end of the run.
  public var end: SimTime?

  public init(start: SimTime, end: SimTime?) {
    self.start = start
    self.end = end
  }

  /// Parses `START..END`, where either side may be left out and each is a duration with a unit
  /// (`0` needs none). Returns a message saying what is wrong otherwise.
  public static func parse(_ text: String) -> Result<ChartWindow, WindowError> {
    let parts = text.components(separatedBy: "..")
    guard parts.count == 2 else { return .failure(WindowError("'\(text)' is not a window: write START..END, e.g. 0..500ms")) }
    func side(_ s: String, _ what: String) -> Result<SimTime?, WindowError> {
      let trimmed = s.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { return .success(nil) }
      switch Units.parseDuration(trimmed) {
      case .success(let v): return .success(v)
      case .failure(let f): return .failure(WindowError("the window's \(what) '\(trimmed)': \(f.message(kind: "duration"))"))
      }
    }
    let start: SimTime?
    let end: SimTime?
    switch side(parts[0], "start") {
    case .success(let v): start = v
    case .failure(let e): return .failure(e)
    }
    switch side(parts[1], "end") {
    case .success(let v): end = v
    case .failure(let e): return .failure(e)
    }
    if let end, end <= (start ?? 0) {
      return .failure(WindowError("the window '\(text)' ends before it starts"))
    }
    return .success(ChartWindow(start: start ?? 0, end: end))
  }

  /// The times drawn for a run of this makespan: never empty, never past what the run covers
  /// unless the window asks for more (a window past the end shows the empty time after it).
  public func clamp(makespan: SimTime) -> (SimTime, SimTime) {
    let end = self.end ?? max(makespan, start + 1)
    return (start, max(end, start + 1))
  }

  public var description: String {
    "\(Self.format(start))–\(end.map(Self.format) ?? "the end")"
  }

  /// A time on the axis: "0", "150 ms".
  static func format(_ t: SimTime) -> String { t == 0 ? "0" : formatDuration(Double(t)) }
}

public struct WindowError: Error, CustomStringConvertible {
  public var description: String
  init(_ d: String) { description = d }
}

/// How the panels of a comparison share time.
public enum PanelAxis: String, CaseIterable, Hashable, Sendable {
  /// One time axis for every panel, unless a panel would take under 5% of the width.
  case auto
  /// One time axis for every panel, whatever the spread.
  case shared
  /// Each panel on its own time axis, from 0 to its own makespan.
  case own
}

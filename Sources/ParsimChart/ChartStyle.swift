import ParsimEngine
import ParsimScenario

/// What a chart looks like: the scenario's `charts:` options, overridable from the command line.
public struct ChartStyle: Hashable, Sendable {
  public var width: Double
  public var color: ChartOptions.ColorMode
  public var theme: Theme
  public var gilLane: Bool
  public var coreLanes: Bool
  public var lockLanes: Bool
  /// The time drawn (nil: the whole run).
  public var window: ChartWindow?
  /// How comparison panels share time.
  public var axis: PanelAxis = .auto

  public init(width: Double = 1200, color: ChartOptions.ColorMode = .state, theme: Theme = .light,
    gilLane: Bool = false, coreLanes: Bool = false, lockLanes: Bool = false)
  {
    self.lockLanes = lockLanes
    self.width = width
    self.color = color
    self.theme = theme
    self.gilLane = gilLane
    self.coreLanes = coreLanes
  }

  public init(_ options: ChartOptions) {
    self.init(width: Double(options.width), color: options.color, theme: options.theme == .dark ? .dark : .light,
      gilLane: options.gilLane, coreLanes: options.coreLanes, lockLanes: options.lockLanes)
  }
}

/// Sizes shared by every chart.
enum Metrics_ {
  static let margin = 28.0
  static let titleSize = 19.0
  static let subtitleSize = 12.5
  static let labelSize = 11.5
  static let tickSize = 10.5
  static let legendSize = 11.5
}

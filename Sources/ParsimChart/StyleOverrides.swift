import ParsimScenario

/// What the command line changes of a scenario's `charts:` options.
public struct StyleOverrides: Hashable, Sendable {
  public var color: ChartOptions.ColorMode?
  public var theme: ChartOptions.Theme?
  public var gilLane = false
  public var coreLanes = false
  public var lockLanes = false
  public var window: ChartWindow?
  public var axis: PanelAxis = .auto

  public init() {}

  /// The scenario's chart style with these overrides.
  public func style(_ options: ChartOptions) -> ChartStyle {
    var options = options
    if let color { options.color = color }
    if let theme { options.theme = theme }
    if gilLane { options.gilLane = true }
    if coreLanes { options.coreLanes = true }
    if lockLanes { options.lockLanes = true }
    var style = ChartStyle(options)
    style.window = window
    style.axis = axis
    return style
  }
}

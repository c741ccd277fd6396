import ArgumentParser
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimScenario

/// `--models` and `--exclude`, the one way every command picks models.
struct ModelOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Run only these models: kinds or labels, comma-separated (e.g. serial,thread_pool).",
    valueName: "names"))
  var models: String?

  @Option(help: ArgumentHelp("Leave these models out: kinds or labels, comma-separated.", valueName: "names"))
  var exclude: String?

  /// The single-model spelling of earlier versions, kept so that old commands still run.
  @Option(name: .customLong("model"), help: .hidden)
  var model: String?

  var selection: ModelSelection {
    ModelSelection(include: ModelSelection.names(models) + ModelSelection.names(model), exclude: ModelSelection.names(exclude))
  }

  var isAll: Bool { selection == .all }

  /// The scenario's selected models; or nil, having said why on standard error.
  func pickOrSay(in scenario: Scenario, file: String) -> [ModelSpec]? {
    switch pick(in: scenario) {
    case .success(let specs): return specs
    case .failure(let f):
      printError("\(file): \(f)")
      return nil
    }
  }

  /// The scenario's selected models, or the reason none can be picked.
  func pick(in scenario: Scenario, lenient: Bool = false) -> Result<[ModelSpec], ModelSelection.Failure> {
    switch selection.models(in: scenario, lenient: lenient) {
    case .success(let specs) where specs.isEmpty:
      return .failure(.init(description: "no model of \(scenario.name) is left to run after --models/--exclude"))
    case let other: return other
    }
  }
}

extension ImageFormat: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// Formats as `png,svg`, case-insensitive.
struct FormatList: ExpressibleByArgument {
  var formats: [ImageFormat]
  init?(argument: String) {
    var out: [ImageFormat] = []
    for part in argument.split(separator: ",") {
      guard let f = ImageFormat(argument: part.trimmingCharacters(in: .whitespaces)) else { return nil }
      if !out.contains(f) { out.append(f) }
    }
    guard !out.isEmpty else { return nil }
    formats = out
  }
  static var defaultCompletionKind: CompletionKind { .list(["png", "svg", "pdf", "png,svg"]) }
}

extension PanelAxis: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension ChartOptions.ColorMode: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension ChartOptions.Theme: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// How charts look, for every command that draws them; each overrides the scenario's `charts:`.
struct ChartFlags: ParsableArguments {
  @Option(help: ArgumentHelp("Chart formats, comma-separated: png, svg, pdf. (default: the scenario's)", valueName: "list"))
  var format: FormatList?

  @Option(help: "Colour spans by state or by task. (default: the scenario's)")
  var color: ChartOptions.ColorMode?

  @Option(help: "light or dark. (default: the scenario's)")
  var theme: ChartOptions.Theme?

  @Flag(help: "Add a lane showing which thread holds each GIL.")
  var gilLane = false

  @Flag(help: "Add a lane per core.")
  var coreLanes = false

  @Flag(help: "Add a lane per named lock: which thread holds it.")
  var lockLanes = false

  @Option(help: ArgumentHelp("Draw only this time window, e.g. 0..500ms, 2s.., ..1s.", valueName: "start..end"),
    transform: { text in
      switch ChartWindow.parse(text) {
      case .success(let w): return w
      case .failure(let e): throw ValidationError(e.description)
      }
    })
  var window: ChartWindow?

  @Option(help: ArgumentHelp(
    "Comparison panels on one shared time axis, each on its own, or auto: shared unless a panel would fill under 5% of the width.",
    valueName: "auto|shared|own"))
  var axis: PanelAxis = .auto

  @Option(help: "PNG scale factor for high-DPI screens, from 1 to 4.")
  var scale: Double = 1

  func validate() throws {
    if !(1...4).contains(scale) { throw ValidationError("--scale must be from 1 to 4") }
  }

  /// True when any option here was given.
  var anyGiven: Bool {
    format != nil || color != nil || theme != nil || gilLane || coreLanes || lockLanes || window != nil || axis != .auto
  }

  func formats(_ s: Scenario) -> [ImageFormat] {
    format?.formats ?? s.charts.formats.compactMap { ImageFormat(rawValue: $0.rawValue) }
  }

  var overrides: StyleOverrides {
    var o = StyleOverrides()
    o.color = color
    o.theme = theme
    o.gilLane = gilLane
    o.coreLanes = coreLanes
    o.lockLanes = lockLanes
    o.window = window
    o.axis = axis
    return o
  }

  func style(_ s: Scenario) -> ChartStyle { overrides.style(s.charts) }
}

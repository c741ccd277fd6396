import ParsimScenario

/// Which of a scenario's models a command runs: `--models` (kinds or labels, comma-separated)
/// and `--exclude`. One rule everywhere: a kind names every entry of that kind, but to *pick*
/// by kind it must name exactly one entry; where it could mean several, the error lists their
/// labels so that the user can name one.
public struct ModelSelection: Hashable, Sendable {
  /// Kinds or labels to run; empty: every model.
  public var include: [String]
  /// Kinds or labels to leave out.
  public var exclude: [String]

  public init(include: [String] = [], exclude: [String] = []) {
    self.include = include
    self.exclude = exclude
  }

  public static let all = ModelSelection()

  /// Splits `"threading, serial"` into its names.
  public static func names(_ list: String?) -> [String] {
    (list ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  public struct Failure: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(description: String) { self.description = description }
  }

  /// The scenario's models this selection picks, in the scenario's order.
  ///
  /// - Parameter lenient: names that match no model of this scenario are skipped rather than an
  ///   error (for commands over many scenarios, where a model may be in some and not others).
  public func models(in scenario: Scenario, lenient: Bool = false) -> Result<[ModelSpec], Failure> {
    let specs = scenario.models
    let labels = specs.map { ResolvedModel($0, scenario: scenario, taskCount: scenario.taskCount).label }
    func matches(_ name: String, picking: Bool) -> Result<[Int], Failure> {
      let lower = name.lowercased()
      if let i = labels.firstIndex(where: { $0.lowercased() == lower }) { return .success([i]) }
      if let kind = ModelKind(rawValue: lower) {
        let found = specs.indices.filter { specs[$0].kind == kind }
        if picking, found.count > 1 {
          return .failure(Failure(description: "'\(name)' could mean any of \(found.count) models of \(scenario.name): "
            + found.map { "'\(labels[$0])'" }.joined(separator: ", ") + "; name one by its label"))
        }
        if found.isEmpty, !lenient {
          return .failure(Failure(description: "\(scenario.name) has no \(kind.rawValue) model; its models: "
            + labels.map { "'\($0)'" }.joined(separator: ", ")))
        }
        return .success(found)
      }
      if lenient { return .success([]) }
      let candidates = ModelKind.allCases.map(\.rawValue) + labels
      let hint = bestGuess(for: name, in: candidates).map { "; did you mean '\($0)'?" }
        ?? "; kinds: " + ModelKind.allCases.map(\.rawValue).joined(separator: ", ")
      return .failure(Failure(description: "unknown model '\(name)' in \(scenario.name)\(hint)"))
    }
    var picked = include.isEmpty ? Set(specs.indices) : Set<Int>()
    for name in include {
      switch matches(name, picking: true) {
      case .success(let found): picked.formUnion(found)
      case .failure(let f): return .failure(f)
      }
    }
    for name in exclude {
      switch matches(name, picking: false) {
      case .success(let found): picked.subtract(found)
      case .failure(let f): if !lenient { return .failure(f) }
      }
    }
    return .success(specs.indices.filter { picked.contains($0) }.map { specs[$0] })
  }
}

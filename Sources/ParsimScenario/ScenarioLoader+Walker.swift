import Foundation
import Yams

/// Walks a composed YAML tree into scenario values, recording a diagnostic for every problem and
/// carrying on where it can, so that one pass reports all of a file's errors.
struct Walker {
  let file: String
  let lines: SourceLines
  let baseDirectory: String?
  var errors: [ScenarioError] = []
  /// Errors past ``maxErrors``, counted but not kept.
  var unreported = 0
  /// The most errors reported for one file: the first hundred say what is wrong, and collecting
  /// every one of a hundred thousand would cost time and memory out of proportion.
  static let maxErrors = 100
  /// Said, but the file still loads.
  var warnings: [ScenarioError] = []
  /// The node of each model entry, for warnings that need the whole scenario first.
  var modelNodes: [Node] = []
  /// Each `semaphore:` step's name and node, checked against `semaphores:` at the end.
  var semaphoreUses: [(String, Node)] = []
  /// Each pipeline stage's `run:` node, by stage index.
  var stageRunNodes: [Int: Node] = [:]
  private var nodesVisited = 0
  private var reportedNodeLimit = false

  init(file: String, text: String, baseDirectory: String?) {
    self.file = file
    self.lines = SourceLines(text)
    self.baseDirectory = baseDirectory
  }

  var sortedErrors: [ScenarioError] {
    errors.enumerated().sorted {
      ($0.element.location.line, $0.element.location.column, $0.offset)
        < ($1.element.location.line, $1.element.location.column, $1.offset)
    }.map(\.element)
  }

  // MARK: Diagnostics

  func location(_ node: Node) -> SourceLocation {
    let mark = node.mark
    return SourceLocation(file: file, line: max(1, mark?.line ?? 1), column: max(1, mark?.column ?? 1))
  }

  func sourceLine(_ line: Int) -> String? {
    lines.text(line)
  }

  mutating func error(_ code: ScenarioError.Code, _ message: String, at node: Node, hint: String? = nil) {
    guard errors.count < Self.maxErrors else {
      unreported += 1
      return
    }
    let loc = location(node)
    errors.append(ScenarioError(code, message, at: loc, hint: hint, sourceLine: sourceLine(loc.line)))
  }

  mutating func warning(_ message: String, at node: Node, hint: String? = nil) {
    let loc = location(node)
    var w = ScenarioError(.invalidValue, message, at: loc, hint: hint, sourceLine: sourceLine(loc.line))
    w.severity = .warning
    warnings.append(w)
  }

  /// Counts a visited node; false once the file has used up its node budget.
  mutating func visit(_ node: Node) -> Bool {
    nodesVisited += 1
    if nodesVisited > Limits.yamlNodes {
      if !reportedNodeLimit {
        reportedNodeLimit = true
        error(
          .limit, "the file has more than \(Limits.yamlNodes) YAML nodes (aliases count each use)",
          at: node)
      }
      return false
    }
    return true
  }

  static func kindName(_ node: Node) -> String {
    switch node {
    case .scalar(let s): return s.tag.rawValue == Tag.Name.null.rawValue || isNull(node) ? "nothing" : "'\(s.string)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  static func isNull(_ node: Node) -> Bool {
    guard case .scalar(let s) = node, s.style == .plain else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(s.string)
  }

  // MARK: Shapes

  /// The pairs of a mapping, with unknown keys and non-text keys reported.
  mutating func mapping(
    _ node: Node, _ what: String, allowed: [String], required: [String] = []
  ) -> [(String, Node, Node)]? {
    guard visit(node) else { return nil }
    guard case .mapping(let m) = node else {
      error(.typeMismatch, "expected a mapping for \(what), found \(Self.kindName(node))", at: node)
      return nil
    }
    var out: [(String, Node, Node)] = []
    var suggested: Set<String> = []
    for (keyNode, value) in m {
      guard case .scalar(let k) = keyNode else {
        error(.typeMismatch, "keys in \(what) must be plain words", at: keyNode)
        continue
      }
      if !allowed.contains(k.string) {
        let suggestion = closestMatch(to: k.string, in: allowed)
        if let suggestion { suggested.insert(suggestion) }
        error(
          .unknownKey, "unknown key '\(k.string)' in \(what)", at: keyNode,
          hint: ScenarioFormat.retiredKeys[k.string] ?? suggestion.map { "did you mean '\($0)'?" }
            ?? "valid keys: \(allowed.joined(separator: ", "))")
        continue
      }
      out.append((k.string, keyNode, value))
    }
    // A missing key that an unknown key looks like a misspelling of is already reported.
    for key in required where !out.contains(where: { $0.0 == key }) && !suggested.contains(key) {
      error(.missingKey, "\(what) needs '\(key)'", at: node)
    }
    return out
  }

  mutating func sequence(_ node: Node, _ what: String) -> [Node]? {
    guard visit(node) else { return nil }
    guard case .sequence(let s) = node else {
      error(.typeMismatch, "expected a list for \(what), found \(Self.kindName(node))", at: node)
      return nil
    }
    return Array(s)
  }

  mutating func scalarText(_ node: Node, _ what: String) -> String? {
    guard visit(node) else { return nil }
    guard case .scalar(let s) = node, !Self.isNull(node) else {
      error(.typeMismatch, "expected \(what), found \(Self.kindName(node))", at: node)
      return nil
    }
    return s.string
  }

  mutating func text(_ node: Node, _ what: String) -> String? {
    scalarText(node, "text for \(what)")
  }

  mutating func integer(_ node: Node, _ what: String, _ range: ClosedRange<Int>) -> Int? {
    guard let raw = scalarText(node, "a whole number for \(what)") else { return nil }
    let cleaned = raw.replacingUnderscores().trimmingSpaces()
    guard let value = Int(cleaned) else {
      if cleaned.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" }), !cleaned.isEmpty {
        error(
          .outOfRange, "\(what) must be from \(range.lowerBound) to \(range.upperBound), not \(raw)",
          at: node)
      } else {
        error(.typeMismatch, "expected a whole number for \(what), found '\(raw)'", at: node)
      }
      return nil
    }
    guard range.contains(value) else {
      error(
        .outOfRange, "\(what) must be from \(range.lowerBound) to \(range.upperBound), not \(value)",
        at: node)
      return nil
    }
    return value
  }

  mutating func number(_ node: Node, _ what: String, _ range: ClosedRange<Double>) -> Double? {
    guard let raw = scalarText(node, "a number for \(what)") else { return nil }
    guard let value = Double(raw.replacingUnderscores().trimmingSpaces()), value.isFinite else {
      error(.typeMismatch, "expected a number for \(what), found '\(raw)'", at: node)
      return nil
    }
    guard range.contains(value) else {
      error(
        .outOfRange, "\(what) must be from \(range.lowerBound) to \(range.upperBound), not \(raw)",
        at: node)
      return nil
    }
    return value
  }

  mutating func boolean(_ node: Node, _ what: String) -> Bool? {
    guard let raw = scalarText(node, "true or false for \(what)") else { return nil }
    switch raw.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default:
      error(.typeMismatch, "expected true or false for \(what), found '\(raw)'", at: node)
      return nil
    }
  }

  mutating func choice<E: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, _: E.Type)
    -> E? where E.RawValue == String
  {
    let options = E.allCases.map(\.rawValue)
    guard let raw = scalarText(node, "one of \(options.joined(separator: ", ")) for \(what)") else {
      return nil
    }
    if let value = E(rawValue: raw) { return value }
    let suggestion = closestMatch(to: raw, in: options)
    error(
      .invalidValue, "'\(raw)' is not a valid \(what)", at: node,
      hint: suggestion.map { "did you mean '\($0)'?" }
        ?? "expected one of: \(options.joined(separator: ", "))")
    return nil
  }

  // MARK: Units

  mutating func unitFailure(_ failure: Units.Failure, _ raw: String, _ what: String, _ kind: String,
    units: [(String, Int64)], example: String, at node: Node)
  {
    let names = units.map(\.0).filter { $0 != "μs" }
    switch failure {
    case .notANumber:
      error(.typeMismatch, "expected a \(kind) for \(what), found '\(raw)'", at: node,
        hint: "write a number and a unit, e.g. \(example)")
    case .missingUnit:
      error(.invalidValue, "the \(kind) '\(raw)' for \(what) needs a unit", at: node,
        hint: "write e.g. \(raw.trimmingSpaces())\(units.count > 5 ? "ms" : "B"); units: \(names.joined(separator: ", "))")
    case .unknownUnit(let u):
      let suggestion = closestMatch(to: u, in: names)
      error(.invalidValue, "unknown unit '\(u)' in \(what)", at: node,
        hint: suggestion.map { "did you mean '\($0)'?" } ?? "units: \(names.joined(separator: ", "))")
    case .negative:
      error(.outOfRange, "\(what) cannot be negative", at: node)
    case .tooLarge:
      error(.limit, "the \(kind) '\(raw)' for \(what) is too large", at: node,
        hint: kind == "duration" ? "durations are limited to 24h" : "sizes are limited to 16GiB")
    }
  }

  mutating func fixedDuration(_ node: Node, _ what: String) -> Int64? {
    guard let raw = scalarText(node, "a duration for \(what)") else { return nil }
    switch Units.parseDuration(raw) {
    case .success(let v): return v
    case .failure(let f):
      unitFailure(f, raw, what, "duration", units: Units.durationUnits, example: "1.5ms", at: node)
      return nil
    }
  }

  mutating func size(_ node: Node, _ what: String) -> Int64? {
    guard let raw = scalarText(node, "a size for \(what)") else { return nil }
    switch Units.parseSize(raw) {
    case .success(let v): return v
    case .failure(let f):
      unitFailure(f, raw, what, "size", units: Units.sizeUnits, example: "1KB", at: node)
      return nil
    }
  }

  static let distributionKeys = ScenarioFormat.distributionKeys

  /// A duration or a distribution of durations, with its `min`, `max` and `shift` if any.
  mutating func duration(_ node: Node, _ what: String) -> DurationSpec? {
    if case .scalar = node { return fixedDuration(node, what).map { .fixed($0) } }
    guard let pairs = mapping(node, "a duration distribution", allowed: Self.distributionKeys)
    else { return nil }
    let kinds = pairs.filter { ScenarioFormat.distributionKinds.contains($0.0) }
    let list = ScenarioFormat.distributionKinds.joined(separator: ", ")
    guard kinds.count == 1, let (kind, _, value) = kinds.first else {
      error(
        .invalidValue,
        kinds.isEmpty ? "a distribution needs one of \(list)" : "a distribution takes exactly one of \(list)",
        at: node)
      return nil
    }
    func modifier(_ key: String) -> (String, Node, Node)? { pairs.first { $0.0 == key } }
    if let power = modifier("power"), kind != "ramp" {
      error(.invalidValue, "'power' belongs to a ramp only", at: power.1)
    }
    guard let base = distribution(kind, value, power: modifier("power"), what) else { return nil }
    let lo = modifier("min").map { fixedDuration($0.2, "\(what) (min)") }
    let hi = modifier("max").map { fixedDuration($0.2, "\(what) (max)") }
    let shift = modifier("shift").map { fixedDuration($0.2, "\(what) (shift)") }
    if lo == nil && hi == nil && shift == nil { return base }
    // A modifier written but not valid has been reported.
    if lo == .some(nil) || hi == .some(nil) || shift == .some(nil) { return nil }
    if let l = lo ?? nil, let h = hi ?? nil, l > h, let node = modifier("max")?.2 {
      error(.invalidValue, "max must be at least min", at: node)
      return nil
    }
    return .clamped(base, min: lo ?? nil, max: hi ?? nil, shift: (shift ?? nil) ?? 0)
  }

  /// The distribution of one kind, from its value.
  mutating func distribution(_ kind: String, _ value: Node, power: (String, Node, Node)?, _ what: String) -> DurationSpec? {
    func pair(_ w: inout Walker) -> (Int64, Int64)? {
      guard let items = w.sequence(value, "\(kind)") else { return nil }
      guard items.count == 2 else {
        w.error(.invalidValue, "\(kind) takes two durations, [\(kind == "normal" ? "mean, sd" : kind == "ramp" ? "first, last" : "low, high")]", at: value)
        return nil
      }
      let a = w.fixedDuration(items[0], "\(what) (\(kind))")
      let b = w.fixedDuration(items[1], "\(what) (\(kind))")
      guard let a, let b else { return nil }
      return (a, b)
    }
    switch kind {
    case "uniform":
      guard let (a, b) = pair(&self) else { return nil }
      guard a <= b else {
        error(.invalidValue, "uniform needs low ≤ high", at: value)
        return nil
      }
      return .uniform(a, b)
    case "exponential":
      return fixedDuration(value, "\(what) (exponential mean)").map { .exponential(mean: $0) }
    case "normal":
      guard let (m, s) = pair(&self) else { return nil }
      return .normal(mean: m, sd: s)
    case "lognormal":
      guard let items = sequence(value, "lognormal") else { return nil }
      guard items.count == 2 else {
        error(.invalidValue, "lognormal takes [median, sigma]: a duration and a number", at: value)
        return nil
      }
      let m = fixedDuration(items[0], "\(what) (lognormal median)")
      let s = number(items[1], "lognormal sigma", 0...4)
      guard let m, let s else { return nil }
      return .lognormal(median: m, sigma: s)
    case "choice":
      guard let items = sequence(value, "choice") else { return nil }
      guard !items.isEmpty else {
        error(.invalidValue, "choice needs at least one duration", at: value)
        return nil
      }
      guard items.count <= Limits.listEntries else {
        error(.limit, "choice has more than \(Limits.listEntries) entries", at: value)
        return nil
      }
      var values: [Int64] = []
      for item in items {
        guard let v = fixedDuration(item, "\(what) (choice)") else { continue }
        values.append(v)
      }
      return values.count == items.count ? .choice(values) : nil
    case "mixture":
      guard let items = sequence(value, "mixture") else { return nil }
      guard !items.isEmpty, items.count <= Limits.mixtureComponents else {
        error(items.isEmpty ? .invalidValue : .limit, items.isEmpty ? "mixture needs at least one component"
          : "mixture has more than \(Limits.mixtureComponents) components", at: value)
        return nil
      }
      var components: [MixtureComponent] = []
      for item in items {
        guard let fields = mapping(item, "a mixture component", allowed: ScenarioFormat.mixtureComponentKeys,
          required: ScenarioFormat.mixtureComponentKeys),
          let w = fields.first(where: { $0.0 == "weight" }), let v = fields.first(where: { $0.0 == "value" })
        else { continue }
        guard let weight = number(w.2, "a mixture weight", 0...1e9) else { continue }
        guard weight > 0 else {
          error(.invalidValue, "a mixture weight must be more than 0", at: w.2)
          continue
        }
        guard let d = duration(v.2, "\(what) (mixture)") else { continue }
        components.append(MixtureComponent(weight: weight, value: d))
      }
      return components.count == items.count ? .mixture(components) : nil
    default:  // ramp
      guard let (a, b) = pair(&self) else { return nil }
      var p = 1.0
      if let power { guard let v = number(power.2, "ramp power", 0...16) else { return nil }; p = v }
      return .ramp(first: a, last: b, power: p)
    }
  }
}

/// One problem found in a scenario file, with where it is and how it may be fixed.
///
/// Printed as a compiler-style diagnostic that editors and CI annotators can jump to:
///
///     scenarios/bad.yaml:12:7: error: unknown key 'cuont' in task group
///       count: 3
///       ^
///     hint: did you mean 'count'?
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of problem this is. New kinds can be added without breaking callers.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: String, Hashable, Sendable {
      case io, encoding, syntax, unknownKey, typeMismatch, missingKey, outOfRange, duplicate,
        invalidValue, limit
    }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The file could not be read: check the path and its permissions.
    public static var io: Self { .init(.io) }
    /// The file is not UTF-8 text: save it as UTF-8.
    public static var encoding: Self { .init(.encoding) }
    /// The YAML itself is malformed: fix the indentation, quoting or brackets at the caret.
    public static var syntax: Self { .init(.syntax) }
    /// A key that parsim does not know: check its spelling against the hint.
    public static var unknownKey: Self { .init(.unknownKey) }
    /// A value of the wrong kind (a list where a number belongs, …): write the expected kind.
    public static var typeMismatch: Self { .init(.typeMismatch) }
    /// A required key is absent: add it.
    public static var missingKey: Self { .init(.missingKey) }
    /// A number outside its allowed range: use a value inside the range the message gives.
    public static var outOfRange: Self { .init(.outOfRange) }
    /// A key or name given twice: remove or rename one of them.
    public static var duplicate: Self { .init(.duplicate) }
    /// A value of the right kind but not a valid one (a bad unit, an unknown model).
    public static var invalidValue: Self { .init(.invalidValue) }
    /// A documented size limit was exceeded: make the scenario smaller.
    public static var limit: Self { .init(.limit) }

    public var description: String { wrapped.rawValue }
  }

  /// An error stops the file from loading; a warning is said and the file still loads.
  public enum Severity: String, Sendable, Equatable { case error, warning }

  public var code: Code
  public var severity: Severity = .error
  public var message: String
  public var location: SourceLocation
  /// A suggestion such as "did you mean 'count'?".
  public var hint: String?
  /// The text of the offending line (at most about 100 characters of it around the column), for
  /// the snippet under the message.
  public var sourceLine: String?
  /// Where the caret goes in `sourceLine`, when a long line was cut to a window around it.
  var caretColumn: Int?

  public init(
    _ code: Code, _ message: String, at location: SourceLocation, hint: String? = nil,
    sourceLine: String? = nil
  ) {
    self.code = code
    self.message = message
    self.location = location
    self.hint = hint
    // Keep only a window of a long line, so that a thousand errors on one long line hold a
    // thousand short snippets, not a thousand copies of the line.
    if let line = sourceLine, line.unicodeScalars.count > 100 {
      let (shown, column) = Self.window(line, column: location.column)
      self.sourceLine = shown
      self.caretColumn = column
    } else {
      self.sourceLine = sourceLine
    }
  }

  /// The compiler-style rendering: location, message, source line, caret and hint.
  public var description: String {
    var out = "\(location): \(severity.rawValue): \(message)"
    if let line = sourceLine, !line.isEmpty {
      let (shown, column) = caretColumn.map { (line, $0) } ?? Self.window(line, column: location.column)
      out += "\n" + shown + "\n" + Self.caretLine(for: shown, column: column)
    }
    if let hint { out += "\nhint: \(hint)" }
    return out
  }

  /// At most 100 characters of a long line around `column`, with ellipses where it is cut.
  static func window(_ line: String, column: Int) -> (String, Int) {
    let scalars = Array(line.unicodeScalars)
    guard scalars.count > 100 else { return (line, column) }
    let start = max(0, min(column - 1 - 50, scalars.count - 100))
    let end = min(scalars.count, start + 100)
    var shown = String(String.UnicodeScalarView(scalars[start..<end]))
    var newColumn = column - start
    if start > 0 { shown = "…" + shown; newColumn += 1 }
    if end < scalars.count { shown += "…" }
    return (shown, newColumn)
  }

  /// A line with a caret under `column`, keeping tabs so that the caret lines up in a terminal.
  static func caretLine(for line: String, column: Int) -> String {
    var prefix = ""
    for (i, scalar) in line.unicodeScalars.enumerated() where i < column - 1 {
      prefix.append(scalar == "\t" ? "\t" : " ")
    }
    return prefix + "^"
  }
}

/// All the problems of one file, in source order, reported together.
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
  public var errors: [ScenarioError]
  /// Errors found past the most a file reports (``Walker/maxErrors``), counted but not kept.
  public var unreported: Int

  public init(_ errors: [ScenarioError], unreported: Int = 0) {
    self.errors = errors
    self.unreported = unreported
  }

  public var description: String {
    let total = errors.count + unreported
    return errors.map(\.description).joined(separator: "\n")
      + "\n\(total) error\(total == 1 ? "" : "s") in \(errors.first?.location.file ?? "input")"
      + (unreported > 0 ? " (the first \(errors.count) shown)" : "")
  }
}

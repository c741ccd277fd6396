import Foundation
import Yams

/// Reads scenario files into ``Scenario`` values, reporting every problem of a file at once.
///
///     let scenario = try ScenarioLoader.load(file: "scenarios/groceries.yaml")
///
/// Errors are ``ScenarioErrors``: each names the file, line and column, shows the line with a
/// caret and, for an unknown key, suggests the closest valid one. No input crashes the loader:
/// sizes, depths and counts are bounded by ``Limits``.
public enum ScenarioLoader {
  /// Loads and validates the scenario file at `path`.
  ///
  /// - Throws: ``ScenarioErrors`` with every problem found, in source order.
  public static func load(file path: String) throws(ScenarioErrors) -> Scenario {
    try loadWithWarnings(file: path).scenario
  }

  /// Loads and validates scenario text; `file` names it in diagnostics.
  ///
  /// - Parameter baseDirectory: where `machine.profile` paths are resolved from.
  public static func load(yaml: String, file: String, baseDirectory: String? = nil)
    throws(ScenarioErrors) -> Scenario
  {
    try loadWithWarnings(yaml: yaml, file: file, baseDirectory: baseDirectory).scenario
  }

  /// Loads a scenario file, with the warnings that do not stop it loading (a model the
  /// scenario's Python version does not have).
  ///
  /// The path `-` reads standard input (named `<stdin>` in diagnostics; a profile it names is
  /// resolved from the current directory).
  public static func loadWithWarnings(file path: String) throws(ScenarioErrors) -> (scenario: Scenario, warnings: [ScenarioError]) {
    if path == "-" {
      let text = try readStandardInput()
      return try loadWithWarnings(yaml: text, file: standardInputName, baseDirectory: nil)
    }
    let text = try readText(path)
    let base = (path as NSString).deletingLastPathComponent
    return try loadWithWarnings(yaml: text, file: path, baseDirectory: base)
  }

  /// Loads scenario bytes as a file's would be read: UTF-8 decoding (with a byte-order mark)
  /// and the size limit included. The fuzz target drives the loader through this.
  public static func load(bytes: [UInt8], file: String) throws(ScenarioErrors) -> (scenario: Scenario, warnings: [ScenarioError]) {
    try loadWithWarnings(yaml: try text(of: Data(bytes), file: file), file: file)
  }

  /// How diagnostics name a scenario read from standard input.
  public static let standardInputName = "<stdin>"

  static func readStandardInput() throws(ScenarioErrors) -> String {
    try text(of: (try? FileHandle.standardInput.read(upToCount: Limits.fileBytes + 1)) ?? Data(), file: standardInputName)
  }

  /// A file's bytes as text: at most ``Limits/fileBytes`` of them, in UTF-8.
  static func text(of data: Data, file: String) throws(ScenarioErrors) -> String {
    if data.count > Limits.fileBytes {
      throw ScenarioErrors([
        ScenarioError(.limit, "the file is larger than the limit of \(Limits.fileBytes / 1_048_576) MiB",
          at: SourceLocation(file: file, line: 1, column: 1))
      ])
    }
    return try decodeUTF8(data, file: file)
  }

  public static func loadWithWarnings(yaml: String, file: String, baseDirectory: String? = nil)
    throws(ScenarioErrors) -> (scenario: Scenario, warnings: [ScenarioError])
  {
    let root = try compose(yaml, file: file)
    var walker = Walker(file: file, text: yaml, baseDirectory: baseDirectory)
    let scenario = walker.scenario(root)
    let errors = walker.sortedErrors
    if let scenario, errors.isEmpty { return (scenario, walker.warnings) }
    throw ScenarioErrors(errors, unreported: walker.unreported)
  }

  /// Loads a cost profile file (`machine.profile`, written by `parsim calibrate`).
  public static func loadProfile(file path: String) throws(ScenarioErrors) -> CostOverrides {
    let text = try readText(path)
    let root = try compose(text, file: path)
    var walker = Walker(file: path, text: text, baseDirectory: nil)
    let costs = walker.profile(root)
    let errors = walker.sortedErrors
    if errors.isEmpty { return costs }
    throw ScenarioErrors(errors, unreported: walker.unreported)
  }

  // MARK: - Reading and composing

  static func readText(_ path: String) throws(ScenarioErrors) -> String {
    let location = SourceLocation(file: path, line: 1, column: 1)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ScenarioErrors([ScenarioError(.io, "no such file", at: location)])
    }
    if isDirectory.boolValue {
      throw ScenarioErrors([ScenarioError(.io, "is a directory, not a scenario file", at: location)])
    }
    // Only regular files: a FIFO, a device or /dev/stdin as a profile would block the read.
    let type = (try? FileManager.default.attributesOfItem(atPath: path)[.type]) as? FileAttributeType
    guard type == .typeRegular else {
      throw ScenarioErrors([ScenarioError(.io, "is not a regular file (a pipe, a device or a socket)", at: location,
        hint: "save it to a file first; a scenario read from standard input is named '-' on the command line")])
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ScenarioErrors([ScenarioError(.io, "cannot open the file for reading", at: location)])
    }
    defer { try? handle.close() }
    return try text(of: (try? handle.read(upToCount: Limits.fileBytes + 1)) ?? Data(), file: path)
  }

  /// Decodes UTF-8, pointing at the first invalid byte when there is one.
  static func decodeUTF8(_ data: Data, file: String) throws(ScenarioErrors) -> String {
    let bytes = [UInt8](data)
    var line = 1
    var column = 1
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var out = String.UnicodeScalarView()
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let s):
        out.append(s)
        if s == "\n" { line += 1; column = 1 } else { column += 1 }
      case .emptyInput:
        break loop
      case .error:
        throw ScenarioErrors([
          ScenarioError(
            .encoding, "the file is not UTF-8 text (an invalid byte here)",
            at: SourceLocation(file: file, line: line, column: column),
            hint: "save the file as UTF-8; scenario files are YAML text")
        ])
      }
    }
    var text = String(out)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return text
  }

  static func compose(_ text: String, file: String) throws(ScenarioErrors) -> Node {
    let source = SourceLines(text)
    let lines = source.lines
    func line(_ n: Int) -> String? { source.text(n) }
    func fail(_ code: ScenarioError.Code, _ message: String, _ l: Int, _ c: Int, hint: String? = nil)
      -> ScenarioErrors
    {
      var (l, c) = (max(1, l), max(1, c))
      if l > lines.count {  // libyaml points past the end of a file without a final newline
        l = max(1, lines.count)
        c = (line(l)?.unicodeScalars.count ?? 0) + 1
      }
      return ScenarioErrors([
        ScenarioError(
          code, message, at: SourceLocation(file: file, line: l, column: c),
          hint: hint, sourceLine: line(l))
      ])
    }
    if let (l, c) = excessiveNesting(lines) {
      throw fail(
        .limit, "the YAML is nested more than \(Limits.yamlDepth) levels deep", l, c,
        hint: "scenario files need only a few levels; check for runaway brackets")
    }
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      switch error {
      case .scanner(_, _, let mark, _) where firstIndentingTab(lines).map { $0.0 <= mark.line } == true:
        let tab = firstIndentingTab(lines) ?? (mark.line, mark.column)
        throw fail(
          .syntax, "a tab indents this line; YAML allows only spaces for indentation", tab.0, tab.1,
          hint: "replace the tab with spaces")
      case .scanner(let context, let problem, let mark, _),
        .parser(let context, let problem, let mark, _),
        .composer(let context, let problem, let mark, _):
        var message = "YAML syntax: \(problem)"
        if let context { message += " (\(context.text) at line \(context.mark.line))" }
        throw fail(.syntax, message, mark.line, mark.column)
      case .reader(let problem, let offset, _, _):
        let (l, c) = SourceLines.position(ofScalarOffset: offset ?? 0, in: text)
        throw fail(.syntax, "YAML syntax: \(problem)", l, c)
      case .duplicatedKeysInMapping(let duplicates, let context):
        let key = duplicates.first ?? "?"
        let (l, c) = secondOccurrence(of: key, after: context.mark, in: lines)
          ?? (context.mark.line, context.mark.column)
        throw fail(
          .duplicate, "duplicate key '\(key)'", l, c,
          hint: "first defined at line \(context.mark.line); remove one of them")
      default:
        throw fail(.syntax, "YAML syntax: \(error)", 1, 1)
      }
    } catch {
      throw fail(.syntax, "YAML syntax: \(error)", 1, 1)
    }
    guard let node else {
      throw fail(.missingKey, "the file is empty; a scenario needs at least 'name' and 'tasks'", 1, 1)
    }
    return node
  }

  /// A conservative bound on nesting depth, computed before parsing so that a deeply nested file
  /// cannot exhaust the stack of the recursive composer.
  static func excessiveNesting(_ lines: [Substring.UnicodeScalarView]) -> (Int, Int)? {
    var flowDepth = 0
    for (index, line) in lines.enumerated() {
      var indent = 0
      var markers = 0
      var atStart = true
      var quote: Unicode.Scalar?
      var column = 0
      var previous: Unicode.Scalar = " "
      for ch in line {
        column += 1
        if let q = quote {
          if ch == q { quote = nil }
          previous = ch
          continue
        }
        if atStart {
          if ch == " " { indent += 1; previous = ch; continue }
          if ch == "-" || ch == "?" { markers += 1; previous = ch; continue }
          atStart = false
        }
        switch ch {
        case "#" where previous == " " || previous == "\t": break
        case "\"", "'": quote = ch
        case "[", "{": flowDepth += 1
        case "]", "}": flowDepth = max(0, flowDepth - 1)
        default: break
        }
        if ch == "#" && (previous == " " || previous == "\t") { break }
        if flowDepth > Limits.yamlDepth || indent / 2 + markers > Limits.yamlDepth {
          return (index + 1, column)
        }
        previous = ch
      }
      if indent / 2 + markers > Limits.yamlDepth { return (index + 1, 1) }
    }
    return nil
  }

  /// A tab in the indentation of a block line, which libyaml reports less clearly.
  static func firstIndentingTab(_ lines: [Substring.UnicodeScalarView]) -> (Int, Int)? {
    for (index, line) in lines.enumerated() {
      var column = 0
      for ch in line {
        column += 1
        if ch == " " { continue }
        if ch == "\t" {
          // A tab before any content on a line that has content is indentation.
          if line.contains(where: { $0 != " " && $0 != "\t" }) {
            return (index + 1, column)
          }
        }
        break
      }
    }
    return nil
  }

  /// Where a duplicated key appears again after its first occurrence at `mark`.
  static func secondOccurrence(of key: String, after mark: Mark, in lines: [Substring.UnicodeScalarView]) -> (
    Int, Int
  )? {
    guard mark.line >= 1, mark.line < lines.count else { return nil }
    for index in mark.line..<lines.count {
      let line = lines[index]
      let chars = Array(String(line))
      let start = mark.column - 1
      guard start >= 0, start < chars.count else { continue }
      let rest = String(chars[start...])
      for prefix in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(prefix) {
        let after = rest.dropFirst(prefix.count).drop(while: { $0 == " " })
        if after.hasPrefix(":") { return (index + 1, mark.column) }
      }
    }
    return nil
  }
}

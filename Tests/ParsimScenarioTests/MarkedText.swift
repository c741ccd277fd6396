import ParsimScenario
import Testing

/// Text with position markers (1️⃣, 2️⃣, …) as in swift-format's tests: the markers are removed
/// and their 1-based line and column (in Unicode scalars) recorded.
struct MarkedText {
  static let markers: [Character] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]
  var text = ""
  var positions: [Character: (line: Int, column: Int)] = [:]

  init(_ marked: String) {
    var line = 1
    var column = 1
    for ch in marked {
      if Self.markers.contains(ch) {
        positions[ch] = (line, column)
        continue
      }
      text.append(ch)
      if ch == "\n" { line += 1; column = 1 } else { column += ch.unicodeScalars.count }
    }
  }
}

/// Loads `marked` and expects exactly the given errors, each at its marker.
func expectErrors(
  _ marked: String, _ expected: [(Character, ScenarioError.Code, String)],
  hint: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  let m = MarkedText(marked)
  do {
    _ = try ScenarioLoader.load(yaml: m.text, file: "t.yaml")
    Issue.record("expected errors, but the scenario loaded", sourceLocation: sourceLocation)
  } catch {
    #expect(error.errors.count == expected.count, "\(error)", sourceLocation: sourceLocation)
    for (marker, code, message) in expected {
      guard let pos = m.positions[marker] else {
        Issue.record("no marker \(marker)", sourceLocation: sourceLocation)
        continue
      }
      let match = error.errors.first {
        $0.location.line == pos.line && $0.location.column == pos.column && $0.code == code
          && $0.message.contains(message)
      }
      #expect(match != nil, "no \(code) error '\(message)' at \(pos.line):\(pos.column) in:\n\(error)",
        sourceLocation: sourceLocation)
      if let hint, let match {
        #expect(match.hint?.contains(hint) == true, "hint: \(match.hint ?? "none")", sourceLocation: sourceLocation)
      }
    }
  }
}

typealias SourceLocation = Testing.SourceLocation

/// A file's text split into lines as YAML (and libyaml, whose line and column numbers
/// diagnostics repeat) splits it: at LF, CR, CRLF, NEL (U+0085), LS (U+2028) and PS (U+2029).
///
/// Swift's `split(separator: "\n")` is not enough: a CRLF pair is one `Character`, and CR, NEL,
/// LS and PS alone break a YAML line without being "\n". Every line and column computation of
/// the loader goes through this one type, so that a file saved on Windows, on an old Mac or by
/// an editor that writes Unicode line breaks points at the right place.
struct SourceLines {
  /// The lines, without their line breaks.
  let lines: [Substring.UnicodeScalarView]

  init(_ text: String) {
    var out: [Substring.UnicodeScalarView] = []
    let scalars = text.unicodeScalars
    var start = scalars.startIndex
    var i = start
    while i < scalars.endIndex {
      let s = scalars[i]
      if Self.isBreak(s) {
        out.append(scalars[start..<i])
        var next = scalars.index(after: i)
        if s == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
        start = next
        i = next
      } else {
        i = scalars.index(after: i)
      }
    }
    out.append(scalars[start..<scalars.endIndex])
    lines = out
  }

  static func isBreak(_ s: Unicode.Scalar) -> Bool {
    s == "\n" || s == "\r" || s == "\u{85}" || s == "\u{2028}" || s == "\u{2029}"
  }

  var count: Int { lines.count }

  /// Line `n` (1-based) as text, or nil past the end.
  func text(_ n: Int) -> String? {
    n >= 1 && n <= lines.count ? String(lines[n - 1]) : nil
  }

  /// The line and column (1-based, in Unicode scalars) of the scalar at `offset` in the text.
  static func position(ofScalarOffset offset: Int, in text: String) -> (Int, Int) {
    var line = 1
    var column = 1
    var previous: Unicode.Scalar = " "
    for (i, s) in text.unicodeScalars.enumerated() {
      if i >= offset { break }
      if isBreak(s) {
        // The LF of a CRLF pair ends the same line.
        if !(s == "\n" && previous == "\r") {
          line += 1
          column = 1
        }
      } else {
        column += 1
      }
      previous = s
    }
    return (line, column)
  }
}

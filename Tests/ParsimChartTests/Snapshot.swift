import Foundation
import Testing

/// Compares `text` with `__Snapshots__/<name>.txt` beside this file; records it when the file is
/// missing or `RECORD_SNAPSHOTS` is set (then the test fails, so a recording is never silent).
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
  let url = dir.appendingPathComponent("\(name).txt")
  let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
  if record || !FileManager.default.fileExists(atPath: url.path) {
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try? text.write(to: url, atomically: true, encoding: .utf8)
    Issue.record("recorded snapshot \(name); run the tests again", sourceLocation: sourceLocation)
    return
  }
  let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
  if expected != text {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = text.split(separator: "\n", omittingEmptySubsequences: false)
    let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
    let where_ = first.map { "line \($0.offset + 1):\n- \($0.element.0)\n+ \($0.element.1)" } ?? "lengths \(a.count) and \(b.count)"
    Issue.record("snapshot \(name) differs at \(where_)\n(set RECORD_SNAPSHOTS=1 to re-record)", sourceLocation: sourceLocation)
  }
}

import Foundation
import Testing

@Suite struct CheckCommandTests {
  @Test func shippedScenariosAreValid() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: CLI.repoRoot.appendingPathComponent("scenarios").path)
      .filter { $0.hasSuffix(".yaml") }.sorted().map { "scenarios/" + $0 }
    let r = try CLI.run(["check"] + files)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.split(separator: "\n").count == files.count)
    #expect(r.stdout.contains("scenarios/groceries.yaml: ok: groceries: 2 task groups, 6 tasks, 8 steps, 4 models"))
  }

  @Test func misspeltKeyExitsTwoWithLocationCaretAndSuggestion() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("bad.yaml")
    try "name: bad\ntasks:\n  - name: customer\n    cuont: 3\n    steps: [{cpu: 1ms}]\n".write(to: file, atomically: true, encoding: .utf8)
    let r = try CLI.run(["check", file.path])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("\(file.path):4:5: error: unknown key 'cuont' in a task group\n    cuont: 3\n    ^\nhint: did you mean 'count'?"), "\(r.stderr)")
  }

  @Test func oneBadFileDoesNotHideTheGoodOnes() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bad = dir.appendingPathComponent("bad.yaml")
    try Data([0xFF, 0x00, 0x13]).write(to: bad)
    let r = try CLI.run(["check", bad.path, "scenarios/groceries.yaml", dir.appendingPathComponent("missing.yaml").path])
    #expect(r.status == 2)
    #expect(r.stdout.contains("groceries: 2 task groups"))
    #expect(r.stderr.contains("bad.yaml:1:1: error: the file is not UTF-8 text"))
    #expect(r.stderr.contains("missing.yaml:1:1: error: no such file"))
  }
}

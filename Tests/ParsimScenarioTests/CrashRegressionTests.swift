import Foundation
import ParsimScenario
import Testing

/// Inputs that once trapped, hung or ran out of memory (issue: never crash, hang or bloat), each
/// kept as a test. Each must give located errors, quickly, and never trap.
@Suite struct CrashRegressionTests {
  func errors(_ text: String) -> ScenarioErrors? {
    do {
      _ = try ScenarioLoader.load(yaml: text, file: "t.yaml")
      return nil
    } catch {
      return error
    }
  }

  /// Every line break YAML knows: a duplicate key after it is reported on its own line.
  @Test(arguments: [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r"), ("NEL", "\u{85}"), ("LS", "\u{2028}"), ("PS", "\u{2029}")])
  func everyKindOfLineBreak(name: String, br: String) throws {
    let text = ["name: demo", "machine:", "  cores: 2", "  cores: 4", "tasks: [{steps: [{cpu: 1ms}]}]", ""].joined(separator: br)
    let e = try #require(errors(text), "\(name): loaded")
    #expect(e.errors.count == 1)
    #expect(e.errors[0].code == .duplicate)
    #expect(e.errors[0].location.line == 4 && e.errors[0].location.column == 3, "\(name): \(e)")
    #expect(e.errors[0].sourceLine == "  cores: 4", "\(name)")
    // A misspelt key two lines down is found on its line too.
    let typo = ["name: demo", "tasks:", "  - cuont: 2", "    steps: [{cpu: 1ms}]"].joined(separator: br)
    let t = try #require(errors(typo))
    #expect(t.errors[0].location.line == 3 && t.errors[0].location.column == 5, "\(name): \(t)")
  }

  @Test func oldMacLineBreaksWithADuplicateAtTheStart() throws {
    let e = try #require(errors("\ra: 1\ra: 2"))
    #expect(e.errors[0].code == .duplicate)
    #expect(e.errors[0].location.line == 3)
  }

  @Test func aCostTimesACountPastThreeYearsIsALocatedError() throws {
    // 24 h of overshoot on each of 200,000 sleeps: 4.8 million hours, past 10^17 ns.
    let overshoot = "name: o\nmachine: {costs: {sleep_overshoot: 24h}}\ntasks:\n  - steps: [{repeat: 200000, steps: [{io: 1ns}]}]\nmodels: [serial]\n"
    let e = try #require(errors(overshoot))
    #expect(e.errors[0].code == .limit && e.errors[0].location.line == 2, "\(e)")
    #expect(e.errors[0].message.contains("sleep_overshoot"))
    // 24 h per submit over 110,000 tasks.
    let submit = "name: s\nmachine: {costs: {tpe_submit: 24h}}\ntasks:\n  - count: 110000\n    steps: [{cpu: 1ns}]\nmodels: [thread_pool]\n"
    let s = try #require(errors(submit))
    #expect(s.errors[0].message.contains("tpe_submit"), "\(s)")
    // The free-threaded build's slowdown counts towards the limit too: 10^6 × 86 s × 1.4.
    let slow = "name: f\ntasks: [{count: 1000000, steps: [{cpu: 86s}]}]\nmodels: [free_threading]\n"
    let f = try #require(errors(slow))
    #expect(f.errors[0].location.line == 2 && f.errors[0].message.contains("free-threaded"), "\(f)")
  }

  @Test func aHundredThousandUnknownKeysOnOneLine() throws {
    let keys = (0..<100_000).map { "k\($0): 1" }.joined(separator: ", ")
    let e = try #require(errors("name: x\ntasks: [{steps: [{cpu: 1ms}]}]\nmachine: {\(keys)}\n"))
    #expect(e.errors.count == 100)
    #expect(e.unreported == 99_900)
    #expect(e.description.hasSuffix("100000 errors in t.yaml (the first 100 shown)"))
    // Each error keeps a window of the 1.1 MB line, not the line.
    #expect(e.errors.allSatisfy { ($0.sourceLine?.count ?? 0) <= 102 })
  }

  @Test func aProfileThatIsNotARegularFileIsRefused() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parsim-fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let fifo = dir.appendingPathComponent("profile.yaml").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let scenario = dir.appendingPathComponent("s.yaml")
    try "name: p\nmachine: {profile: profile.yaml}\ntasks: [{steps: [{cpu: 1ms}]}]\n".write(to: scenario, atomically: true, encoding: .utf8)
    // Reading the FIFO would block for ever; the loader refuses it instead.
    do {
      _ = try ScenarioLoader.load(file: scenario.path)
      Issue.record("a FIFO loaded as a profile")
    } catch {
      #expect(error.errors[0].message.contains("not a regular file"), "\(error)")
      #expect(error.errors[0].location.line == 2)
    }
  }
}

import Foundation
import ParsimFuzzInput
import Testing

/// Every input that ever crashed parsim (found by `make fuzz` or by hand), replayed through what
/// the fuzz target does: none may trap. A new crash found by fuzzing goes into `FuzzRegressions/`.
@Suite struct FuzzRegressionTests {
  static var inputs: [URL] {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzRegressions")
    return ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
  }

  @Test func everyCrashFoundSoFarRunsWithoutATrap() throws {
    #expect(Self.inputs.count >= 4)
    for input in Self.inputs {
      // A trap would end the test process here; getting past each line is the test.
      FuzzInput.exercise([UInt8](try Data(contentsOf: input)))
    }
  }
}

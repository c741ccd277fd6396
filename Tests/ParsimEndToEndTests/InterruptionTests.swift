import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// SIGTERM (or Ctrl-C) during a real run ends every Python process, removes the temporary
/// files and leaves no partial output.
@Suite(.serialized) struct InterruptionTests {
  /// The processes whose command line mentions `text`.
  func processes(mentioning text: String) -> [Int32] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }.filter { pid in
      guard let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
      return String(decoding: raw, as: UTF8.self).replacingOccurrences(of: "\0", with: " ").contains(text)
    }
  }

  @Test(arguments: [SIGTERM, SIGINT])
  func aSignalDuringMeasureCleansUp(sig: Int32) throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let tmp = dir.appendingPathComponent("tmp")
    let out = dir.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    let scenario = dir.appendingPathComponent("slow.yaml")
    // One task that waits a minute: the real run is still going when the signal comes.
    try "name: slow\ntasks: [{steps: [{io: 60s}]}]\nmodels: [serial]\n".write(to: scenario, atomically: true, encoding: .utf8)
    let p = Process()
    p.executableURL = CLI.binary
    p.arguments = ["measure", scenario.path, "--runs", "1", "--out", out.path, "--table", dir.appendingPathComponent("table.md").path]
    var env = ProcessInfo.processInfo.environment
    env["TMPDIR"] = tmp.path
    p.environment = env
    p.standardOutput = FileHandle.nullDevice
    let errPipe = Pipe()
    p.standardError = errPipe
    try p.run()
    // Wait for the harness (a Python process running a script in our TMPDIR) to start.
    var started = false
    for _ in 0..<300 where !started {
      usleep(100_000)
      started = !processes(mentioning: tmp.path + "/parsim-run-").filter { pid in processes(mentioning: "run_model.py").contains(pid) }.isEmpty
    }
    #expect(started, "the real run never started")
    kill(p.processIdentifier, sig)
    p.waitUntilExit()
    let stderr = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(p.terminationStatus == 128 + sig, "\(stderr)")
    #expect(stderr.contains("interrupted"), "\(stderr)")
    usleep(200_000)
    #expect(processes(mentioning: tmp.path).isEmpty, "Python processes left running")
    #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty, "temporary files left")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("table.md").path))
    #expect(!FileManager.default.fileExists(atPath: out.path), "a partial output directory")
  }
}

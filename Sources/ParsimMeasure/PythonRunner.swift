import Foundation
import ParsimScenario

#if canImport(Glibc)
  import Glibc
#endif

/// What a Python run left behind.
public struct RunOutput: Sendable {
  public var status: Int32
  public var stdout: Data
  public var stderr: String
  /// True when the run passed its time limit and was killed with its whole process group.
  public var timedOut: Bool
  public init(status: Int32, stdout: Data, stderr: String, timedOut: Bool) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
    self.timedOut = timedOut
  }
}

/// Runs a Python script: the seam between parsim and real interpreters, which tests replace
/// with a fake that returns recorded output (as swift-system mocks its system calls).
public protocol PythonRunning {
  func run(python: String, script: URL, arguments: [String], timeout: Double, progress: ((String) -> Void)?) throws -> RunOutput
}

/// Runs Python for real. The programs parsim generates call `os.setpgrp()` first, so the
/// interpreter leads a process group of its own: on a time limit the whole group (pool workers,
/// the resource tracker, a fork server) is killed, and after every run any process left in it.
public struct SystemPythonRunner: PythonRunning {
  public init() {}

  public func run(python: String, script: URL, arguments: [String], timeout: Double, progress: ((String) -> Void)?)
    throws -> RunOutput
  {
    let dir = script.deletingLastPathComponent()
    let outURL = dir.appendingPathComponent("stdout.txt")
    let errURL = dir.appendingPathComponent("stderr.txt")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    defer {
      try? out.close()
      try? err.close()
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [python, script.path] + arguments
    p.currentDirectoryURL = dir
    var env = ProcessInfo.processInfo.environment
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    p.environment = env
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    do {
      try p.run()
    } catch {
      throw MeasureError("cannot run \(python): \(errorReason(error))")
    }
    let pid = p.processIdentifier
    // The program makes itself a process group's leader first thing; an interruption kills
    // the group (and the interpreter, should it not have got that far).
    Interruption.shared.add(processGroup: pid)
    defer { Interruption.shared.remove(processGroup: pid) }
    let deadline = Date().addingTimeInterval(timeout)
    var timedOut = false
    var shown = 0
    while p.isRunning {
      if Date() > deadline {
        timedOut = true
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        break
      }
      if let progress, let text = try? String(contentsOf: errURL, encoding: .utf8) {
        let lines = text.split(separator: "\n")
        for line in lines.dropFirst(shown) where line.hasPrefix("calibrate:") { progress(String(line)) }
        shown = lines.count
      }
      usleep(20_000)
    }
    p.waitUntilExit()
    kill(-pid, SIGKILL)  // anything the run left in its group
    let stdout = (try? Data(contentsOf: outURL)) ?? Data()
    let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return RunOutput(status: p.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut)
  }
}

/// A temporary directory removed when the value is dropped.
final class ScratchDirectory {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("parsim-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    Interruption.shared.add(temporaryDirectory: url.path)
  }
  deinit {
    try? FileManager.default.removeItem(at: url)
    Interruption.shared.remove(temporaryDirectory: url.path)
  }
}

import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What parsim undoes when it is interrupted (Ctrl-C, `kill`, a closed terminal): every Python
/// process group a real run started is killed, every temporary directory removed, and every
/// output file written in this run deleted, so that no half-made report, table or chart set is
/// left behind. Then parsim exits with 128 + the signal's number (130 for SIGINT, 143 for
/// SIGTERM), as shells expect.
///
/// The parts of parsim that start processes or write files register them here as they go;
/// ``install()`` turns the signals into that clean-up.
public final class Interruption: @unchecked Sendable {
  public static let shared = Interruption()

  private let lock = NSLock()
  private var processGroups: Set<Int32> = []
  private var temporaryDirectories: Set<String> = []
  private var outputs: [String] = []
  private var createdDirectories: [String] = []
  private var sources: [DispatchSourceSignal] = []

  /// Catches SIGINT, SIGTERM and SIGHUP. Call once, before any work starts.
  public func install() {
    lock.lock()
    defer { lock.unlock() }
    guard sources.isEmpty else { return }
    for sig in [SIGINT, SIGTERM, SIGHUP] {
      signal(sig, SIG_IGN)  // delivered to the source below instead of ending the process
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler { [self] in interrupt(sig) }
      source.resume()
      sources.append(source)
    }
  }

  public func add(processGroup: Int32) { locked { processGroups.insert(processGroup) } }
  public func remove(processGroup: Int32) { locked { processGroups.remove(processGroup) } }
  public func add(temporaryDirectory path: String) { locked { temporaryDirectories.insert(path) } }
  public func remove(temporaryDirectory path: String) { locked { temporaryDirectories.remove(path) } }

  /// An output file this run writes (or overwrites): deleted if the run is interrupted.
  public func add(output path: String) { locked { outputs.append(path) } }

  /// A directory this run creates for its outputs: removed if the run is interrupted and it is
  /// empty by then.
  public func add(createdDirectory path: String) { locked { createdDirectories.append(path) } }

  /// Creates `url` and the directories above it that do not exist yet, registering each.
  ///
  /// - Throws: ``DirectoryError``, which names the path and the system's reason.
  public func createDirectory(_ url: URL) throws(DirectoryError) {
    var missing: [URL] = []
    var current = url.standardizedFileURL
    while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
      missing.append(current)
      current = current.deletingLastPathComponent()
    }
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw DirectoryError(path: url.path, reason: errorReason(error))
    }
    for dir in missing.reversed() { add(createdDirectory: dir.path) }
  }

  private func locked(_ body: () -> Void) {
    lock.lock()
    body()
    lock.unlock()
  }

  private func interrupt(_ sig: Int32) {
    lock.lock()
    for group in processGroups {
      kill(-group, SIGKILL)
      kill(group, SIGKILL)  // in case it had not made itself a group leader yet
    }
    for dir in temporaryDirectories { try? FileManager.default.removeItem(atPath: dir) }
    var removed = 0
    for file in outputs where (try? FileManager.default.removeItem(atPath: file)) != nil { removed += 1 }
    // Deepest first, and only the empty ones: a directory that held files before stays.
    for dir in createdDirectories.sorted(by: { $0.count > $1.count }) {
      if (try? FileManager.default.contentsOfDirectory(atPath: dir))?.isEmpty == true {
        try? FileManager.default.removeItem(atPath: dir)
      }
    }
    let name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP"
    let message = "parsim: interrupted (\(name)): stopped every Python run, removed temporary files"
      + (removed > 0 ? " and the \(removed) file\(removed == 1 ? "" : "s") this run had written" : "") + "\n"
    FileHandle.standardError.write(Data(message.utf8))
    exit(128 + sig)
  }
}

/// A directory that could not be made: its path and the system's reason.
public struct DirectoryError: Error, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { "\(path): cannot create the directory: \(reason)" }
}

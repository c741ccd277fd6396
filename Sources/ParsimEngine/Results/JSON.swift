/// A minimal JSON value with deterministic output: keys in insertion order, numbers with fixed
/// rounding, so the same run always prints the same bytes.
public indirect enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case number(Double, decimals: Int)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  public static func == (a: JSON, b: JSON) -> Bool { a.text() == b.text() }

  /// The JSON text, pretty-printed with two-space indentation.
  public func text(indent: Int = 0) -> String {
    let pad = String(repeating: "  ", count: indent)
    let inner = String(repeating: "  ", count: indent + 1)
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .number(let d, let decimals): return Self.format(d, decimals)
    case .string(let s): return Self.quote(s)
    case .array(let xs):
      if xs.isEmpty { return "[]" }
      return "[\n" + xs.map { inner + $0.text(indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "]"
    case .object(let kvs):
      if kvs.isEmpty { return "{}" }
      return "{\n" + kvs.map { inner + Self.quote($0.0) + ": " + $0.1.text(indent: indent + 1) }.joined(separator: ",\n")
        + "\n" + pad + "}"
    }
  }

  static func format(_ d: Double, _ decimals: Int) -> String {
    guard d.isFinite else { return "null" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let r = (d * scale).rounded() / scale
    if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
    var s = String(r)
    if s.contains("e") { s = String(format: "%.\(decimals)f", r) }
    return s
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 {
          let hex = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out + "\""
  }
}

import Foundation

extension ModelRun {
  /// The JSON shape of one model (docs/architecture.md).
  public var json: JSON {
    let m = metrics
    func ms(_ ns: Double) -> JSON { .number(ns / 1e6, decimals: 3) }
    if let d = m.deadlock {
      // A stuck run has no makespan, speed-up or latency worth printing: only what got stuck.
      return .object([
        ("model", .string(spec.kind.rawValue)),
        ("label", .string(model.label)),
        ("deadlock", .bool(true)),
        ("deadlock_at_ms", ms(Double(d.time))),
        ("waits", .array(d.waits.map { .string($0) })),
        ("explanation", .string(m.explanation)),
        ("tasks", .int(m.tasks)),
        ("completed", .int(completed)),
        ("workers", .int(model.workers)),
        ("events", .int(events)),
      ])
    }
    var fields: [(String, JSON)] = [
      ("model", .string(spec.kind.rawValue)),
      ("label", .string(model.label)),
      ("deadlock", .bool(false)),
      ("makespan_ms", ms(Double(m.makespan))),
      ("speedup", m.speedup.map { .number($0, decimals: 3) } ?? .null),
      ("throughput_per_s", .number(m.throughput, decimals: 3)),
      ("latency_ms", .object([
        ("mean", ms(m.latencyMean)), ("p50", ms(Double(m.latencyP50))), ("p95", ms(Double(m.latencyP95))),
        ("p99", ms(Double(m.latencyP99))),
      ])),
      ("utilization", .object([
        ("cores", .number(m.coreUtilization, decimals: 4)),
        ("gil", m.gilUtilization.map { .number($0, decimals: 4) } ?? .null),
      ])),
      ("state_share", .object(m.stateShare.map { ($0.0.name, .number($0.1, decimals: 4)) })),
      ("explanation", .string(m.explanation)),
      ("tasks", .int(m.tasks)),
      ("completed", .int(completed)),
      ("workers", .int(model.workers)),
    ]
    if [.multiprocessing, .dummyPool, .processPool].contains(spec.kind), !model.isPipeline {
      fields.append(("chunksize", .int(model.chunksize)))
    }
    if [.multiprocessing, .processPool].contains(spec.kind) {
      fields.append(("start_method", .string(model.startMethod.rawValue)))
    }
    if !m.stages.isEmpty {
      fields.append(("stages", .array(m.stages.map { s in
        .object([
          ("name", .string(s.name)), ("workers", .int(s.workers)), ("queue_maxsize", .int(s.maxsize)), ("items", .int(s.items)),
          ("throughput_per_s", .number(s.throughput, decimals: 3)), ("queue_wait_ms", ms(s.meanWait)),
          ("queue_length_mean", .number(s.meanLength, decimals: 3)), ("queue_length_max", .int(s.longest)),
          ("queue_full_share", .number(s.fullShare, decimals: 4)), ("utilization", .number(s.utilization, decimals: 4)),
        ])
      })))
    }
    fields.append(("events", .int(events)))
    return .object(fields)
  }
}

/// Human-readable durations: "85 µs", "412.5 ms", "3.21 s".
public func formatDuration(_ ns: Double) -> String {
  func trimmed(_ x: Double, _ digits: Int) -> String {
    var s = String(format: "%.\(digits)f", x)
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s
  }
  let a = abs(ns)
  if a >= 60e9 { return trimmed(ns / 60e9, 2) + " min" }
  if a >= 1e9 { return trimmed(ns / 1e9, a >= 10e9 ? 1 : 2) + " s" }
  if a >= 1e6 { return trimmed(ns / 1e6, a >= 100e6 ? 0 : a >= 10e6 ? 1 : 2) + " ms" }
  if a >= 1e3 { return trimmed(ns / 1e3, a >= 100e3 ? 0 : 1) + " µs" }
  return trimmed(ns, 0) + " ns"
}

import Foundation

/// Renders a ``Scenario`` back to scenario YAML that loads to an equal value.
///
/// The output is canonical: every field that differs from its default, in the order of
/// `docs/scenario-format.md`, with exact units (`1.5ms`, `1KiB`).
public enum ScenarioEmitter {
  public static func yaml(_ s: Scenario) -> String {
    var out = "name: \(s.name)\n"
    if let t = s.title { out += "title: \(quoted(t))\n" }
    if let d = s.description { out += "description: \(quoted(d))\n" }
    if s.seed != 0 { out += "seed: \(s.seed)\n" }
    out += machine(s.machine)
    if s.labels != Labels() {
      var parts: [String] = []
      if let w = s.labels.worker { parts.append("worker: \(quoted(w))") }
      if let t = s.labels.task { parts.append("task: \(quoted(t))") }
      out += "labels: {\(parts.joined(separator: ", "))}\n"
    }
    if !s.semaphores.isEmpty {
      out += "semaphores: {\(s.semaphores.map { "\(quoted($0.name)): \($0.value)" }.joined(separator: ", "))}\n"
    }
    if let p = s.pipeline {
      out += "pipeline:\n  items: \(p.items)\n"
      switch p.arrivals {
      case .every(let d): out += "  arrivals: {every: \(Units.formatDuration(d))}\n"
      case .rate(let r): out += "  arrivals: {rate: \(r.description)/s}\n"
      default: break
      }
      if !p.produce.isEmpty { out += "  produce:\n" + steps(p.produce, indent: 4) }
      if p.args != 0 { out += "  args: \(Units.formatSize(p.args))\n" }
      out += "  stages:\n"
      for stage in p.stages {
        out += "    - name: \(quoted(stage.name))\n      workers: \(stage.workers)\n      queue: \(stage.queue)\n"
        if let r = stage.run { out += "      run: \(r.rawValue)\n" }
        out += "      steps:\n" + steps(stage.steps, indent: 8)
      }
    }
    if s.pipeline == nil { out += "tasks:\n" }
    for g in s.pipeline == nil ? s.tasks : [] {
      out += "  - name: \(quoted(g.name))\n"
      out += "    count: \(g.count)\n"
      switch g.arrivals {
      case .allAtStart: break
      case .every(let d): out += "    arrivals: {every: \(Units.formatDuration(d))}\n"
      case .rate(let r): out += "    arrivals: {rate: \(r.description)/s}\n"
      case .at(let ts): out += "    arrivals: {at: [\(ts.map(Units.formatDuration).joined(separator: ", "))]}\n"
      }
      if g.args != 0 { out += "    args: \(Units.formatSize(g.args))\n" }
      if g.result != 0 { out += "    result: \(Units.formatSize(g.result))\n" }
      out += "    steps:\n" + steps(g.steps, indent: 6)
      if !g.onResult.isEmpty { out += "    on_result:\n" + steps(g.onResult, indent: 6) }
    }
    out += "models:\n"
    for m in s.models { out += "  - \(model(m))\n" }
    if s.charts != ChartOptions() {
      let c = s.charts
      out += "charts: {formats: [\(c.formats.map(\.rawValue).joined(separator: ", "))], color: \(c.color.rawValue), "
        + "width: \(c.width), theme: \(c.theme.rawValue), gil_lane: \(c.gilLane), core_lanes: \(c.coreLanes), "
        + "lock_lanes: \(c.lockLanes)}\n"
    }
    if let sw = s.sweep {
      out += "sweep: {model: \(quoted(sw.model)), param: \(sw.parameter), values: [\(sw.values.map(String.init).joined(separator: ", "))]}\n"
    }
    return out
  }

  static func machine(_ m: Machine) -> String {
    var parts = ["cores: \(m.cores)", "python: \"\(m.python.rawValue)\""]
    if let si = m.switchInterval { parts.append("switch_interval: \(Units.formatDuration(si))") }
    if let sm = m.startMethod { parts.append("start_method: \(sm.rawValue)") }
    if let p = m.profile { parts.append("profile: \(quoted(p))") }
    if !m.costs.isEmpty {
      let costs = m.costs.entries.map { key, value -> String in
        switch value {
        case .duration(let d): return "\(key.rawValue): \(Units.formatDuration(d))"
        case .number(let n):
          return key.kind == .throughput
            ? "\(key.rawValue): \(Units.formatSize(Int64(n)))/s" : "\(key.rawValue): \(n.description)"
        case .policy(let p): return "\(key.rawValue): \(p.rawValue)"
        }
      }
      parts.append("costs: {\(costs.joined(separator: ", "))}")
    }
    return "machine: {\(parts.joined(separator: ", "))}\n"
  }

  static func steps(_ steps: [Step], indent: Int) -> String {
    let pad = String(repeating: " ", count: indent)
    var out = ""
    for step in steps {
      switch step {
      case .cpu(let d): out += "\(pad)- cpu: \(duration(d))\n"
      case .io(let d): out += "\(pad)- io: \(duration(d))\n"
      case .native(let d): out += "\(pad)- native: \(duration(d))\n"
      case .cCall(let d): out += "\(pad)- c_call: \(duration(d))\n"
      case .blocking(let d): out += "\(pad)- blocking: \(duration(d))\n"
      case .lock(let name, let inner):
        out += "\(pad)- lock: \(quoted(name))\n\(pad)  steps:\n" + Self.steps(inner, indent: indent + 4)
      case .offload(let kind, let inner):
        out += "\(pad)- offload: \(kind.rawValue)\n\(pad)  steps:\n" + Self.steps(inner, indent: indent + 4)
      case .semaphore(let name, let inner):
        out += "\(pad)- semaphore: \(quoted(name))\n\(pad)  steps:\n" + Self.steps(inner, indent: indent + 4)
      case .repeat(let n, let inner):
        out += "\(pad)- repeat: \(n)\n\(pad)  steps:\n" + Self.steps(inner, indent: indent + 4)
      }
    }
    return out
  }

  /// A duration or distribution in scenario syntax.
  public static func duration(_ d: DurationSpec) -> String {
    let f = Units.formatDuration
    switch d {
    case .fixed(let v): return f(v)
    case .uniform(let a, let b): return "{uniform: [\(f(a)), \(f(b))]}"
    case .exponential(let m): return "{exponential: \(f(m))}"
    case .normal(let m, let s): return "{normal: [\(f(m)), \(f(s))]}"
    case .choice(let vs): return "{choice: [\(vs.map(f).joined(separator: ", "))]}"
    case .ramp(let a, let b, let p): return "{ramp: [\(f(a)), \(f(b))], power: \(p.description)}"
    case .lognormal(let m, let sigma): return "{lognormal: [\(f(m)), \(sigma.description)]}"
    case .mixture(let cs):
      return "{mixture: [" + cs.map { "{weight: \($0.weight.description), value: \(duration($0.value))}" }.joined(separator: ", ") + "]}"
    case .clamped(let d, let lo, let hi, let shift):
      // The inner distribution's mapping, with the clamps added to it.
      var inner = duration(d)
      if !inner.hasPrefix("{") { inner = "{choice: [\(inner)]}" }
      var extra: [String] = []
      if let lo { extra.append("min: \(f(lo))") }
      if let hi { extra.append("max: \(f(hi))") }
      if shift != 0 { extra.append("shift: \(f(shift))") }
      return String(inner.dropLast()) + (extra.isEmpty ? "" : ", " + extra.joined(separator: ", ")) + "}"
    }
  }

  static func model(_ m: ModelSpec) -> String {
    var params: [String] = []
    if let l = m.label { params.append("label: \(quoted(l))") }
    if let w = m.workers {
      let key: String
      switch m.kind {
      case .threading, .freeThreading: key = "threads"
      case .threadPool, .processPool: key = "max_workers"
      case .dummyPool, .multiprocessing: key = "processes"
      default: key = "workers"
      }
      params.append("\(key): \(w)")
    }
    if let c = m.chunksize { params.append("chunksize: \(c)") }
    if let s = m.startMethod { params.append("start_method: \(s.rawValue)") }
    if let l = m.limit { params.append("limit: \(l)") }
    if let o = m.offloadWorkers { params.append("offload_workers: \(o)") }
    if let a = m.api { params.append("api: \(a.rawValue)") }
    if let p = m.python { params.append("python: \"\(p.rawValue)\"") }
    return params.isEmpty ? m.kind.rawValue : "\(m.kind.rawValue): {\(params.joined(separator: ", "))}"
  }

  /// A double-quoted YAML string with the escapes YAML needs.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
          || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029
        {
          out += String(format: "\\u%04X", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}

import Foundation

/// A JSON Schema (draft-07) of the scenario format, for editors: VS Code's and JetBrains' YAML
/// support validate and complete a scenario file that starts with
/// `# yaml-language-server: $schema=parsim.schema.json` (written by `parsim schema`).
///
/// Built from the same key lists the loader accepts (``ScenarioFormat``), the model kinds and
/// their parameters, the cost keys and the units, so that the schema cannot lag the loader. The
/// schema checks shapes, keys, enums and unit spellings; ranges between values (a uniform's
/// low ≤ high, the three-year limit) are the loader's to check.
public enum ScenarioSchema {
  /// The schema as pretty-printed JSON with sorted keys: the same bytes every time.
  public static func json() -> String {
    let data = (try? JSONSerialization.data(withJSONObject: schema(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  static func units(_ list: [(String, Int64)]) -> String { list.map(\.0).joined(separator: "|") }

  /// Patterns for the unit-carrying scalars (`Units` parses them).
  static var durationPattern: String { "^\\s*\\+?[0-9][0-9_]*(\\.[0-9_]*)?\\s*(\(units(Units.durationUnits)))\\s*$" }
  static var sizePattern: String { "^\\s*\\+?[0-9][0-9_]*(\\.[0-9_]*)?\\s*(\(units(Units.sizeUnits)))?\\s*$" }
  static var ratePattern: String { "^\\s*\\+?[0-9][0-9_]*(\\.[0-9_]*)?\\s*/\\s*(\(units(Units.rateUnits)))\\s*$" }
  static var throughputPattern: String { "^\\s*\\+?[0-9][0-9_]*(\\.[0-9_]*)?\\s*(\(units(Units.sizeUnits)))?\\s*/\\s*s\\s*$" }

  static func object(_ properties: [String: Any], required: [String] = [], description: String? = nil) -> [String: Any] {
    var o: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
    if !required.isEmpty { o["required"] = required }
    if let description { o["description"] = description }
    return o
  }

  static func ref(_ name: String, _ description: String? = nil) -> [String: Any] {
    var o: [String: Any] = ["$ref": "#/definitions/\(name)"]
    if let description { o["description"] = description }
    return o
  }

  static func integer(_ range: ClosedRange<Int>, _ description: String, default value: Int? = nil) -> [String: Any] {
    var o: [String: Any] = ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound, "description": description]
    if let value { o["default"] = value }
    return o
  }

  /// YAML 1.1 booleans, which the loader reads too.
  static func boolean(_ description: String) -> [String: Any] {
    ["anyOf": [["type": "boolean"], ["enum": ["yes", "no", "on", "off", "true", "false"]]], "description": description, "default": false]
  }

  static func schema() -> [String: Any] {
    let pair: [String: Any] = ["type": "array", "items": ref("duration"), "minItems": 2, "maxItems": 2]
    var definitions: [String: Any] = [:]
    definitions["duration"] = [
      "description": "A duration with a unit: ns, us (µs), ms, s, min, h; 0 needs none. At most 24h.",
      "anyOf": [["type": "string", "pattern": durationPattern], ["const": 0]],
    ]
    definitions["distribution"] = [
      "description": "A duration, or a distribution of durations sampled from the scenario's seed.",
      "anyOf": [
        ref("duration"),
        object(["uniform": pair], required: ["uniform"], description: "uniform: [low, high]"),
        object(["exponential": ref("duration")], required: ["exponential"], description: "exponential: mean"),
        object(["normal": pair], required: ["normal"], description: "normal: [mean, sd], clamped at 0"),
        object(["choice": ["type": "array", "items": ref("duration"), "minItems": 1, "maxItems": Limits.listEntries]],
          required: ["choice"], description: "choice: one of the durations, at random"),
        object(["ramp": pair, "power": ["type": "number", "minimum": 0, "description": "the growth's exponent (default 1)"]],
          required: ["ramp"], description: "ramp: [first, last], the task's index sets where between (n**n grows with n)"),
        object(["lognormal": ["type": "array", "items": [ref("duration"), ["type": "number", "minimum": 0, "maximum": 4]],
          "minItems": 2, "maxItems": 2]], required: ["lognormal"], description: "lognormal: [median, sigma], a long tail"),
        object(["mixture": ["type": "array", "minItems": 1, "maxItems": Limits.mixtureComponents,
          "items": object(["weight": ["type": "number", "exclusiveMinimum": 0, "description": "relative weight"],
            "value": ref("distribution")], required: ["weight", "value"])]],
          required: ["mixture"], description: "mixture: each component chosen with its weight's share"),
      ],
    ]
    // min, max and shift go beside any distribution's key: allOf the kind's object would forbid
    // them (additionalProperties), so each kind's object lists them.
    if var kinds = (definitions["distribution"] as? [String: Any])?["anyOf"] as? [[String: Any]] {
      let modifiers: [String: Any] = [
        "min": ref("duration", "the sample is at least this"), "max": ref("duration", "the sample is at most this"),
        "shift": ref("duration", "added to the sample (before min and max)"),
      ]
      for i in kinds.indices {
        guard var props = kinds[i]["properties"] as? [String: Any] else { continue }
        props.merge(modifiers) { a, _ in a }
        kinds[i]["properties"] = props
      }
      definitions["distribution"] = ["description": "A duration, or a distribution of durations sampled from the scenario's seed.",
        "anyOf": kinds]
    }
    definitions["size"] = [
      "description": "A size: B, KB, MB, GB (decimal), KiB, MiB, GiB (binary); a bare number is bytes. At most 16GiB.",
      "anyOf": [["type": "string", "pattern": sizePattern], ["type": "integer", "minimum": 0]],
    ]
    let leaf = { (kind: String, text: String) -> [String: Any] in
      object([kind: ref("distribution", text)], required: [kind])
    }
    let nested: [String: Any] = ["type": "array", "items": ref("step"), "minItems": 1]
    definitions["step"] = [
      "description": "One step of a task.",
      "oneOf": [
        leaf("cpu", "Python bytecode: needs a core and the GIL"),
        leaf("io", "a blocking wait (network, disk, sleep): releases the GIL, needs no core"),
        leaf("native", "C code that releases the GIL (hashlib, zlib, numpy): needs a core only"),
        leaf("c_call", "C code that keeps the GIL and never switches inside (sum, sorted, re, int**int): other threads wait until it returns"),
        leaf("blocking", "a synchronous call: releases the GIL, but inside asyncio stalls the event loop"),
        object(["lock": ["type": "string", "description": "the lock's name, shared by every task"], "steps": nested],
          required: ["lock", "steps"], description: "the nested steps run holding the named lock (not reentrant)"),
        object(["offload": ["enum": OffloadKind.allCases.map(\.rawValue)], "steps": nested],
          required: ["offload", "steps"], description: "under asyncio the nested steps run in an executor (asyncio.to_thread, or run_in_executor with a process pool); inline elsewhere"),
        object(["semaphore": ["type": "string", "description": "a semaphore declared under semaphores:"], "steps": nested],
          required: ["semaphore", "steps"], description: "the nested steps run holding one unit of the named semaphore"),
        object(["repeat": integer(1...Limits.repeatCount, "how many times"), "steps": nested], required: ["repeat", "steps"],
          description: "the nested steps, this many times over"),
      ],
    ]
    definitions["taskGroup"] = object([
      "name": ["type": "string", "description": "the group's name (default task1, task2, …); unique"],
      "count": integer(1...Limits.tasks, "how many tasks of this kind", default: 1),
      "arrivals": [
        "description": "when the tasks arrive (default: all at time 0)",
        "oneOf": [
          object(["every": ref("duration")], required: ["every"], description: "one every interval"),
          object(["rate": ["type": "string", "pattern": ratePattern, "description": "Poisson arrivals, e.g. 20/s"]], required: ["rate"]),
          object(["at": ["type": "array", "items": ref("duration"), "maxItems": Limits.listEntries]], required: ["at"],
            description: "at these times"),
        ],
      ],
      "args": ref("size", "the pickled argument's size (process models), default 0B"),
      "result": ref("size", "the pickled result's size, default 0B"),
      "steps": ["type": "array", "items": ref("step"), "minItems": 1, "description": "what each task does, in order"],
      "on_result": ["type": "array", "items": ref("step"), "minItems": 1, "description": "the caller's own work on each result as it takes it back"],
    ], required: ["steps"])
    definitions["stage"] = object([
      "name": ["type": "string", "pattern": "^[a-z0-9_-]+$", "maxLength": Limits.nameLength,
        "description": "the stage's name (default stage1, stage2, …); unique; names sweep parameters such as parse.workers"],
      "workers": integer(1...Limits.workers, "the stage's consumers: threads, processes or coroutines", default: 1),
      "queue": integer(0...Limits.tasks, "maxsize of the queue feeding the stage: a full queue blocks the put (0: unbounded)", default: 0),
      "steps": ["type": "array", "items": ref("step"), "minItems": 1, "description": "what the stage does to each item"],
      "run": ["enum": StageRun.allCases.map(\.rawValue), "description": "the kind of worker for this stage when it differs from the model's (ignored under serial); coroutine stages come first"],
    ], required: ["steps"])
    definitions["model"] = [
      "description": "A parallelism model: its name, or its name with parameters.",
      "anyOf": [["enum": ModelKind.allCases.map(\.rawValue)]] + ModelKind.allCases.map { kind -> [String: Any] in
        var params: [String: Any] = ["label": ["type": "string", "minLength": 1, "description": "this entry's name in charts and JSON"]]
        for key in kind.parameterKeys {
          switch key {
          case "threads", "max_workers", "processes", "workers":
            params[key] = integer(1...Limits.workers, "how many \(key == "threads" ? "threads" : key == "processes" ? "processes" : "workers")")
          case "chunksize": params[key] = integer(1...Limits.tasks, "tasks per work item")
          case "limit": params[key] = integer(1...Limits.tasks, "an asyncio.Semaphore's value: at most this many tasks at once")
          case "api": params[key] = ["enum": ResultAPI.values(for: kind).map(\.rawValue), "description": "how the caller takes results back, and so when on_result runs"]
          case "offload_workers": params[key] = integer(1...Limits.workers, "the process pool of offload: process steps (default: the cores)")
          case "start_method": params[key] = ["enum": StartMethod.allCases.map(\.rawValue)]
          default:  // python
            // YAML reads an unquoted 3.14 as a number.
            let builds: [Any] = kind == .freeThreading ? ["3.13t", "3.14t"] : ["3.14", "3.14t", 3.14]
            params[key] = ["enum": builds, "description": "the Python this model stands for"]
          }
        }
        return object([kind.rawValue: ["anyOf": [object(params), ["type": "null"]]]], required: [kind.rawValue])
      },
    ]
    var costs: [String: Any] = [:]
    for key in CostKey.allCases {
      switch key.kind {
      case .duration: costs[key.rawValue] = ref("duration", key.meaning)
      case .probability: costs[key.rawValue] = ["type": "number", "minimum": 0, "maximum": 1, "description": key.meaning]
      case .factor: costs[key.rawValue] = ["type": "number", "minimum": 0.1, "maximum": 10, "description": key.meaning]
      case .throughput: costs[key.rawValue] = ["type": "string", "pattern": throughputPattern, "description": key.meaning + " (e.g. 300MB/s)"]
      case .policy: costs[key.rawValue] = ["enum": GILWaiterPolicy.allCases.map(\.rawValue), "description": key.meaning]
      }
    }
    let versions: [Any] = PythonVersion.allCases.map(\.rawValue) + [3.11, 3.12, 3.13, 3.14]
    let top: [String: Any] = [
      "name": ["type": "string", "pattern": "^[a-z0-9-]+$", "maxLength": Limits.nameLength, "description": "names the output files"],
      "title": ["type": "string", "description": "the charts' title (default: the name)"],
      "description": ["type": "string", "description": "what a reader should see; shown under the comparison's title"],
      "seed": ["type": "integer", "minimum": 0, "default": 0, "description": "seeds every sampled duration"],
      "machine": object([
        "cores": integer(1...Limits.cores, "CPUs", default: 2),
        "python": ["enum": versions, "default": "3.11", "description": "the CPython version whose defaults and costs apply"],
        "switch_interval": ref("duration", "sys.setswitchinterval, from 1us to 1s (default 5ms)"),
        "start_method": ["enum": StartMethod.allCases.map(\.rawValue), "description": "multiprocessing's (default: fork; forkserver from 3.14)"],
        "profile": ["type": "string", "description": "a cost profile written by parsim calibrate, relative to this file"],
        "costs": object(costs, description: "cost overrides, each key with its meaning"),
      ], description: "the machine simulated"),
      "semaphores": ["type": "object", "maxProperties": Limits.semaphores,
        "additionalProperties": ["type": "integer", "minimum": 1, "maximum": Limits.semaphoreValue],
        "description": "named counting semaphores and their values (threading.Semaphore, asyncio.Semaphore, multiprocessing.Semaphore)"],
      "labels": object([
        "worker": ["type": "string", "description": "what the charts call a worker (Till)"],
        "task": ["type": "string", "description": "what the charts call a task (Customer)"],
      ]),
      "tasks": ["type": "array", "items": ref("taskGroup"), "minItems": 1, "maxItems": Limits.taskGroups, "description": "task groups"],
      "pipeline": object([
        "items": integer(1...Limits.tasks, "how many items the source produces"),
        "arrivals": [
          "description": "when items arrive at the producer (default: all at time 0)",
          "oneOf": [
            object(["every": ref("duration")], required: ["every"], description: "one every interval"),
            object(["rate": ["type": "string", "pattern": ratePattern, "description": "Poisson arrivals, e.g. 20/s"]], required: ["rate"]),
          ],
        ],
        "produce": ["type": "array", "items": ref("step"), "description": "the producer's own work per item"],
        "args": ref("size", "an item's pickled size between stages (multiprocessing), default 0B"),
        "stages": ["type": "array", "items": ref("stage"), "minItems": 1, "maxItems": Limits.taskGroups, "description": "the stages, in order"],
      ], required: ["items", "stages"], description: "items through stages joined by queues, instead of tasks"),
      "models": ["type": "array", "items": ref("model"), "minItems": 1, "maxItems": Limits.models,
        "description": "the models to simulate (default: serial, threading, thread_pool, multiprocessing, process_pool, asyncio)"],
      "charts": object([
        "formats": ["anyOf": [["enum": ChartOptions.Format.allCases.map(\.rawValue)],
          ["type": "array", "items": ["enum": ChartOptions.Format.allCases.map(\.rawValue)], "minItems": 1]],
          "description": "default [png, svg]"],
        "color": ["enum": ChartOptions.ColorMode.allCases.map(\.rawValue), "default": "state"],
        "width": integer(200...8000, "pixels", default: 1200),
        "theme": ["enum": ChartOptions.Theme.allCases.map(\.rawValue), "default": "light"],
        "gil_lane": boolean("a lane showing which thread holds the GIL"),
        "core_lanes": boolean("a lane per core"),
        "lock_lanes": boolean("a lane per named lock: which thread holds it"),
      ]),
      "sweep": object([
        "model": ["type": "string", "description": "one of the models, by kind or label"],
        "param": ["anyOf": [["enum": ["threads", "max_workers", "processes", "workers", "chunksize", "limit", "cores"]],
          ["type": "string", "pattern": "^[a-z0-9_-]+\\.(workers|queue)$", "description": "a pipeline stage's workers or queue, e.g. parse.workers"]]],
        "values": ["type": "array", "items": ["type": "integer", "minimum": 1, "maximum": Limits.workers], "minItems": 1, "maxItems": 64],
      ], required: ScenarioFormat.sweepKeys, description: "a speed-up chart of one model as a parameter varies (parsim report)"),
    ]
    var root = object(top, required: ["name"], description: "A parsim scenario: a Python workload and the parallelism models to run it under.")
    root["oneOf"] = [["required": ["tasks"]], ["required": ["pipeline"]]]
    root["$schema"] = "http://json-schema.org/draft-07/schema#"
    root["title"] = "parsim scenario"
    root["definitions"] = definitions
    return root
  }
}

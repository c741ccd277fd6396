import Foundation
import ParsimScenario
import Testing
import Yams

/// The JSON Schema of `parsim schema`: every shipped scenario validates against it, it knows
/// every key the loader knows, and it rejects what the loader rejects for shape.
@Suite struct SchemaTests {
  let schema: [String: Any] = {
    (try? JSONSerialization.jsonObject(with: Data(ScenarioSchema.json().utf8))) as? [String: Any] ?? [:]
  }()

  /// A validator for the parts of draft-07 the schema uses: type, const, enum, pattern,
  /// properties, additionalProperties: false, required, items, minItems, maxItems, minimum,
  /// maximum, anyOf, oneOf, $ref into definitions. Returns the paths that fail.
  func errors(_ value: Any?, _ s: [String: Any], _ path: String = "$") -> [String] {
    if let ref = s["$ref"] as? String {
      let name = String(ref.dropFirst("#/definitions/".count))
      guard let target = (schema["definitions"] as? [String: Any])?[name] as? [String: Any] else { return ["\(path): bad $ref \(ref)"] }
      return errors(value, target, path)
    }
    if let any = s["anyOf"] as? [[String: Any]] {
      return any.contains { errors(value, $0, path).isEmpty } ? [] : ["\(path): matches none of anyOf"]
    }
    if let one = s["oneOf"] as? [[String: Any]] {
      let n = one.filter { errors(value, $0, path).isEmpty }.count
      guard n == 1 else { return ["\(path): matches \(n) of oneOf"] }
      // JSON Schema applies the other keywords beside oneOf too (the scenario's root: tasks or
      // a pipeline, and its properties).
      var rest = s
      rest["oneOf"] = nil
      if rest.keys.contains(where: { $0 != "description" && $0 != "title" && $0 != "$schema" && $0 != "definitions" }) {
        return errors(value, rest, path)
      }
      return []
    }
    if let c = s["const"] { return "\(c)" == "\(value ?? "null")" && (value is NSNumber) == (c is NSNumber) ? [] : ["\(path): not \(c)"] }
    if let e = s["enum"] as? [Any] {
      let ok = e.contains { option in
        if let o = option as? String, let v = value as? String { return o == v }
        if let o = option as? NSNumber, let v = value as? NSNumber, !(value is Bool) { return o.doubleValue == v.doubleValue }
        return false
      }
      return ok ? [] : ["\(path): \(value ?? "null") not in \(e)"]
    }
    var out: [String] = []
    if let types = s["type"] {
      let allowed = (types as? [String]) ?? [types as? String ?? ""]
      func isType(_ t: String) -> Bool {
        switch t {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return value is Bool
        case "null": return value == nil || value is NSNull
        case "integer":
          if value is Bool { return false }
          if let n = value as? Int { _ = n; return true }
          return false
        case "number": return (value is Double || value is Int) && !(value is Bool)
        default: return false
        }
      }
      guard allowed.contains(where: isType) else { return ["\(path): \(value.map { "\(type(of: $0))" } ?? "null") is not \(allowed)"] }
    }
    if let pattern = s["pattern"] as? String, let text = value as? String {
      if text.range(of: pattern, options: .regularExpression) == nil { out.append("\(path): '\(text)' does not match \(pattern)") }
    }
    if let n = value as? Int {
      if let lo = s["minimum"] as? Double, Double(n) < lo { out.append("\(path): \(n) < \(lo)") }
      if let hi = s["maximum"] as? Double, Double(n) > hi { out.append("\(path): \(n) > \(hi)") }
    }
    if let items = value as? [Any] {
      if let lo = s["minItems"] as? Int, items.count < lo { out.append("\(path): fewer than \(lo) items") }
      if let hi = s["maxItems"] as? Int, items.count > hi { out.append("\(path): more than \(hi) items") }
      if let itemSchema = s["items"] as? [String: Any] {
        for (i, item) in items.enumerated() { out += errors(item, itemSchema, "\(path)[\(i)]") }
      }
    }
    if let object = value as? [String: Any] {
      let properties = s["properties"] as? [String: Any] ?? [:]
      for key in s["required"] as? [String] ?? [] where object[key] == nil { out.append("\(path): needs \(key)") }
      for (key, v) in object {
        if let p = properties[key] as? [String: Any] {
          out += errors(v is NSNull ? nil : v, p, "\(path).\(key)")
        } else if s["additionalProperties"] as? Bool == false {
          out.append("\(path): unknown key \(key)")
        }
      }
    }
    return out
  }

  func yaml(_ text: String) throws -> Any? { try Yams.load(yaml: text) }

  static var examples: [URL] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return ["scenarios", "docs/examples", "Fuzz/seeds"].flatMap { dir in
      ((try? FileManager.default.contentsOfDirectory(at: root.appendingPathComponent(dir), includingPropertiesForKeys: nil)) ?? [])
        .filter { $0.pathExtension == "yaml" && (try? ScenarioLoader.load(file: $0.path)) != nil }
    }
  }

  @Test func everyShippedScenarioValidates() throws {
    #expect(Self.examples.count >= 7)
    for file in Self.examples {
      let value = try yaml(String(contentsOf: file, encoding: .utf8))
      let problems = errors(value, schema)
      #expect(problems.isEmpty, "\(file.lastPathComponent): \(problems.prefix(5))")
    }
  }

  @Test func theSchemaKnowsEveryKeyTheLoaderKnows() throws {
    let top = try #require(schema["properties"] as? [String: Any])
    #expect(Set(top.keys) == Set(ScenarioFormat.topKeys))
    func keys(_ s: Any?) -> Set<String> { Set(((s as? [String: Any])?["properties"] as? [String: Any] ?? [:]).keys) }
    #expect(keys(top["machine"]) == Set(ScenarioFormat.machineKeys))
    #expect(keys(top["labels"]) == Set(ScenarioFormat.labelKeys))
    #expect(keys(top["charts"]) == Set(ScenarioFormat.chartKeys))
    #expect(keys(top["sweep"]) == Set(ScenarioFormat.sweepKeys))
    #expect(keys((top["machine"] as? [String: Any])?["properties"].flatMap { ($0 as? [String: Any])?["costs"] })
      == Set(CostKey.allCases.map(\.rawValue)))
    let definitions = try #require(schema["definitions"] as? [String: Any])
    #expect(keys(definitions["taskGroup"]) == Set(ScenarioFormat.groupKeys))
    let steps = ((definitions["step"] as? [String: Any])?["oneOf"] as? [[String: Any]] ?? []).flatMap { keys($0) }
    #expect(Set(steps) == Set(ScenarioFormat.stepKinds + ["steps"]))
    let distributions = ((definitions["distribution"] as? [String: Any])?["anyOf"] as? [[String: Any]] ?? []).flatMap { keys($0) }
    #expect(Set(distributions) == Set(ScenarioFormat.distributionKeys))
    // Every model kind with exactly its parameters and a label.
    let models = (definitions["model"] as? [String: Any])?["anyOf"] as? [[String: Any]] ?? []
    for kind in ModelKind.allCases {
      let entry = models.first { keys($0) == [kind.rawValue] }
      let params = ((entry?["properties"] as? [String: Any])?[kind.rawValue] as? [String: Any])?["anyOf"] as? [[String: Any]]
      #expect(keys(params?.first) == Set(kind.parameterKeys + ScenarioFormat.modelCommonKeys), "\(kind)")
    }
  }

  @Test func theSchemaRejectsWhatTheLoaderRejectsForShape() throws {
    let bad = [
      "name: a\ntasks: [{cuont: 2, steps: [{cpu: 1ms}]}]\n",  // unknown key
      "name: a\ntasks: [{steps: [{cpu: 1ms, io: 2ms}]}]\n",  // a step with two kinds
      "name: a\ntasks: [{steps: [{cpu: 1mz}]}]\n",  // a bad unit
      "name: a\ntasks: [{steps: [{cpu: 5}]}]\n",  // a duration without a unit
      "name: A b\ntasks: [{steps: [{cpu: 1ms}]}]\n",  // a name with capitals and a space
      "name: a\ntasks: [{steps: [{cpu: 1ms}]}]\nmodels: [threds]\n",  // an unknown model
      "name: a\ntasks: [{steps: [{cpu: 1ms}]}]\nmodels: [{serial: {threads: 2}}]\n",  // a parameter serial lacks
      "name: a\ntasks: [{steps: [{cpu: 1ms}]}]\nmachine: {python: \"2.7\"}\n",  // an unknown version
    ]
    for text in bad {
      #expect(throws: ScenarioErrors.self) { try ScenarioLoader.load(yaml: text, file: "t.yaml") }
      #expect(!errors(try yaml(text), schema).isEmpty, "the schema accepts: \(text)")
    }
  }

  /// The cost table of `docs/scenario-format.md` has a row for every cost key: a reader can look
  /// up any key a profile or an error names.
  @Test func theFormatDocumentListsEveryCostKey() throws {
    let doc = try String(contentsOf: PropertyTests.repoRoot.appendingPathComponent("docs/scenario-format.md"), encoding: .utf8)
    let rows = Set(doc.split(separator: "\n").compactMap { line -> String? in
      guard line.hasPrefix("| `") else { return nil }
      return line.dropFirst(3).split(separator: "`").first.map(String.init)
    })
    for key in CostKey.allCases {
      #expect(rows.contains(key.rawValue), "no row for \(key.rawValue)")
    }
  }
}

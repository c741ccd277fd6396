import Foundation
import ParsimCairo
import ParsimChart
import ParsimEngine
import ParsimScenario
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct CairoRendererTests {
  static func scenes() throws -> [(String, Scene)] {
    let s = try ScenarioLoader.load(yaml: """
      name: smoke
      title: Smoke
      description: Every kind of chart.
      labels: {worker: Till, task: Customer}
      tasks:
        - {name: forgetful, steps: [{cpu: 4ms}, {io: 10ms}, {cpu: 2ms}]}
        - {name: customer, count: 3, steps: [{cpu: 5ms}]}
      models: [serial, {threading: {threads: 2}}, asyncio]
      """, file: "smoke.yaml")
    let runs = Simulator.runAll(s, recording: true)
    let measurer = CairoTextMeasurer()
    let style = ChartStyle(width: 700, color: .task, theme: .light, gilLane: true, coreLanes: true)
    let chartRuns = runs.map { ChartRun(trace: $0.trace!, metrics: $0.metrics) }
    return [
      ("timeline", TimelineChart.scene(chartRuns[1], title: "Smoke — threading", style: style, measurer: measurer)),
      ("comparison", ComparisonChart.scene(chartRuns, title: "Smoke", subtitle: "4 tasks", description: s.description,
        style: ChartStyle(width: 700, theme: .dark), measurer: measurer)),
      ("speedup", SpeedupChart.scene([.init(label: "threading", points: [.init(workers: 1, speedup: 1), .init(workers: 2, speedup: 1.4)],
        amdahl: AmdahlFit.fit([.init(workers: 1, speedup: 1), .init(workers: 2, speedup: 1.4)], cap: 2))],
        title: "Speed-up", subtitle: "", style: ChartStyle(width: 600), measurer: measurer)),
      ("validation", ValidationChart.scene(simulated: chartRuns[1], measured: chartRuns[0], title: "Validation",
        style: ChartStyle(width: 600), measurer: measurer)),
    ]
  }

  @Test func linksAgainstCairo() {
    let parts = cairoVersion.split(separator: ".").compactMap { Int($0) }
    #expect(parts.count == 3 && (parts[0] > 1 || parts[1] >= 16))
  }

  @Test func pngHasTheSceneSizeAndIsNotBlank() throws {
    for (name, scene) in try Self.scenes() {
      for scale in [1.0, 2.0] {
        let png = try CairoRenderer.render(scene, format: .png, scale: scale)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(name): not a PNG")
        // IHDR: width and height, big-endian, at bytes 16–23.
        let bytes = [UInt8](png)
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == Int((scene.width * scale).rounded(.up)) && height == Int((scene.height * scale).rounded(.up)))
      }
      let pixels = try CairoRenderer.pixels(scene)
      let background = pixels.argb[0]
      let different = pixels.argb.filter { $0 != background }.count
      #expect(Double(different) / Double(pixels.argb.count) > 0.05, "\(name): only \(different) pixels differ from the background")
    }
  }

  /// The PNG writer (zlib, Sub filter) checked by an independent decoder: Python's zlib and a
  /// few lines of PNG unfiltering (every filter type), against the pixels Cairo drew.
  @Test func pngDecodesToThePixelsCairoDrew() throws {
    let python = "/usr/bin/env"
    guard FileManager.default.isExecutableFile(atPath: python) else { return }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parsim-png-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let decoder = """
      import struct, sys, zlib
      data = open(sys.argv[1], "rb").read()
      assert data[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
      i, idat = 8, b""
      while i < len(data):
          n = struct.unpack(">I", data[i:i + 4])[0]
          kind, body = data[i + 4:i + 8], data[i + 8:i + 8 + n]
          assert zlib.crc32(kind + body) & 0xffffffff == struct.unpack(">I", data[i + 8 + n:i + 12 + n])[0], kind
          if kind == b"IHDR":
              w, h, depth, color = struct.unpack(">IIBB", body[:10])
          if kind == b"IDAT":
              idat += body
          i += 12 + n
      bpp = 3 if color == 2 else 4
      raw, rows, prev = zlib.decompress(idat), [], bytearray(w * bpp)
      for y in range(h):
          f, line = raw[y * (w * bpp + 1)], bytearray(raw[y * (w * bpp + 1) + 1:(y + 1) * (w * bpp + 1)])
          for x in range(len(line)):
              a = line[x - bpp] if x >= bpp else 0
              b, c = prev[x], prev[x - bpp] if x >= bpp else 0
              p = a + b - c
              pred = [0, a, b, (a + b) // 2, a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c][f]
              line[x] = (line[x] + pred) & 0xff
          rows.append(bytes(line))
          prev = line
      open(sys.argv[2], "wb").write(b"".join(rows))
      print(w, h, bpp)
      """
    try decoder.write(to: dir.appendingPathComponent("decode.py"), atomically: true, encoding: .utf8)
    for (name, scene) in try Self.scenes() {
      let png = dir.appendingPathComponent("\(name).png")
      try CairoRenderer.render(scene, format: .png).write(to: png)
      let p = Process()
      p.executableURL = URL(fileURLWithPath: python)
      p.arguments = ["python3", dir.appendingPathComponent("decode.py").path, png.path, dir.appendingPathComponent("\(name).rgb").path]
      let out = Pipe()
      p.standardOutput = out
      try p.run()
      p.waitUntilExit()
      #expect(p.terminationStatus == 0, "\(name): the PNG does not decode")
      let header = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ")
      let pixels = try CairoRenderer.pixels(scene)
      #expect(header.first.map(String.init) == String(pixels.width) && header.dropFirst().first.map(String.init) == String(pixels.height))
      // Charts are opaque: RGB, unpremultiplied by nothing.
      let decoded = [UInt8](try Data(contentsOf: dir.appendingPathComponent("\(name).rgb")))
      var expected: [UInt8] = []
      for v in pixels.argb { expected += [UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
      #expect(decoded == expected, "\(name): decoded pixels differ")
    }
  }

  @Test func svgIsWellFormedXMLOfTheRightSize() throws {
    for (name, scene) in try Self.scenes() {
      let svg = try CairoRenderer.render(scene, format: .svg)
      let parser = XMLParser(data: svg)
      #expect(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "")")
      let text = String(decoding: svg, as: UTF8.self)
      #expect(text.contains("width=\"\(Int(scene.width))px\""), "\(name)")
    }
  }

  @Test func pdfHasAHeader() throws {
    for (_, scene) in try Self.scenes() {
      let pdf = try CairoRenderer.render(scene, format: .pdf)
      #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
      #expect(String(decoding: pdf.suffix(6), as: UTF8.self).contains("%%EOF"))
    }
  }

  @Test func theSameSceneGivesTheSameBytes() throws {
    let scenes = try Self.scenes()
    for format in ImageFormat.allCases {
      let first = try scenes.map { try CairoRenderer.render($0.1, format: format) }
      // Render others in between, which advances Cairo's per-process counters.
      _ = try scenes.reversed().map { try CairoRenderer.render($0.1, format: format) }
      let second = try scenes.map { try CairoRenderer.render($0.1, format: format) }
      #expect(first == second, "\(format) output differs between renders")
    }
  }

  @Test func textMeasurerMeasuresDejaVu() {
    // DejaVu Sans's advance widths (its hmtx table, 2048 units per em) for "Thread 12", at
    // 12 px and with Cairo's hinted metrics (each advance rounded to a whole pixel):
    // T 1251 → 7.33 → 7, h 1298 → 8, r 842 → 5, e 1260 → 7, a 1255 → 7, d 1300 → 8,
    // space 651 → 4, 1 and 2 1303 → 8 each: 62 px (61.31 unrounded). DejaVu Sans Bold:
    // 1397 → 8, 1458 → 9, 1010 → 6, 1389 → 8, 1382 → 8, 1466 → 9, 713 → 4, 1425 → 8 twice:
    // 68 px. Another font gives other widths (Liberation Sans about 55 px).
    let m = CairoTextMeasurer()
    #expect(m.width(of: "Thread 12", size: 12, bold: false) == 62)
    #expect(m.width(of: "Thread 12", size: 12, bold: true) == 68)
    #expect(m.width(of: "", size: 12, bold: false) == 0)
  }
}

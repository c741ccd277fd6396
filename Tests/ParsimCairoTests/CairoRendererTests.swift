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
    let m = CairoTextMeasurer()
    let regular = m.width(of: "Thread 12", size: 12, bold: false)
    #expect(regular > 40 && regular < 80)
    #expect(m.width(of: "Thread 12", size: 12, bold: true) > regular)
    #expect(m.width(of: "", size: 12, bold: false) == 0)
  }
}

import ParsimCairo
import Testing

@Suite struct CairoLinkTests {
  @Test func linksAgainstCairo() {
    let parts = cairoVersion.split(separator: ".").compactMap { Int($0) }
    #expect(parts.count == 3)
    #expect(parts[0] >= 1 && (parts[0] > 1 || parts[1] >= 14))
  }
}

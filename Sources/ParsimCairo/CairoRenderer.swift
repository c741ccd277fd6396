import CCairo
import Foundation
import ParsimChart

/// The file formats parsim draws.
public enum ImageFormat: String, CaseIterable, Sendable {
  case png, svg, pdf
}

/// Errors from drawing with Cairo.
public struct RenderError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
  public init(message: String) { self.message = message }
}

/// The version of the Cairo library parsim draws with, e.g. "1.16.0".
///
/// The corresponding C function is `cairo_version_string`.
public var cairoVersion: String { String(cString: cairo_version_string()) }

/// Draws a ``Scene`` with Cairo to PNG (at a scale factor for high-DPI screens), SVG or PDF.
///
/// The same scene gives the same bytes every time, in one process or many: SVG surface ids,
/// which Cairo numbers per process, are renumbered, and PDFs carry a fixed creation date.
public enum CairoRenderer {
  /// The font every chart uses; DejaVu Sans ships with Debian (`fonts-dejavu-core`).
  public static let fontFamily = "DejaVu Sans"

  public static func render(_ scene: Scene, format: ImageFormat, scale: Double = 1) throws -> Data {
    let sink = ByteSink()
    let closure = Unmanaged.passUnretained(sink).toOpaque()
    let surface: OpaquePointer?
    let w = scene.width
    let h = scene.height
    switch format {
    case .png:
      surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((w * scale).rounded(.up)), Int32((h * scale).rounded(.up)))
    case .svg:
      surface = cairo_svg_surface_create_for_stream(writeToSink, closure, w, h)
      if let surface { cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX) }
    case .pdf:
      surface = cairo_pdf_surface_create_for_stream(writeToSink, closure, w, h)
      if let surface {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "parsim")
      }
    }
    guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
      throw RenderError(message: "Cairo could not create a \(format.rawValue) surface of \(Int(w))×\(Int(h))")
    }
    defer { cairo_surface_destroy(surface) }
    guard let cr = cairo_create(surface) else { throw RenderError(message: "Cairo could not create a context") }
    if format == .png { cairo_scale(cr, scale, scale) }
    draw(scene, cr)
    let status = cairo_status(cr)
    cairo_destroy(cr)
    guard status == CAIRO_STATUS_SUCCESS else {
      throw RenderError(message: "Cairo failed to draw: \(String(cString: cairo_status_to_string(status)))")
    }
    if format == .png {
      cairo_surface_flush(surface)
      guard let pixels = cairo_image_surface_get_data(surface) else { throw RenderError(message: "Cairo has no pixels to write") }
      do {
        return try PNGEncoder.encode(pixels: pixels, width: Int(cairo_image_surface_get_width(surface)),
          height: Int(cairo_image_surface_get_height(surface)), stride: Int(cairo_image_surface_get_stride(surface)))
      } catch {
        throw RenderError(message: "\(error)")
      }
    } else {
      cairo_surface_finish(surface)
    }
    withExtendedLifetime(sink) {}
    if format == .svg { return normalizedSVG(sink.data) }
    return sink.data
  }

  /// Cairo's SVG made stable and small, in one pass over its bytes: per-process surface ids
  /// renumbered from 1, so that equal scenes give equal bytes, and every number with more than
  /// two decimals rounded to two (a hundredth of a pixel; Cairo writes six, and charts of many
  /// columns are mostly numbers).
  static func normalizedSVG(_ data: Data) -> Data {
    let bytes = [UInt8](data)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var mapping: [ArraySlice<UInt8>: Int] = [:]
    let surface = Array("surface".utf8)
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      // "surface123" → "surfaceN", N in order of first appearance.
      if b == 0x73, i + surface.count <= bytes.count, bytes[i..<(i + surface.count)].elementsEqual(surface) {
        var j = i + surface.count
        while j < bytes.count, isDigit(bytes[j]) { j += 1 }
        out += surface
        if j > i + surface.count {
          let digits = bytes[(i + surface.count)..<j]
          let n = mapping[digits] ?? (mapping.count + 1)
          mapping[digits] = n
          out += Array(String(n).utf8)
        }
        i = j
        continue
      }
      // A number: its whole part, then at most two decimals, rounded.
      if isDigit(b), i == 0 || !(bytes[i - 1] == 0x2D && i >= 2 && isDigit(bytes[i - 2])) && !isLetter(bytes[i - 1]) {
        var j = i
        while j < bytes.count, isDigit(bytes[j]) { j += 1 }
        if j + 3 < bytes.count, bytes[j] == 0x2E, isDigit(bytes[j + 1]), isDigit(bytes[j + 2]), isDigit(bytes[j + 3]) {
          var k = j + 1
          while k < bytes.count, isDigit(bytes[k]) { k += 1 }
          // The whole part and two decimals as one run of digits, rounded half up on the third.
          var kept = Array(bytes[i..<j]) + [bytes[j + 1], bytes[j + 2]]
          if bytes[j + 3] >= 0x35 {
            var p = kept.count - 1
            while p >= 0 {
              if kept[p] == 0x39 {
                kept[p] = 0x30
                p -= 1
              } else {
                kept[p] += 1
                break
              }
            }
            if p < 0 { kept.insert(0x31, at: 0) }
          }
          var decimals = Array(kept.suffix(2))
          let whole = kept.dropLast(2)
          while decimals.last == 0x30 { decimals.removeLast() }
          // "-0.001" rounds to "0": drop the minus sign already written.
          if decimals.isEmpty, whole.allSatisfy({ $0 == 0x30 }), out.last == 0x2D { out.removeLast() }
          out += whole
          if !decimals.isEmpty {
            out.append(0x2E)
            out += decimals
          }
          i = k
          continue
        }
        out += bytes[i..<j]
        i = j
        continue
      }
      out.append(b)
      i += 1
    }
    return Data(out)
  }

  private static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x23 }

  static func set(_ cr: OpaquePointer, _ c: Color) {
    cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
  }

  static func draw(_ scene: Scene, _ cr: OpaquePointer) {
    set(cr, scene.background)
    cairo_paint(cr)
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
    for item in scene.items {
      switch item {
      case .rect(let r):
        guard r.width > 0, r.height > 0 else { continue }
        path(rect: r, cr)
        set(cr, r.fill)
        if let hatch = r.hatch {
          cairo_fill_preserve(cr)
          cairo_save(cr)
          cairo_clip(cr)
          set(cr, hatch)
          cairo_set_line_width(cr, 1)
          var x = r.x - r.height
          while x < r.x + r.width {
            cairo_move_to(cr, x, r.y + r.height)
            cairo_line_to(cr, x + r.height, r.y)
            x += 4
          }
          cairo_stroke(cr)
          cairo_restore(cr)
        } else if let stroke = r.stroke {
          cairo_fill_preserve(cr)
          set(cr, stroke)
          cairo_set_line_width(cr, r.strokeWidth)
          cairo_stroke(cr)
        } else {
          cairo_fill(cr)
        }
      case .line(let l):
        guard let first = l.points.first else { continue }
        cairo_new_path(cr)
        cairo_move_to(cr, first.x, first.y)
        for p in l.points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
        set(cr, l.color)
        cairo_set_line_width(cr, l.width)
        if l.dash.isEmpty {
          cairo_set_dash(cr, nil, 0, 0)
        } else {
          l.dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
        }
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
      case .polygon(let p):
        guard p.rings.contains(where: { !$0.isEmpty }) else { continue }
        cairo_new_path(cr)
        for ring in p.rings {
          guard let first = ring.first else { continue }
          cairo_move_to(cr, first.x, first.y)
          for q in ring.dropFirst() { cairo_line_to(cr, q.x, q.y) }
          cairo_close_path(cr)
        }
        set(cr, p.fill)
        if let hatch = p.hatch {
          let xs = p.rings.joined().map(\.x)
          let ys = p.rings.joined().map(\.y)
          let (left, right) = (xs.min() ?? 0, xs.max() ?? 0)
          let (top, bottom) = (ys.min() ?? 0, ys.max() ?? 0)
          cairo_fill_preserve(cr)
          cairo_save(cr)
          cairo_clip(cr)
          set(cr, hatch)
          cairo_set_line_width(cr, 1)
          var x = left - (bottom - top)
          while x < right {
            cairo_move_to(cr, x, bottom)
            cairo_line_to(cr, x + (bottom - top), top)
            x += 4
          }
          cairo_stroke(cr)
          cairo_restore(cr)
        } else {
          cairo_fill(cr)
        }
      case .text(let t):
        cairo_select_font_face(cr, fontFamily, CAIRO_FONT_SLANT_NORMAL, t.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, t.size)
        var x = t.x
        if t.anchor != .start {
          var extents = cairo_text_extents_t()
          cairo_text_extents(cr, t.string, &extents)
          x -= t.anchor == .middle ? extents.x_advance / 2 : extents.x_advance
        }
        set(cr, t.color)
        cairo_move_to(cr, x, t.y)
        cairo_show_text(cr, t.string)
        cairo_new_path(cr)
      }
    }
  }

  static func path(rect r: Scene.Rect, _ cr: OpaquePointer) {
    cairo_new_path(cr)
    let rad = min(r.cornerRadius, r.width / 2, r.height / 2)
    if rad <= 0 {
      cairo_rectangle(cr, r.x, r.y, r.width, r.height)
      return
    }
    cairo_arc(cr, r.x + r.width - rad, r.y + rad, rad, -.pi / 2, 0)
    cairo_arc(cr, r.x + r.width - rad, r.y + r.height - rad, rad, 0, .pi / 2)
    cairo_arc(cr, r.x + rad, r.y + r.height - rad, rad, .pi / 2, .pi)
    cairo_arc(cr, r.x + rad, r.y + rad, rad, .pi, 3 * .pi / 2)
    cairo_close_path(cr)
  }
}

final class ByteSink {
  var data = Data()
}

private func writeToSink(_ closure: UnsafeMutableRawPointer?, _ bytes: UnsafePointer<UInt8>?, _ length: UInt32)
  -> cairo_status_t
{
  guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
  let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
  sink.data.append(bytes, count: Int(length))
  return CAIRO_STATUS_SUCCESS
}

/// Measures text with Cairo and DejaVu Sans, as the renderer draws it.
public final class CairoTextMeasurer: TextMeasuring {
  private let surface: OpaquePointer
  private let cr: OpaquePointer
  private var cache: [String: Double] = [:]

  public init() {
    surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
    cr = cairo_create(surface)
  }

  deinit {
    cairo_destroy(cr)
    cairo_surface_destroy(surface)
  }

  public func width(of text: String, size: Double, bold: Bool) -> Double {
    let key = "\(size)|\(bold)|\(text)"
    if let w = cache[key] { return w }
    cairo_select_font_face(cr, CairoRenderer.fontFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
    cairo_set_font_size(cr, size)
    var extents = cairo_text_extents_t()
    cairo_text_extents(cr, text, &extents)
    cache[key] = extents.x_advance
    return extents.x_advance
  }
}

extension CairoRenderer {
  /// Draws a scene into memory and returns its pixels (premultiplied ARGB, one UInt32 each), for
  /// checks that a chart is not blank.
  public static func pixels(_ scene: Scene, scale: Double = 1) throws -> (width: Int, height: Int, argb: [UInt32]) {
    let w = Int32((scene.width * scale).rounded(.up))
    let h = Int32((scene.height * scale).rounded(.up))
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h),
      cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
    else { throw RenderError(message: "Cairo could not create an image surface") }
    defer { cairo_surface_destroy(surface) }
    guard let cr = cairo_create(surface) else { throw RenderError(message: "Cairo could not create a context") }
    cairo_scale(cr, scale, scale)
    draw(scene, cr)
    cairo_destroy(cr)
    cairo_surface_flush(surface)
    let stride = Int(cairo_image_surface_get_stride(surface)) / 4
    guard let data = cairo_image_surface_get_data(surface) else { throw RenderError(message: "no pixel data") }
    let words = UnsafeRawPointer(data).assumingMemoryBound(to: UInt32.self)
    var out: [UInt32] = []
    out.reserveCapacity(Int(w) * Int(h))
    for row in 0..<Int(h) { out.append(contentsOf: UnsafeBufferPointer(start: words + row * stride, count: Int(w))) }
    return (Int(w), Int(h), out)
  }
}

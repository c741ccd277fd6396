import CZlib
import Foundation

/// gzip compression through the system's zlib, for Chrome traces: Perfetto opens `.json.gz`
/// directly, and a trace of thousands of spans shrinks about tenfold.
enum Gzip {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The gzip member of `data` (RFC 1952), at zlib's default level.
  static func compress(_ data: Data) throws -> Data {
    var stream = z_stream()
    // windowBits 15 + 16 asks zlib for a gzip header and trailer instead of a zlib one.
    var status = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
      Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else { throw Failure(description: "zlib could not start (status \(status))") }
    defer { deflateEnd(&stream) }
    var input = [UInt8](data)
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
    let outputCount = output.count
    status = input.withUnsafeMutableBufferPointer { inBuf in
      output.withUnsafeMutableBufferPointer { outBuf in
        stream.next_in = inBuf.baseAddress
        stream.avail_in = uInt(inBuf.count)
        stream.next_out = outBuf.baseAddress
        stream.avail_out = uInt(outBuf.count)
        return deflate(&stream, Z_FINISH)
      }
    }
    guard status == Z_STREAM_END else { throw Failure(description: "zlib could not compress (status \(status))") }
    return Data(output[0..<(outputCount - Int(stream.avail_out))])
  }
}

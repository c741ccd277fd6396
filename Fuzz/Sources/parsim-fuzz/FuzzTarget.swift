import ParsimFuzzInput

/// One fuzz input: see `FuzzInput.exercise`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzInput.exercise([UInt8](UnsafeBufferPointer(start: data, count: size)))
  return 0
}

/// libFuzzer's driver, which parses the command line (-runs, -max_total_time, the corpus) and
/// calls the function above for each input.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The program's entry point. SwiftPM links an executable's `main` to `<module>_main`; here
/// that hands over to libFuzzer, since a fuzz target has no `main` of its own.
@_cdecl("parsim_fuzz_main")
public func parsimFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var count = argc
  var vector = argv
  return LLVMFuzzerRunDriver(&count, &vector) { data, size in fuzzOneInput(data, size) }
}

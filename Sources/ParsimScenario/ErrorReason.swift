import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An error in words a user can act on: the OS's reason ("Permission denied", "No such file or
/// directory") rather than Foundation's "The operation could not be completed
/// (NSCocoaErrorDomain error 512)". Errors of parsim's own say themselves.
public func errorReason(_ error: any Error) -> String {
  let ns = error as NSError
  guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return "\(error)" }
  if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
    return String(cString: strerror(Int32(underlying.code)))
  }
  if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
  if ns.domain == NSCocoaErrorDomain {
    switch ns.code {
    case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "Permission denied"
    case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "No such file or directory"
    case NSFileWriteOutOfSpaceError: return "No space left on device"
    case NSFileWriteVolumeReadOnlyError: return "Read-only file system"
    case NSFileWriteFileExistsError: return "File exists"
    default: break
    }
  }
  return ns.localizedFailureReason ?? ns.localizedDescription
}

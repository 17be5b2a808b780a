import CGEOS
import Foundation

/// A GEOS context handle (`GEOS_init_r`) with error and notice handlers that keep GEOS's last message.
///
/// GEOS wants one context per thread. Use ``current`` (one long-lived context per thread) rather
/// than creating one per call. Not `Sendable`: a context and every geometry made with it stay on
/// the thread that made them. In async code, do not keep GEOS objects across an `await` (a task
/// may resume on another thread); run GEOS work inside one synchronous stretch.
package final class GeosContext {
    /// The collected messages; GEOS's handlers write here through a userdata pointer.
    final class Messages {
        var lastError: String?
        var lastNotice: String?
    }

    let handle: GEOSContextHandle_t
    /// GEOS's functions, loaded once for the process (``GEOSLibrary``): every GEOS call goes
    /// through them, `context.geos.GEOSArea_r(context.handle, g, &area)`.
    let geos: GEOSFunctions
    let messages: Messages

    /// Creates a context with message handlers installed, loading GEOS first if no context has.
    /// - Throws: `LibraryError` when libgeos_c cannot be loaded (naming the files tried) or GEOS
    ///   cannot allocate a context.
    package init() throws {
        let geos = try GEOSLibrary.functions()
        guard let handle = geos.GEOS_init_r() else {
            throw LibraryError(library: "GEOS", operation: "GEOS_init_r", message: "could not create a context")
        }
        self.handle = handle
        self.geos = geos
        self.messages = Messages()
        // The context keeps `messages` alive as long as GEOS can call the handlers (until deinit).
        let userdata = Unmanaged.passUnretained(messages).toOpaque()
        _ = geos.GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let userdata, let message else { return }
            Unmanaged<Messages>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
        }, userdata)
        _ = geos.GEOSContext_setNoticeMessageHandler_r(handle, { message, userdata in
            guard let userdata, let message else { return }
            Unmanaged<Messages>.fromOpaque(userdata).takeUnretainedValue().lastNotice = String(cString: message)
        }, userdata)
    }

    deinit {
        geos.GEOS_finish_r(handle)
    }

    /// The calling thread's context, created on first use and kept until the thread ends.
    ///
    /// Kept by ``PerThreadCache`` (the thread's `threadDictionary`), so it is never shared between
    /// threads.
    /// - Throws: `LibraryError` when GEOS cannot be loaded (the first use in the process loads it)
    ///   or cannot allocate a context.
    package static var current: GeosContext {
        get throws {
            try PerThreadCache.value(forKey: threadKey) { try GeosContext() }
        }
    }

    private static let threadKey = "LifeCircle.GeosContext"

    /// Forgets the messages of earlier calls; call before each GEOS call whose failure is checked.
    @inline(__always)
    func clearMessages() {
        messages.lastError = nil
    }

    /// Runs a GEOS predicate (`call` gets this context's handle) with the messages cleared first.
    /// - Throws: `LibraryError` with GEOS's message when the predicate raised an exception.
    @inline(__always)
    func predicate(_ operation: String, _ call: (GEOSContextHandle_t) -> CChar) throws -> Bool {
        clearMessages()
        let r = call(handle)
        // 1 true, 0 false, 2 exception
        guard r != 2 else { throw error(operation) }
        return r == 1
    }

    /// Runs a GEOS measurement (`call` gets this context's handle and the value to fill) with the
    /// messages cleared first.
    /// - Throws: `LibraryError` with GEOS's message when the measurement raised an exception.
    func measure(_ operation: String, _ call: (GEOSContextHandle_t, inout Double) -> Int32) throws -> Double {
        clearMessages()
        var value = 0.0
        // 1 success, 0 exception
        guard call(handle, &value) == 1 else { throw error(operation) }
        return value
    }

    /// An error for the failed GEOS `operation`, carrying GEOS's own message when it gave one.
    func error(_ operation: String) -> LibraryError {
        LibraryError(library: "GEOS", operation: operation, message: messages.lastError ?? "failed without a message")
    }

    /// The last notice GEOS gave (e.g. why a geometry is invalid), if any.
    package var lastNotice: String? { messages.lastNotice }
}

/// Debug-only invariant checks of the solvers' incrementally kept state (``ReducedProblem``,
/// ``SwapState``, ``NeighbourhoodSearch/Chosen``): each type has a validator returning its first
/// broken invariant, and the places that build or change the state call ``check(_:_:)``, which
/// stops a debug build (`swift test` runs them) and compiles away in release.
enum SitingInvariant {
    /// Stops a debug build with `what` and the violation when `violation` is not nil; nothing in release.
    @inline(__always)
    static func check(_ what: @autoclosure () -> String, _ violation: @autoclosure () -> String?) {
        #if DEBUG
        if let broken = violation() { assertionFailure("\(what()): \(broken)") }
        #endif
    }

}

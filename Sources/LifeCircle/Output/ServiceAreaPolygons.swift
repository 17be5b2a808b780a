import Foundation

/// The service-area polygons of a report, each made once (``ServiceArea/withArea(toWGS84:)``) by
/// whichever thread asks first: the background thread started while the proposals are searched
/// (they do not depend on the proposals), or an output task of ``StudyReport``.
///
/// A polygon is the same whichever thread makes it (the distance field is made on one thread in a
/// fixed order, GEOS is deterministic; each thread has its own GEOS context and PROJ transformer),
/// so the output does not depend on who made it.
package final class ServiceAreaPolygons: Sendable {
    /// The service areas without their polygons, in plan order.
    let areas: [ServiceArea]
    /// The analysis CRS the areas' metric lines are in.
    let metricCRS: String
    private let made: [Once<ServiceArea>]
    private let indexByCategory: [String: Int]
    private let background = BackgroundThread()

    /// Polygons for `areas` (whose metric lines are in `metricCRS`), none made yet.
    package init(_ areas: [ServiceArea], metricCRS: String) {
        self.areas = areas
        self.metricCRS = metricCRS
        made = areas.map { _ in Once<ServiceArea>() }
        indexByCategory = Dictionary(areas.enumerated().map { ($1.category, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `area` with its polygon: made now when no thread has started it, else the other thread's
    /// result once it is there (an area not among these is made now and not kept).
    /// - Throws: `LibraryError` when GEOS or PROJ fail (for every caller asking).
    package func withArea(of area: ServiceArea) throws -> ServiceArea {
        guard let i = indexByCategory[area.category] else { return try Self.make(area, metricCRS: metricCRS) }
        return try made[i].get { try Self.make(areas[i], metricCRS: metricCRS) }
    }

    /// `area` with its polygon, made now when no thread has started it; while another thread makes
    /// it, this thread makes the polygons of `later` that no thread has started (instead of idling).
    /// - Throws: `LibraryError` when GEOS or PROJ fail.
    package func withArea(of area: ServiceArea, meanwhile later: [ServiceArea]) throws -> ServiceArea {
        makeIfWaiting(area.category)
        for next in later where !isDone(area.category) { makeIfWaiting(next.category) }
        return try withArea(of: area)
    }

    /// Makes the polygon of `category` now when no thread has started it; false when one has (or
    /// the category has no service area).
    @discardableResult
    package func makeIfWaiting(_ category: String) -> Bool {
        guard let i = indexByCategory[category] else { return false }
        return made[i].makeIfWaiting { try Self.make(areas[i], metricCRS: metricCRS) }
    }

    /// Whether the polygon of `category` is made (or failed); false for an unknown category.
    package func isDone(_ category: String) -> Bool {
        guard let i = indexByCategory[category] else { return false }
        return made[i].isDone
    }

    /// Starts making the polygons, in plan order, on one background thread that skips those
    /// another thread has started, and returns at once. The thread stops early when this object
    /// is released (a report dropped without being written) or ``stopBackground()`` is called.
    ///
    /// - Parameter beforeEach: called on the background thread before each polygon, with its
    ///   category (tests hold the thread there).
    package func startInBackground(beforeEach: @escaping @Sendable (String) -> Void = { _ in }) {
        let categories = areas.map(\.category)
        let background = self.background
        background.group.enter()
        DispatchQueue.global().async { [weak self] in
            defer { background.group.leave() }
            for c in categories {
                beforeEach(c)
                guard !background.isStopped, let self else { return }
                self.makeIfWaiting(c)
            }
        }
    }

    /// Stops the background thread of ``startInBackground(beforeEach:)`` after the polygon it is
    /// making (those it has not started are left to whoever asks) and returns once it has stopped,
    /// so no GEOS or PROJ call of it outlives a failed run; at once when none runs.
    package func stopBackground() {
        background.stop()
        background.group.wait()
    }

    /// Whether the background thread of ``startInBackground(beforeEach:)`` is still running.
    package var isRunningInBackground: Bool {
        background.group.wait(timeout: .now()) == .timedOut
    }

    /// The background thread's stop flag, and the group it is in while it runs.
    private final class BackgroundThread: @unchecked Sendable {
        // Safety (why unchecked is sound): `stopped` is read and written only while `lock` is held;
        // `group` is thread-safe.
        private var stopped = false
        private let lock = NSLock()
        let group = DispatchGroup()

        var isStopped: Bool {
            lock.lock()
            defer { lock.unlock() }
            return stopped
        }

        func stop() {
            lock.lock()
            stopped = true
            lock.unlock()
        }
    }

    private static func make(_ area: ServiceArea, metricCRS: String) throws -> ServiceArea {
        try area.withArea(toWGS84: try CoordinateTransformer.forThisThread(from: metricCRS, to: "EPSG:4326"))
    }
}

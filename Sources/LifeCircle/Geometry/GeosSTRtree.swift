import CGEOS

/// A GEOS STR-packed R-tree (`GEOSSTRtree_create_r`, node capacity 10) of items carrying an
/// `Int` payload, inserted by bounding box or by geometry.
///
/// Insert every item, then query: GEOS packs the tree on the first query (or ``build()``) and
/// refuses inserts after that. Not `Sendable`; one per thread, like its context.
package final class GeosSTRtree {
    let handle: OpaquePointer
    /// The context the tree and its item geometries live in.
    package let context: GeosContext
    /// Payload of each item slot; the tree stores `slot + 1` as its item pointer.
    private var payloads: [Int] = []
    /// Geometry of each item slot (the box's rectangle for items inserted by box), for distances.
    private var geometries: [GeosGeometry] = []
    /// True once the tree has been packed.
    package private(set) var isBuilt = false

    /// An empty tree.
    package init(context: GeosContext? = nil) throws {
        let context = try context ?? .current
        context.clearMessages()
        // NULL on exception
        guard let handle = context.geos.GEOSSTRtree_create_r(context.handle, 10) else {
            throw context.error("GEOSSTRtree_create_r")
        }
        self.handle = handle
        self.context = context
    }

    deinit {
        context.geos.GEOSSTRtree_destroy_r(context.handle, handle)
    }

    /// The number of items inserted.
    package var count: Int { payloads.count }

    /// Inserts an item covering `box`.
    package func insert(_ payload: Int, box: BoundingBox) throws {
        try insert(payload, geometry: try GeosGeometry(box: box, context: context))
    }

    /// Inserts an item indexed by the envelope of `geometry`; ``nearest(to:)`` measures to the geometry.
    /// - Throws: `LibraryError` after the tree was built, or for an empty geometry.
    package func insert(_ payload: Int, geometry: GeosGeometry) throws {
        guard !isBuilt else {
            throw LibraryError(library: "GEOS", operation: "GEOSSTRtree_insert_r", message: "the tree is already built")
        }
        guard try !geometry.isEmpty else {
            throw LibraryError(library: "GEOS", operation: "GEOSSTRtree_insert_r", message: "cannot index an empty geometry")
        }
        let item = UnsafeMutableRawPointer(bitPattern: payloads.count + 1)
        context.clearMessages()
        context.geos.GEOSSTRtree_insert_r(context.handle, handle, geometry.handle, item)
        // Returns nothing; GEOS reports a failure through the error handler.
        if context.messages.lastError != nil { throw context.error("GEOSSTRtree_insert_r") }
        payloads.append(payload)
        geometries.append(geometry)
    }

    /// Packs the tree (GEOS 3.11 has no `GEOSSTRtree_build_r`; an empty query packs it).
    package func build() throws {
        guard !isBuilt else { return }
        _ = try query(BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0))
    }

    /// The payloads of the items whose boxes intersect `box`, sorted ascending.
    /// - Complexity: O(log n + k) for k results, plus O(k log k) to sort.
    package func query(_ box: BoundingBox) throws -> [Int] {
        let probe = try GeosGeometry(box: box, context: context)
        var slots = try querySlots(probe.handle)
        for i in slots.indices { slots[i] = payloads[slots[i]] }
        slots.sort()
        return slots
    }

    /// The item slots (0-based insertion order) whose boxes intersect the envelope of `g`, unsorted.
    func querySlots(_ g: OpaquePointer) throws -> [Int] {
        var slots: [Int] = []
        try querySlots(g, into: &slots)
        return slots
    }

    /// Appends to `slots` the item slots whose boxes intersect the envelope of `g` (unsorted);
    /// lets hot loops reuse one buffer.
    func querySlots(_ g: OpaquePointer, into slots: inout [Int]) throws {
        context.clearMessages()
        withUnsafeMutablePointer(to: &slots) { slotsPointer in
            context.geos.GEOSSTRtree_query_r(context.handle, handle, g, { item, userdata in
                guard let userdata else { return }
                let slot = Int(bitPattern: item) - 1
                userdata.assumingMemoryBound(to: [Int].self).pointee.append(slot)
            }, UnsafeMutableRawPointer(slotsPointer))
        }
        isBuilt = true
        // Returns nothing; GEOS reports a failure through the error handler.
        if context.messages.lastError != nil { throw context.error("GEOSSTRtree_query_r") }
    }

    /// The payload of the item in `slot` (0-based insertion order).
    @inline(__always)
    func payload(ofSlot slot: Int) -> Int { payloads[slot] }

    /// State for the nearest-neighbour distance callback, reached through its userdata pointer.
    private final class NearestState {
        let context: GEOSContextHandle_t
        /// The context's functions (the callback cannot capture the context).
        let geos: GEOSFunctions
        let geometries: [OpaquePointer]
        let query: OpaquePointer
        init(context: GeosContext, geometries: [OpaquePointer], query: OpaquePointer) {
            self.context = context.handle
            self.geos = context.geos
            self.geometries = geometries
            self.query = query
        }

        /// The geometry an item pointer stands for: the query point or a stored item.
        func geometry(_ item: UnsafeRawPointer?) -> OpaquePointer? {
            let bits = Int(bitPattern: item)
            if bits == GeosSTRtree.queryItem { return query }
            let slot = bits - 1
            return geometries.indices.contains(slot) ? geometries[slot] : nil
        }
    }

    /// The item pointer value standing for the query point.
    private static let queryItem = Int.max

    /// The payload of the item whose geometry is nearest to `p` (Euclidean), or nil for an empty tree.
    /// Ties go to the lowest payload.
    /// - Complexity: about O(log n) distance evaluations for well-spread items.
    package func nearest(to p: Position) throws -> Int? {
        guard !payloads.isEmpty else { return nil }
        let point = try GeosGeometry(point: p, context: context)
        let state = NearestState(context: context, geometries: geometries.map(\.handle), query: point.handle)
        context.clearMessages()
        let found = withExtendedLifetime(state) {
            context.geos.GEOSSTRtree_nearest_generic_r(
                context.handle, handle, UnsafeRawPointer(bitPattern: GeosSTRtree.queryItem), point.handle,
                { item1, item2, distance, userdata in
                    // GEOS 3.11 treats a zero return as failure ("Failed to compute distance"),
                    // whatever its header says: return 1 on success.
                    guard let userdata, let distance else { return 0 }
                    let state = Unmanaged<NearestState>.fromOpaque(userdata).takeUnretainedValue()
                    guard let a = state.geometry(item1), let b = state.geometry(item2) else { return 0 }
                    // 1 success, 0 exception
                    return state.geos.GEOSDistance_r(state.context, a, b, distance) == 1 ? 1 : 0
                },
                Unmanaged.passUnretained(state).toOpaque())
        }
        isBuilt = true
        // NULL on exception (or for an empty tree, ruled out above)
        guard let found else { throw context.error("GEOSSTRtree_nearest_generic_r") }
        let slot = Int(bitPattern: found) - 1
        guard geometries.indices.contains(slot) else { return nil }
        // Break ties deterministically: every item at the same distance, lowest payload.
        let best = try geometries[slot].distance(to: point)
        var winner = payloads[slot]
        let box = BoundingBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y).expanded(by: best)
        let probe = try GeosGeometry(box: box, context: context)
        for s in try querySlots(probe.handle) where payloads[s] < winner {
            if try geometries[s].distance(to: point) <= best { winner = payloads[s] }
        }
        return winner
    }
}

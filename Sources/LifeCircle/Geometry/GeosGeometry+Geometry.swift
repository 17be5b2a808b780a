import CGEOS

/// Builds GEOS geometries from ``Geometry`` values.
///
/// GEOS's constructors (`createLinearRing`, `createPolygon`, `createCollection`, ...) take
/// ownership of their inputs whether they succeed or throw (GEOS 3.11 source), so a part is
/// destroyed here only when it was never handed to GEOS.
struct GeosBuilder {
    let context: GeosContext

    var handle: GEOSContextHandle_t { context.handle }

    /// The GEOS geometry of `geometry`; the caller owns the result.
    func make(_ geometry: Geometry) throws -> OpaquePointer {
        switch geometry {
        case .point(let p):
            return try point(p)
        case .multiPoint(let ps):
            return try collection(GEOS_MULTIPOINT, ps.count) { try point(ps[$0]) }
        case .lineString(let ps):
            return try lineString(ps)
        case .multiLineString(let ls):
            return try collection(GEOS_MULTILINESTRING, ls.count) { try lineString(ls[$0]) }
        case .polygon(let rings):
            return try polygon(rings)
        case .multiPolygon(let polys):
            return try collection(GEOS_MULTIPOLYGON, polys.count) { try polygon(polys[$0]) }
        case .geometryCollection(let gs):
            return try collection(GEOS_GEOMETRYCOLLECTION, gs.count) { try make(gs[$0]) }
        }
    }

    func point(_ p: Position) throws -> OpaquePointer {
        context.clearMessages()
        // NULL on exception
        guard let g = context.geos.GEOSGeom_createPointFromXY_r(handle, p.x, p.y) else {
            throw context.error("GEOSGeom_createPointFromXY_r")
        }
        return g
    }

    /// A coordinate sequence of `ps` (x, y only); the caller owns it.
    func coordinates(_ ps: [Position]) throws -> OpaquePointer {
        var buffer = [Double](repeating: 0, count: ps.count * 2)
        for (i, p) in ps.enumerated() {
            buffer[2 * i] = p.x
            buffer[2 * i + 1] = p.y
        }
        context.clearMessages()
        // NULL on exception
        guard let seq = context.geos.GEOSCoordSeq_copyFromBuffer_r(handle, buffer, UInt32(ps.count), 0, 0) else {
            throw context.error("GEOSCoordSeq_copyFromBuffer_r")
        }
        return seq
    }

    func lineString(_ ps: [Position]) throws -> OpaquePointer {
        if ps.isEmpty {
            context.clearMessages()
            guard let g = context.geos.GEOSGeom_createEmptyLineString_r(handle) else {
                throw context.error("GEOSGeom_createEmptyLineString_r")
            }
            return g
        }
        let seq = try coordinates(ps)
        context.clearMessages()
        // NULL on exception; the sequence belongs to GEOS either way.
        guard let g = context.geos.GEOSGeom_createLineString_r(handle, seq) else {
            throw context.error("GEOSGeom_createLineString_r")
        }
        return g
    }

    func ring(_ ps: [Position]) throws -> OpaquePointer {
        let seq = try coordinates(ps)
        context.clearMessages()
        // NULL on exception (e.g. an open ring); the sequence belongs to GEOS either way.
        guard let g = context.geos.GEOSGeom_createLinearRing_r(handle, seq) else {
            throw context.error("GEOSGeom_createLinearRing_r")
        }
        return g
    }

    func polygon(_ rings: [[Position]]) throws -> OpaquePointer {
        guard let first = rings.first else {
            context.clearMessages()
            guard let g = context.geos.GEOSGeom_createEmptyPolygon_r(handle) else {
                throw context.error("GEOSGeom_createEmptyPolygon_r")
            }
            return g
        }
        let shell = try ring(first)
        var holes: [OpaquePointer?] = []
        holes.reserveCapacity(rings.count - 1)
        do {
            for r in rings.dropFirst() { holes.append(try ring(r)) }
        } catch {
            // Not yet handed to GEOS: ours to free.
            context.geos.GEOSGeom_destroy_r(handle, shell)
            for h in holes { if let h { context.geos.GEOSGeom_destroy_r(handle, h) } }
            throw error
        }
        context.clearMessages()
        // NULL on exception; shell and holes belong to GEOS either way.
        let g = holes.withUnsafeMutableBufferPointer { buf in
            context.geos.GEOSGeom_createPolygon_r(handle, shell, buf.baseAddress, UInt32(buf.count))
        }
        guard let g else { throw context.error("GEOSGeom_createPolygon_r") }
        return g
    }

    /// A collection of `type` from `count` parts made by `part`.
    func collection(_ type: GEOSGeomTypes, _ count: Int, part: (Int) throws -> OpaquePointer) throws -> OpaquePointer {
        var parts: [OpaquePointer?] = []
        parts.reserveCapacity(count)
        do {
            for i in 0..<count { parts.append(try part(i)) }
        } catch {
            for p in parts { if let p { context.geos.GEOSGeom_destroy_r(handle, p) } }
            throw error
        }
        context.clearMessages()
        // NULL on exception; the parts belong to GEOS either way.
        let g = parts.withUnsafeMutableBufferPointer { buf in
            context.geos.GEOSGeom_createCollection_r(handle, Int32(type.rawValue), buf.baseAddress, UInt32(buf.count))
        }
        guard let g else { throw context.error("GEOSGeom_createCollection_r") }
        return g
    }
}

/// Reads GEOS geometries back into ``Geometry`` values.
struct GeosReader {
    let context: GeosContext

    var handle: GEOSContextHandle_t { context.handle }

    func geometry(_ g: OpaquePointer) throws -> Geometry {
        context.clearMessages()
        let type = context.geos.GEOSGeomTypeId_r(handle, g)
        // -1 on exception
        guard type >= 0 else { throw context.error("GEOSGeomTypeId_r") }
        switch type {
        case Int32(GEOS_POINT.rawValue):
            let ps = try positions(g)
            guard let p = ps.first else { return .multiPoint([]) }
            return .point(p)
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            return .lineString(try positions(g))
        case Int32(GEOS_POLYGON.rawValue):
            return .polygon(try rings(g))
        case Int32(GEOS_MULTIPOINT.rawValue):
            return .multiPoint(try parts(g).flatMap { try positions($0) })
        case Int32(GEOS_MULTILINESTRING.rawValue):
            return .multiLineString(try parts(g).map { try positions($0) })
        case Int32(GEOS_MULTIPOLYGON.rawValue):
            return .multiPolygon(try parts(g).map { try rings($0) })
        default:
            return .geometryCollection(try parts(g).map { try geometry($0) })
        }
    }

    /// The parts of a collection (borrowed pointers, valid while `g` lives).
    func parts(_ g: OpaquePointer) throws -> [OpaquePointer] {
        context.clearMessages()
        let n = context.geos.GEOSGetNumGeometries_r(handle, g)
        // -1 on exception
        guard n >= 0 else { throw context.error("GEOSGetNumGeometries_r") }
        var result: [OpaquePointer] = []
        result.reserveCapacity(Int(n))
        for i in 0..<n {
            // NULL on exception; the part is owned by `g`.
            guard let part = context.geos.GEOSGetGeometryN_r(handle, g, i) else { throw context.error("GEOSGetGeometryN_r") }
            result.append(part)
        }
        return result
    }

    /// The rings of a polygon, exterior first; empty for an empty polygon.
    func rings(_ g: OpaquePointer) throws -> [[Position]] {
        if try context.predicate("GEOSisEmpty_r", { context.geos.GEOSisEmpty_r($0, g) }) { return [] }
        // NULL on exception; rings are owned by `g`.
        guard let shell = context.geos.GEOSGetExteriorRing_r(handle, g) else { throw context.error("GEOSGetExteriorRing_r") }
        let n = context.geos.GEOSGetNumInteriorRings_r(handle, g)
        // -1 on exception
        guard n >= 0 else { throw context.error("GEOSGetNumInteriorRings_r") }
        var result = [try positions(shell)]
        for i in 0..<n {
            guard let hole = context.geos.GEOSGetInteriorRingN_r(handle, g, i) else { throw context.error("GEOSGetInteriorRingN_r") }
            result.append(try positions(hole))
        }
        return result
    }

    /// The positions of a point, line string or ring.
    func positions(_ g: OpaquePointer) throws -> [Position] {
        context.clearMessages()
        // NULL on exception; the sequence is owned by `g`.
        guard let seq = context.geos.GEOSGeom_getCoordSeq_r(handle, g) else { throw context.error("GEOSGeom_getCoordSeq_r") }
        var size: UInt32 = 0
        // 1 success, 0 exception
        guard context.geos.GEOSCoordSeq_getSize_r(handle, seq, &size) == 1 else { throw context.error("GEOSCoordSeq_getSize_r") }
        if size == 0 { return [] }
        var buffer = [Double](repeating: 0, count: Int(size) * 2)
        // 1 success, 0 exception
        guard context.geos.GEOSCoordSeq_copyToBuffer_r(handle, seq, &buffer, 0, 0) == 1 else {
            throw context.error("GEOSCoordSeq_copyToBuffer_r")
        }
        var result: [Position] = []
        result.reserveCapacity(Int(size))
        for i in 0..<Int(size) { result.append(Position(x: buffer[2 * i], y: buffer[2 * i + 1])) }
        return result
    }
}

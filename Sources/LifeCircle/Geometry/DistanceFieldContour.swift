import Foundation

/// The region within `radius` of a set of polylines (a true buffer: round caps and joins), as
/// polygons with holes, from a distance field on a grid contoured by marching squares.
///
/// The method, in four steps, all in the polylines' planar CRS (metres):
/// 1. **Field.** Grid vertices every `spacing` metres hold the squared distance (`Float`) to the
///    nearest segment. Each segment writes only the vertices of its box grown by `radius + 2·spacing`.
///    The grid is sparse: 64×64 blocks, allocated when a segment first touches them, so a city-wide
///    extent costs memory only where the lines are. A vertex inside the region (distance < radius)
///    has every neighbour within `radius + spacing·√2`, so every cell edge the boundary crosses has
///    both ends written exactly.
/// 2. **Contour** at `radius` by marching squares with linear interpolation along cell edges. The
///    distance grows linearly across a straight side, so straight sides are exact; arcs of radius r
///    are off by at most about spacing²/(8r) (0.06 m for 5 m cells and r = 50 m); at a concave
///    corner (where two sides meet) the cell holding the corner cuts it by up to about spacing/2.
///    A vertex at exactly `radius` counts as outside, and a crossing is kept at least ``cornerGap``
///    of a cell (2.5 cm for 5 m cells) off the corners, so two crossings, or a crossing and the
///    segment of another cell, stay at least that far apart: rounding both to 1e-7° (each moves at
///    most 0.75 cm) cannot make them touch. This moves the boundary by at most that gap. Saddle cells are resolved by the mean of the four corners (inside: the
///    two inside corners are joined through the centre). Each crossing lies on one cell edge and is
///    shared by exactly two cells, so the rings are simple and disjoint: valid by construction.
///    Rings run with the region on their left: outer rings counterclockwise, holes clockwise.
/// 3. **Holes.** Along a grid row, the crossings alternate between outside and inside. The filled
///    span just left of a hole's leftmost crossing ends at a ring of the same filled component: its
///    outer ring, or another hole whose leftmost crossing lies further left (so following holes ends
///    at an outer ring). Each hole goes to that outer ring.
/// 4. **Simplify** each ring by Douglas–Peucker with `tolerance` (collinear runs of crossings along a
///    straight side collapse to their ends), keeping every crossing whose cell or a neighbouring cell
///    holds another part of the contour (necks, slivers, saddles: where two parts come within a
///    cell, simplifying could make them cross or touch after rounding). A ring that would fall
///    below 4 positions stays as traced; the caller checks validity and can retry unsimplified.
///
/// The output is deterministic: blocks are scanned in row order, cells in row order within a
/// block, and rings start at the first crossing met.
///
/// - Complexity: O(Σ (segment box area) / spacing²) for the field, O(touched blocks · 4096) for the
///   contour, O(c log c) for the c crossings on grid rows (hole assignment), O(n log n) typical for
///   the simplification of n contour vertices.
struct DistanceFieldContour {
    static let blockBits = 6
    static let blockSide = 1 << blockBits
    static let blockArea = blockSide * blockSide
    /// Above this many blocks in the extent's table, ``init(lines:radius:spacing:)`` returns nil.
    static let maxBlockTable = 1 << 24

    /// The least distance of a crossing from a cell corner, as a fraction of the cell.
    static let cornerGap = 0.005

    let radius: Double
    let spacing: Double
    /// The position of grid vertex (0, 0).
    let origin: Position
    let blockColumns: Int
    let blockRows: Int
    /// Per block of the extent (row-major), its index in `field` / blockArea, or -1 when untouched.
    private(set) var slot: [Int32]
    /// Squared distances, one block of `blockArea` after another (row-major inside a block).
    private(set) var field: [Float] = []

    /// The field of `lines` (planar, metres): nil when there are no segments, a coordinate is not
    /// finite or the extent is too large for the block table.
    init?(lines: [[Position]], radius: Double, spacing: Double) {
        guard radius > 0, spacing > 0, radius.isFinite, spacing.isFinite else { return nil }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for line in lines {
            for p in line {
                guard p.x.isFinite, p.y.isFinite else { return nil }
                minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
            }
        }
        guard minX <= maxX else { return nil }
        let pad = radius + 3 * spacing
        let origin = Position(x: ((minX - pad) / spacing).rounded(.down) * spacing,
                              y: ((minY - pad) / spacing).rounded(.down) * spacing)
        let side = Double(Self.blockSide) * spacing
        let bc = ((maxX + pad - origin.x) / side).rounded(.down) + 1
        let br = ((maxY + pad - origin.y) / side).rounded(.down) + 1
        guard bc * br <= Double(Self.maxBlockTable) else { return nil }
        self.radius = radius
        self.spacing = spacing
        self.origin = origin
        blockColumns = Int(bc)
        blockRows = Int(br)
        slot = Array(repeating: -1, count: blockColumns * blockRows)
        for line in lines {
            if line.count == 1 { add(line[0], line[0]) }
            for k in line.indices.dropFirst() { add(line[k - 1], line[k]) }
        }
        guard !field.isEmpty else { return nil }
    }

    /// Writes the squared distance to segment `a`–`b` into the vertices of its grown box.
    private mutating func add(_ a: Position, _ b: Position) {
        let h = spacing, pad = radius + 2 * spacing
        let ax = a.x - origin.x, ay = a.y - origin.y, bx = b.x - origin.x, by = b.y - origin.y
        let dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy
        let inv = len2 > 0 ? 1 / len2 : 0
        // Vertex index ranges; the extent leaves a margin of at least `pad` + spacing on every side.
        let i0 = Int(((min(ax, bx) - pad) / h).rounded(.up)), i1 = Int(((max(ax, bx) + pad) / h).rounded(.down))
        let j0 = Int(((min(ay, by) - pad) / h).rounded(.up)), j1 = Int(((max(ay, by) + pad) / h).rounded(.down))
        let pad2 = pad * pad
        for bj in (j0 >> Self.blockBits)...(j1 >> Self.blockBits) {
            for bi in (i0 >> Self.blockBits)...(i1 >> Self.blockBits) {
                let base = blockBase(bi, bj)
                let rj0 = max(j0, bj << Self.blockBits), rj1 = min(j1, (bj << Self.blockBits) + Self.blockSide - 1)
                let ri0 = max(i0, bi << Self.blockBits), ri1 = min(i1, (bi << Self.blockBits) + Self.blockSide - 1)
                field.withUnsafeMutableBufferPointer { f in
                    for j in rj0...rj1 {
                        let py = Double(j) * h - ay
                        let row = base + (j & (Self.blockSide - 1)) << Self.blockBits
                        for i in ri0...ri1 {
                            let px = Double(i) * h - ax
                            let t = min(max((px * dx + py * dy) * inv, 0), 1)
                            let ex = px - t * dx, ey = py - t * dy
                            let d2 = ex * ex + ey * ey
                            guard d2 < pad2 else { continue }
                            let k = row + (i & (Self.blockSide - 1))
                            let v = Float(d2)
                            if v < f[k] { f[k] = v }
                        }
                    }
                }
            }
        }
    }

    /// The offset in `field` of block (`bi`, `bj`), allocating it (all far) on first touch.
    private mutating func blockBase(_ bi: Int, _ bj: Int) -> Int {
        let s = bj * blockColumns + bi
        if slot[s] < 0 {
            slot[s] = Int32(field.count / Self.blockArea)
            field.append(contentsOf: repeatElement(Float.infinity, count: Self.blockArea))
        }
        return Int(slot[s]) * Self.blockArea
    }

    /// The squared distance at vertex (`i`, `j`); infinity where no block is allocated.
    @inline(__always)
    private func value(_ i: Int, _ j: Int) -> Float {
        let bi = i >> Self.blockBits, bj = j >> Self.blockBits
        guard bi < blockColumns, bj < blockRows else { return .infinity }
        let s = slot[bj * blockColumns + bi]
        guard s >= 0 else { return .infinity }
        return field[Int(s) * Self.blockArea + (j & (Self.blockSide - 1)) << Self.blockBits + (i & (Self.blockSide - 1))]
    }

    // MARK: Contour

    /// The number of saddle cells (two diagonal corners inside, the other two outside).
    var saddleCells: Int {
        let r2 = Float(radius * radius)
        var n = 0
        for bj in 0..<blockRows {
            for bi in 0..<blockColumns where slot[bj * blockColumns + bi] >= 0 {
                for j in (bj << Self.blockBits)..<((bj + 1) << Self.blockBits) {
                    for i in (bi << Self.blockBits)..<((bi + 1) << Self.blockBits) {
                        let a = value(i, j) < r2, b = value(i + 1, j) < r2, c = value(i + 1, j + 1) < r2, d = value(i, j + 1) < r2
                        if a == c && b == d && a != b { n += 1 }
                    }
                }
            }
        }
        return n
    }

    /// The four corners of cell (i, j) counterclockwise from its lower left, and their offsets.
    private static let corner: [(Int, Int)] = [(0, 0), (1, 0), (1, 1), (0, 1)]
    /// The cell across edge k (edge k runs from corner k to corner k+1).
    private static let across: [(Int, Int)] = [(0, -1), (1, 0), (0, 1), (-1, 0)]

    /// The polygons: each an outer ring (counterclockwise) then its holes (clockwise), rings closed
    /// (first position repeated), simplified with `tolerance` metres (0: as traced).
    func polygons(tolerance: Double) -> [[[Position]]] {
        let (rings, rowCrossings, kept) = traceRings()
        let areas = rings.map { PlanarGeometry.doubleSignedArea($0) }
        let holes = assignHoles(areas: areas, rowCrossings: rowCrossings)
        var polygons: [[[Position]]] = []
        var polygonOf: [Int: Int] = [:]
        for r in rings.indices where areas[r] > 0 {
            polygonOf[r] = polygons.count
            polygons.append([simplified(rings[r], kept: kept[r], tolerance)])
        }
        for (hole, outer) in holes {
            if let p = polygonOf[outer] { polygons[p].append(simplified(rings[hole], kept: kept[hole], tolerance)) }
        }
        return polygons
    }

    /// One crossing of a ring with a grid row (on a horizontal cell edge).
    struct RowCrossing {
        var row: Int
        var x: Double
        var ring: Int
    }

    /// Every ring of the contour (closed, region on the left), the crossings with grid rows, and per
    /// ring the positions simplification must keep: those whose cell or a neighbouring cell holds
    /// another part of the contour (another ring, a part of the same ring more than
    /// ``neighbourWindow`` positions away, or a saddle cell's second segment), where two parts come
    /// closer than a cell and simplifying either could make them cross.
    func traceRings() -> (rings: [[Position]], rowCrossings: [RowCrossing], kept: [[Bool]]) {
        let r2 = Float(radius * radius)
        // Bit k>>1 of a cell's byte: the segment starting at edge k was traced.
        var visited = [UInt8](repeating: 0, count: field.count)
        // Per cell, the number (over all rings, in trace order) of the position its segment starts
        // at; -1 for none, -2 for a saddle cell holding two segments.
        var stamp = [Int32](repeating: -1, count: field.count)
        var pointCell: [Int] = []
        var ringStart: [Int] = []
        var rings: [[Position]] = []
        var crossings: [RowCrossing] = []

        /// Inside bits of cell (i, j), bit k for corner k, and the squared distances.
        func cellCase(_ i: Int, _ j: Int) -> (Int, SIMD4<Float>) {
            let v = SIMD4<Float>(value(i, j), value(i + 1, j), value(i + 1, j + 1), value(i, j + 1))
            var c = 0
            for k in 0..<4 where v[k] < r2 { c |= 1 << k }
            return (c, v)
        }
        func inside(_ c: Int, _ k: Int) -> Bool { c & (1 << (k & 3)) != 0 }
        /// The exit edge of the segment entering cell (case c, corners v) at in→out edge k.
        func exit(_ c: Int, _ v: SIMD4<Float>, _ k: Int) -> Int {
            if c == 0b0101 || c == 0b1010 {
                let mean = (Double(v[0]).squareRoot() + Double(v[1]).squareRoot()
                            + Double(v[2]).squareRoot() + Double(v[3]).squareRoot()) / 4
                return mean < radius ? (k + 1) & 3 : (k + 3) & 3
            }
            for m in 0..<4 where !inside(c, m) && inside(c, m + 1) { return m }
            return k
        }
        func distance(_ v: Float, inside isIn: Bool) -> Double {
            let d = Double(v).squareRoot()
            return isIn ? d : max(d, radius * (1 + 1e-9))
        }
        /// The crossing on edge k of cell (i, j) (case c, corners v), metres.
        func crossing(_ i: Int, _ j: Int, _ c: Int, _ v: SIMD4<Float>, _ k: Int) -> Position {
            let k1 = (k + 1) & 3
            let da = distance(v[k], inside: inside(c, k)), db = distance(v[k1], inside: inside(c, k1))
            // Kept half a percent of a cell off the corners, so crossings stay apart after rounding to 1e-7°.
            let t = min(max((radius - da) / (db - da), Self.cornerGap), 1 - Self.cornerGap)
            let ax = Double(i + Self.corner[k].0), ay = Double(j + Self.corner[k].1)
            let bx = Double(i + Self.corner[k1].0), by = Double(j + Self.corner[k1].1)
            return Position(x: origin.x + (ax + t * (bx - ax)) * spacing, y: origin.y + (ay + t * (by - ay)) * spacing)
        }
        /// The index of cell (i, j) in `visited`; -1 outside the allocated blocks (where the proof in
        /// the type's comment says no crossing can be).
        func cellIndex(_ i: Int, _ j: Int) -> Int {
            let bi = i >> Self.blockBits, bj = j >> Self.blockBits
            guard i >= 0, j >= 0, bi < blockColumns, bj < blockRows else { return -1 }
            let s = Int(slot[bj * blockColumns + bi])
            guard s >= 0 else { return -1 }
            return s * Self.blockArea + (j & (Self.blockSide - 1)) << Self.blockBits + (i & (Self.blockSide - 1))
        }

        for bj in 0..<blockRows {
            for bi in 0..<blockColumns where slot[bj * blockColumns + bi] >= 0 {
                let base = Int(slot[bj * blockColumns + bi]) * Self.blockArea
                for j in (bj << Self.blockBits)..<((bj + 1) << Self.blockBits) {
                    for i in (bi << Self.blockBits)..<((bi + 1) << Self.blockBits) {
                        // Cells inside the block read their corners directly; only a mixed cell is traced.
                        let ii = i & (Self.blockSide - 1), jj = j & (Self.blockSide - 1)
                        if ii < Self.blockSide - 1, jj < Self.blockSide - 1 {
                            let k = base + jj << Self.blockBits + ii
                            let a = field[k] < r2, b = field[k + 1] < r2
                            let c = field[k + Self.blockSide + 1] < r2, d = field[k + Self.blockSide] < r2
                            if a == b, b == c, c == d { continue }
                        }
                        let (c, _) = cellCase(i, j)
                        guard c != 0, c != 15 else { continue }
                        let here = cellIndex(i, j)
                        for k in 0..<4 where inside(c, k) && !inside(c, k + 1) && visited[here] & (1 << (k >> 1)) == 0 {
                            // Trace the ring through this segment.
                            let ringIndex = rings.count
                            ringStart.append(pointCell.count)
                            var ring: [Position] = []
                            var ci = i, cj = j, ck = k
                            while true {
                                let (cc, cv) = cellCase(ci, cj)
                                let at = cellIndex(ci, cj)
                                if at < 0 || visited[at] & (1 << (ck >> 1)) != 0 { break }
                                visited[at] |= 1 << (ck >> 1)
                                stamp[at] = stamp[at] == -1 ? Int32(truncatingIfNeeded: pointCell.count) : -2
                                pointCell.append(ci << 32 | (cj & 0xFFFF_FFFF))
                                let p = crossing(ci, cj, cc, cv, ck)
                                ring.append(p)
                                if ck == 0 || ck == 2 {
                                    crossings.append(RowCrossing(row: cj + (ck == 2 ? 1 : 0), x: p.x, ring: ringIndex))
                                }
                                let m = exit(cc, cv, ck)
                                ci += Self.across[m].0
                                cj += Self.across[m].1
                                ck = (m + 2) & 3
                            }
                            ring.append(ring[0])
                            rings.append(ring)
                        }
                    }
                }
            }
        }
        ringStart.append(pointCell.count)
        var kept: [[Bool]] = rings.map { [Bool](repeating: false, count: $0.count) }
        var ring = 0
        for n in pointCell.indices {
            while n >= ringStart[ring + 1] { ring += 1 }
            let ci = pointCell[n] >> 32, cj = Int(Int32(truncatingIfNeeded: pointCell[n]))
            let first = ringStart[ring], length = ringStart[ring + 1] - first
            search: for dj in -1...1 {
                for di in -1...1 {
                    let at = cellIndex(ci + di, cj + dj)
                    guard at >= 0, stamp[at] != -1 else { continue }
                    let other = Int(stamp[at])
                    let near = other >= first && other < first + length
                        && min(abs(other - n), length - abs(other - n)) <= Self.neighbourWindow
                    if stamp[at] == -2 || !near {
                        kept[ring][n - first] = true
                        break search
                    }
                }
            }
        }
        return (rings, crossings, kept)
    }

    /// How many positions apart two parts of one ring may be and still count as one pass.
    static let neighbourWindow = 8

    /// Each hole (negative area) with the outer ring (positive area) that contains it, holes in
    /// ring order.
    func assignHoles(areas: [Double], rowCrossings: [RowCrossing]) -> [(hole: Int, outer: Int)] {
        let sorted = rowCrossings.indices.sorted {
            let a = rowCrossings[$0], b = rowCrossings[$1]
            return a.row != b.row ? a.row < b.row : a.x < b.x
        }
        // The leftmost row crossing of each ring, as a position in `sorted`.
        var leftmost = [Int](repeating: -1, count: areas.count)
        for (n, s) in sorted.enumerated() {
            let r = rowCrossings[s].ring
            if leftmost[r] < 0 || rowCrossings[s].x < rowCrossings[sorted[leftmost[r]]].x { leftmost[r] = n }
        }
        let holes = areas.indices.filter { areas[$0] < 0 && leftmost[$0] > 0 }
        var outer = [Int](repeating: -1, count: areas.count)
        for r in areas.indices where areas[r] > 0 { outer[r] = r }
        // Holes by leftmost x: the ring to the left of a hole is outer, or a hole already resolved.
        for h in holes.sorted(by: { rowCrossings[sorted[leftmost[$0]]].x < rowCrossings[sorted[leftmost[$1]]].x }) {
            let previous = rowCrossings[sorted[leftmost[h] - 1]]
            if previous.row == rowCrossings[sorted[leftmost[h]]].row { outer[h] = outer[previous.ring] }
        }
        return holes.compactMap { outer[$0] >= 0 ? (hole: $0, outer: outer[$0]) : nil }
    }

    /// `ring` (closed) simplified by Douglas–Peucker with `tolerance`, keeping every position marked
    /// in `kept` (the chains between them are simplified apart); as it was when the result would
    /// have fewer than 4 positions or the tolerance is 0.
    func simplified(_ ring: [Position], kept marked: [Bool], _ tolerance: Double) -> [Position] {
        guard tolerance > 0, ring.count > 4 else { return ring }
        let n = ring.count - 1 // distinct positions
        var keep = marked
        keep[0] = true
        keep[n] = true
        // With no marked position, split at the first position and the one farthest from it.
        if !keep[1..<n].contains(true) {
            var far = 0, farD = -1.0
            for k in 1..<n {
                let dx = ring[k].x - ring[0].x, dy = ring[k].y - ring[0].y
                if dx * dx + dy * dy > farD { farD = dx * dx + dy * dy; far = k }
            }
            keep[far] = true
        }
        var stack: [(Int, Int)] = []
        var last = 0
        for k in 1...n where keep[k] {
            stack.append((last, k))
            last = k
        }
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            var best = a, bestD = -1.0
            for k in (a + 1)..<b {
                let d = PlanarGeometry.distance(ring[k], ring[a], ring[b])
                if d > bestD { bestD = d; best = k }
            }
            if bestD > tolerance {
                keep[best] = true
                stack.append((a, best))
                stack.append((best, b))
            }
        }
        let out = ring.indices.filter { keep[$0] }.map { ring[$0] }
        return out.count >= 4 ? out : ring
    }
}

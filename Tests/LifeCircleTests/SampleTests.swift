import Foundation
import LifeCircle
import Testing

/// The Jing'an sample: reproducible bytes, the real street polygons (the copy in GeoData/sources)
/// and totals, a valid tiling of the streets, a walk network that meets at shared vertices and
/// crosses the barriers only at bridges.
@Suite struct SampleTests {
    /// The committed sample (seed 2024, scale 1), generated once for the suite.
    static let district = JinganSample(seed: 2024, scale: 1).generate()
    static let folder = TestSupport.root.appendingPathComponent("GeoData/jingan").path
    static let frame = LocalFrame(origin: Position(lon: 121.455, lat: 31.265))
    /// The OpenStreetMap street polygons the sample is built on.
    static let sources = TestSupport.root.appendingPathComponent("GeoData/sources/jingan-streets-osm.geojson").path

    /// code → (name, exterior ring) of the polygons in GeoData/sources.
    static func osmStreets() throws -> [String: (name: String, ring: [Position])] {
        let fc = try GeoJSONReader.readFeatureCollection(path: sources)
        var out: [String: (name: String, ring: [Position])] = [:]
        for f in fc.features {
            guard case .multiPolygon(let polygons)? = f.geometry, polygons.count == 1, let ring = polygons[0].first,
                  let code = f.string("code"), let name = f.string("name") else {
                Issue.record("unexpected feature in \(sources)")
                continue
            }
            out[code] = (name, ring)
        }
        return out
    }

    // MARK: Reproducibility

    /// the generator reproduces GeoData/jingan byte for byte.
    @Test func theGeneratorReproducesGeoDataJinganByteForByte() throws {
        for (name, bytes) in Self.district.files() {
            let committed = try Data(contentsOf: URL(fileURLWithPath: Self.folder).appendingPathComponent(name))
            #expect(Array(committed) == bytes, "\(name) differs from the committed sample")
        }
    }

    /// `lifecircle sample jingan --out DIR` writes the committed files.
    @Test func theSampleCommandWritesTheCommittedFiles() throws {
        let out = try TestSupport.temporaryFolder("sample")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try TestSupport.run(["sample", "jingan", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("population 1057700"))
        // The files and lifecircle-manifest.json, so that `sample jingan --out GeoData/jingan`
        // may replace the committed folder (a folder without a manifest is refused).
        let names = try TestSupport.entries(out)
        #expect(names == (Self.district.files().map(\.name) + ["lifecircle-manifest.json"]).sorted())
        #expect(try TestSupport.entries(Self.folder) == names)
        for name in names {
            let written = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent(name))
            let committed = try Data(contentsOf: URL(fileURLWithPath: Self.folder).appendingPathComponent(name))
            #expect(written == committed, "\(name)")
        }
    }

    /// bad arguments are usage errors.
    @Test(arguments: [
        ["sample", "jingan", "--out", "x", "--scale", "0"],
        ["sample", "jingan", "--out", "x", "--scale", "-3"],
        ["sample", "jingan", "--out", "x", "--seed", "-1"],
        ["sample", "shanghai", "--out", "x"],
        ["sample", "jingan"],
    ])
    func badArgumentsAreUsageErrors(_ arguments: [String]) throws {
        let run = try TestSupport.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
    }

    /// another seed gives another network and other residents in the same streets, with the same totals.
    @Test func anotherSeedGivesAnotherNetworkWithTheSameStreetsAndTotals() {
        let other = JinganSample(seed: 7, scale: 1).generate()
        // The streets are the real ones and their populations follow a fixed rule: the same bytes.
        let sameStreets = GeoJSONWriter.encode(other.streets) == GeoJSONWriter.encode(Self.district.streets)
        #expect(sameStreets)
        let sameNetwork = GeoJSONWriter.encode(other.network) == GeoJSONWriter.encode(Self.district.network)
        #expect(!sameNetwork)
        let sameResidents = GeoJSONWriter.encode(other.residents) == GeoJSONWriter.encode(Self.district.residents)
        #expect(!sameResidents)
        #expect(other.totals.population == 1_057_700)
        #expect(other.totals.age60plus == Self.district.totals.age60plus)
        #expect(other.streets.features.map { $0.string("code") } == Self.district.streets.features.map { $0.string("code") })
    }

    /// scale 2: two tiles, twice the people, unique street names.
    @Test func scaleTwoGivesTwoTilesTwiceThePeopleAndUniqueStreetNames() throws {
        let two = JinganSample(seed: 2024, scale: 2).generate()
        #expect(two.name == "jingan-x2")
        #expect(two.streets.features.count == 28)
        #expect(Set(two.streets.features.compactMap { $0.string("name") }).count == 28)
        #expect(two.totals.population == 2 * 1_057_700)
        #expect(two.residents.features.count > 2 * 15_000)
        let ids = two.residents.features.compactMap { $0.string("id") }
        #expect(Set(ids).count == ids.count)
        #expect(two.planJSON.contains("\"count\": 8"))
        // The second tile is the real district shifted: the same street areas.
        let osm = try Self.osmStreets()
        for f in two.streets.features.suffix(14) {
            let code = try #require(f.string("code")?.replacingOccurrences(of: "-2", with: ""))
            let ring = try #require(Self.exterior(f)), real = try #require(osm[code]?.ring)
            let a = abs(Self.signedArea(ring.map(Self.frame.metres))), b = abs(Self.signedArea(real.map(Self.frame.metres)))
            #expect(abs(a - b) <= 0.001 * b, "\(code): \(a) m² against \(b) m²")
        }
    }

    // MARK: Streets and residents

    /// 14 streets with the real names and codes.
    @Test func theFourteenStreetsHaveTheRealNamesAndCodes() throws {
        let streets = Self.district.streets.features
        #expect(streets.count == 14)
        let byName = Dictionary(uniqueKeysWithValues: streets.compactMap { f in f.string("name").map { ($0, f.string("code") ?? "") } })
        #expect(byName["静安寺街道"] == "310106013000")
        #expect(byName["江宁路街道"] == "310106006000")
        #expect(byName["彭浦镇"] == "310106100000")
        #expect(Set(byName.values).count == 14)
        #expect(streets.allSatisfy { ($0.string("code") ?? "").hasPrefix("310106") })
        // South to north: 静安寺 lies south of 北站, which lies south of 彭浦镇.
        func latitude(_ name: String) throws -> Double {
            let f = try #require(streets.first { $0.string("name") == name })
            return try #require(Self.exterior(f)).map(\.y).reduce(0, +) / Double(try #require(Self.exterior(f)).count)
        }
        #expect(try latitude("静安寺街道") < latitude("北站街道"))
        #expect(try latitude("北站街道") < latitude("彭浦镇"))
    }

    /// total population is exactly 1,057,700 and 60+ within 1% of 308,000.
    @Test func thePopulationIsExactlyTheDistrictsAndThe60PlusWithinOnePercent() {
        let t = Self.district.totals
        #expect(t.population == 1_057_700)
        #expect(abs(Double(t.age60plus) - 308_000) <= 3_080)
        let residents = Self.district.residents.features
        #expect((15_000...25_000).contains(residents.count))
        #expect(residents.allSatisfy { ($0.number("age60plus") ?? -1) >= 0 && ($0.number("age60plus") ?? 0) <= ($0.number("population") ?? 0) })
        let ids = residents.compactMap { $0.string("id") }
        #expect(Set(ids).count == residents.count)
    }

    /// every resident lies in exactly one street, and street totals are the sums of their residents.
    @Test func everyResidentLiesInExactlyOneStreet() throws {
        let rings = try Self.district.streets.features.map { try #require(Self.exterior($0)) }
        let boxes = rings.map { BoundingBox(positions: $0) }
        var population = Array(repeating: 0, count: rings.count), elders = population
        var misplaced = 0
        for f in Self.district.residents.features {
            guard case .point(let p)? = f.geometry else { misplaced += 1; continue }
            let holders = rings.indices.filter { boxes[$0]?.contains(p) == true && Self.inside(rings[$0], p) }
            guard holders.count == 1, let s = holders.first else { misplaced += 1; continue }
            population[s] += Int(f.number("population") ?? 0)
            elders[s] += Int(f.number("age60plus") ?? 0)
        }
        #expect(misplaced == 0)
        for (s, f) in Self.district.streets.features.enumerated() {
            #expect(Int(f.number("population") ?? -1) == population[s], "\(f.string("name") ?? "")")
            #expect(Int(f.number("population60plus") ?? -1) == elders[s], "\(f.string("name") ?? "")")
            #expect(population[s] > 0)
        }
        // The old core is older: 60+ share of 南京西路 above that of 大宁路.
        let names = Self.district.streets.features.map { $0.string("name") ?? "" }
        let share = { (n: String) -> Double in
            let i = names.firstIndex(of: n) ?? 0
            return Double(elders[i]) / Double(max(1, population[i]))
        }
        #expect(share("南京西路街道") > share("大宁路街道") + 0.05)
    }

    /// streets.geojson is the OpenStreetMap street polygons of GeoData/sources: codes, names, vertices, areas.
    @Test func theStreetsAreTheOpenStreetMapPolygons() throws {
        let osm = try Self.osmStreets()
        #expect(osm.count == 14)
        let streets = Self.district.streets.features
        #expect(Set(streets.compactMap { $0.string("code") }) == Set(osm.keys))
        for f in streets {
            let code = try #require(f.string("code"))
            let real = try #require(osm[code])
            #expect(f.string("name") == real.name, "\(code)")
            let ring = try #require(Self.exterior(f))
            // The same vertices (the source's rings run either way round and start anywhere).
            let sameVertices = Set(ring) == Set(real.ring)
            #expect(sameVertices, "\(code): vertices differ")
            #expect(ring.count == real.ring.count, "\(code)")
            let a = abs(Self.signedArea(ring.map(Self.frame.metres))), b = abs(Self.signedArea(real.ring.map(Self.frame.metres)))
            #expect(abs(a - b) <= 0.001 * b, "\(code): \(a) m² against \(b) m²")
            #expect(abs((f.number("area_km2") ?? 0) - b / 1e6) <= 0.001 * b / 1e6, "\(code): area_km2")
        }
    }

    /// street populations are the district total split by area × density class (the documented rule).
    @Test func streetPopulationsFollowTheDocumentedRule() throws {
        let osm = try Self.osmStreets()
        // The classes README.md and the sample's README state: dense 3, mixed 2, open 1.
        let weight: [String: Double] = [
            "曹家渡街道": 3, "江宁路街道": 3, "芷江西路街道": 3, "宝山路街道": 3, "临汾路街道": 3, "彭浦新村街道": 3,
            "静安寺街道": 2, "南京西路街道": 2, "石门二路街道": 2, "天目西路街道": 2, "北站街道": 2, "共和新路街道": 2,
            "大宁路街道": 1, "彭浦镇": 1,
        ]
        var area: [String: Double] = [:]
        for (_, s) in osm { area[s.name] = abs(Self.signedArea(s.ring.map(Self.frame.metres))) }
        let total = weight.reduce(0) { $0 + $1.value * (area[$1.key] ?? 0) }
        var density: [String: Double] = [:]
        for f in Self.district.streets.features {
            let name = try #require(f.string("name"))
            let w = try #require(weight[name]), a = try #require(area[name])
            let expected = 1_057_700 * w * a / total
            let population = try #require(f.number("population"))
            #expect(abs(population - expected) <= 1, "\(name): \(population) against \(expected)")
            density[name] = population / a
        }
        // People per km²: every dense street above every mixed one, every mixed one above the open ones.
        func densities(_ w: Double) -> [Double] { weight.filter { $0.value == w }.compactMap { density[$0.key] } }
        #expect((densities(3).min() ?? 0) > (densities(2).max() ?? .infinity))
        #expect((densities(2).min() ?? 0) > (densities(1).max() ?? .infinity))
    }

    /// every street has residents, facilities of each category and candidate sites.
    @Test func everyStreetHasResidentsFacilitiesAndCandidates() throws {
        let rings = try Self.district.streets.features.map { try #require(Self.exterior($0)) }
        let names = Self.district.streets.features.map { $0.string("name") ?? "" }
        func street(_ f: Feature) -> Int? {
            guard case .point(let p)? = f.geometry else { return nil }
            let holders = rings.indices.filter { Self.inside(rings[$0], p) }
            return holders.count == 1 ? holders[0] : nil
        }
        var residents = Array(repeating: 0, count: rings.count), candidates = residents
        var categories = Array(repeating: Set<String>(), count: rings.count)
        for f in Self.district.residents.features { if let s = street(f) { residents[s] += 1 } }
        for f in Self.district.candidates.features { if let s = street(f) { candidates[s] += 1 } }
        for f in Self.district.facilities.features { if let s = street(f) { categories[s].insert(f.string("category") ?? "") } }
        let all: Set = ["health-station", "elder-canteen", "fitness-point", "ev-charger", "aed-school"]
        for s in rings.indices {
            #expect(residents[s] >= 200, "\(names[s]): \(residents[s]) resident points")
            #expect(candidates[s] >= 5, "\(names[s]): \(candidates[s]) candidates")
            #expect(categories[s] == all, "\(names[s]) lacks \(all.subtracting(categories[s]).sorted())")
        }
    }

    /// street polygons tile the district: shared edges, no overlaps, the OSM polygons' area in all.
    @Test func theStreetPolygonsTileTheDistrict() throws {
        let rings = try Self.district.streets.features.map { try #require(Self.exterior($0)) }
        struct Edge: Hashable { var a: Position; var b: Position }
        var directed: [Edge: Int] = [:]
        var area = 0.0
        for ring in rings {
            #expect(ring.first == ring.last)
            let metric = ring.map(Self.frame.metres)
            let a = Self.signedArea(metric)
            #expect(a > 0, "exterior rings are counterclockwise")
            area += a
            #expect(!Self.selfIntersects(metric), "a street ring crosses itself")
            for i in 0..<(ring.count - 1) { directed[Edge(a: ring[i], b: ring[i + 1]), default: 0] += 1 }
        }
        // No edge is used twice in the same direction (that would be an overlap); an interior edge
        // is used once each way; the rest forms the outline.
        #expect(directed.values.allSatisfy { $0 == 1 })
        let outline = directed.keys.filter { directed[Edge(a: $0.b, b: $0.a)] == nil }
        let shared = directed.count - outline.count
        #expect(shared > 100)
        // The outline edges chain into one closed ring.
        var next: [Position: Position] = [:]
        for e in outline { next[e.a] = e.b }
        #expect(next.count == outline.count, "the outline passes a vertex twice")
        var steps = 0
        if let start = outline.first?.a {
            var p = start
            repeat { p = next[p] ?? start; steps += 1 } while p != start && steps <= outline.count
        }
        #expect(steps == outline.count, "the outline is not one ring")
        let real = try Self.osmStreets().values.reduce(0) { $0 + abs(Self.signedArea($1.ring.map(Self.frame.metres))) }
        #expect(abs(area - real) <= 0.001 * real, "area \(area / 1e6) km² against \(real / 1e6) km²")
        #expect((36.5e6...37.0e6).contains(area), "area \(area / 1e6) km²")
        // Long and narrow: 11.9 km north–south, 6.1 km east–west at the widest.
        let all = rings.flatMap { $0.map(Self.frame.metres) }
        let box = try #require(BoundingBox(positions: all))
        #expect((11_800...12_000).contains(box.height))
        #expect((6_000...6_250).contains(box.width))
        // Sample points on a grid: none lies in two streets.
        var overlaps = 0
        for i in 0..<60 {
            for j in 0..<20 {
                let p = Position(x: box.minX + (Double(j) + 0.5) * box.width / 20, y: box.minY + (Double(i) + 0.5) * box.height / 60)
                let g = Self.frame.lonLat(p)
                if rings.filter({ Self.inside($0, g) }).count > 1 { overlaps += 1 }
            }
        }
        #expect(overlaps == 0)
    }

    // MARK: Network

    /// network lines meet only at shared vertices (footbridges pass over); islands and dead ends exist.
    @Test func networkLinesMeetOnlyAtSharedVertices() throws {
        let fc = try GeoJSONReader.readFeatureCollection(path: Self.folder + "/network.geojson")
        let sameGeometry = fc.features.map(\.geometry) == Self.district.network.features.map(\.geometry)
        #expect(sameGeometry, "reading the file back gives the same coordinates")
        var segments: [(Position, Position)] = []
        var overpass: [Bool] = []
        var degree: [Position: Int] = [:]
        var parent: [Position: Position] = [:]
        func root(_ p: Position) -> Position {
            var p = p
            while let q = parent[p], q != p { p = q }
            return p
        }
        for f in fc.features {
            guard case .lineString(let ps)? = f.geometry, let first = ps.first, let last = ps.last else { continue }
            #expect(ps.count >= 2 && first != last)
            for p in ps { degree[p, default: 0] += 1; if parent[p] == nil { parent[p] = p } }
            for i in 0..<(ps.count - 1) {
                segments.append((Self.frame.metres(ps[i]), Self.frame.metres(ps[i + 1])))
                overpass.append(f.string("layer") == "1")
            }
            let a = root(first), b = root(last)
            if a != b { parent[a] = b }
        }
        var sizes: [Position: Int] = [:]
        for p in degree.keys { sizes[root(p), default: 0] += 1 }
        let largest = sizes.values.max() ?? 0
        #expect(sizes.count > 1, "small islands exist")
        #expect(Double(largest) > 0.95 * Double(degree.count))
        #expect(degree.values.filter { $0 == 1 }.count > 50, "dead ends exist")
        #expect(degree.values.filter { $0 >= 3 }.count > 1_000, "junctions are shared vertices")
        // No two segments cross or touch except at a shared end vertex, but for the footbridges,
        // which pass over a street without a junction.
        let crossings = Self.crossings(segments, exempt: overpass)
        #expect(crossings.bad == 0)
        #expect(crossings.exempt >= 1, "a footbridge crosses a street without sharing a vertex")
        let ids = fc.features.compactMap { $0.string("id") }
        #expect(Set(ids).count == fc.features.count)
    }

    /// Suzhou Creek and the railway are crossed only by bridges and underpasses that join both banks.
    @Test func theCreekAndTheRailwayAreCrossedOnlyByBridgesAndUnderpasses() throws {
        let net = Self.district.network.features
        var degree: [Position: Int] = [:]
        for f in net { if case .lineString(let ps)? = f.geometry { for p in ps { degree[p, default: 0] += 1 } } }
        for (kind, tag) in [("river", "bridge"), ("railway", "tunnel")] {
            let barrier = try #require(Self.district.barriers.features.first { $0.string("kind") == kind })
            guard case .lineString(let line)? = barrier.geometry else { Issue.record("barrier is not a line"); continue }
            let b = line.map(Self.frame.metres)
            var crossing = 0
            for f in net {
                guard case .lineString(let ps)? = f.geometry else { continue }
                let m = ps.map(Self.frame.metres)
                let crosses = (0..<(m.count - 1)).contains { i in (0..<(b.count - 1)).contains { j in Self.intersect(m[i], m[i + 1], b[j], b[j + 1]) } }
                if crosses {
                    crossing += 1
                    #expect(f.string(tag) == "yes", "\(f.string("id") ?? "") crosses the \(kind) without being a \(tag)")
                    #expect(ps.allSatisfy { (degree[$0] ?? 0) >= 2 }, "a \(tag) shares vertices with streets on both banks")
                }
            }
            #expect((3...10).contains(crossing), "\(kind): \(crossing) crossings")
            #expect(crossing == net.filter { $0.string(tag) == "yes" && $0.string("layer") != "1" }.count)
        }
    }

    /// without its bridges and rail crossings the network falls apart at Suzhou Creek and the railway.
    @Test func withoutItsCrossingsTheNetworkFallsApartAtTheBarriers() throws {
        // Side of a west-to-east barrier line continued due west and due east: the parity of its
        // crossings of the vertical line below the point.
        func north(of line: [Position], _ p: Position) -> Bool {
            guard let first = line.first, let last = line.last else { return false }
            var odd = (p.x < first.x && first.y < p.y) != (p.x >= last.x && last.y < p.y)
            for i in 0..<(line.count - 1) where (line[i].x <= p.x) != (line[i + 1].x <= p.x) {
                let a = line[i], b = line[i + 1]
                if a.y + (p.x - a.x) / (b.x - a.x) * (b.y - a.y) < p.y { odd.toggle() }
            }
            return odd
        }
        var lines: [[Position]] = [], tagged: [Bool] = []
        for f in Self.district.network.features {
            guard case .lineString(let ps)? = f.geometry else { continue }
            lines.append(ps.map(Self.frame.metres))
            tagged.append(f.string("tunnel") == "yes" || (f.string("bridge") == "yes" && f.string("layer") == nil))
        }
        for kind in ["river", "railway"] {
            let barrier = try #require(Self.district.barriers.features.first { $0.string("kind") == kind })
            guard case .lineString(let ll)? = barrier.geometry else { Issue.record("barrier is not a line"); continue }
            let line = ll.map(Self.frame.metres)
            // Union-find over the vertices, joined by every line but the crossings.
            var parent: [Position: Position] = [:]
            func root(_ p: Position) -> Position {
                var p = p
                while let q = parent[p], q != p { p = q }
                return p
            }
            for (k, ps) in lines.enumerated() {
                for p in ps where parent[p] == nil { parent[p] = p }
                guard !tagged[k] else { continue }
                for i in 1..<ps.count {
                    let a = root(ps[0]), b = root(ps[i])
                    if a != b { parent[a] = b }
                }
            }
            var sides: [Position: Set<Bool>] = [:]
            for p in parent.keys { sides[root(p), default: []].insert(north(of: line, p)) }
            let mixed = sides.values.filter { $0.count == 2 }.count
            #expect(mixed == 0, "\(kind): \(mixed) pieces of the network reach both sides without a crossing")
            // The crossings join the two sides: with them, one piece reaches both.
            for (k, ps) in lines.enumerated() where tagged[k] {
                let a = root(ps[0]), b = root(ps[ps.count - 1])
                if a != b { parent[a] = b }
            }
            var joined: [Position: Set<Bool>] = [:]
            for p in parent.keys { joined[root(p), default: []].insert(north(of: line, p)) }
            #expect(joined.values.contains { $0.count == 2 }, "\(kind): the crossings do not join the sides")
        }
    }

    /// a handful of residents are more than 500 m from every line.
    @Test func aHandfulOfResidentsAreFarFromEveryLine() {
        var cells: [Int64: [(Position, Position)]] = [:]
        let size = 250.0
        func key(_ x: Int, _ y: Int) -> Int64 { Int64(x) << 32 | Int64(UInt32(bitPattern: Int32(y))) }
        for f in Self.district.network.features {
            guard case .lineString(let ps)? = f.geometry else { continue }
            for i in 0..<(ps.count - 1) {
                let a = Self.frame.metres(ps[i]), b = Self.frame.metres(ps[i + 1])
                for x in Int((min(a.x, b.x) / size).rounded(.down))...Int((max(a.x, b.x) / size).rounded(.down)) {
                    for y in Int((min(a.y, b.y) / size).rounded(.down))...Int((max(a.y, b.y) / size).rounded(.down)) {
                        cells[key(x, y), default: []].append((a, b))
                    }
                }
            }
        }
        var far = 0
        for f in Self.district.residents.features {
            guard case .point(let g)? = f.geometry else { continue }
            let p = Self.frame.metres(g)
            let cx = Int((p.x / size).rounded(.down)), cy = Int((p.y / size).rounded(.down))
            var best = Double.infinity
            for dx in -2...2 { for dy in -2...2 { for (a, b) in cells[key(cx + dx, cy + dy)] ?? [] { best = min(best, Self.distance(p, a, b)) } } }
            if best > 500 { far += 1 }
        }
        #expect((1...10).contains(far), "\(far) far residents")
    }

    // MARK: Facilities, candidates, plan

    /// all five categories with existing and planned facilities.
    @Test func allFiveCategoriesHaveExistingAndPlannedFacilities() {
        let f = Self.district.facilities.features
        let categories = ["health-station", "elder-canteen", "fitness-point", "ev-charger", "aed-school"]
        for c in categories {
            let of = f.filter { $0.string("category") == c }
            #expect(of.contains { $0.string("status") == "existing" }, "\(c)")
            #expect(of.contains { $0.string("status") == "planned" }, "\(c)")
        }
        #expect(f.allSatisfy { categories.contains($0.string("category") ?? "") })
        #expect(f.filter { $0.string("category") == "elder-canteen" }.allSatisfy { $0.number("capacity") == 150 })
        let health = f.filter { $0.string("category") == "health-station" && $0.string("status") == "existing" }.count
        let fitness = f.filter { $0.string("category") == "fitness-point" && $0.string("status") == "existing" }.count
        #expect((30...40).contains(health))
        #expect((250...400).contains(fitness))
        let ids = f.compactMap { $0.string("id") }
        #expect(Set(ids).count == f.count)
        #expect(ids.contains("hs-001") && ids.contains("ec-001") && ids.contains("aed-001"))
    }

    /// candidates: a few hundred sites, the schools without an AED among them.
    @Test func theCandidatesIncludeTheSchoolsWithoutAnAED() {
        let c = Self.district.candidates.features
        #expect((300...2_000).contains(c.count))
        let schools = c.filter { $0.properties["categories"] == .array([.string("aed-school")]) }
        #expect(schools.count >= 10)
        #expect(schools.allSatisfy { ($0.string("name") ?? "").contains("学") })
        #expect(c.first?.string("id") == "c-0001")
    }

    /// plan.json reads back with the five categories and their targets.
    @Test func thePlanReadsBackWithItsCategoriesAndTargets() throws {
        let (plan, warnings) = try PlanReader.read(path: Self.folder)
        #expect(warnings.isEmpty)
        #expect(plan.name == "jingan")
        #expect(plan.categories.map(\.id) == ["health-station", "elder-canteen", "fitness-point", "ev-charger", "aed-school"])
        #expect(plan.category(id: "elder-canteen")?.demand == .age60plus)
        #expect(plan.category(id: "health-station")?.target == .count(4))
        #expect(plan.category(id: "fitness-point")?.target == .count(45))
        #expect(plan.category(id: "aed-school")?.target == .coverage(1.0))
        #expect(plan.walking.elderSpeedMetersPerMinute == 60)
    }

    /// the test's own geometry checks see a crossing, an overlap and a touch.
    @Test func theTestsOwnGeometryChecksSeeACrossingAnOverlapAndATouch() {
        let a = Position(x: 0, y: 0), b = Position(x: 10, y: 0), c = Position(x: 5, y: -5), d = Position(x: 5, y: 5)
        #expect(Self.properCrossings([(a, b), (c, d)]) == 1)
        #expect(Self.properCrossings([(a, b), (b, d)]) == 0)
        #expect(Self.properCrossings([(a, b), (b, Position(x: 5, y: 0))]) == 1, "collinear overlap at a shared end")
        #expect(Self.properCrossings([(a, b), (Position(x: 5, y: 0), d)]) == 1, "T without a shared vertex")
        let bowtie = [a, b, Position(x: 0, y: 10), Position(x: 10, y: 10), a]
        #expect(Self.selfIntersects(bowtie))
        #expect(!Self.selfIntersects([a, b, Position(x: 10, y: 10), Position(x: 0, y: 10), a]))
    }

    // MARK: Independent geometry helpers

    static func exterior(_ f: Feature) -> [Position]? {
        if case .polygon(let rings)? = f.geometry { return rings.first }
        return nil
    }

    static func inside(_ ring: [Position], _ p: Position) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y), p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x) { inside.toggle() }
            j = i
        }
        return inside
    }

    static func signedArea(_ ring: [Position]) -> Double {
        var s = 0.0
        for i in 0..<(ring.count - 1) { s += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return s / 2
    }

    static func cross(_ o: Position, _ a: Position, _ b: Position) -> Double {
        (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
    }

    /// Segments ab and cd share at least one point.
    static func intersect(_ a: Position, _ b: Position, _ c: Position, _ d: Position) -> Bool {
        let d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d)
        if d1 * d2 < 0 && d3 * d4 < 0 { return true }
        func on(_ p: Position, _ q: Position, _ r: Position) -> Bool {
            min(p.x, q.x) <= r.x && r.x <= max(p.x, q.x) && min(p.y, q.y) <= r.y && r.y <= max(p.y, q.y)
        }
        return (d1 == 0 && on(c, d, a)) || (d2 == 0 && on(c, d, b)) || (d3 == 0 && on(a, b, c)) || (d4 == 0 && on(a, b, d))
    }

    static func distance(_ p: Position, _ a: Position, _ b: Position) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy
        let t = l > 0 ? min(1, max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l)) : 0
        return p.distance(to: Position(x: a.x + t * dx, y: a.y + t * dy))
    }

    static func selfIntersects(_ ring: [Position]) -> Bool {
        let n = ring.count - 1
        guard n >= 4 else { return false }
        for i in 0..<(n - 2) {
            for j in (i + 2)..<n where !(i == 0 && j == n - 1) {
                if intersect(ring[i], ring[i + 1], ring[j], ring[j + 1]) { return true }
            }
        }
        return false
    }

    /// Pairs of segments that meet anywhere other than at an end vertex both share; pairs where
    /// one segment is `exempt` (an overpass) are counted apart.
    static func crossings(_ segments: [(Position, Position)], exempt: [Bool]) -> (bad: Int, exempt: Int) {
        let size = 200.0
        var cells: [Int64: [Int]] = [:]
        func key(_ x: Int, _ y: Int) -> Int64 { Int64(x) << 32 | Int64(UInt32(bitPattern: Int32(y))) }
        for (k, s) in segments.enumerated() {
            for x in Int((min(s.0.x, s.1.x) / size).rounded(.down))...Int((max(s.0.x, s.1.x) / size).rounded(.down)) {
                for y in Int((min(s.0.y, s.1.y) / size).rounded(.down))...Int((max(s.0.y, s.1.y) / size).rounded(.down)) {
                    cells[key(x, y), default: []].append(k)
                }
            }
        }
        var bad = Set<Int64>(), allowed = Set<Int64>()
        for members in cells.values {
            for i in 0..<members.count {
                for j in (i + 1)..<members.count {
                    let s = segments[members[i]], t = segments[members[j]]
                    let pair = Int64(min(members[i], members[j])) << 32 | Int64(max(members[i], members[j]))
                    var meets = false
                    if s.0 == t.0 || s.0 == t.1 || s.1 == t.0 || s.1 == t.1 {
                        // Touching at the shared end is fine unless they run back over each other.
                        let shared = s.0 == t.0 || s.0 == t.1 ? s.0 : s.1
                        let other = shared == s.0 ? s.1 : s.0
                        let tOther = shared == t.0 ? t.1 : t.0
                        let dot = (other.x - shared.x) * (tOther.x - shared.x) + (other.y - shared.y) * (tOther.y - shared.y)
                        meets = cross(shared, other, tOther) == 0 && dot > 0
                    } else {
                        meets = intersect(s.0, s.1, t.0, t.1)
                    }
                    if meets {
                        if exempt[members[i]] || exempt[members[j]] { allowed.insert(pair) } else { bad.insert(pair) }
                    }
                }
            }
        }
        return (bad.count, allowed.count)
    }

    static func properCrossings(_ segments: [(Position, Position)]) -> Int {
        crossings(segments, exempt: Array(repeating: false, count: segments.count)).bad
    }
}

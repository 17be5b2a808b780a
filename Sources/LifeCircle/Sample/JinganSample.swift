import Foundation

/// The deterministic generator of the Jing'an sample district.
///
/// Real: the 14 street offices' boundaries from OpenStreetMap (``JinganStreetPolygons``,
/// © OpenStreetMap contributors, ODbL 1.0), so the district outline (their union) and every
/// street's area; their names and codes; the population and 60+ totals; Suzhou Creek and the
/// railway as barriers on their approximate course; the parks' names and rough places; the five
/// facility categories and the 2024 work-plan targets. Generated inside the real streets: the walk
/// network, the residential points, every facility and candidate. Modelled: the split of the
/// totals between streets (area × density class). The same seed and scale always give the same
/// bytes.
///
/// `scale` K > 1 lays K copies of the real district in a grid of tiles (6.6 km × 12.4 km apart),
/// each with its own network, residents and facilities, so population, area and every layer grow
/// K-fold; street names of tile t ≥ 2 get a suffix "-t". At scale 1 the district is where it is.
package struct JinganSample: Sendable {
    package let seed: UInt64
    package let scale: Int

    /// - Parameters:
    ///   - seed: the random seed (the committed sample uses 2024).
    ///   - scale: number of district tiles, at least 1 (values below 1 are treated as 1).
    package init(seed: UInt64 = 2024, scale: Int = 1) {
        self.seed = seed
        self.scale = max(1, scale)
    }

    /// The plan name for this scale.
    package var planName: String { scale == 1 ? "jingan" : "jingan-x\(scale)" }

    /// Generates all layers, the plan and the README.
    ///
    /// - Complexity: O(K · (P · V + E · B)) for K tiles of P resident points, V street-ring vertices,
    ///   E network edges and B barrier vertices; about 21,000 points and 2,400 lines per tile.
    package func generate() -> SampleDistrict {
        let frame = LocalFrame(origin: JinganFacts.origin)
        let shape = DistrictShape(frame: frame)
        let cols = Int(Double(scale).squareRoot().rounded(.up))
        let rows = (scale + cols - 1) / cols
        var streets: [Feature] = [], residents: [Feature] = [], network: [Feature] = []
        var facilities: [Feature] = [], candidates: [Feature] = [], barriers: [Feature] = []
        var siteCounters: [String: Int] = [:]
        var facilitySites: [(category: String, feature: Feature)] = []
        let root = SplitMix64(seed: seed)
        for t in 0..<scale {
            let offset = Position(
                x: (Double(t % cols) - Double(cols - 1) / 2) * Self.tileWidth,
                y: (Double(t / cols) - Double(rows - 1) / 2) * Self.tileHeight)
            let toLonLat = { (p: Position) in frame.lonLat(Position(x: p.x + offset.x, y: p.y + offset.y)) }
            let suffix = t == 0 ? "" : "-\(t + 1)"
            let tileRNG = root.derived(UInt64(t) + 1)
            var rng = tileRNG.derived(2)
            let net = SampleNetwork(shape: shape, random: &rng)
            // At offset zero the streets are the OSM polygons' own coordinates.
            let streetRings = offset == Position(x: 0, y: 0) ? shape.streetRingsLonLat : shape.streetRings.map { $0.map(toLonLat) }
            rng = tileRNG.derived(3)
            let people = SampleResidents(shape: shape, network: net, locator: StreetLocator(rings: streetRings),
                                         toLonLat: toLonLat, random: &rng)
            rng = tileRNG.derived(4)
            let sites = SampleFacilities(shape: shape, network: net, random: &rng)

            // Streets with the sums of their residents.
            var pop = Array(repeating: 0, count: streetRings.count), old = pop
            for i in people.points.indices {
                pop[people.street[i]] += people.population[i]
                old[people.street[i]] += people.age60plus[i]
            }
            for (s, info) in JinganFacts.streets.enumerated() {
                streets.append(Feature(geometry: .polygon([streetRings[s]]), properties: JSONObject([
                    ("name", .string(info.name + suffix)),
                    ("name_en", .string(info.nameEn + (t == 0 ? "" : " \(t + 1)"))),
                    ("code", .string(info.code + suffix)),
                    ("area_km2", .number((shape.streetAreas[s] / 1e3).rounded() / 1e3)),
                    ("density_class", .string(info.density.rawValue)),
                    ("population", .number(Double(pop[s]))),
                    ("population60plus", .number(Double(old[s]))),
                ])))
            }
            for i in people.points.indices {
                residents.append(Feature(geometry: .point(people.points[i]), properties: JSONObject([
                    ("id", .string(Self.id("r", residents.count + 1, digits: 6))),
                    ("population", .number(Double(people.population[i]))),
                    ("age60plus", .number(Double(people.age60plus[i]))),
                ])))
            }
            let nodeLL = net.nodes.map(toLonLat)
            for e in net.edges where !e.removed && nodeLL[e.a] != nodeLL[e.b] {
                var props = JSONObject([
                    ("id", .string(Self.id("w", network.count + 1, digits: 6))),
                    ("highway", .string(e.highway)),
                    ("name", .string(e.name)),
                ])
                switch e.crossing {
                case .bridge: props["bridge"] = .string("yes")
                case .tunnel: props["tunnel"] = .string("yes")
                case .overpass:
                    props["bridge"] = .string("yes")
                    props["layer"] = .string("1")
                case .none: break
                }
                network.append(Feature(geometry: .lineString([nodeLL[e.a], nodeLL[e.b]]), properties: props))
            }
            for site in sites.sites {
                let prefix = Self.idPrefix[site.category] ?? "f"
                let n = siteCounters[site.category, default: 0] + 1
                siteCounters[site.category] = n
                var props = JSONObject([
                    ("id", .string(Self.id(prefix, n, digits: 3))),
                    ("name", .string(site.name)),
                    ("category", .string(site.category)),
                    ("status", .string(site.planned ? "planned" : "existing")),
                ])
                if site.category == "elder-canteen" { props["capacity"] = .number(150) }
                facilitySites.append((site.category, Feature(geometry: .point(toLonLat(site.position)), properties: props)))
            }
            for c in sites.candidates {
                var props = JSONObject([
                    ("id", .string(Self.id("c", candidates.count + 1, digits: 4))),
                    ("name", .string(c.name)),
                ])
                if let cats = c.categories { props["categories"] = .array(cats.map { .string($0) }) }
                candidates.append(Feature(geometry: .point(toLonLat(c.position)), properties: props))
            }
            for (k, line) in [shape.creekLine, shape.railLine].enumerated() {
                barriers.append(Feature(geometry: .lineString(line.map(toLonLat)), properties: JSONObject([
                    ("id", .string(Self.id("b", barriers.count + 1, digits: 2))),
                    ("name", .string((k == 0 ? "苏州河" : "铁路") + suffix)),
                    ("name_en", .string(k == 0 ? "Suzhou Creek" : "Railway")),
                    ("kind", .string(k == 0 ? "river" : "railway")),
                ])))
            }
        }
        // Facilities grouped by category in the plan's order (stable within a category).
        for category in SampleDocuments.categoryOrder {
            facilities += facilitySites.filter { $0.category == category }.map(\.feature)
        }
        var district = SampleDistrict(
            name: planName,
            streets: FeatureCollection(features: streets),
            residents: FeatureCollection(features: residents),
            network: FeatureCollection(features: network),
            facilities: FeatureCollection(features: facilities),
            candidates: FeatureCollection(features: candidates),
            barriers: FeatureCollection(features: barriers),
            planJSON: "", readme: "")
        district.planJSON = SampleDocuments.plan(name: planName, scale: scale)
        district.readme = SampleDocuments.readme(district: district, seed: seed, scale: scale)
        return district
    }

    /// Distance between tile centres (metres): the district's box (6.1 km × 11.9 km) and a gap.
    static let tileWidth = 6_600.0
    static let tileHeight = 12_400.0

    static let idPrefix = [
        "health-station": "hs", "elder-canteen": "ec", "fitness-point": "fp", "ev-charger": "ev", "aed-school": "aed",
    ]

    /// "r-000042": a prefix and a zero-padded number (wider when the number needs it).
    static func id(_ prefix: String, _ n: Int, digits: Int) -> String {
        let s = String(n)
        return prefix + "-" + String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}

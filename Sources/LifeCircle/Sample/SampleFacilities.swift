import Foundation

/// Facilities of the five categories and candidate sites for one tile, in local metres.
///
/// Existing facilities are spread unevenly on purpose (clustered per street, chargers in a few
/// hot spots) so that real coverage gaps exist; `planned` ones stand for sites the 2024 plan has
/// already fixed and are put in the largest gaps.
struct SampleFacilities {
    struct Site {
        var category: String
        var name: String
        var planned: Bool
        var position: Position
    }

    struct Candidate {
        var name: String
        var categories: [String]?
        var position: Position
    }

    var sites: [Site] = []
    var candidates: [Candidate] = []

    /// Existing counts per street, in the order of JinganFacts.streets (synthetic; the two large
    /// northern streets get few for their size, so that real gaps exist).
    static let healthPerStreet = [3, 3, 3, 3, 2, 2, 2, 3, 3, 3, 2, 2, 3, 2]
    static let canteensPerStreet = [3, 2, 3, 3, 2, 2, 2, 3, 2, 3, 2, 2, 3, 2]
    static let fitnessPerStreet = [28, 24, 30, 28, 22, 16, 18, 22, 22, 24, 20, 18, 26, 22]
    static let schoolsPerStreet = [7, 5, 8, 7, 5, 4, 5, 7, 6, 8, 7, 6, 9, 8]
    /// Places facilities and candidates near connected network nodes.
    ///
    /// - Complexity: O(F · N) for F facilities and N nodes.
    init(shape: DistrictShape, network: SampleNetwork, random rng: inout SplitMix64) {
        let locator = StreetLocator(rings: shape.streetRings)
        let degree = network.degrees()
        // Connected street nodes (not park islands) and their street.
        var nodes: [Int] = []
        var nodeStreet: [Int] = []
        let islandNames = Set(network.parks.map(\.name))
        for i in network.nodes.indices where degree[i] > 0 && !islandNames.contains(network.nodeRoad[i]) {
            if let s = locator.street(of: network.nodes[i]) {
                nodes.append(i)
                nodeStreet.append(s)
            }
        }
        var usedNames: [String: Int] = [:]
        func unique(_ name: String) -> String {
            let n = usedNames[name, default: 0]
            usedNames[name] = n + 1
            return n == 0 ? name : "\(name)（\(n + 1)）"
        }
        func near(_ node: Int) -> Position {
            let p = network.nodes[node]
            let a = rng.uniform(0, 2 * Double.pi), d = rng.uniform(12, 30)
            let q = Position(x: p.x + d * cos(a), y: p.y + d * sin(a))
            // Stay in the node's street, so that a street's facilities lie in it.
            return locator.street(of: q) == locator.street(of: p) && !network.inPark(q) ? q : p
        }
        /// A node drawn with weight exp(−distance / spread) from `focus`, among `pool`.
        func pick(_ pool: [Int], focus: Position, spread: Double) -> Int? {
            guard !pool.isEmpty else { return nil }
            let w = pool.map { exp(-network.nodes[$0].distance(to: focus) / spread) }
            var x = rng.unit() * w.reduce(0, +)
            for (k, n) in pool.enumerated() {
                x -= w[k]
                if x < 0 { return n }
            }
            return pool.last
        }
        func streetNodes(_ s: Int) -> [Int] { nodes.indices.filter { nodeStreet[$0] == s }.map { nodes[$0] } }
        let perStreet = JinganFacts.streets.indices.map(streetNodes)
        func focus(_ pool: [Int]) -> Position { pool.isEmpty ? Position(x: 0, y: 0) : network.nodes[pool[rng.below(pool.count)]] }

        func addPerStreet(_ category: String, _ counts: [Int], spread: Double, name: (Int, Int, String) -> String) {
            for s in counts.indices {
                let pool = perStreet[s]
                let f = focus(pool)
                for k in 0..<counts[s] {
                    guard let n = pick(pool, focus: f, spread: spread) else { continue }
                    sites.append(Site(category: category, name: unique(name(s, k, network.nodeRoad[n])), planned: false, position: near(n)))
                }
            }
        }
        /// Planned sites: each in the largest gap left by the category's sites so far.
        func addPlanned(_ category: String, _ count: Int, name: (String) -> String) {
            for _ in 0..<count {
                let existing = sites.filter { $0.category == category }.map(\.position)
                var best: (Double, Int)?
                for _ in 0..<300 {
                    let n = nodes[rng.below(nodes.count)]
                    let d = existing.map { $0.distance(to: network.nodes[n]) }.min() ?? .infinity
                    if best == nil || d > (best?.0 ?? 0) { best = (d, n) }
                }
                if let (_, n) = best {
                    sites.append(Site(category: category, name: unique(name(network.nodeRoad[n])), planned: true, position: near(n)))
                }
            }
        }
        func short(_ s: Int) -> String {
            let name = JinganFacts.streets[s].name
            return name.hasSuffix("街道") ? String(name.dropLast(2)) : name
        }

        addPerStreet("health-station", Self.healthPerStreet, spread: 500) { s, k, road in
            k == 0 ? "\(short(s))社区卫生服务中心" : "\(road)社区卫生服务站"
        }
        addPlanned("health-station", 2) { "\($0)社区卫生服务站（规划）" }
        addPerStreet("elder-canteen", Self.canteensPerStreet, spread: 450) { _, _, road in "\(road)长者食堂" }
        addPlanned("elder-canteen", 1) { "\($0)长者食堂（规划）" }
        var fitnessNumber = 0
        addPerStreet("fitness-point", Self.fitnessPerStreet, spread: 1_500) { _, _, road in
            fitnessNumber += 1
            return "\(road)益智健身苑点\(fitnessNumber)号"
        }
        addPlanned("fitness-point", 10) { "\($0)益智健身苑点（规划）" }
        let all = nodes
        for (cluster, place, count) in JinganFacts.chargerClusters {
            let centre = shape.frame.metres(place)
            for k in 0..<count {
                guard let n = pick(all, focus: centre, spread: 180) else { continue }
                sites.append(Site(category: "ev-charger", name: unique("\(cluster)公共充电站\(k + 1)"), planned: false, position: near(n)))
            }
        }
        // One charging station in every street besides the hot spots.
        addPerStreet("ev-charger", JinganFacts.streets.map { _ in 1 }, spread: 800) { _, _, road in "\(road)公共充电站" }
        addPlanned("ev-charger", 5) { "\($0)公共充电站（规划）" }

        // Schools: the first of every street and about three in five of the others have an AED
        // (existing); three more are fixed by the plan; the rest are candidate sites for the AED target.
        var schools: [(name: String, position: Position, first: Bool)] = []
        for s in Self.schoolsPerStreet.indices {
            let pool = perStreet[s]
            for k in 0..<Self.schoolsPerStreet[s] {
                guard !pool.isEmpty else { continue }
                let n = pool[rng.below(pool.count)]
                let kind = ["小学", "中学", "小学", "实验学校", "中学"][k % 5]
                schools.append((unique("\(network.nodeRoad[n])\(kind)"), near(n), k == 0))
            }
        }
        var withoutAED: [(String, Position)] = []
        for school in schools {
            if rng.chance(0.6) || school.first {
                sites.append(Site(category: "aed-school", name: school.name, planned: false, position: school.position))
            } else {
                withoutAED.append((school.name, school.position))
            }
        }
        for school in withoutAED.prefix(3) {
            sites.append(Site(category: "aed-school", name: school.0, planned: true, position: school.1))
        }

        // Candidate sites: connected nodes thinned to about 170 m apart, in a shuffled order.
        var order = nodes
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) }
        let cell = 170.0
        var taken: [Int64: [Position]] = [:]
        func key(_ x: Int, _ y: Int) -> Int64 { Int64(x) << 32 | Int64(UInt32(bitPattern: Int32(y))) }
        for n in order {
            let p = network.nodes[n]
            let cx = Int((p.x / cell).rounded(.down)), cy = Int((p.y / cell).rounded(.down))
            var free = true
            for dx in -1...1 { for dy in -1...1 where free {
                if taken[key(cx + dx, cy + dy)]?.contains(where: { $0.distance(to: p) < cell }) == true { free = false }
            } }
            guard free else { continue }
            taken[key(cx, cy), default: []].append(p)
            let r = rng.unit()
            let categories: [String]? = r < 0.65 ? nil : r < 0.8 ? ["fitness-point"] : r < 0.9 ? ["ev-charger"] : ["health-station", "elder-canteen"]
            candidates.append(Candidate(name: unique("\(network.nodeRoad[n])候选地块"), categories: categories, position: near(n)))
        }
        for school in withoutAED.dropFirst(3) {
            candidates.append(Candidate(name: school.0, categories: ["aed-school"], position: school.1))
        }
    }
}

import Foundation

/// Where new facilities of one category would close the most of the gap: candidates, their cover
/// sets on the walk network, the MCLP/LSCP solution and an explanation per site.
public struct SitingStudy: Sendable {
    /// The question: a plan's kind of target, a count of new sites (MCLP) or a coverage share to
    /// reach with the fewest sites (LSCP).
    public typealias Goal = Target

    /// Metres between generated candidates when nothing else is asked (`propose --spacing`).
    public static let defaultSpacing = 150.0

    /// Where candidates come from.
    public enum CandidateSource: Sendable, Equatable {
        /// The plan's candidates layer (those suiting the category); generated when the plan has none.
        case plan
        /// Given sites (e.g. `--candidates FILE`), already in WGS84.
        case sites([CandidateSite])
        /// Network nodes within reach of uncovered demand, thinned to this spacing in metres.
        case generated(spacing: Double)
    }

    /// A candidate as the study sees it.
    public struct Candidate: Sendable, Equatable {
        /// The candidate's id (`n<node>` for one generated from the network).
        public var id: String
        /// The candidate's name, when it has one.
        public var name: String?
        /// WGS84.
        public var position: Position
        /// Analysis CRS, metres.
        public var metric: Position
        /// Whether it was generated from the network rather than given.
        public var generated: Bool
    }

    /// One street's share of what a site newly covers.
    public struct StreetShare: Sendable, Equatable {
        /// Street index, or nil for residents outside every street.
        public var street: Int?
        /// Demand newly covered in the street.
        public var demand: Double
        /// Residents aged 60+ newly covered in the street.
        public var age60plus: Double
        /// Resident points newly covered in the street.
        public var points: Int
    }

    /// A proposed site and why.
    public struct Site: Sendable, Equatable {
        /// Order of choice, 1 first.
        public var rank: Int
        /// The chosen candidate.
        public var candidate: Candidate
        /// Demand added on top of the sites ranked before it (credited demand with a capacity).
        public var marginalGain: Double
        /// Residents (all ages) and 60+ in the points it newly covers.
        public var newlyCoveredPopulation: Double
        /// Residents aged 60+ newly within the walk.
        public var newlyCovered60plus: Double
        /// Resident points newly within the walk.
        public var newlyCoveredPoints: Int
        /// By street, most demand first (ties by street index).
        public var byStreet: [StreetShare]
        /// The street the site lies in, when any.
        public var street: Int?
        /// The nearest facility counted in the scenario (straight line), and the distance in metres.
        public var nearestFacility: String?
        /// The walk in metres to `nearestFacility`.
        public var nearestFacilityMeters: Double?
        /// Coverage share of the category after this site and those ranked before it.
        public var coverageAfter: Double
    }

    /// The category sited.
    public let category: Category
    /// Which facilities were fixed: existing, or with the planned ones.
    public let scenario: CoverageScenario
    /// The question asked.
    public let goal: Goal
    /// Every candidate considered (those joined to the network).
    public let candidates: [Candidate]
    /// Candidates of the source that could not join the network (ids).
    public let unsnappedCandidates: [String]
    /// The solver's answer with its bound and method.
    public let solution: SitingSolution
    /// The covering problem solved: demand weights, cover sets per candidate (same order as
    /// `candidates`), what fixed facilities already cover, and the capacity.
    package let instance: CoverageInstance
    /// The chosen sites, in order of choice, each explained.
    public let sites: [Site]
    /// The walk threshold in metres and the speed used.
    public let thresholdMeters: Double
    /// Walking speed, metres per minute.
    public let speed: Double

    /// Runs the siting for a category.
    ///
    /// - Parameters:
    ///   - prepared: the study with its network and snapped points.
    ///   - category: the category to site.
    ///   - scenario: which facilities are fixed.
    ///   - coverage: the category's network coverage in `scenario` (gives what is already covered).
    ///   - goal: a number of new sites (MCLP) or a coverage share to reach with the fewest (LSCP).
    ///   - source: where candidates come from.
    ///   - perStreetMax: at most this many new sites in any one street (with a count goal).
    ///   - options: solver settings (budgets, local search).
    /// - Throws: `InputError` for an impossible question (e.g. no candidates), `LibraryError` from PROJ.
    /// - Complexity: one bounded search per candidate (parallel), then the solver's cost.
    public static func run(
        _ prepared: PreparedStudy, category: Category, scenario: CoverageScenario, coverage: CoverageResult,
        goal: Goal, source: CandidateSource = .plan, perStreetMax: Int? = nil, options: SitingOptions = SitingOptions()
    ) throws -> SitingStudy {
        try run(prepared, category: category, scenario: scenario, coverage: coverage, goal: goal, source: source,
                perStreetMax: perStreetMax, options: options, reach: nil)
    }

    /// As the public `run`, with the residents' cover-set index made once for several categories
    /// (``TargetProposal/run(_:options:step:)``); nil makes it here.
    static func run(
        _ prepared: PreparedStudy, category: Category, scenario: CoverageScenario, coverage: CoverageResult,
        goal: Goal, source: CandidateSource, perStreetMax: Int?, options: SitingOptions, reach: NetworkCoverSets?
    ) throws -> SitingStudy {
        let study = prepared.study
        let request = prepared.request(for: category)
        let bound = request.minutes * request.speed
        let covered = coverage.status.map { $0 == .covered }

        // 1. Candidates.
        var candidates: [Candidate] = []
        var snaps: [SnapPoint] = []
        var unsnapped: [String] = []
        var sites: [CandidateSite]?
        switch source {
        case .plan:
            if study.plan.layers.candidates != nil {
                sites = study.candidates.filter { $0.categories.isEmpty || $0.categories.contains(category.id) }
            }
        case .sites(let given): sites = given
        case .generated: sites = nil
        }
        if let sites {
            let toMetric = try CoordinateTransformer.forThisThread(from: "EPSG:4326", to: prepared.metricCRS)
            let metric = try toMetric.transform(sites.map(\.position))
            let siteSnaps = prepared.segmentIndex.snap(metric, maxDistance: study.plan.walking.maxSnapDistanceMeters)
            var seen = Set<String>()
            for (i, s) in sites.enumerated() {
                guard seen.insert(s.id).inserted else { continue }
                guard let snap = siteSnaps[i] else { unsnapped.append(s.id); continue }
                candidates.append(Candidate(id: s.id, name: s.name, position: s.position, metric: metric[i], generated: false))
                snaps.append(snap)
            }
        } else {
            var spacing = Self.defaultSpacing
            if case .generated(let s) = source { spacing = s }
            let nodes = generatedNodes(prepared, covered: covered, bound: bound, spacing: spacing)
            let metric = nodes.map { prepared.network.nodePositions[$0] }
            let toWGS84 = try CoordinateTransformer.forThisThread(from: prepared.metricCRS, to: "EPSG:4326")
            let wgs = try toWGS84.transform(metric)
            for (k, n) in nodes.enumerated() {
                guard let snap = nodeSnap(prepared.network, n) else { continue }
                candidates.append(Candidate(id: "n\(n)", name: nil, position: wgs[k], metric: metric[k], generated: true))
                snaps.append(snap)
            }
        }

        // 2. Cover sets: one bounded search per candidate, in parallel.
        let sets = (reach ?? residentReach(prepared)).coverSets(of: snaps, bound: bound)
        let instance = try CoverageInstance(
            demandWeights: request.demand, secondaryWeights: study.residents.map(\.age60plus),
            coverOffsets: sets.offsets, coverMembers: sets.members, candidateIDs: candidates.map(\.id),
            alreadyCovered: covered, capacity: category.capacity)

        // 3. Solve.
        var solution: SitingSolution
        switch goal {
        case .count(let n): solution = MCLPSolver(options: options).solve(instance, count: n)
        case .coverage(let p): solution = LSCPSolver(options: options).solve(instance, targetCoverage: p)
        }
        if let cap = perStreetMax, case .count(let n) = goal {
            let candidateStreet = try StreetAssignment.assign(candidates.map(\.position), to: study.streets.map(\.geometry))
            var perStreet: [Int: Int] = [:]
            for site in solution.sites { if let st = candidateStreet[site.candidateIndex] { perStreet[st, default: 0] += 1 } }
            if perStreet.values.contains(where: { $0 > cap }) {
                solution = StreetCappedGreedy.solve(instance, count: n, perStreetMax: cap, candidateStreet: candidateStreet, unconstrained: solution)
            }
        }

        // 4. Explain.
        let facilities = study.facilities[category.id] ?? []
        let facilityMetric = prepared.facilityPositions[category.id] ?? []
        let counted = facilities.indices.filter { scenario == .withPlanned || facilities[$0].status == .existing }
        let streetOfSite = try StreetAssignment.assign(solution.sites.map { candidates[$0.candidateIndex].position }, to: study.streets.map(\.geometry))
        var explained: [Site] = []
        var running = solution.alreadyCoveredDemand
        for (k, s) in solution.sites.enumerated() {
            let c = candidates[s.candidateIndex]
            var shares: [Int: StreetShare] = [:]
            var outside = StreetShare(street: nil, demand: 0, age60plus: 0, points: 0)
            var population = 0.0, elderly = 0.0
            for (m, point) in s.newlyCovered.enumerated() {
                let i = Int(point)
                let credited = s.creditedWeights.map { $0[m] } ?? request.demand[i]
                let fraction = request.demand[i] > 0 ? credited / request.demand[i] : 0
                let r = study.residents[i]
                population += r.population * fraction
                elderly += r.age60plus * fraction
                if let st = prepared.residentStreet[i] {
                    var sh = shares[st] ?? StreetShare(street: st, demand: 0, age60plus: 0, points: 0)
                    sh.demand += credited; sh.age60plus += r.age60plus * fraction; sh.points += 1
                    shares[st] = sh
                } else {
                    outside.demand += credited; outside.age60plus += r.age60plus * fraction; outside.points += 1
                }
            }
            var byStreet = shares.values.sorted { $0.demand > $1.demand || ($0.demand == $1.demand && ($0.street ?? -1) < ($1.street ?? -1)) }
            if outside.points > 0 { byStreet.append(outside) }
            var nearest: (String, Double)?
            for f in counted {
                let d = facilityMetric[f].distance(to: c.metric)
                if nearest == nil || d < (nearest?.1 ?? .infinity) { nearest = (facilities[f].id, d) }
            }
            running += s.marginalGain
            explained.append(Site(
                rank: s.rank, candidate: c, marginalGain: s.marginalGain, newlyCoveredPopulation: population,
                newlyCovered60plus: elderly, newlyCoveredPoints: s.newlyCovered.count, byStreet: byStreet,
                street: k < streetOfSite.count ? streetOfSite[k] : nil, nearestFacility: nearest?.0,
                nearestFacilityMeters: nearest?.1, coverageAfter: solution.totalDemand > 0 ? running / solution.totalDemand : 1))
        }
        return SitingStudy(
            category: category, scenario: scenario, goal: goal, candidates: candidates, unsnappedCandidates: unsnapped,
            solution: solution, instance: instance, sites: explained, thresholdMeters: bound, speed: request.speed)
    }

    /// The residents' points by edge, ready for candidates' cover sets.
    ///
    /// - Complexity: O(P log P + E) for P resident points and E edges.
    static func residentReach(_ prepared: PreparedStudy) -> NetworkCoverSets {
        NetworkCoverSets(network: prepared.network,
                         points: EdgePointIndex(snaps: prepared.residentSnaps, edgeCount: prepared.network.edgeCount))
    }

    /// Network nodes within `bound` of some uncovered, snapped demand point, thinned so that no two
    /// are closer than `spacing` (first come by node index). Nodes on no uncovered reach are left out.
    ///
    /// - Complexity: one multi-source bounded search plus O(n) grid thinning.
    static func generatedNodes(_ prepared: PreparedStudy, covered: [Bool], bound: Double, spacing: Double) -> [Int] {
        var sources: [SnapPoint?] = []
        for i in prepared.residentSnaps.indices where !covered[i] {
            if let s = prepared.residentSnaps[i], prepared.study.residents[i].population > 0 { sources.append(s) }
        }
        guard !sources.isEmpty else { return [] }
        var search = NetworkSearch(network: prepared.network)
        search.run(sources: sources, bound: bound)
        let reached = search.settledNodes.map(Int.init).sorted()
        let cell = max(spacing, 1)
        var grid: [Int64: [Int]] = [:]
        var kept: [Int] = []
        func key(_ x: Int64, _ y: Int64) -> Int64 { x &* 73_856_093 ^ y &* 19_349_663 }
        for n in reached {
            let p = prepared.network.nodePositions[n]
            let cx = Int64(saturating: (p.x / cell).rounded(.down)), cy = Int64(saturating: (p.y / cell).rounded(.down))
            var tooClose = false
            search: for dx in -1...1 {
                for dy in -1...1 {
                    for m in grid[key(cx + Int64(dx), cy + Int64(dy))] ?? [] where prepared.network.nodePositions[m].distance(to: p) < spacing {
                        tooClose = true
                        break search
                    }
                }
            }
            if !tooClose {
                kept.append(n)
                grid[key(cx, cy), default: []].append(n)
            }
        }
        return kept
    }

    /// A snap sitting exactly on a node (offset 0 or the full length of an incident edge).
    static func nodeSnap(_ network: WalkNetwork, _ node: Int) -> SnapPoint? {
        let lo = Int(network.adjacencyOffset[node]), hi = Int(network.adjacencyOffset[node + 1])
        guard lo < hi else { return nil }
        let e = Int(network.adjacencyEdge[lo])
        let offset = Int(network.edgeFrom[e]) == node ? 0 : network.edgeLength[e]
        return SnapPoint(edge: Int32(e), offsetAlong: offset, access: 0, point: network.nodePositions[node])
    }
}

extension Target {
    /// The goal in words: "3 new sites", "the fewest sites reaching 85.0%".
    public var phrase: String {
        switch self {
        case .count(let n): return "\(n) new site\(n == 1 ? "" : "s")"
        case .coverage(let p): return "the fewest sites reaching \(Format.percent(p))"
        }
    }
}

import Foundation

/// Residential points of one tile: placed inside the street blocks at each street's modelled
/// density, with the district's exact population and 60+ totals split between the streets by
/// area × density class and spread over their points by largest remainders.
struct SampleResidents {
    /// Longitude/latitude, rounded to 7 decimals.
    var points: [Position] = []
    var street: [Int] = []
    var population: [Int] = []
    var age60plus: [Int] = []

    /// Each street's residents: the district total split by area × density-class weight.
    static func streetPopulations(areas: [Double]) -> [Int] {
        let facts = JinganFacts.streets
        return LargestRemainder.apportion(JinganFacts.population, weights: facts.indices.map { areas[$0] * facts[$0].density.weight })
    }

    /// Places the points and shares out the totals.
    ///
    /// - Complexity: O(P · V) for P points and V street-ring vertices in the boxes holding them.
    init(shape: DistrictShape, network: SampleNetwork, locator: StreetLocator,
         toLonLat: (Position) -> Position, random rng: inout SplitMix64) {
        var weights: [Double] = []
        func place(_ p: Position, weight: Double) {
            let ll = toLonLat(p)
            guard let s = locator.street(of: ll) else { return }
            points.append(ll)
            street.append(s)
            weights.append(weight)
        }
        let metricLocator = StreetLocator(rings: shape.streetRings)
        let densest = JinganFacts.streets.map(\.density.pointsPerKm2).max() ?? 1
        for grid in network.grids {
            for r in 0..<(grid.rows - 1) {
                for c in 0..<(grid.cols - 1) {
                    // Blocks span grid positions; a block with no street node at all is not built up.
                    let corners = [(r, c), (r, c + 1), (r + 1, c), (r + 1, c + 1)]
                    guard corners.contains(where: { grid.at($0.0, $0.1) != nil }) else { continue }
                    let a = grid.positions[r * grid.cols + c], b = grid.positions[r * grid.cols + c + 1]
                    let d = grid.positions[(r + 1) * grid.cols + c], e = grid.positions[(r + 1) * grid.cols + c + 1]
                    let area = abs(PlanarGeometry.doubleSignedArea([a, b, e, d, a])) / 2
                    // Candidates at the densest class's rate, each kept at its street's rate.
                    let n = Int(area * densest / 1e6 + rng.unit())
                    for _ in 0..<n {
                        let s = rng.uniform(0.1, 0.9), t = rng.uniform(0.1, 0.9)
                        let p = PlanarGeometry.lerp(PlanarGeometry.lerp(a, b, s), PlanarGeometry.lerp(d, e, s), t)
                        let w = min(4, max(0.25, exp(0.55 * rng.normal())))
                        let keep = rng.unit()
                        guard let s = metricLocator.street(of: p),
                              keep * densest < JinganFacts.streets[s].density.pointsPerKm2,
                              shape.zone(of: p, margin: 25) == grid.zone, !network.inPark(p, margin: 15) else { continue }
                        place(p, weight: w)
                    }
                }
            }
        }
        // A handful of people deep inside the big park: more than 500 m from any path.
        for p in network.farSpots { place(p, weight: 0.04) }

        let facts = JinganFacts.streets
        let streetPopulation = Self.streetPopulations(areas: shape.streetAreas)
        let streetElders = LargestRemainder.apportion(
            JinganFacts.age60plus, weights: facts.indices.map { Double(streetPopulation[$0]) * facts[$0].elderShare })
        population = Array(repeating: 0, count: points.count)
        age60plus = Array(repeating: 0, count: points.count)
        for s in facts.indices {
            let members = street.indices.filter { street[$0] == s }
            guard !members.isEmpty else { continue }
            let pops = LargestRemainder.apportion(streetPopulation[s], weights: members.map { weights[$0] })
            let elderWeights = pops.map { Double($0) * facts[s].elderShare * rng.uniform(0.6, 1.4) }
            var elders = LargestRemainder.apportion(streetElders[s], weights: elderWeights)
            // Never more elders than residents at a point: move any excess to points with room.
            var excess = 0
            for k in elders.indices where elders[k] > pops[k] {
                excess += elders[k] - pops[k]
                elders[k] = pops[k]
            }
            var k = 0
            while excess > 0 && k < elders.count {
                let room = pops[k] - elders[k]
                let moved = min(room, excess)
                elders[k] += moved
                excess -= moved
                k += 1
            }
            for (j, i) in members.enumerated() {
                population[i] = pops[j]
                age60plus[i] = elders[j]
            }
        }
    }
}

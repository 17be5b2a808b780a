import Foundation
import Testing
@testable import LifeCircle

/// The San Francisco test data of PySAL spopt (205 census tracts, 16 candidate stores, network
/// distances in metres), fed through `CoverageInstance`, against spopt's own optimal answers.
///
/// Reference values: spopt 0.7.0 with PuLP 3.3.2's bundled CBC, computed once with
///     pip install spopt pulp
///     python3 Benchmarks/spopt_compare.py sf --data Tests/LifeCircleTests/Fixtures/real/spopt-sf
/// which solves `MCLP.from_cost_matrix(cost, weights, service_radius=r, p_facilities=p)` and
/// `LSCP.from_cost_matrix(cost, service_radius=r)` with `pulp.PULP_CBC_CMD(msg=False)`; all reported
/// "Optimal". A tract counts as covered when its distance ≤ r (spopt's rule); the weight is the
/// file's `demand` column (POP2000). At r = 4000 m one tract is beyond every store, so LSCP
/// (which must cover every tract) is infeasible there.
@Suite struct SpoptReferenceTests {
    /// spopt MCLP optimum (covered population) per radius (m) and count.
    static let mclpReference: [Int: [Int: Double]] = [
        1000: [1: 32954, 2: 57723, 3: 77687, 4: 93888, 6: 123589, 8: 149797],
        1500: [1: 65105, 2: 110533, 3: 151725, 4: 191070, 6: 264079, 8: 315767],
        2000: [1: 122304, 2: 200356, 3: 266985, 4: 333273, 6: 432591, 8: 502345],
        3000: [1: 239817, 2: 377803, 3: 481826, 4: 557571, 6: 666206, 8: 747498],
        5000: [1: 448255, 2: 671938, 3: 791499, 4: 875247, 6: 941462, 8: 955113],
    ]
    /// spopt LSCP optimum (fewest stores covering every tract) per radius (m).
    static let lscpReference: [Int: Int] = [4700: 8, 5000: 8, 6000: 5, 8000: 3, 10000: 2]

    struct SanFrancisco {
        var tracts: [String] = []
        var weights: [Double] = []
        var stores: [String] = []
        /// (store index, tract index, distance in metres)
        var distances: [(Int, Int, Double)] = []

        /// Cover sets for a radius: store j covers tract i when distance ≤ radius.
        func instance(radius: Double) throws -> CoverageInstance {
            var builder = [[Int32]](repeating: [], count: stores.count)
            for (j, i, d) in distances where d <= radius { builder[j].append(Int32(i)) }
            var sets = CoverSetBuilder()
            for (j, members) in builder.enumerated() { sets.append(candidateID: stores[j], covering: members) }
            return try sets.build(demandWeights: weights)
        }
    }

    static func load() throws -> SanFrancisco {
        let text = try String(contentsOfFile: TestSupport.RealData.spoptSFDistances, encoding: .utf8)
        var data = SanFrancisco()
        var tractIndex: [String: Int] = [:]
        var storeIndex: [String: Int] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            // distance,name,DestinationName,demand
            let fields = line.split(separator: ",").map(String.init)
            try #require(fields.count == 4)
            let distance = try #require(Double(fields[0]))
            let demand = try #require(Double(fields[3]))
            let j = storeIndex[fields[1]] ?? {
                data.stores.append(fields[1])
                return data.stores.count - 1
            }()
            storeIndex[fields[1]] = j
            let i = tractIndex[fields[2]] ?? {
                data.tracts.append(fields[2])
                data.weights.append(demand)
                return data.tracts.count - 1
            }()
            tractIndex[fields[2]] = i
            data.distances.append((j, i, distance))
        }
        return data
    }

    /// The data: 205 tracts, 16 stores, 3,280 distances, population 955,113.
    @Test func theSanFranciscoDataHasItsTractsStoresAndDistances() throws {
        let sf = try Self.load()
        #expect(sf.tracts.count == 205 && sf.stores.count == 16 && sf.distances.count == 3280)
        #expect(sf.weights.reduce(0, +) == 955_113)
    }

    /// MCLP equals spopt/CBC's optimum for 5 radii × 6 counts, proven optimal.
    @Test func mclpEqualsSpoptsOptimumForEveryRadiusAndCount() throws {
        let sf = try Self.load()
        for (radius, byCount) in Self.mclpReference.sorted(by: { $0.key < $1.key }) {
            let instance = try sf.instance(radius: Double(radius))
            for (count, expected) in byCount.sorted(by: { $0.key < $1.key }) {
                let s = MCLPSolver().solve(instance, count: count)
                #expect(s.coveredDemand == expected, "radius \(radius) count \(count)")
                #expect(s.optimality == .provenOptimal, "radius \(radius) count \(count)")
                #expect(s.sites.count <= count)
            }
        }
    }

    /// LSCP (coverage 1.0) equals spopt/CBC's minimum count, proven minimal.
    @Test func lscpEqualsSpoptsMinimumCount() throws {
        let sf = try Self.load()
        for (radius, expected) in Self.lscpReference.sorted(by: { $0.key < $1.key }) {
            let s = LSCPSolver().solve(try sf.instance(radius: Double(radius)), targetCoverage: 1.0)
            #expect(s.targetMet == true, "radius \(radius)")
            #expect(s.sites.count == expected, "radius \(radius)")
            #expect(s.optimality == .provenOptimal, "radius \(radius)")
            #expect(s.coverageAfter == 1)
        }
        // Where one tract is beyond every store, the goal is reported unreachable.
        let s = LSCPSolver().solve(try sf.instance(radius: 4000), targetCoverage: 1.0)
        #expect(s.targetMet == false)
        #expect(s.bestReachableCoverage < 1)
        #expect(s.coverageAfter == s.bestReachableCoverage)
    }
}

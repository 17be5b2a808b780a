import Foundation
import LifeCircle

/// `equity PLAN [--repeat R] [--scenario existing|with-planned]`
///
/// On one prepared study (loading and preparing timed apart): plain network coverage of every
/// category in one scenario (``StudyAnalysis``, one multi-source search per category), then 2SFCA
/// (classic and Gaussian: one bounded search per facility) plus the fairness indices of coverage and
/// of both scores (``EquityAnalysis``), R times each; prints the best of each, their ratio, and per
/// category the facilities searched, the pairs found and the seconds taken.
func equityBenchmark(_ args: [String]) throws {
    func value(_ name: String) -> String? { benchOption(name, in: args) }
    guard let planPath = args.first, !planPath.hasPrefix("--") else {
        print("usage: equity PLAN [--repeat R] [--scenario existing|with-planned]")
        return
    }
    let repeats = max(1, Int(value("--repeat") ?? "3") ?? 3)
    let scenario = CoverageScenario(rawValue: value("--scenario") ?? "existing") ?? .existing
    let loaded = try BenchStudy(planPath: planPath)
    let (study, prepared) = (loaded.study, loaded.prepared)
    let (loadSeconds, prepareSeconds) = (loaded.loadSeconds, loaded.prepareSeconds)
    print(String(format: "equity %@ (%@): %d residents, %d edges, %d categories; load %.2f s, prepare %.2f s",
                 study.plan.name, scenario.rawValue, study.residents.count, prepared.network.edgeCount,
                 study.plan.categories.count, loadSeconds, prepareSeconds))
    var coverageTimes: [Double] = [], equityTimes: [Double] = []
    var analysis: StudyAnalysis?
    var equity: EquityResult?
    for _ in 0 ..< repeats {
        let (a, c) = try BenchClock.measure { try StudyAnalysis.run(prepared, scenarios: [scenario], metrics: [.network]) }
        coverageTimes.append(c)
        analysis = a
        let (e, s) = BenchClock.measure { EquityAnalysis.run(analysis: a, scenario: scenario) }
        equityTimes.append(s)
        equity = e
        print(String(format: "  coverage of all categories %.3f s; 2SFCA + fairness %.3f s", c, s))
    }
    let coverage = coverageTimes.min() ?? 0, fca = equityTimes.min() ?? 0
    print(String(format: "best: coverage %.3f s, 2SFCA + fairness %.3f s (%.0f%% of coverage)",
                 coverage, fca, coverage > 0 ? 100 * fca / coverage : 0))
    guard let analysis, let equity else { return }
    // Per category, once more, to see where the time goes.
    let residents = EdgePointIndex(snaps: prepared.residentSnaps, edgeCount: prepared.network.edgeCount)
    for c in analysis.categories {
        let (e, seconds) = BenchClock.measure {
            EquityAnalysis.category(c, prepared: prepared, residents: residents, scenario: scenario)
        }
        let searched = e.supply.filter { $0 > 0 }.count
        let gini = equity.category(c.category.id)?.access.residents.map { String(format: "%.3f", $0.gini) } ?? "-"
        print(String(format: "  %@: %d facilities searched, %d pairs, %.0f m catchment, %.3f s; Gini of 2SFCA over residents %@",
                     c.category.id, searched, e.pairCount, e.thresholdMinutes * e.speed, seconds, gini))
        // The parts apart: the pairs (searches), the two 2SFCA passes, the fairness of three measures.
        let request = c.request
        let sources = request.facilitySnaps.indices.map { request.counts($0, in: scenario) ? request.facilitySnaps[$0] : nil }
        let (pairs, pairSeconds) = BenchClock.measure {
            CatchmentPairs.network(residents: residents, network: prepared.network, facilities: sources,
                                   boundMeters: request.minutes * request.speed, speed: request.speed)
        }
        let (_, fcaSeconds) = BenchClock.measure {
            _ = FloatingCatchment(pairs: pairs, demand: request.demand, supply: e.supply, thresholdMinutes: request.minutes, decay: .uniform)
            _ = FloatingCatchment(pairs: pairs, demand: request.demand, supply: e.supply, thresholdMinutes: request.minutes, decay: .gaussian)
        }
        let population = study.residents.map(\.population), elderly = study.residents.map(\.age60plus)
        let (_, fairSeconds) = BenchClock.measure {
            for values in [e.classic.access, e.gaussian.access, e.classic.access] {
                _ = EquityMeasure(values: values, demand: request.demand, population: population, age60plus: elderly,
                                  residentStreet: prepared.residentStreet, streetCount: study.streets.count)
            }
        }
        print(String(format: "    searches + pairs %.3f s, two 2SFCA passes %.3f s, fairness of three measures %.3f s",
                     pairSeconds, fcaSeconds, fairSeconds))
    }
    print(String(format: "peak memory %.0f MiB", BenchClock.peakMemoryMiB()))
}

import Foundation
import LifeCircle

/// `circle PLAN [--scenario existing|planned] [--repeat R]`
///
/// The whole life circle on one prepared study (e.g. `sample jingan --scale 25`): loading and
/// preparing are timed apart; then, R times, plain coverage of every category (one search per
/// category bounded at its threshold), and the circle's parts on the same study: its searches (one
/// per category, bounded at 30 minutes at the top of the speed band), completeness (per point,
/// street and district), and the sensitivity curves. The best of R is reported, with completeness
/// and the circle's searches as a share of plain coverage.
func circleBenchmark(_ args: [String]) throws {
    func value(_ name: String) -> String? { benchOption(name, in: args) }
    guard let planPath = args.first, !planPath.hasPrefix("--") else {
        print("usage: circle PLAN [--scenario existing|planned] [--repeat R]")
        return
    }
    let scenario: CoverageScenario = value("--scenario") == "planned" ? .withPlanned : .existing
    let repeats = max(1, Int(value("--repeat") ?? "3") ?? 3)
    let loaded = try BenchStudy(planPath: planPath)
    let (study, prepared) = (loaded.study, loaded.prepared)
    let (loadSeconds, prepareSeconds) = (loaded.loadSeconds, loaded.prepareSeconds)
    let plan = study.plan
    print(String(format: "circle %@ (%@): %d residents, %d categories, %d nodes; load %.2f s, prepare %.2f s",
                 plan.name, scenario.rawValue, study.residents.count, plan.categories.count, prepared.network.nodeCount,
                 loadSeconds, prepareSeconds))
    let requests = plan.categories.map { prepared.request(for: $0) }
    let bands = plan.categories.map { SensitivityBand.standard(for: $0, walking: plan.walking) }
    let bounds = requests.indices.map { bands[$0].bound(thresholdMinutes: requests[$0].minutes, speed: requests[$0].speed) }
    let essential = plan.lifeCircle.essentialCategories(of: plan).map(\.id)
    let analysis = CoverageAnalysis(
        network: prepared.network, residentPositions: prepared.residentPositions, residentSnaps: prepared.residentSnaps)
    var best = [Double](repeating: .infinity, count: 4)
    var share = 0.0
    for _ in 0..<repeats {
        let (plain, coverageSeconds) = BenchClock.measure { analysis.run(requests, scenarios: [scenario]) }
        let (reach, searchSeconds) = BenchClock.measure { analysis.reachDistances(requests, bounds: bounds, scenario: scenario) }
        let (circle, completeSeconds) = BenchClock.measure {
            CircleCompleteness(reach: reach, categories: plan.categories, essential: essential,
                               population: study.residents.map(\.population), age60plus: study.residents.map(\.age60plus),
                               residentStreet: prepared.residentStreet, streetCount: study.streets.count)
        }
        let (curves, sensitivitySeconds) = BenchClock.measure {
            reach.indices.map { CategorySensitivity(reach: reach[$0], demand: requests[$0].demand, band: bands[$0]) }
        }
        // The circle's coverage at each threshold is the plain one (checked here too, cheaply).
        for k in requests.indices where plain[k].status != reach[k].status { print("MISMATCH in \(requests[k].category)") }
        share = circle.district.completeShare ?? 0
        _ = curves
        print(String(format: "  plain coverage %.3f s; circle searches %.3f s, completeness %.3f s, sensitivity curves %.3f s",
                     coverageSeconds, searchSeconds, completeSeconds, sensitivitySeconds))
        for (i, t) in [coverageSeconds, searchSeconds, completeSeconds, sensitivitySeconds].enumerated() { best[i] = min(best[i], t) }
    }
    print(String(format: "best: plain coverage %.3f s; completeness %.3f s (+%.1f%% of coverage); circle searches (30 min, top speed) %.3f s (%.2f× coverage); curves %.3f s; complete share %.4f",
                 best[0], best[2], best[2] / best[0] * 100, best[1], best[1] / best[0], best[3], share))
    print(String(format: "peak memory %.0f MiB", BenchClock.peakMemoryMiB()))
}

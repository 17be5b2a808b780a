import Foundation
import LifeCircle

/// `circle PLAN [--scenario existing|planned] [--repeat R]`
///
/// The whole life circle on one prepared study (e.g. `sample 25 2024 OUT`): loading and preparing
/// are timed apart; then, R times and in one run, plain coverage of every category twice over (the
/// bare searches and statuses, ``CoverageAnalysis``; and ``StudyAnalysis``, which adds the street
/// gaps, as `coverage` and `gaps` run it) and the life circle's parts on the same study: its own
/// searches (one per category, bounded at 30 minutes at the top of the speed band: they replace
/// coverage's), completeness (per point, street and district), 2SFCA (classic and Gaussian) with the
/// fairness of coverage and of both scores (``EquityAnalysis``), the fairness of the life-circle
/// time, and the sensitivity curves. The best of R is reported, and what completeness, fairness and
/// 2SFCA add (plus whatever the longer searches cost beyond coverage's) as a share of plain coverage,
/// in wall-clock seconds and in CPU seconds (all threads: steadier than wall clock on a shared machine).
///
/// Then, in the same run, end to end as the commands run them (without printing): the `coverage`
/// job (`lifecircle coverage PLAN`: load, network, coverage and street gaps of every category, the
/// summary table) and the `circle` job (`lifecircle circle PLAN --format json`, the one output with
/// fairness and 2SFCA: load, network, the circle's searches, completeness, sensitivity, 2SFCA and
/// fairness, the JSON text), alternating, R times each; the best of each and their ratio.
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
    let population = study.residents.map(\.population), elderly = study.residents.map(\.age60plus)
    let names = ["coverage (searches + statuses)", "coverage (StudyAnalysis, + street gaps)", "circle searches",
                 "completeness", "2SFCA + fairness", "fairness of life-circle time", "sensitivity curves"]
    var best = [Double](repeating: .infinity, count: names.count), bestCPU = best
    var cpu = [Double](repeating: 0, count: names.count)
    var share = 0.0, pairs = 0
    for _ in 0..<repeats {
        let (plain, bare) = measureCPU(&cpu[0]) { analysis.run(requests, scenarios: [scenario]) }
        let (coverage, studySeconds) = try measureCPU(&cpu[1]) { try StudyAnalysis.run(prepared, scenarios: [scenario], metrics: [.network]) }
        let (reach, searchSeconds) = measureCPU(&cpu[2]) { analysis.reachDistances(requests, bounds: bounds, scenario: scenario) }
        let (circle, completeSeconds) = measureCPU(&cpu[3]) {
            CircleCompleteness(reach: reach, categories: plan.categories, essential: essential,
                               population: population, age60plus: elderly,
                               residentStreet: prepared.residentStreet, streetCount: prepared.study.streets.count)
        }
        let (equity, equitySeconds) = measureCPU(&cpu[4]) { EquityAnalysis.run(analysis: coverage, scenario: scenario, coverage: analysis) }
        let (_, timeSeconds) = measureCPU(&cpu[5]) {
            EquityMeasure(values: circle.minutes.map { min($0, CircleOutput.lifeCircleMinutesCap) }, demand: population,
                          population: population, age60plus: elderly, residentStreet: prepared.residentStreet,
                          streetCount: prepared.study.streets.count)
        }
        let (curves, sensitivitySeconds) = measureCPU(&cpu[6]) {
            reach.indices.map { CategorySensitivity(reach: reach[$0], demand: requests[$0].demand, band: bands[$0]) }
        }
        // The circle's coverage at each threshold is the plain one (checked here too, cheaply).
        for k in requests.indices where plain[k].status != reach[k].status { print("MISMATCH in \(requests[k].category)") }
        share = circle.district.completeShare ?? 0
        pairs = equity.categories.reduce(0) { $0 + $1.pairCount }
        _ = curves
        let times = [bare, studySeconds, searchSeconds, completeSeconds, equitySeconds, timeSeconds, sensitivitySeconds]
        print("  " + names.indices.map { String(format: "%@ %.3f s (CPU %.3f s)", names[$0], times[$0], cpu[$0]) }
            .joined(separator: ", "))
        for (i, t) in times.enumerated() { best[i] = min(best[i], t) }
        for (i, t) in cpu.enumerated() { bestCPU[i] = min(bestCPU[i], t) }
    }
    let added = best[3] + best[4] + best[5] + max(0, best[2] - best[0])
    print("best of \(repeats): " + zip(names, best).map { String(format: "%@ %.3f s", $0, $1) }.joined(separator: ", "))
    print(String(format: "added by completeness, 2SFCA, fairness (and the longer searches beyond coverage's): %.3f s = +%.0f%% of coverage (searches + statuses), +%.0f%% of coverage (StudyAnalysis); %d pairs; complete share %.4f",
                 added, 100 * added / best[0], 100 * added / best[1], pairs, share))
    // CPU seconds (all threads) count the work whatever else runs on the machine; on an idle
    // machine with both cores busy the wall-clock figures are about half of them.
    let addedCPU = bestCPU[3] + bestCPU[4] + bestCPU[5] + max(0, bestCPU[2] - bestCPU[0])
    print("CPU, best of \(repeats): " + zip(names, bestCPU).map { String(format: "%@ %.3f s", $0, $1) }.joined(separator: ", "))
    print(String(format: "added CPU: %.3f s = +%.0f%% of coverage (searches + statuses), +%.0f%% of coverage (StudyAnalysis)",
                 addedCPU, 100 * addedCPU / bestCPU[0], 100 * addedCPU / bestCPU[1]))
    var jobs = [Double](repeating: .infinity, count: 2)
    for _ in 0..<repeats {
        let (coverageBytes, coverageSeconds) = try BenchClock.measure { try coverageJob(planPath, scenario) }
        let (circleBytes, circleSeconds) = try BenchClock.measure { try circleJob(planPath, scenario) }
        print(String(format: "  end to end: coverage job %.3f s (%d bytes of table), circle job %.3f s (%d bytes of JSON)",
                     coverageSeconds, coverageBytes, circleSeconds, circleBytes))
        jobs = [min(jobs[0], coverageSeconds), min(jobs[1], circleSeconds)]
    }
    print(String(format: "end to end, best of %d: coverage job %.3f s, circle job (--format json) %.3f s: +%.0f%%",
                 repeats, jobs[0], jobs[1], 100 * (jobs[1] - jobs[0]) / jobs[0]))
    print(String(format: "peak memory %.0f MiB", BenchClock.peakMemoryMiB()))
}

/// `BenchClock.measure`, also storing in `cpu` the CPU seconds `body` used (all threads of the process).
private func measureCPU<T>(_ cpu: inout Double, _ body: () throws -> T) rethrows -> (T, Double) {
    let start = processCPUSeconds()
    let result = try BenchClock.measure(body)
    cpu = processCPUSeconds() - start
    return result
}

/// `lifecircle coverage PLAN --scenario S` without printing; the table's length in bytes.
private func coverageJob(_ planPath: String, _ scenario: CoverageScenario) throws -> Int {
    let study = try Study(plan: planPath)
    let analysis = try study.analyse(scenarios: [scenario], metrics: [.network])
    return CoverageOutput.summaryTable(analysis, scenario: scenario, metric: .network).render().utf8.count
}

/// `lifecircle circle PLAN --scenario S --format json` without printing; the JSON's length in bytes.
private func circleJob(_ planPath: String, _ scenario: CoverageScenario) throws -> Int {
    let study = try Study(plan: planPath)
    let prepared = try study.prepare()
    let circle = prepared.circle(scenario)
    let equity = try study.equity(prepared, scenario: scenario, reusing: circle)
    return JSONText.pretty(CircleOutput.json(circle, equity: equity)).utf8.count
}

import Foundation
import LifeCircle

/// `siting-plan PLAN --category ID [--count N | --coverage P] [--repeat R] [--rounds R] [--budget S] [--lagrangian-iterations I] [--exact-limit L] [--export PATH]`
///
/// Siting on a real plan (e.g. `GeoData/jingan`, or `sample jingan --scale 25`): loading and
/// preparing the network are timed apart; then, R times, the cover sets (one bounded network search
/// per candidate) plus the solver — the figure the siting goal speaks of — and, for a count, the
/// solver alone once more on the same instance (what CBC's time compares with; for a coverage
/// goal, the fewest-sites solver alone). `--export` writes the instance without the already
/// covered points (the same problem the solver faces) as JSON for `Benchmarks/spopt_compare.py instance`.
func sitingPlanBenchmark(_ args: [String]) throws {
    func value(_ name: String) -> String? { benchOption(name, in: args) }
    guard let planPath = args.first, !planPath.hasPrefix("--"), let categoryID = value("--category") else {
        print("usage: siting-plan PLAN --category ID [--count N | --coverage P] [--repeat R] [--export PATH]")
        return
    }
    let repeats = max(1, Int(value("--repeat") ?? "3") ?? 3)
    let loaded = try BenchStudy(planPath: planPath)
    let (study, prepared) = (loaded.study, loaded.prepared)
    let (loadSeconds, prepareSeconds) = (loaded.loadSeconds, loaded.prepareSeconds)
    guard let category = study.plan.category(id: categoryID) else { print("no category \(categoryID)"); return }
    let analysis = try StudyAnalysis.run(prepared, categories: [category.id], scenarios: [.existing], metrics: [.network])
    guard let coverage = analysis.category(category.id)?.result(.existing) else { return }
    let goal: SitingStudy.Goal = value("--coverage").flatMap(Double.init).map { .coverage($0) } ?? .count(Int(value("--count") ?? "45") ?? 45)
    print(String(format: "siting-plan %@ %@: %d residents, %d candidates in the plan; load %.2f s, prepare %.2f s",
                 study.plan.name, category.id, study.residents.count, study.candidates.count, loadSeconds, prepareSeconds))
    var options = SitingOptions()
    if let rounds = value("--rounds").flatMap(Int.init) { options.perturbationRounds = rounds }
    if let budget = value("--budget").flatMap(Double.init) { options.exactTimeBudgetSeconds = budget }
    if let iterations = value("--lagrangian-iterations").flatMap(Int.init) { options.lagrangianIterations = iterations }
    if let limit = value("--exact-limit").flatMap(Int.init) { options.exactCandidateLimit = limit }
    var last: SitingStudy?
    var times: [Double] = []
    for _ in 0 ..< repeats {
        let cpuBefore = processCPUSeconds()
        let (r, seconds) = try BenchClock.measure {
            try SitingStudy.run(prepared, category: category, scenario: .existing, coverage: coverage, goal: goal, options: options)
        }
        times.append(seconds)
        last = r
        print(String(format: "  cover sets + solve: %.3f s wall (cpu %.3f s)", seconds, processCPUSeconds() - cpuBefore))
    }
    guard let r = last else { return }
    let s = r.solution
    print(String(format: "best %.3f s; %d sites, newly covered %.0f, coverage %.4f → %.4f, upper bound %.1f, %@",
                 times.min() ?? 0, s.sites.count, s.coveredDemand, s.coverageBefore, s.coverageAfter, s.upperBound,
                 String(describing: s.optimality)))
    print("  method: \(s.method)")
    // The solver alone on the same cover sets: the part spopt/CBC is compared with (its figure
    // starts from the exported cover sets too).
    if case .count(let n) = goal, r.instance.capacity == nil {
        let (alone, solveSeconds) = BenchClock.measure { MCLPSolver(options: options).solve(r.instance, count: n) }
        print(String(format: "  solver alone: %.3f s, newly covered %.0f", solveSeconds, alone.coveredDemand))
    } else if case .coverage(let share) = goal {
        let (alone, solveSeconds) = BenchClock.measure { LSCPSolver(options: options).solve(r.instance, targetCoverage: share) }
        print(String(format: "  solver alone: %.3f s, %d sites, at least %d needed", solveSeconds, alone.sites.count, alone.siteCountLowerBound ?? 0))
    }
    print(String(format: "peak memory %.0f MiB", BenchClock.peakMemoryMiB()))

    if let path = value("--export") {
        let instance = r.instance
        var newIndex = [Int32](repeating: -1, count: instance.demandCount)
        var weights: [Double] = []
        for i in 0 ..< instance.demandCount where !instance.alreadyCovered[i] && instance.demandWeights[i] > 0 {
            newIndex[i] = Int32(weights.count)
            weights.append(instance.demandWeights[i])
        }
        var offsets = [0], members: [Int32] = []
        for j in 0 ..< instance.candidateCount {
            for i in instance.coverSet(j) where newIndex[Int(i)] >= 0 { members.append(newIndex[Int(i)]) }
            offsets.append(members.count)
        }
        var count = s.sites.count
        if case .count(let n) = goal { count = n }
        var text = "{\"count\": \(count), \"covered\": \(s.coveredDemand), \"swiftSeconds\": \(times.min() ?? 0), \"weights\": ["
        text += weights.map { String($0) }.joined(separator: ",")
        text += "], \"offsets\": [" + offsets.map(String.init).joined(separator: ",")
        text += "], \"members\": [" + members.map(String.init).joined(separator: ",") + "]}\n"
        try AtomicFile.write(text, to: path)
        print("exported \(weights.count) uncovered points, \(instance.candidateCount) candidates to \(path)")
    }
}

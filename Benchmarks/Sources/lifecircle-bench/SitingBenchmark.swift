import Foundation
import LifeCircle

/// `siting [--scale K] [--count N] [--seed S] [--budget SECONDS] [--export PATH] [--coverage P]
/// [--lagrangian-iterations I] [--exact-limit L] [--rounds R] [--no-swap]`
///
/// A synthetic district: 20,000·K demand points (weights 1…200) and 2,000·K candidates uniform in a
/// square of 36·K km²; a candidate covers the points within 400 m (a few hundred each), 40·K existing
/// facilities fix their 400 m discs as already covered. Times the MCLP (and LSCP with `--coverage`);
/// building the cover sets is excluded (the network's part). `--export` writes the instance without
/// the already covered points as JSON for `Benchmarks/spopt_compare.py instance`.
func sitingBenchmark(_ args: [String]) throws {
    func value(_ name: String) -> String? { benchOption(name, in: args) }
    let scale = Double(value("--scale") ?? "1") ?? 1
    let count = Int(value("--count") ?? "45") ?? 45
    let seed = UInt64(value("--seed") ?? "1") ?? 1
    let budget = Double(value("--budget") ?? "10") ?? 10
    let n = Int(20_000 * scale), m = Int(2_000 * scale), existing = Int(40 * scale)
    let side = 6_000 * scale.squareRoot(), radius = 400.0

    var rng = SplitMix64(seed: seed)
    func coordinate() -> Double { Double(rng.next() % 1_000_000) / 1_000_000 * side }
    let px = (0 ..< n).map { _ in coordinate() }, py = (0 ..< n).map { _ in coordinate() }
    let weights = (0 ..< n).map { _ in Double(1 + rng.next() % 200) }
    let cell = radius
    let cellsPerSide = Int(side / cell) + 1
    var buckets = [[Int32]](repeating: [], count: cellsPerSide * cellsPerSide)
    for i in 0 ..< n { buckets[Int(py[i] / cell) * cellsPerSide + Int(px[i] / cell)].append(Int32(i)) }
    func within(_ x: Double, _ y: Double) -> [Int32] {
        var out: [Int32] = []
        let cx = Int(x / cell), cy = Int(y / cell)
        for gy in max(0, cy - 1) ... min(cellsPerSide - 1, cy + 1) {
            for gx in max(0, cx - 1) ... min(cellsPerSide - 1, cx + 1) {
                for i in buckets[gy * cellsPerSide + gx] {
                    let dx = px[Int(i)] - x, dy = py[Int(i)] - y
                    if dx * dx + dy * dy <= radius * radius { out.append(i) }
                }
            }
        }
        return out
    }
    var covered = [Bool](repeating: false, count: n)
    for _ in 0 ..< existing {
        for i in within(coordinate(), coordinate()) { covered[Int(i)] = true }
    }
    var builder = CoverSetBuilder()
    let (_, buildSeconds) = BenchClock.measure {
        for j in 0 ..< m { builder.append(candidateID: "c\(j)", covering: within(coordinate(), coordinate())) }
    }
    let instance = try builder.build(demandWeights: weights, alreadyCovered: covered)
    let members = instance.coverMembers.count
    print("siting: \(n) demand points, \(m) candidates, \(members) cover-set members "
        + "(mean \(members / max(1, m))), \(existing) existing facilities; cover sets built in "
        + String(format: "%.2f s (excluded)", buildSeconds))

    var options = SitingOptions(exactTimeBudgetSeconds: budget)
    if let iterations = value("--lagrangian-iterations").flatMap(Int.init) { options.lagrangianIterations = iterations }
    if let limit = value("--exact-limit").flatMap(Int.init) { options.exactCandidateLimit = limit }
    if let rounds = value("--rounds").flatMap(Int.init) { options.perturbationRounds = rounds }
    if args.contains("--no-swap") { options.localSearch = false }
    let solver = MCLPSolver(options: options)
    let cpuBefore = processCPUSeconds()
    let (s, seconds) = BenchClock.measure { solver.solve(instance, count: count) }
    let cpu = processCPUSeconds() - cpuBefore
    print(String(format: "MCLP count %d: %.2f s (cpu %.2f s), covered %.0f (coverage %.4f → %.4f), upper bound %.1f, ",
                 count, seconds, cpu, s.coveredDemand, s.coverageBefore, s.coverageAfter, s.upperBound)
        + "\(s.optimality)")
    print("  method: \(s.method)")
    if let share = value("--coverage").flatMap(Double.init) {
        let (l, lseconds) = BenchClock.measure { LSCPSolver(options: solver.options).solve(instance, targetCoverage: share) }
        print(String(format: "LSCP goal %.2f: %.2f s, %d sites, coverage %.4f, lower bound %d, ",
                     share, lseconds, l.sites.count, l.coverageAfter, l.siteCountLowerBound ?? -1)
            + "\(l.optimality)")
        print("  method: \(l.method)")
    }
    print(String(format: "peak memory %.0f MiB", BenchClock.peakMemoryMiB()))

    if let path = value("--export") {
        // Only points not already covered, renumbered; the same problem the solver faces.
        var newIndex = [Int32](repeating: -1, count: n)
        var exportedWeights: [Double] = []
        for i in 0 ..< n where !covered[i] {
            newIndex[i] = Int32(exportedWeights.count)
            exportedWeights.append(weights[i])
        }
        var offsets = [0], exportedMembers: [Int32] = []
        for j in 0 ..< m {
            for i in instance.coverSet(j) where newIndex[Int(i)] >= 0 { exportedMembers.append(newIndex[Int(i)]) }
            offsets.append(exportedMembers.count)
        }
        var text = "{\"count\": \(count), \"covered\": \(s.coveredDemand), \"swiftSeconds\": \(seconds), \"weights\": ["
        text += exportedWeights.map { String(Int($0)) }.joined(separator: ",")
        text += "], \"offsets\": [" + offsets.map(String.init).joined(separator: ",")
        text += "], \"members\": [" + exportedMembers.map(String.init).joined(separator: ",") + "]}\n"
        try AtomicFile.write(text, to: path)
        print("exported \(exportedWeights.count) uncovered points to \(path)")
    }
}

/// CPU seconds used by this process so far (all threads): the machine is shared, so wall time alone
/// overstates the solver's cost when other jobs run.
func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

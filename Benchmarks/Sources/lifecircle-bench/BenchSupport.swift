import LifeCircle

/// The value after `name` in a benchmark's arguments (`--repeat 3`), or nil.
func benchOption(_ name: String, in args: [String]) -> String? {
    guard let k = args.firstIndex(of: name), k + 1 < args.count else { return nil }
    return args[k + 1]
}

/// A plan read, loaded and prepared, with the seconds of loading and of preparing apart.
struct BenchStudy {
    var study: StudyData
    var prepared: PreparedStudy
    var loadSeconds: Double
    var prepareSeconds: Double

    /// Reads and loads the plan at `planPath`, then prepares it (network, snaps, streets).
    init(planPath: String) throws {
        (study, loadSeconds) = try BenchClock.measure { () throws -> StudyData in
            let (plan, _) = try PlanReader.read(path: planPath)
            return try StudyLoader().load(plan)
        }
        let study = study
        (prepared, prepareSeconds) = try BenchClock.measure { try PreparedStudy.prepare(study) }
    }
}

import ArgumentParser
import Foundation
import LifeCircle

/// `propose --joint`: this year's targets of the essential categories placed together for the
/// complete life circle, beside the independent per-category answer; `propose --complexes N`: N
/// service complexes, each hosting every essential category it may host.
struct JointOptions: ParsableArguments {
    @Flag(name: .customLong("joint"), help: "Place every essential category's target together, maximising the population in a complete life circle (each target still met); shown beside the independent answer.")
    var placeTargets = false

    @Option(name: .long, help: "Open N service complexes, each hosting every essential category it may host (a candidate's categories; all when it names none), maximising the population in a complete life circle; each complex explained.")
    var complexes: Int?

    @Option(name: .long, help: "With --complexes: the categories a complex hosts, comma-separated ids (default: every essential category).")
    var complexCategories: String?

    /// Whether one of the life-circle siting questions (--joint or --complexes) is asked.
    var joint: Bool { placeTargets || complexes != nil }

    @Option(name: .long, help: "With --joint or --complexes: write the integer program to this file (.lp: CPLEX LP format) and solve as usual.")
    var export: String?

    @Option(name: .long, help: "With --joint or --complexes: branch-and-bound nodes per proof (a node budget keeps answers the same on every machine; default 200000 with --joint, 1000 with --complexes, whose nodes cost more).")
    var jointNodeBudget: Int?

    @Option(name: .long, help: "With --joint: every street should reach at least this complete share (0–1, or a percentage); shown beside the efficient answer with the Gini and Palma of both.")
    var streetFloor: Double?

    @Flag(name: .long, help: "With --joint: max-min, raise the worst street first (the highest floor every street meets, by bisection); shown beside the efficient answer.")
    var maxMin = false

    /// Options of the one-category question that make no sense with --joint.
    func validate(category: String?, count: Int?, targetCoverage: Double?, perStreetMax: Int?, candidates: String?) throws {
        guard joint else {
            if complexCategories != nil { throw ValidationError("--complex-categories goes with --complexes") }
            if export != nil { throw ValidationError("--export goes with --joint or --complexes") }
            if streetFloor != nil || maxMin { throw ValidationError("--street-floor and --max-min go with --joint") }
            if category == nil { throw ValidationError("give --category ID (or --joint for all targets together)") }
            return
        }
        if let n = complexes {
            if placeTargets { throw ValidationError("give --joint (this year's targets) or --complexes N, not both") }
            if !(1...10_000).contains(n) { throw ValidationError("--complexes must be between 1 and 10000") }
            if streetFloor != nil || maxMin { throw ValidationError("--street-floor and --max-min go with --joint, not --complexes") }
            if let c = complexCategories, hosted(c).isEmpty { throw ValidationError("--complex-categories: give category ids separated by commas") }
        } else if complexCategories != nil {
            throw ValidationError("--complex-categories goes with --complexes")
        }
        if category != nil { throw ValidationError("--joint and --complexes place every essential category: leave out --category") }
        let flag = complexes == nil ? "--joint" : "--complexes"
        if count != nil || targetCoverage != nil {
            throw ValidationError(complexes == nil ? "--joint uses each category's target in the plan: leave out --count and --target-coverage"
                                                   : "--complexes N gives the number of sites: leave out --count and --target-coverage")
        }
        if perStreetMax != nil { throw ValidationError("--per-street-max does not go with \(flag)") }
        if candidates != nil { throw ValidationError("\(flag) uses the plan's candidates (each candidate's categories say what it may host): leave out --candidates") }
        if let b = jointNodeBudget, !(1...100_000_000).contains(b) { throw ValidationError("--joint-node-budget must be between 1 and 100000000") }
        if streetFloor != nil && maxMin { throw ValidationError("give --street-floor or --max-min, not both") }
        if let f = streetFloor, !(f > 0 && f <= 100) { throw ValidationError("--street-floor must be a share in (0, 1] or a percentage in (1, 100]") }
        if let export, !export.lowercased().hasSuffix(".lp") { throw ValidationError("--export writes CPLEX LP: give a file name ending in .lp") }
    }

    /// The ids of --complex-categories.
    func hosted(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Runs the joint siting (or the complexes) and prints it.
    func run(plan: PlanArgument, format: ProposalFormat) throws {
        if let n = complexes { return try runComplexes(n, plan: plan, format: format) }
        let result = try plan.load().proposeJoint(nodeBudget: jointNodeBudget ?? JointSolver.defaultNodeBudget, streetFloor: streetFloor.map { $0 > 1 ? $0 / 100 : $0 },
                                                  maxMin: maxMin)
        Console.progress("joint solver: \(Format.fixed(result.solveSeconds, 3)) s")
        if let export {
            try AtomicFile.write(JointModelExport.lp(result.problem), to: export)
            Console.progress("wrote the joint integer program to \(export)")
        }
        switch format {
        case .table: Console.output(JointOutput.text(result))
        case .geojson: Console.output(bytes: GeoJSONWriter.encode(JointOutput.featureCollection(result)))
        case .json: Console.output(JSONText.pretty(JointOutput.json(result)))
        }
    }

    /// Opens the complexes and prints them.
    func runComplexes(_ n: Int, plan: PlanArgument, format: ProposalFormat) throws {
        let result = try plan.load().proposeComplexes(count: n, hosting: complexCategories.map(hosted), nodeBudget: jointNodeBudget ?? ComplexSolver.defaultNodeBudget)
        Console.progress("complexes solver: \(Format.fixed(result.solveSeconds, 3)) s")
        if let export {
            try AtomicFile.write(JointModelExport.lp(result.problem), to: export)
            Console.progress("wrote the complexes integer program to \(export)")
        }
        switch format {
        case .table: Console.output(ComplexOutput.text(result))
        case .geojson: Console.output(bytes: GeoJSONWriter.encode(ComplexOutput.featureCollection(result)))
        case .json: Console.output(JSONText.pretty(ComplexOutput.json(result)))
        }
    }
}

import ArgumentParser
import Foundation
import LifeCircle

/// `propose --joint`: this year's targets of the essential categories placed together for the
/// complete life circle, beside the independent per-category answer.
struct JointOptions: ParsableArguments {
    @Flag(name: .long, help: "Place every essential category's target together, maximising the population in a complete life circle (each target still met); shown beside the independent answer.")
    var joint = false

    @Option(name: .long, help: "With --joint: write the joint integer program to this file (.lp: CPLEX LP format) and solve as usual.")
    var export: String?

    @Option(name: .long, help: "With --joint: branch-and-bound nodes per proof (a node budget keeps answers the same on every machine).")
    var jointNodeBudget: Int = 200_000

    @Option(name: .long, help: "With --joint: every street should reach at least this complete share (0–1, or a percentage); shown beside the efficient answer with the Gini and Palma of both.")
    var streetFloor: Double?

    @Flag(name: .long, help: "With --joint: max-min, raise the worst street first (the highest floor every street meets, by bisection); shown beside the efficient answer.")
    var maxMin = false

    /// Options of the one-category question that make no sense with --joint.
    func validate(category: String?, count: Int?, targetCoverage: Double?, perStreetMax: Int?, candidates: String?) throws {
        guard joint else {
            if export != nil { throw ValidationError("--export goes with --joint") }
            if streetFloor != nil || maxMin { throw ValidationError("--street-floor and --max-min go with --joint") }
            if category == nil { throw ValidationError("give --category ID (or --joint for all targets together)") }
            return
        }
        if category != nil { throw ValidationError("--joint places every essential category's target: leave out --category") }
        if count != nil || targetCoverage != nil { throw ValidationError("--joint uses each category's target in the plan: leave out --count and --target-coverage") }
        if perStreetMax != nil { throw ValidationError("--per-street-max does not go with --joint") }
        if candidates != nil { throw ValidationError("--joint uses the plan's candidates (each candidate's categories say what it may host): leave out --candidates") }
        if !(1...100_000_000).contains(jointNodeBudget) { throw ValidationError("--joint-node-budget must be between 1 and 100000000") }
        if streetFloor != nil && maxMin { throw ValidationError("give --street-floor or --max-min, not both") }
        if let f = streetFloor, !(f > 0 && f <= 100) { throw ValidationError("--street-floor must be a share in (0, 1] or a percentage in (1, 100]") }
        if let export, !export.lowercased().hasSuffix(".lp") { throw ValidationError("--export writes CPLEX LP: give a file name ending in .lp") }
    }

    /// Runs the joint siting and prints it.
    func run(plan: PlanArgument, format: ProposalFormat) throws {
        let result = try plan.load().proposeJoint(nodeBudget: jointNodeBudget, streetFloor: streetFloor.map { $0 > 1 ? $0 / 100 : $0 },
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
}

import Foundation
import LifeCircle

// Each category's coverage and its three streets with the most uncovered demand, then the sites
// the plan's targets ask for: LifeCircle's public API only.
let plan = CommandLine.arguments.dropFirst().first ?? "GeoData/jingan"
func whole(_ x: Double) -> String { String(Int(x.rounded())) }

do {
    let study = try Study(plan: plan)
    let analysis = try study.analyse(scenarios: [.existing], metrics: [.network])
    for result in analysis.categories {
        guard let gaps = result.streetGaps(.existing) else { continue }
        let share = (gaps.district.coverageShare ?? 0) * 100
        print("\(result.category.id): \(String(format: "%.1f", share))% of \(whole(gaps.district.demand)) covered")
        for row in gaps.byRank.prefix(3) {
            print("  gap \(row.rank ?? 0): \(study.data.streetName(row.street)), \(whole(row.uncovered)) uncovered")
        }
    }
    for proposal in try study.proposeTargets(analysis) {
        print("\(proposal.category.id): \(proposal.summary)")
        for site in proposal.siting?.sites ?? [] {
            print("  site \(site.rank): \(site.candidate.id), \(whole(site.marginalGain)) newly covered")
        }
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

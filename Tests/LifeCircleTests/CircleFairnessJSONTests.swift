import Foundation
import Testing
@testable import LifeCircle

/// `circle --format json` on the tiny grid: the district's fairness per category. The health station
/// covers r0, r1, r3 (100 + 200 + 50 of 650 residents; 30 + 50 + 10 of 190 aged 60+), not r2 (300).
@Suite struct CircleFairnessJSONTests {
    @Test func theDistrictCarriesFairnessPerCategoryInRange() throws {
        let run = try TestSupport.run(["circle", TestSupport.fixture("plans/tiny"), "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(root["schema"] as? String == "lifecircle-circle/1")
        let district = try #require(root["district"] as? [String: Any])
        let fairness = try #require(district["fairness"] as? [String: [String: Any]])
        #expect(Set(fairness.keys) == ["health-station", "elder-canteen"])
        for (id, f) in fairness {
            for key in ["coverage_gini_streets", "coverage_gini_residents", "access_gini_residents"] {
                let g = try #require(f[key] as? Double, "\(id) \(key)")
                #expect(g >= 0 && g <= 1, "\(id) \(key) = \(g)")
            }
            for key in ["coverage_palma_streets", "coverage_palma_residents", "access_palma_residents"] {
                #expect(f.keys.contains(key), "\(id) \(key)")
                if let p = f[key] as? Double { #expect(p >= 0, "\(id) \(key)") }
            }
            let gap = try #require(f["coverage_gap_60plus"] as? Double)
            #expect(gap >= -1 && gap <= 1)
            #expect(f["access_gap_60plus"] is Double)
        }
        let health = try #require(fairness["health-station"])
        // Covered (1) or not (0) weighted by people: the Gini of a 0/1 share is 1 − covered share.
        #expect(health["coverage_gini_residents"] as? Double == ((1 - 350.0 / 650) * 10_000).rounded() / 10_000)
        // 60+ covered share 90/190 minus the all-ages 350/650.
        #expect(health["coverage_gap_60plus"] as? Double == ((90.0 / 190 - 350.0 / 650) * 10_000).rounded() / 10_000)
        // Everyone reached (one facility, one catchment) gets the same 2SFCA score: the same Gini.
        #expect(health["access_gini_residents"] as? Double == health["coverage_gini_residents"] as? Double)
        // No existing canteen: nobody covered, no supply; equal (zero) everywhere.
        #expect(fairness["elder-canteen"]?["coverage_gini_residents"] as? Double == 0)
        let gini = try #require(district["lifecircle_minutes_gini"] as? Double)
        #expect(gini >= 0 && gini <= 1)
        #expect(district["lifecircle_minutes_cap"] as? Double == 30)
        // The supply measure over streets and the Gaussian score too.
        for (id, f) in fairness {
            for key in ["access_gini_streets", "gaussian_access_gini_residents", "gaussian_access_gini_streets"] {
                let g = try #require(f[key] as? Double, "\(id) \(key)")
                #expect(g >= 0 && g <= 1, "\(id) \(key) = \(g)")
            }
            for key in ["access_palma_streets", "gaussian_access_palma_residents", "gaussian_access_palma_streets",
                        "gaussian_access_gap_60plus"] {
                #expect(f.keys.contains(key), "\(id) \(key)")
            }
        }
        // 2SFCA per street and district, by hand: one station of supply 1 reaches r0, r1, r3 (350
        // residents), so each of them has 1/350 of it; West (all 300 reached) 1/350 per head, 350 people
        // per unit; East 50 of 350 reached: 50/350/350 per head, 2,450 people per unit; the district
        // 350 · (1/350) / 650 per head, 650 people per unit. No canteen today: no supply anywhere.
        let streets = try #require(root["streets"] as? [[String: Any]])
        func supply(_ o: [String: Any], _ id: String) throws -> [String: Any] {
            try #require((o["supply"] as? [String: Any])?[id] as? [String: Any])
        }
        let west = try #require(streets.first { ($0["street"] as? String)?.contains("West") == true })
        let east = try #require(streets.first { ($0["street"] as? String)?.contains("East") == true })
        for (o, access, people) in [(west, 1.0 / 350, 350.0), (east, 50.0 / 350 / 350, 2450.0), (district, 1.0 / 650, 650.0)] {
            let health = try supply(o, "health-station")
            #expect(health["access"] as? Double == (access * 1_000_000).rounded() / 1_000_000)
            #expect(abs(try #require(health["people_per_supply"] as? Double) - people) < 0.001)
            #expect(health["gaussian_access"] is Double && health["gaussian_people_per_supply"] is Double)
            let canteen = try supply(o, "elder-canteen")
            #expect(canteen["access"] as? Double == 0 && canteen["people_per_supply"] is NSNull)
        }
        // The life-circle time over residents and streets: no existing canteen, every time capped
        // alike at 30 minutes: no inequality anywhere, no gap.
        let minutes = try #require(district["lifecircle_minutes_fairness"] as? [String: Any])
        #expect(minutes["gini_residents"] as? Double == gini)
        #expect(minutes["gini_streets"] as? Double == 0)
        #expect(minutes["mean_minutes"] as? Double == 30 && minutes["mean_minutes_60plus"] as? Double == 30)
        #expect(minutes["gap_60plus_minutes"] as? Double == 0)
        let lorenz = try #require(minutes["lorenz_residents"] as? [[Double]])
        #expect(lorenz.count == Fairness.lorenzPointCount && lorenz.first == [0, 0] && lorenz.last == [1, 1])
    }

    /// The Gini of capped life-circle minutes: with the station alone essential, the minutes are the
    /// walks to it (r2's beyond the threshold included), a spread the Gini sees.
    @Test func theLifeCircleMinutesGiniCapsInfiniteTimesAtTheSearchBound() throws {
        let (plan, _) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        let study = try StudyLoader().load(plan)
        let prepared = try PreparedStudy.prepare(study)
        let both = CircleStudy.run(prepared, scenario: .existing)
        // No existing canteen: every time is infinite, capped at 30 for all: no inequality.
        #expect(both.completeness.minutes.allSatisfy { !$0.isFinite })
        #expect(CircleOutput.lifeCircleMinutesGini(both) == 0)
        let health = CircleStudy.run(prepared, scenario: .existing, essential: ["health-station"])
        let minutes = health.completeness.minutes
        #expect(minutes.allSatisfy { $0.isFinite })
        let reference = try #require(Fairness(values: minutes, weights: study.residents.map(\.population))?.gini)
        let gini = try #require(CircleOutput.lifeCircleMinutesGini(health))
        #expect(gini == reference && gini > 0 && gini < 1)
        // The fairness object: the same Gini over residents; the 60+ gap by hand from the minutes.
        let fair = CircleOutput.lifeCircleMinutesFairness(health)
        #expect(fair.residents?.gini == reference)
        let people = study.residents.map(\.population), elders = study.residents.map(\.age60plus)
        let meanAll = zip(minutes, people).reduce(0.0) { $0 + $1.0 * $1.1 } / people.reduce(0, +)
        let mean60 = zip(minutes, elders).reduce(0.0) { $0 + $1.0 * $1.1 } / elders.reduce(0, +)
        #expect(abs(try #require(fair.ageGap.difference) - (mean60 - meanAll)) < 1e-9)
        #expect(fair.ageGap.difference != 0)
        // Over streets: each street's population-weighted mean minutes, weighted by its population.
        var streetPeople = [Double](repeating: 0, count: study.streets.count), streetMinutes = streetPeople
        for i in minutes.indices {
            guard let s = prepared.residentStreet[i] else { continue }
            streetPeople[s] += people[i]
            streetMinutes[s] += people[i] * minutes[i]
        }
        let means = zip(streetMinutes, streetPeople).map { $1 > 0 ? $0 / $1 : 0 }
        #expect(fair.streets?.gini == Fairness(values: means, weights: streetPeople)?.gini)
        // Two equal points at 5 minutes and beyond the search: 5 and 30, Gini |30 − 5| / (2 · 2 · 17.5) = 5/14.
        let capped = try #require(CircleOutput.cappedMinutesGini([5, .infinity], population: [1, 1]))
        #expect(abs(capped - 5.0 / 14) < 1e-9)
        // A time beyond 30 within the search counts as 30 as well.
        #expect(CircleOutput.cappedMinutesGini([5, 45], population: [1, 1]) == capped)
    }
}

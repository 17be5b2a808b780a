import Foundation
import Testing
@testable import LifeCircle

@Suite struct PlanReaderTests {
    private func decode(_ json: String) -> (Plan?, [InputError]) {
        var problems: [InputError] = []
        guard let value = try? JSONParser.parse(Array(json.utf8), file: "plan.json") else { return (nil, []) }
        let plan = PlanReader.decode(value, file: "plan.json", folder: "/data", problems: &problems)
        return (plan, problems)
    }

    @Test func readsTheTinyPlanWithDefaults() throws {
        let (plan, warnings) = try PlanReader.read(path: TestSupport.fixture("plans/tiny"))
        #expect(warnings.isEmpty)
        #expect(plan.name == "tiny")
        #expect(plan.analysisCRS == .auto)
        #expect(plan.walking.speedMetersPerMinute == 80)
        #expect(plan.walking.elderSpeedMetersPerMinute == 60)
        #expect(plan.categories.map(\.id) == ["health-station", "elder-canteen"])
        #expect(plan.categories[1].demand == .age60plus)
        #expect(plan.categories[1].capacity == 150)
        #expect(plan.categories[0].target == .count(1))
        #expect(plan.categories[1].target == .coverage(0.85))
        #expect(plan.layers.streets.path.hasSuffix("plans/tiny/streets.geojson"))
        #expect(plan.layers.candidates == nil)
    }

    @Test func reportsEveryProblemNotOnlyTheFirst() {
        let (_, problems) = decode("""
            {"name": "bad name!", "walking": {"speed": -3}, "layers": {"streets": 5},
             "categories": [{"id": "x", "demand": "teens", "walkMinutes": 0}, {"name": "no id"}]}
            """)
        let keys = Set(problems.compactMap(\.key))
        #expect(keys.isSuperset(of: ["name", "walking.speed", "layers.streets", "layers.residents", "layers.network",
                                     "categories[0].demand", "categories[0].walkMinutes", "categories[1].id"]))
        #expect(problems.allSatisfy { $0.file == "plan.json" })
    }

    @Test func layerObjectsCarryTheirCRSAndResolveAgainstThePlanFolder() {
        let (plan, problems) = decode("""
            {"name": "p", "layers": {"streets": {"path": "s.geojson", "crs": "GCJ-02"}, "residents": "/abs/r.geojson",
             "network": "n.geojson", "facilities": "f.geojson"}, "categories": [{"id": "aed-school", "target": {"coverage": 1}}]}
            """)
        #expect(problems.isEmpty)
        #expect(plan?.layers.streets == LayerRef(path: "/data/s.geojson", crs: "GCJ-02", crsDeclared: true))
        #expect(plan?.layers.residents.path == "/abs/r.geojson")
        #expect(plan?.categories.first?.walkMinutes == 15)
        #expect(plan?.categories.first?.target == .coverage(1))
    }

    @Test func unknownKeysAreWarnings() {
        let (plan, problems) = decode("""
            {"name": "p", "walkMinute": 10, "layers": {"streets": "s", "residents": "r", "network": "n", "facilities": "f"},
             "categories": [{"id": "a"}]}
            """)
        #expect(plan != nil)
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .warning)
        #expect(problems.first?.key == "walkMinute")
    }

    @Test func duplicateCategoryIdsAndMissingFacilitiesAreErrors() {
        let (_, problems) = decode("""
            {"name": "p", "layers": {"streets": "s", "residents": "r", "network": "n"},
             "categories": [{"id": "a"}, {"id": "a"}]}
            """)
        #expect(problems.contains { $0.key == "categories[1].id" && $0.message.contains("duplicate") })
        #expect(problems.contains { $0.key == "categories[a].facilities" })
    }
}

/// One category's coverage question: its facilities, threshold, speed and demand weights.
package struct CoverageRequest: Sendable {
    /// The category's id.
    package var category: String
    /// Facility positions in the analysis CRS (metres), for the straight-line metric.
    package var facilityPositions: [Position]
    /// Facility snaps (nil: farther than the snap distance from every edge), parallel to the positions.
    package var facilitySnaps: [SnapPoint?]
    /// Whether each facility is planned (true) or existing (false).
    package var facilityPlanned: [Bool]
    /// Walk threshold, minutes.
    package var minutes: Double
    /// Walking speed for this category's demand base, metres per minute.
    package var speed: Double
    /// Demand weight of each resident point (population or age 60+).
    package var demand: [Double]

    package init(category: String, facilityPositions: [Position], facilitySnaps: [SnapPoint?],
                facilityPlanned: [Bool], minutes: Double, speed: Double, demand: [Double]) {
        self.category = category
        self.facilityPositions = facilityPositions
        self.facilitySnaps = facilitySnaps
        self.facilityPlanned = facilityPlanned
        self.minutes = minutes
        self.speed = speed
        self.demand = demand
    }

    /// The speed for a demand base: the elder speed for `age60plus` when the plan sets one.
    package static func speed(for base: DemandBase, walking: Walking) -> Double {
        if base == .age60plus, let elder = walking.elderSpeedMetersPerMinute { return elder }
        return walking.speedMetersPerMinute
    }

    /// Whether facility `i` counts in a scenario.
    package func counts(_ i: Int, in scenario: CoverageScenario) -> Bool {
        scenario == .withPlanned || !(i < facilityPlanned.count && facilityPlanned[i])
    }

    /// The search sources of a scenario: one entry per facility (its snap, or nil when it does not
    /// count or is off the network), the counted facilities that could not join the network
    /// (ascending), and how many joined.
    ///
    /// - Complexity: O(F) for F facilities.
    func sources(in scenario: CoverageScenario) -> (sources: [SnapPoint?], unsnapped: [Int], used: Int) {
        var sources = [SnapPoint?](repeating: nil, count: facilitySnaps.count)
        var unsnapped: [Int] = []
        var used = 0
        for i in facilitySnaps.indices where counts(i, in: scenario) {
            if let s = facilitySnaps[i] {
                sources[i] = s
                used += 1
            } else {
                unsnapped.append(i)
            }
        }
        return (sources, unsnapped, used)
    }
}

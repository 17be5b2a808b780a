/// Service complexes (社区综合服务设施, 邻里中心): N sites, each hosting every category it may host,
/// chosen together so that the most population ends up in a complete life circle.
///
/// A site is a candidate location with the (category, candidate) pairs it hosts: opening it places
/// a site of each of those categories at once. The categories, their fixed reach and cover sets are
/// those of a ``JointProblem`` (its site counts and coverage requirements play no part here).
package struct ComplexProblem: Sendable, Equatable {
    /// One category a site hosts: `candidate` indexes the category's candidates in ``joint``.
    package struct Host: Sendable, Equatable {
        package var category: Int
        package var candidate: Int

        package init(category: Int, candidate: Int) {
            self.category = category
            self.candidate = candidate
        }
    }

    /// The categories, the population and what each category's candidates reach.
    package let joint: JointProblem
    /// The sites' ids (unique) and, per site, the categories it hosts (each category at most once).
    package let siteIDs: [String]
    package let hosts: [[Host]]
    /// How many sites to open (at most).
    package let count: Int

    package var siteCount: Int { siteIDs.count }

    /// Checks every invariant.
    ///
    /// - Throws: `InputError` (file `"complex siting problem"`) naming the first offending item.
    /// - Complexity: O(Σ hosts).
    package init(joint: JointProblem, siteIDs: [String], hosts: [[Host]], count: Int) throws {
        func problem(_ key: String, _ message: String) -> InputError {
            InputError(file: "complex siting problem", key: key, message: message)
        }
        guard count >= 0 else { throw problem("count", "\(count) complexes: give a number ≥ 0") }
        guard siteIDs.count == hosts.count else { throw problem("hosts", "\(hosts.count) host lists for \(siteIDs.count) sites") }
        guard Set(siteIDs).count == siteIDs.count else { throw problem("siteIDs", "duplicate site ids") }
        var taken = Set<[Int]>()
        for (l, hs) in hosts.enumerated() {
            guard Set(hs.map(\.category)).count == hs.count else { throw problem(siteIDs[l], "a category hosted twice") }
            for h in hs {
                guard h.category >= 0 && h.category < joint.categories.count,
                      h.candidate >= 0 && h.candidate < joint.categories[h.category].candidateCount else {
                    throw problem(siteIDs[l], "host (\(h.category), \(h.candidate)) out of range")
                }
                guard taken.insert([h.category, h.candidate]).inserted else {
                    throw problem(siteIDs[l], "candidate \(h.candidate) of category \(h.category) belongs to two sites")
                }
            }
        }
        self.joint = joint
        self.siteIDs = siteIDs
        self.hosts = hosts
        self.count = count
    }

    /// The candidates per category that the given sites place.
    package func choice(_ sites: [Int]) -> [[Int]] {
        var out = [[Int]](repeating: [], count: joint.categories.count)
        for l in sites { for h in hosts[l] { out[h.category].append(h.candidate) } }
        return out.map { $0.sorted() }
    }

    /// The population complete with the fixed facilities and the given sites.
    package func completeWeight(sites: [Int]) -> Double { joint.completeWeight(chosen: choice(sites)) }
}

import Testing
@testable import LifeCircle

/// The debug-only invariant checks of the siting solvers' state: each validator accepts the state
/// the solvers build, and reports each invariant a test breaks on purpose. (The checks themselves
/// run inside every debug-build solve, so the rest of the siting suites exercise them too.)
@Suite("Siting invariants")
struct SitingInvariantTests {
    static func problem(seed: UInt64 = 7, aggregate: Bool = true) throws -> ReducedProblem {
        let instance = try SitingSolverPartsTests.groupedInstance(seed: seed, candidates: 15, groups: 60)
        return ReducedProblem(instance, aggregate: aggregate)
    }

    /// A point covered by at least two candidates, and those candidates.
    static func sharedPoint(_ p: ReducedProblem) -> (point: Int, coverers: [Int])? {
        let coverers = PointCoverers(p)
        for i in 0 ..< p.pointCount where coverers.count(of: i) >= 2 { return (i, Array(coverers.candidates(of: i))) }
        return nil
    }

    // MARK: CSR layout

    @Test("CSR layout: each way to break it is named, with its row")
    func csrLayout() {
        // Rows: 0 → {0, 2}, 1 → {}, 2 → {1, 3}; 4 columns.
        let offsets = [0, 2, 2, 4], entries: [Int32] = [0, 2, 1, 3]
        #expect(CSRLayout.violation(offsets: offsets, entries: entries, rows: 3, columns: 4) == nil)
        #expect(CSRLayout.violation(offsets: [0, 2, 2], entries: entries, rows: 3, columns: 4) == .offsetRange(rows: 3, entries: 4))
        #expect(CSRLayout.violation(offsets: [1, 2, 2, 4], entries: entries, rows: 3, columns: 4) == .offsetRange(rows: 3, entries: 4))
        #expect(CSRLayout.violation(offsets: [0, 3, 2, 4], entries: entries, rows: 3, columns: 4) == .offsetsDecrease(row: 1))
        #expect(CSRLayout.violation(offsets: offsets, entries: [2, 0, 1, 3], rows: 3, columns: 4) == .notAscending(row: 0))
        #expect(CSRLayout.violation(offsets: offsets, entries: [0, 2, 3, 3], rows: 3, columns: 4) == .notAscending(row: 2))
        #expect(CSRLayout.violation(offsets: offsets, entries: [0, 2, -1, 3], rows: 3, columns: 4) == .notAscending(row: 2))
        #expect(CSRLayout.violation(offsets: offsets, entries: [0, 2, 1, 4], rows: 3, columns: 4)
            == .outOfRange(row: 2, entry: 4, columns: 4))
    }

    @Test("Coverage instance: its CSR arrays are checked with the same layout, named by candidate")
    func coverageInstanceCSR() throws {
        let valid = try CoverageInstance(demandWeights: [1, 2, 3, 4], coverOffsets: [0, 2, 2, 4], coverMembers: [0, 2, 1, 3], candidateIDs: ["a", "b", "c"])
        #expect(valid.coverSet(2) == [1, 3])
        func message(_ offsets: [Int], _ members: [Int32]) -> String? {
            do {
                _ = try CoverageInstance(
                    demandWeights: valid.demandWeights, coverOffsets: offsets, coverMembers: members, candidateIDs: valid.candidateIDs)
                return nil
            } catch let error as InputError {
                return error.message
            } catch {
                return "unexpected \(error)"
            }
        }
        #expect(message(valid.coverOffsets, valid.coverMembers) == nil)
        #expect(message([0, 3, 2, 4], valid.coverMembers)?.contains("candidate 1: offsets decrease") == true)
        #expect(message(valid.coverOffsets, [0, 2, 3, 1])?.contains("candidate 2 (c): members not strictly ascending") == true)
        #expect(message(valid.coverOffsets, [0, 2, 1, 9])?.contains("candidate 2 (c): demand index 9 out of range 0..<4") == true)
        #expect(message([0, 2, 4], valid.coverMembers)?.contains("need 4 offsets from 0 to 4 for 3 candidates") == true)
        // Offsets past the members with a decrease after them: refused, not read out of bounds.
        #expect(message([0, 6, 2, 4], valid.coverMembers)?.contains("candidate 1: offsets decrease") == true)
    }

    // MARK: Reduced problem

    @Test("Reduced problem: the problems the solvers build are valid, merged or not, and their subproblems")
    func reducedProblemValid() throws {
        for seed in UInt64(1) ... 10 {
            for aggregate in [true, false] {
                let p = try Self.problem(seed: seed, aggregate: aggregate)
                #expect(p.invariantViolation() == nil, "seed \(seed)")
                var scratch = [Int32](repeating: -1, count: p.pointCount)
                let counts = [Int32](repeating: 0, count: p.pointCount)
                let sub = p.subproblem(candidates: [0, 3, 5, 8], counts: counts, scratch: &scratch).problem
                #expect(sub.invariantViolation() == nil, "seed \(seed)")
            }
        }
    }

    @Test("Reduced problem: each broken invariant is reported")
    func reducedProblemBroken() throws {
        let p = try Self.problem()
        #expect(p.invariantViolation() == nil)
        let j = (0 ..< p.candidateCount).first { p.offsets[$0 + 1] - p.offsets[$0] >= 2 } ?? 0
        let first = p.offsets[j]
        func broken(_ change: (inout ReducedProblem) -> Void) -> String {
            var q = p
            change(&q)
            return q.invariantViolation() ?? "(nothing reported)"
        }
        #expect(broken { $0.members.swapAt(first, first + 1) }.contains("cover sets: row \(j): entries not strictly ascending"))
        #expect(broken { $0.members[$0.members.count - 1] = Int32(p.pointCount) }.contains("out of range"))
        #expect(broken { $0.offsets[j + 1] = $0.offsets[j] - 1 }.contains("offsets decrease"))
        #expect(broken { $0.offsets.removeLast() }.contains("cover sets: need"))
        #expect(broken { $0.originalOffsets[$0.originalOffsets.count - 1] += 1 }.contains("original points: need"))
        #expect(broken { $0.originalOffsets[1] = 0 }.contains("point 0: no original point"))
        #expect(broken { $0.weights[0] = 0 }.contains("point 0: weight 0.0 is not finite and > 0"))
        #expect(broken { $0.weights[1] = .nan }.contains("point 1: weight nan"))
        #expect(broken { $0.degree[2] += 1 }.contains("point 2: degree"))
        #expect(broken { $0.degree.removeLast() }.contains("degrees"))
        #expect(broken { $0.reachableDemand += 1 }.contains("reachable demand"))
        #expect(broken { $0.unreachableDemand += 1 }.contains("total demand"))
        // A point no candidate covers any more: take it out of every cover set.
        let lonely = Int32(0)
        #expect(broken { q in
            var offsets = [0], members: [Int32] = []
            for c in 0 ..< q.candidateCount {
                members += q.members[q.offsets[c] ..< q.offsets[c + 1]].filter { $0 != lonely }
                offsets.append(members.count)
            }
            q.offsets = offsets
            q.members = members
            q.degree[0] = 0
        }.contains("point 0: no candidate covers it"))
    }

    // MARK: Swap state

    @Test("Swap state: valid after it is built and after swaps, however the sites are chosen")
    func swapStateValid() throws {
        for seed in UInt64(1) ... 10 {
            let p = try Self.problem(seed: seed)
            var state = SwapState(p, sites: [0, 4, 9])
            #expect(state.invariantViolation(p) == nil)
            for (out, into) in [(4, 5), (0, 12), (9, 4)] {
                state.swap(p, out: out, into: into)
                #expect(state.invariantViolation(p) == nil, "seed \(seed)")
            }
            #expect(Set(state.sites) == [12, 5, 4])
            #expect(abs(state.value - p.value(of: state.sites)) <= p.tolerance)
        }
    }

    @Test("Swap state: each broken invariant is reported")
    func swapStateBroken() throws {
        let p = try Self.problem()
        let (point, coverers) = try #require(Self.sharedPoint(p))
        let initial = Array(coverers.prefix(2)) + [(0 ..< p.candidateCount).first { !coverers.contains($0) } ?? 0]
        let state = SwapState(p, sites: initial)
        #expect(state.invariantViolation(p) == nil)
        func broken(_ change: (inout SwapState) -> Void) -> String {
            var s = state
            change(&s)
            return s.invariantViolation(p) ?? "(nothing reported)"
        }
        #expect(broken { $0.counts[point] -= 1 }.contains("point \(point): count"))
        #expect(broken { $0.ownerSum[point] += 1 }.contains("point \(point): owner sum"))
        #expect(broken { $0.value += 1 }.contains("value"))
        #expect(broken { $0.loss[initial[0]] += 1 }.contains("site \(initial[0]): loss"))
        #expect(broken { $0.byLoss.reverse() }.contains("byLoss"))
        #expect(broken { $0.isChosen[initial[0]] = false }.contains("isChosen"))
        #expect(broken { $0.sites[1] = $0.sites[0] }.contains("not distinct"))
        #expect(broken { $0.counts.removeLast() }.contains("array sizes"))
        // A scan not cleared before the state is handed on: scan candidates until one touches a site.
        var scanned = state
        for c in 0 ..< p.candidateCount where !scanned.isChosen[c] {
            _ = scanned.scan(p, c)
            if !scanned.touched.isEmpty { break }
        }
        #expect(!scanned.touched.isEmpty)
        #expect(scanned.invariantViolation(p)?.contains("a scan was not cleared") == true)
        scanned.clearScan()
        #expect(scanned.invariantViolation(p) == nil)
    }

    // MARK: Neighbourhood search's chosen sites

    @Test("Neighbourhood search's chosen sites: valid when built, each broken invariant reported")
    func chosenSites() throws {
        let p = try Self.problem()
        let (point, coverers) = try #require(Self.sharedPoint(p))
        let other = try #require((0 ..< p.candidateCount).last { !coverers.prefix(2).contains($0) })
        let chosen = NeighbourhoodSearch.Chosen(p, sites: Array(coverers.prefix(2)) + [other])
        #expect(chosen.invariantViolation(p) == nil)
        func broken(_ change: (inout NeighbourhoodSearch.Chosen) -> Void) -> String {
            var c = chosen
            change(&c)
            return c.invariantViolation(p) ?? "(nothing reported)"
        }
        // A move that takes a site out and forgets to put it back.
        #expect(broken { $0.add(p, coverers[0], -1) }.contains("point \(point): count"))
        #expect(broken { $0.value -= 1 }.contains("value"))
        #expect(broken { $0.sites.reverse() }.contains("not ascending"))
        let first = chosen.sites[0]
        #expect(broken { $0.isChosen[first] = false }.contains("isChosen"))
    }
}

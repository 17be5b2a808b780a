extension MCLPSolver {
    /// One phase of an MCLP solve with its outcome, as the solver logs it. The log decides what the
    /// solve reports (``provesOptimality``) and renders ``SitingSolution/method`` (``render(_:)``);
    /// the rendered words are part of the outputs, so a phase's words must not change.
    enum Phase: Sendable, Equatable {
        case lazyGreedy
        /// The greedy covered every point a candidate reaches with fewer sites than asked (or none
        /// were asked): optimal, nothing else runs.
        case everyReachablePointCovered
        case swapSearch
        /// The Lagrangian bound by subgradient; `betterStart` when one of its site choices, swapped,
        /// beat the incumbent.
        case lagrangianBound(betterStart: Bool)
        /// The submodular bound at the incumbent already met it: no Lagrangian needed.
        case submodularBound
        /// The smoothed dual improved the bound; `betterStart` when its rounded sites beat the incumbent.
        case smoothedDual(betterStart: Bool)
        /// Asked whether a goal can be reached (LSCP), the bound shows it cannot.
        case boundBelowGoal
        /// A branch and bound: the quick one before the searches, or the last one.
        case branchAndBound(BranchAndBoundResult, quick: Bool)
        case iteratedLocalSearch(rounds: Int)
        case tabuSearch(iterations: Int)
        case neighbourhoodSearch(moves: Int)
        case regionalExchange
        case regionReplacements(moves: Int)
        /// The bound met the value without a branch and bound.
        case boundMeetsValue
        case capacitatedGreedy(capacity: Double)
        case capacitatedBound
        /// Only this many sites add coverage (fewer than asked).
        case fewerSitesAddCoverage(Int)

        /// How a branch and bound ended.
        enum BranchAndBoundResult: Sendable, Equatable {
            case provedOptimal(freeCandidates: Int, nodes: Int)
            case stoppedAtBudget(freeCandidates: Int, nodes: Int)
            case tooManyFreeCandidates(unfixed: Int, limit: Int)
        }

        /// Whether this phase proved the incumbent optimal by exhausting a branch and bound.
        var provesOptimality: Bool {
            if case .branchAndBound(.provedOptimal, _) = self { return true }
            return false
        }

        /// The phase in plain words (none for a quick branch and bound that proved nothing: the
        /// last one reports).
        var words: [String] {
            switch self {
            case .lazyGreedy: return ["lazy greedy"]
            case .everyReachablePointCovered: return ["every reachable point covered"]
            case .swapSearch: return ["swap local search"]
            case .lagrangianBound(let better):
                return ["Lagrangian bound"] + (better ? ["better start from the Lagrangian solutions"] : [])
            case .submodularBound: return ["submodular bound"]
            case .smoothedDual(let better):
                return ["smoothed dual bound"] + (better ? ["better start from the smoothed dual"] : [])
            case .boundBelowGoal: return ["bound below the goal"]
            case .branchAndBound(let result, let quick):
                switch result {
                case let .provedOptimal(free, nodes):
                    return ["branch and bound over \(free) free candidates (\(nodes) nodes) proved optimal"]
                case let .stoppedAtBudget(free, nodes):
                    return quick ? [] : ["branch and bound over \(free) free candidates stopped at its budget (\(nodes) nodes)"]
                case let .tooManyFreeCandidates(unfixed, limit):
                    return quick ? [] : ["too many free candidates for branch and bound (\(unfixed) after Lagrangian fixing, limit \(limit))"]
                }
            case .iteratedLocalSearch(let rounds): return ["\(rounds) rounds of iterated local search"]
            case .tabuSearch(let iterations): return ["\(iterations) iterations of tabu search"]
            case .neighbourhoodSearch(let moves): return ["\(moves) moves of exact neighbourhood search"]
            case .regionalExchange: return ["paired regional exchange"]
            case .regionReplacements(let moves): return ["\(moves) exact re-placements of \(MCLPSolver.regionSize)-site regions"]
            case .boundMeetsValue: return ["bound meets value: optimal"]
            case .capacitatedGreedy(let capacity): return ["capacitated greedy (capacity \(capacity), divisible demand)"]
            case .capacitatedBound: return ["bound min(N·capacity, top-N capped cover weights, uncapacitated bound)"]
            case .fewerSitesAddCoverage(let count): return ["only \(count) sites add coverage"]
            }
        }

        /// The `method` text of a log: every phase's words, in order, joined by "; ".
        static func render(_ log: [Phase]) -> String {
            log.flatMap(\.words).joined(separator: "; ")
        }
    }
}

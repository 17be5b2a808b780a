/// The joint integer program of ``JointSolver`` written in CPLEX LP format, for checking against
/// another solver (e.g. CBC: `cbc model.lp solve`).
///
/// Only what can change is written: points already complete with the fixed facilities enter as a
/// constant (a comment `\ constant: W` on the second line; the complete population is the
/// objective plus W), points some category can never reach are left out, and a category with no
/// sites to place contributes its fixed reach only. Variables: `x_c_j` (candidate j hosts category
/// c), `z_i` (point i complete), `y_c_i` (category c reaches point i, only for coverage targets).
package enum JointModelExport {
    /// The model as LP text.
    ///
    /// - Complexity: O(C · (points + members)).
    package static func lp(_ p: JointProblem) -> String {
        let n = p.pointCount
        let state = JointState(p)
        let completable = p.completable()
        let open = (0..<n).filter { completable[$0] && state.missing[$0] > 0 && p.weights[$0] > 0 }
        // Coverers per category and point.
        var coverers: [[[Int]]] = []
        for cat in p.categories {
            var by = [[Int]](repeating: [], count: n)
            if cat.maxSites > 0 {
                for j in 0..<cat.candidateCount { for m in cat.coverSet(j) { by[Int(m)].append(j) } }
            }
            coverers.append(by)
        }
        var out = "\\ LifeCircle joint siting model (maximise the population in a complete life circle)\n"
        out += "\\ constant: \(num(state.value))\n"
        out += "Maximize\n obj:"
        out += terms(open.map { (num(p.weights[$0]), "z_\($0)") }, empty: " 0 z_none")
        out += "\nSubject To\n"
        var binaries: [String] = open.map { "z_\($0)" }
        binaries.append("z_none")
        for (c, cat) in p.categories.enumerated() {
            for i in open where !cat.fixedReach[i] {
                out += " r_\(c)_\(i): z_\(i)" + terms(coverers[c][i].map { ("-1", "x_\(c)_\($0)") }, empty: "") + " <= 0\n"
            }
            if cat.maxSites > 0 {
                out += " n_\(c):" + terms((0..<cat.candidateCount).map { ("1", "x_\(c)_\($0)") }, empty: " 0 z_none") + " <= \(cat.maxSites)\n"
                binaries += (0..<cat.candidateCount).map { "x_\(c)_\($0)" }
            }
            if let d = cat.coverageDemand {
                let free = (0..<n).filter { !cat.fixedReach[$0] && d[$0] > 0 && !coverers[c][$0].isEmpty }
                let need = cat.requiredDemand - state.covered[c]
                out += " cov_\(c):" + terms(free.map { (num(d[$0]), "y_\(c)_\($0)") }, empty: " 0 z_none") + " >= \(num(need))\n"
                for i in free {
                    out += " ry_\(c)_\(i): y_\(c)_\(i)" + terms(coverers[c][i].map { ("-1", "x_\(c)_\($0)") }, empty: "") + " <= 0\n"
                }
                binaries += free.map { "y_\(c)_\($0)" }
            }
        }
        return out + binarySection(binaries)
    }

    /// The complexes model (``ComplexSolver``) as LP text: `x_l` (site l opens), `z_i` (point i
    /// complete); `z_i − Σ_{l hosting c, reaching i} x_l ≤ 0` per point and category that does not
    /// reach it yet, `Σ_l x_l ≤ N`. Same conventions as ``lp(_:)`` (the constant on the second line).
    ///
    /// - Complexity: O(C · points + Σ members).
    package static func lp(_ p: ComplexProblem) -> String {
        let joint = p.joint
        let n = joint.pointCount
        let state = JointState(joint)
        var coverers = joint.categories.map { _ in [[Int]](repeating: [], count: n) }
        for (l, hs) in p.hosts.enumerated() {
            for h in hs { for m in joint.categories[h.category].coverSet(h.candidate) { coverers[h.category][Int(m)].append(l) } }
        }
        let open = (0..<n).filter { i in
            state.missing[i] > 0 && joint.weights[i] > 0 && joint.categories.indices.allSatisfy { joint.categories[$0].fixedReach[i] || !coverers[$0][i].isEmpty }
        }
        var out = "\\ LifeCircle service complexes model (maximise the population in a complete life circle)\n"
        out += "\\ constant: \(num(state.value))\n"
        out += "Maximize\n obj:" + terms(open.map { (num(joint.weights[$0]), "z_\($0)") }, empty: " 0 z_none") + "\nSubject To\n"
        for (c, cat) in joint.categories.enumerated() {
            for i in open where !cat.fixedReach[i] {
                out += " r_\(c)_\(i): z_\(i)" + terms(coverers[c][i].map { ("-1", "x_\($0)") }, empty: "") + " <= 0\n"
            }
        }
        out += " n:" + terms((0..<p.siteCount).map { ("1", "x_\($0)") }, empty: " 0 z_none") + " <= \(p.count)\n"
        let binaries = open.map { "z_\($0)" } + ["z_none"] + (0..<p.siteCount).map { "x_\($0)" }
        return out + binarySection(binaries)
    }

    /// The `Binaries` section (ten names a line) and `End`.
    static func binarySection(_ names: [String]) -> String {
        var out = "Binaries\n"
        for k in stride(from: 0, to: names.count, by: 10) {
            out += " " + names[k..<min(k + 10, names.count)].joined(separator: " ") + "\n"
        }
        return out + "End\n"
    }

    /// " + a x + b y …" (signs folded), eight terms per line.
    static func terms(_ ts: [(String, String)], empty: String) -> String {
        guard !ts.isEmpty else { return empty }
        var s = ""
        for (k, (coef, v)) in ts.enumerated() {
            if k > 0 && k % 8 == 0 { s += "\n   " }
            if coef.hasPrefix("-") { s += " - \(coef.dropFirst()) \(v)" } else { s += " + \(coef) \(v)" }
        }
        return s
    }

    /// A number as LP text (shortest round-trip form).
    static func num(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
    }
}

#!/usr/bin/env python3
"""Joint siting (`lifecircle propose PLAN --joint`) against CBC on the exported integer program.

Setup:  pip install pulp      (pulp ships a CBC binary; this script runs it on the LP file directly)

    swift build -c release --product lifecircle
    .build/release/lifecircle sample jingan --out /tmp/jingan-s5 --scale 5
    python3 Benchmarks/joint_cbc.py GeoData/jingan /tmp/jingan-s5 [--lifecircle .build/release/lifecircle] [--time-limit 600]

For each plan: runs `lifecircle propose PLAN --joint --export M.lp --format json`, reads the joint
complete population and the upper bound from the JSON and LifeCircle's joint solver time from the
progress line `joint solver: S s` on stderr, then runs CBC on M.lp with the time limit. The LP's
objective omits the population already complete with the fixed facilities; its second line
`\\ constant: W` gives it, and the complete population is CBC's objective plus W. Prints, per plan:
LifeCircle's value, bound and time; CBC's status, value and time; whether the values agree (when
CBC proves optimality) or LifeCircle is not worse (when CBC stops at the limit); and the ratio
CBC time / LifeCircle time. With `--complexes N` the same for `propose PLAN --complexes N` (its
solver time is the progress line `complexes solver: S s`).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time


def cbc_path():
    import pulp
    return pulp.apis.PULP_CBC_CMD().path


def run_lifecircle(exe, plan, lp, complexes):
    t0 = time.perf_counter()
    mode = ["--complexes", str(complexes)] if complexes else ["--joint"]
    p = subprocess.run([exe, "propose", plan, *mode, "--export", lp, "--format", "json"],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"lifecircle failed on {plan} (exit {p.returncode}):\n{p.stderr}")
    m = re.search(r"(?:joint|complexes) solver: ([0-9.]+) s", p.stderr)
    if not m:
        sys.exit("no 'joint solver: S s' (or 'complexes solver: S s') line on lifecircle's stderr")
    return json.loads(p.stdout), float(m.group(1)), wall


def run_cbc(lp, limit):
    with open(lp, encoding="utf-8") as f:
        f.readline()
        constant = float(f.readline().split(":")[1])
    sol = lp + ".sol"
    t0 = time.perf_counter()
    subprocess.run([cbc_path(), lp, "-sec", str(limit), "-solve", "-solu", sol],
                   capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    with open(sol, encoding="utf-8") as f:
        status = f.readline().strip()
    m = re.search(r"objective value\s+(-?[0-9.eE+]+)", status)
    value = float(m.group(1)) + constant if m else None
    return status.split(" - ")[0], value, seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("plans", nargs="+")
    ap.add_argument("--lifecircle", default=".build/release/lifecircle")
    ap.add_argument("--time-limit", type=int, default=600)
    ap.add_argument("--complexes", type=int, default=0,
                    help="compare `propose --complexes N` (the service complexes model) instead of --joint")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="joint-cbc-")
    ok = True
    for k, plan in enumerate(args.plans):
        lp = os.path.join(tmp, f"model{k}.lp")
        out, lc_seconds, lc_wall = run_lifecircle(args.lifecircle, plan, lp, args.complexes)
        lc_value = out["complete_population"]["complexes" if args.complexes else "joint"]
        bound = out["complete_population"]["upper_bound"]
        status, cbc_value, cbc_seconds = run_cbc(lp, args.time_limit)
        optimal = status.startswith("Optimal")
        if cbc_value is None:
            verdict = "CBC found no solution"
        elif optimal:
            same = abs(cbc_value - lc_value) <= 1e-6 * max(1.0, abs(cbc_value))
            verdict = "same optimum" if same else f"DIFFERENT: LifeCircle {lc_value - cbc_value:+.0f} below CBC's optimum"
            ok = ok and same
        else:
            verdict = "LifeCircle not worse" if lc_value >= cbc_value - 1e-6 else "LifeCircle WORSE than CBC's best"
            ok = ok and lc_value >= cbc_value - 1e-6
        print(f"{plan}: LifeCircle {lc_value:.0f} (bound {bound:.0f}, {out['optimality']}) in {lc_seconds:.3f} s "
              f"(whole command {lc_wall:.1f} s); CBC {status}: {cbc_value if cbc_value is None else round(cbc_value)} "
              f"in {cbc_seconds:.2f} s; {verdict}; CBC time / LifeCircle time = {cbc_seconds / max(lc_seconds, 1e-9):.2f}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

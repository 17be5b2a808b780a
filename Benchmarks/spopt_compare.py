#!/usr/bin/env python3
"""Reference answers from spopt (CBC via PuLP) for LifeCircle's siting solvers.

Setup:  pip install spopt pulp      (CBC ships with pulp)

Two uses:

1. San Francisco reference values for Tests/LifeCircleTests/SpoptReferenceTests.swift:
       python3 Benchmarks/spopt_compare.py sf [--data Tests/LifeCircleTests/Fixtures/real/spopt-sf]
   Builds the 205 x 16 network-distance matrix from
   SF_network_distance_candidateStore_16_censusTract_205_new.csv (demand weight = its `demand`
   column, i.e. POP2000), and solves spopt's MCLP.from_cost_matrix and LSCP.from_cost_matrix with
   pulp.PULP_CBC_CMD(msg=False) for the radii and counts below (a tract is covered when its
   distance <= radius, spopt's rule). Prints one Swift-ready line per case.

2. The benchmark instance the Swift benchmark `siting` exported:
       python3 Benchmarks/spopt_compare.py instance /tmp/lifecircle-siting-instance.json [--solver pulp|spopt]
   The JSON holds {"weights": [...], "offsets": [...], "members": [...], "count": N,
   "covered": value found by LifeCircle}. `pulp` builds spopt's MCLP model sparsely (same
   variables, constraints and objective as spopt.locate.MCLP); `spopt` uses MCLP.from_cost_matrix on
   a dense 0/1 matrix (only for small instances). Prints the model-building and CBC times and the
   objective; the ratio is computed against the LifeCircle time given with --swift-seconds.
"""
import argparse
import csv
import json
import os
import re
import sys
import time

import numpy as np
import pulp

SF_RADII_MCLP = [1000, 1500, 2000, 3000, 5000]
SF_COUNTS_MCLP = [1, 2, 3, 4, 6, 8]
SF_RADII_LSCP = [4000, 4700, 5000, 6000, 8000, 10000]


def load_sf(folder):
    path = os.path.join(folder, "SF_network_distance_candidateStore_16_censusTract_205_new.csv")
    stores, tracts, weight, dist = [], [], {}, {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            s, t = row["name"], row["DestinationName"]
            if s not in stores:
                stores.append(s)
            if t not in weight:
                tracts.append(t)
                weight[t] = float(row["demand"])
            dist[(t, s)] = float(row["distance"])
    cost = np.array([[dist[(t, s)] for s in stores] for t in tracts])
    weights = np.array([weight[t] for t in tracts])
    return cost, weights


def sf(args):
    from spopt.locate import LSCP, MCLP

    cost, weights = load_sf(args.data)
    solver = pulp.PULP_CBC_CMD(msg=False)
    print(f"# {cost.shape[0]} tracts, {cost.shape[1]} stores, total demand {weights.sum():.0f}")
    for radius in SF_RADII_MCLP:
        for p in SF_COUNTS_MCLP:
            model = MCLP.from_cost_matrix(cost, weights, service_radius=radius, p_facilities=p)
            model = model.solve(solver)
            print(f"MCLP radius {radius} count {p}: covered {pulp.value(model.problem.objective):.0f} "
                  f"status {pulp.LpStatus[model.problem.status]}")
    for radius in SF_RADII_LSCP:
        if (cost.min(axis=1) > radius).any():
            print(f"LSCP radius {radius}: infeasible (a tract is beyond every store)")
            continue
        model = LSCP.from_cost_matrix(cost, service_radius=radius)
        model = model.solve(solver)
        print(f"LSCP radius {radius}: sites {pulp.value(model.problem.objective):.0f} "
              f"status {pulp.LpStatus[model.problem.status]}")


def instance(args):
    with open(args.path) as f:
        data = json.load(f)
    w = data["weights"]
    offsets, members, count = data["offsets"], data["members"], data["count"]
    n, m = len(w), len(offsets) - 1
    covering = [[] for _ in range(n)]
    for j in range(m):
        for k in range(offsets[j], offsets[j + 1]):
            covering[members[k]].append(j)
    t0 = time.perf_counter()
    if args.solver == "spopt":
        from spopt.locate import MCLP

        cost = np.full((n, m), 2.0)
        for i, js in enumerate(covering):
            cost[i, js] = 0.0
        model = MCLP.from_cost_matrix(cost, np.array(w), service_radius=1.0, p_facilities=count)
        t1 = time.perf_counter()
        model = model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=args.time_limit))
        problem = model.problem
    else:
        # spopt's MCLP model, built sparsely: max sum w_i y_i; y_i <= sum_{j covers i} x_j;
        # sum x_j = p; x, y binary.
        problem = pulp.LpProblem("mclp", pulp.LpMaximize)
        x = [pulp.LpVariable(f"x_{j}", cat="Binary") for j in range(m)]
        y = [pulp.LpVariable(f"y_{i}", cat="Binary") for i in range(n)]
        problem += pulp.lpSum(w[i] * y[i] for i in range(n))
        for i in range(n):
            problem += y[i] <= pulp.lpSum(x[j] for j in covering[i])
        problem += pulp.lpSum(x) == count
        t1 = time.perf_counter()
        problem.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=args.time_limit, logPath=args.log))
    t2 = time.perf_counter()
    objective = pulp.value(problem.objective)
    status = pulp.LpStatus[problem.status]
    print(f"spopt/CBC ({args.solver}): {n} demand points, {m} candidates, count {count}")
    print(f"  build {t1 - t0:.2f} s, solve {t2 - t1:.2f} s, total {t2 - t0:.2f} s, status {status}")
    print(f"  objective {objective:.1f}; LifeCircle covered {data.get('covered', float('nan')):.1f}")
    swift_seconds = args.swift_seconds or data.get("swiftSeconds")
    if swift_seconds:
        print(f"  ratio (CBC total / LifeCircle) {(t2 - t0) / swift_seconds:.1f}x")
    if args.solver == "pulp" and os.path.exists(args.log):
        # CBC minimises -objective: incumbents appear as "Integer solution of -V ... (T seconds)".
        pattern = re.compile(r"Integer solution of (-?[0-9.e+]+).*?\(([0-9.]+) seconds\)")
        target = data.get("covered")
        reached = None
        with open(args.log) as f:
            for line in f:
                match = pattern.search(line)
                if match:
                    value, seconds = abs(float(match.group(1))), float(match.group(2))
                    print(f"  CBC incumbent {value:.0f} at {seconds:.2f} s")
                    if reached is None and target is not None and value >= target - 1e-6:
                        reached = seconds
        if target is not None:
            if reached is None:
                print(f"  CBC never reached LifeCircle's {target:.0f}")
            else:
                equal = (t1 - t0) + reached
                print(f"  CBC reached LifeCircle's {target:.0f} after {equal:.2f} s (build + solve)"
                      + (f": ratio {equal / swift_seconds:.1f}x" if swift_seconds else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    p_sf = sub.add_parser("sf")
    p_sf.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "Tests", "LifeCircleTests", "Fixtures", "real", "spopt-sf"))
    p_in = sub.add_parser("instance")
    p_in.add_argument("path")
    p_in.add_argument("--solver", choices=["pulp", "spopt"], default="pulp")
    p_in.add_argument("--time-limit", type=float, default=None)
    p_in.add_argument("--swift-seconds", type=float, default=None)
    p_in.add_argument("--log", default="/tmp/lifecircle-siting-cbc.log")
    args = parser.parse_args()
    if args.mode == "sf":
        sf(args)
    else:
        instance(args)


if __name__ == "__main__":
    sys.exit(main())

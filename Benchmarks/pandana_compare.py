#!/usr/bin/env python3
"""Compare LifeCircle's coverage with pandana's nearest_pois on the same network and points.

Usage:
    swift run -c release lifecircle-bench coverage --export /tmp/lc-export
    python3 Benchmarks/pandana_compare.py /tmp/lc-export

Needs `pip install pandana`. The benchmark writes nodes.csv, edges.csv, residents.csv, facilities.csv and
swift-results.csv (walk metres of every covered resident). pandana snaps residents and facilities to the
nearest *node* and measures node to node; LifeCircle snaps to the nearest point of the nearest *edge* and
adds the straight access legs. So the two agree closely but not exactly: the script prints the covered
shares of both, the share of residents on which they agree (covered or not), and the distance
differences for residents both cover.
"""
import sys
import time

import numpy as np
import pandas as pd
import pandana as pdna


def main(folder: str) -> None:
    nodes = pd.read_csv(f"{folder}/nodes.csv", index_col="id")
    edges = pd.read_csv(f"{folder}/edges.csv")
    residents = pd.read_csv(f"{folder}/residents.csv", index_col="id")
    facilities = pd.read_csv(f"{folder}/facilities.csv")
    swift = pd.read_csv(f"{folder}/swift-results.csv")

    t0 = time.perf_counter()
    net = pdna.Network(nodes["x"], nodes["y"], edges["from"], edges["to"], edges[["length"]], twoway=True)
    max_distance = float((15 * facilities["speed"]).max())
    net.precompute(max_distance)
    resident_nodes = net.get_node_ids(residents["x"], residents["y"])
    t_build = time.perf_counter() - t0
    print(f"pandana {pdna.__version__}: {len(nodes)} nodes, {len(edges)} edges, {len(residents)} residents; "
          f"build + precompute + snap residents {t_build:.3f} s")

    total_query = 0.0
    for (category, scenario_planned) in [(c, p) for c in facilities["category"].unique() for p in (False, True)]:
        scenario = "with-planned" if scenario_planned else "existing"
        fac = facilities[facilities["category"] == category]
        if not scenario_planned:
            fac = fac[fac["planned"] == 0]
        bound = float(15 * fac["speed"].iloc[0])
        t1 = time.perf_counter()
        net.set_pois(category=f"{category}-{scenario}", maxdist=bound, maxitems=1, x_col=fac["x"], y_col=fac["y"])
        result = net.nearest_pois(distance=bound, category=f"{category}-{scenario}", num_pois=1)
        elapsed = time.perf_counter() - t1
        total_query += elapsed
        pandana_meters = result[1].reindex(resident_nodes.values).to_numpy()
        pandana_covered = pandana_meters < bound

        mine = swift[(swift["category"] == category) & (swift["scenario"] == scenario)]
        swift_meters = np.full(len(residents), np.inf)
        swift_meters[mine["resident"].to_numpy()] = mine["meters"].to_numpy()
        swift_covered = swift_meters <= bound

        agree = np.mean(pandana_covered == swift_covered)
        both = pandana_covered & swift_covered
        diff = np.abs(pandana_meters[both] - swift_meters[both])
        print(f"  {category:15s} {scenario:13s} pandana {100 * pandana_covered.mean():5.1f}%  "
              f"LifeCircle {100 * swift_covered.mean():5.1f}%  agree on {100 * agree:5.1f}% of residents  "
              f"|Δ| median {np.median(diff) if len(diff) else 0:5.1f} m  p95 "
              f"{np.percentile(diff, 95) if len(diff) else 0:5.1f} m  ({elapsed:.3f} s)")
    print(f"pandana total: build + precompute {t_build:.3f} s, queries {total_query:.3f} s, "
          f"all {t_build + total_query:.3f} s")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1])
